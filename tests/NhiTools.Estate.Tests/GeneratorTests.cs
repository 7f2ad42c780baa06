using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace NhiTools.Estate.Tests
{
    public class GeneratorTests
    {
        private const string Header =
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
            "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
            "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

        private static EstateOptions Small(int seed = 5)
        {
            var o = EstateOptions.ForTotal(700, seed);
            o.GraphPageSize = 50;
            return o;
        }

        [Fact]
        public void SameOptionsGiveByteIdenticalFiles()
        {
            using (var a = new TempDir())
            using (var b = new TempDir())
            {
                var sa = EstateGenerator.Write(a.Path, Small());
                var sb = EstateGenerator.Write(b.Path, Small());
                Assert.Equal(sa.Files, sb.Files);
                foreach (var f in sa.Files) Assert.True(File.ReadAllBytes(a.File(f)).AsSpan().SequenceEqual(File.ReadAllBytes(b.File(f))), f + " differs between runs");
            }
        }

        [Fact]
        public void DifferentSeedsGiveDifferentEstates()
        {
            using (var a = new TempDir())
            using (var b = new TempDir())
            {
                EstateGenerator.Write(a.Path, Small(1));
                EstateGenerator.Write(b.Path, Small(2));
                Assert.NotEqual(File.ReadAllText(a.File("entra/applications-001.json")), File.ReadAllText(b.File("entra/applications-001.json")));
            }
        }

        [Fact]
        public void CredentialReportHasTheExact22ColumnHeaderAndRowsOf22Fields()
        {
            using (var d = new TempDir())
            {
                var o = Small();
                EstateGenerator.Write(d.Path, o);
                foreach (var acct in new[] { "111122223333", "444455556666" })
                {
                    var path = d.File("aws/" + acct + "/credential-report.csv");
                    Assert.StartsWith(Header + "\n", File.ReadAllText(path));
                    var rows = EstateFiles.CredentialReport(path);
                    Assert.Equal(22, rows[0].Length);
                    Assert.All(rows, r => Assert.Equal(22, r.Length));
                    Assert.Equal("<root_account>", rows[1][0]);
                    Assert.Equal("arn:aws:iam::" + acct + ":root", rows[1][1]);
                    Assert.Equal(o.IamUsersPerAccount + 2, rows.Count); // header + root + users
                    Assert.All(rows.Skip(1), r => Assert.Contains(r[3], new[] { "true", "false", "not_supported" }));
                }
            }
        }

        [Fact]
        public void GraphPagesChainByAbsoluteUniqueNextLinks()
        {
            using (var d = new TempDir())
            {
                var o = Small();
                EstateGenerator.Write(d.Path, o);
                var apps = EstateFiles.Collection(d.Path, "applications", out var appLinks);
                var sps = EstateFiles.Collection(d.Path, "servicePrincipals", out var spLinks);
                Assert.Equal(o.EntraApps, apps.Count);
                Assert.Equal(o.EntraApps + o.ManagedIdentities + o.ThirdPartyApps + 1, sps.Count);
                Assert.Equal((o.EntraApps + o.GraphPageSize - 1) / o.GraphPageSize - 1, appLinks.Count);
                foreach (var link in appLinks.Concat(spLinks))
                {
                    Assert.True(Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme == "https", link);
                    Assert.Contains("$skiptoken=", link);
                }
                Assert.Equal(appLinks.Count, appLinks.Distinct().Count());
                Assert.Equal(spLinks.Count, spLinks.Distinct().Count());
                using (var first = EstateFiles.Json(d.File("entra/applications-001.json")))
                    Assert.Equal("https://graph.microsoft.com/v1.0/$metadata#applications(owners())", first.RootElement.GetProperty("@odata.context").GetString());
                // Every page but the last is full.
                var pages = Directory.GetFiles(d.File("entra"), "applications-*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
                foreach (var p in pages.Take(pages.Count - 1))
                    using (var doc = EstateFiles.Json(p)) Assert.Equal(o.GraphPageSize, doc.RootElement.GetProperty("value").GetArrayLength());
            }
        }

        [Fact]
        public void EveryJsonFileParsesAndCountsMatchOptions()
        {
            using (var d = new TempDir())
            {
                var o = Small();
                var s = EstateGenerator.Write(d.Path, o);
                foreach (var f in s.Files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)))
                    using (EstateFiles.Json(d.File(f))) { }
                Assert.Equal(700, o.Total);
                Assert.Equal(o.Total, s.Identities);
                Assert.Equal(o.AwsAccounts * o.IamUsersPerAccount, s.Count("Aws/IamUser") + s.Count("Aws/Human"));
                Assert.Equal(o.AwsAccounts * o.IamRolesPerAccount, s.Count("Aws/IamRole"));
                Assert.Equal(o.EntraApps, s.Count("Entra/Application"));
                Assert.Equal(o.ManagedIdentities, s.Count("Entra/ManagedIdentity"));
                Assert.Equal(o.ThirdPartyApps, s.Count("Entra/ThirdParty"));
                Assert.Equal(o.VaultCount * o.SecretsPerVault, s.Count("KeyVault/Secret"));

                using (var auth = EstateFiles.Json(d.File("aws/111122223333/authorization-details.json")))
                {
                    Assert.Equal(o.IamUsersPerAccount, auth.RootElement.GetProperty("UserDetailList").GetArrayLength());
                    Assert.Equal(o.IamRolesPerAccount, auth.RootElement.GetProperty("RoleDetailList").GetArrayLength());
                    foreach (var role in auth.RootElement.GetProperty("RoleDetailList").EnumerateArray())
                        Assert.Equal(JsonValueKind.Object, role.GetProperty("AssumeRolePolicyDocument").ValueKind);
                }
                foreach (var v in new[] { "kv-contoso-prod", "kv-contoso-dev" })
                    using (var kv = EstateFiles.Json(d.File("keyvault/" + v + ".json")))
                    {
                        Assert.Equal(o.SecretsPerVault, kv.RootElement.GetArrayLength());
                        foreach (var secret in kv.RootElement.EnumerateArray())
                        {
                            var id = secret.GetProperty("id").GetString();
                            Assert.Equal("https://" + v + ".vault.azure.net/secrets/" + secret.GetProperty("name").GetString(), id);
                            Assert.EndsWith("+00:00", secret.GetProperty("attributes").GetProperty("created").GetString());
                        }
                    }
            }
        }

        [Fact]
        public void AccessKeyFilesAgreeWithTheCredentialReport()
        {
            using (var d = new TempDir())
            {
                EstateGenerator.Write(d.Path, Small());
                var rows = EstateFiles.CredentialReport(d.File("aws/111122223333/credential-report.csv")).Skip(2).ToDictionary(r => r[0]);
                var listed = new Dictionary<string, int>();
                foreach (var f in Directory.GetFiles(d.File("aws/111122223333/access-keys"), "*.json"))
                    using (var doc = EstateFiles.Json(f))
                        foreach (var k in doc.RootElement.GetProperty("AccessKeyMetadata").EnumerateArray())
                        {
                            var user = k.GetProperty("UserName").GetString();
                            Assert.Matches("^AKIA[A-Z2-7]{16}$", k.GetProperty("AccessKeyId").GetString());
                            listed[user] = listed.TryGetValue(user, out var n) ? n + 1 : 1;
                        }
                Assert.Contains(Directory.GetFiles(d.File("aws/111122223333/access-keys"), "*.json"), f => Path.GetFileName(f) == "ci-users.json");
                foreach (var kv in listed)
                {
                    var row = rows[kv.Key];
                    int inReport = (row[9] != "N/A" ? 1 : 0) + (row[14] != "N/A" ? 1 : 0);
                    Assert.Equal(inReport, kv.Value);
                }
            }
        }

        [Fact]
        public void ForTotalSplitsExactly()
        {
            foreach (var n in new[] { 0, 1, 7, 99, 1000, 12345, 100000 })
                Assert.Equal(n, EstateOptions.ForTotal(n, 1).Total);
        }

        [Fact]
        public void BadOptionsAreRejectedBeforeAnythingIsWritten()
        {
            using (var d = new TempDir())
            {
                var o = Small();
                o.GraphPageSize = 1000;
                Assert.Throws<ArgumentException>(() => EstateGenerator.Write(d.Path, o));
                Assert.Empty(Directory.GetFileSystemEntries(d.Path));
            }
        }
    }
}
