using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace NhiTools.Estate.Tests
{
    /// <summary>Times inside one estate tell a possible story: nothing is used before it exists.</summary>
    public class CoherenceTests
    {
        private static DateTime T(string s) => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        private static void AssertCoherent(string root)
        {
            foreach (var report in Directory.GetFiles(Path.Combine(root, "aws"), "credential-report.csv", SearchOption.AllDirectories))
                foreach (var r in EstateFiles.CredentialReport(report).Skip(1))
                {
                    var created = T(r[2]);
                    for (int k = 0; k < 2; k++)
                    {
                        string rotated = r[9 + k * 5], used = r[10 + k * 5];
                        if (rotated == "N/A") continue;
                        Assert.True(T(rotated) >= created, r[0] + " key rotated before the user existed");
                        if (used != "N/A") Assert.True(T(used) >= T(rotated), r[0] + " key used before it was created");
                    }
                }
            foreach (var vault in Directory.GetFiles(Path.Combine(root, "keyvault"), "*.json"))
                using (var doc = EstateFiles.Json(vault))
                    foreach (var s in doc.RootElement.EnumerateArray())
                    {
                        var a = s.GetProperty("attributes");
                        Assert.True(T(a.GetProperty("updated").GetString()) >= T(a.GetProperty("created").GetString()), s.GetProperty("name").GetString() + " updated before created");
                    }
            foreach (var app in EstateFiles.Collection(root, "applications", out _))
                foreach (var p in app.GetProperty("passwordCredentials").EnumerateArray().Concat(app.GetProperty("keyCredentials").EnumerateArray()))
                    Assert.True(p.GetProperty("endDateTime").GetDateTime() > p.GetProperty("startDateTime").GetDateTime(), app.GetProperty("displayName").GetString());
        }

        [Fact]
        public void ExampleEstateIsCoherent() => AssertCoherent(Repo.Path("examples/estate"));

        [Fact]
        public void SyntheticEstateIsCoherent()
        {
            using (var d = new TempDir())
            {
                var o = EstateOptions.ForTotal(1500, 11);
                o.GraphPageSize = 200;
                EstateGenerator.Write(d.Path, o);
                AssertCoherent(d.Path);
            }
        }
    }
}
