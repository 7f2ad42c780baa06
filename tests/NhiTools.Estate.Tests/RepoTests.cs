using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace NhiTools.Estate.Tests
{
    /// <summary>examples/repo and its answer key (tests/NhiTools.Estate/secrets-expected.json) agree with each other and the estate.</summary>
    public class RepoTests
    {
        private static readonly string RepoDir = Repo.Path("examples/repo");

        private static string Line(string path, int line) => File.ReadAllText(Path.Combine(RepoDir, path)).Split('\n')[line - 1];

        [Fact]
        public void EveryExpectedSecretPointsAtARealLine()
        {
            using (var doc = EstateFiles.Json(Repo.Path("tests/NhiTools.Estate/secrets-expected.json")))
            {
                var kinds = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
                foreach (var k in new[] { "AwsAccessKeyId", "AwsSecretAccessKey", "EntraClientSecret", "AzureStorageConnectionString", "SqlConnectionString", "PrivateKey", "GitHubToken", "SlackToken", "Jwt", "Password" })
                    Assert.Contains(k, kinds);
                foreach (var e in doc.RootElement.EnumerateArray())
                {
                    string text = Line(e.GetProperty("path").GetString(), e.GetProperty("line").GetInt32());
                    Assert.False(string.IsNullOrWhiteSpace(text));
                    Assert.DoesNotContain("EXAMPLE", text);
                }
            }
        }

        [Fact]
        public void LeakedAwsKeyBelongsToAnEstateUser()
        {
            var m = Regex.Match(Line(".env", 3), "AKIA[A-Z2-7]{16}");
            Assert.True(m.Success);
            Assert.Contains(m.Value, File.ReadAllText(Repo.Path("examples/estate/aws/111122223333/access-keys/svc-ci-deploy.json")));
        }

        [Fact]
        public void LeakedEntraSecretMatchesTheHintOfTheAppNextToIt()
        {
            var settings = File.ReadAllText(Path.Combine(RepoDir, "src/appsettings.json"));
            using (var doc = JsonDocument.Parse(settings))
            {
                var ad = doc.RootElement.GetProperty("AzureAd");
                string clientId = ad.GetProperty("ClientId").GetString(), secret = ad.GetProperty("ClientSecret").GetString();
                var app = EstateFiles.Collection(Repo.Path("examples/estate"), "applications", out _).Single(a => a.GetProperty("appId").GetString() == clientId);
                Assert.Contains(app.GetProperty("passwordCredentials").EnumerateArray(), p => secret.StartsWith(p.GetProperty("hint").GetString(), StringComparison.Ordinal));
            }
        }

        [Fact]
        public void TrickyNonSecretsArePresent()
        {
            var all = string.Join("\n", Directory.GetFiles(RepoDir, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
            foreach (var s in new[] { "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "<your-secret-here>", "${{ secrets.AWS_SECRET }}", "$env:CLIENT_SECRET", "password = \"\"", "changeme", "iVBORw0KGgo" })
                Assert.Contains(s, all);
        }
    }
}
