using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace NhiTools.Estate.Tests
{
    /// <summary>The committed examples/estate, tests/NhiTools.Estate/planted.json and examples/repo stay true.</summary>
    public class ExampleTests
    {
        private static readonly string Example = Repo.Path("examples/estate");

        [Fact]
        public void CommittedExampleIsExactlyWhatTheGeneratorWrites()
        {
            using (var d = new TempDir())
            {
                var s = EstateGenerator.WriteExample(d.Path);
                var committed = Directory.GetFiles(Example, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(Example, f).Replace(Path.DirectorySeparatorChar, '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();
                Assert.Equal(s.Files.OrderBy(f => f, StringComparer.Ordinal).ToList(), committed);
                foreach (var f in s.Files)
                    Assert.True(File.ReadAllBytes(d.File(f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Example, f))),
                        f + " is stale: run dotnet run --project tests/NhiTools.Estate -- --example --out examples/estate --planted tests/NhiTools.Estate/planted.json");
            }
        }

        [Fact]
        public void ExampleHasAtLeast200IdentitiesOverEveryProvider()
        {
            using (var d = new TempDir())
            {
                var s = EstateGenerator.WriteExample(d.Path);
                Assert.True(s.Identities >= 200, "only " + s.Identities);
                Assert.True(s.Count("Aws/IamUser") > 0 && s.Count("Entra/Application") > 0 && s.Count("KeyVault/Secret") > 0);
                Assert.True(Directory.Exists(d.File("aws/111122223333")) && Directory.Exists(d.File("aws/444455556666")));
            }
        }

        [Fact]
        public void EveryExampleFileIsARealFormat()
        {
            foreach (var f in Directory.GetFiles(Example, "*", SearchOption.AllDirectories))
            {
                if (f.EndsWith(".csv", StringComparison.Ordinal))
                    Assert.StartsWith("user,arn,user_creation_time,", File.ReadAllText(f));
                else
                {
                    Assert.EndsWith(".json", f);
                    using (var doc = EstateFiles.Json(f))
                    {
                        var r = doc.RootElement;
                        bool known = r.ValueKind == JsonValueKind.Array                                   // az keyvault secret list
                            || r.TryGetProperty("@odata.context", out _)                                  // Graph collection
                            || r.TryGetProperty("UserDetailList", out _)                                  // get-account-authorization-details
                            || r.TryGetProperty("AccessKeyMetadata", out _);                              // list-access-keys
                        Assert.True(known, f + " is not one of the export formats");
                    }
                }
            }
        }

        [Fact]
        public void CommittedAnswerKeyMatchesTheGenerator()
        {
            using (var d = new TempDir())
            {
                string path = d.File("planted.json");
                EstateGenerator.WritePlantedJson(path, EstateGenerator.ExamplePlanted());
                Assert.Equal(File.ReadAllText(path), File.ReadAllText(Repo.Path("tests/NhiTools.Estate/planted.json")));
            }
        }

        private static List<JsonElement> Planted()
        {
            using (var doc = EstateFiles.Json(Repo.Path("tests/NhiTools.Estate/planted.json")))
                return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        }

        [Fact]
        public void EveryPlantedIdentityExistsInTheExportFiles()
        {
            var apps = EstateFiles.Collection(Example, "applications", out _).Select(a => "entra:app:" + a.GetProperty("appId").GetString()).ToHashSet();
            var sps = EstateFiles.Collection(Example, "servicePrincipals", out _).Select(a => "entra:sp:" + a.GetProperty("id").GetString()).ToHashSet();
            var aws = new HashSet<string>();
            foreach (var acct in new[] { "111122223333", "444455556666" })
            {
                foreach (var row in EstateFiles.CredentialReport(Path.Combine(Example, "aws", acct, "credential-report.csv")).Skip(1))
                    aws.Add("aws:" + row[1]);
                using (var doc = EstateFiles.Json(Path.Combine(Example, "aws", acct, "authorization-details.json")))
                {
                    foreach (var u in doc.RootElement.GetProperty("UserDetailList").EnumerateArray()) Assert.Contains("aws:" + u.GetProperty("Arn").GetString(), aws);
                    foreach (var r in doc.RootElement.GetProperty("RoleDetailList").EnumerateArray()) aws.Add("aws:" + r.GetProperty("Arn").GetString());
                }
            }
            var secrets = new HashSet<string>();
            foreach (var f in Directory.GetFiles(Path.Combine(Example, "keyvault"), "*.json"))
                using (var doc = EstateFiles.Json(f))
                    foreach (var s in doc.RootElement.EnumerateArray())
                        secrets.Add("keyvault:" + Path.GetFileNameWithoutExtension(f) + "/" + s.GetProperty("name").GetString());

            var planted = Planted();
            Assert.True(planted.Count >= 40);
            var rules = new HashSet<string>();
            foreach (var p in planted)
            {
                string id = p.GetProperty("identityId").GetString();
                bool found = id.StartsWith("aws:", StringComparison.Ordinal) ? aws.Contains(id)
                    : id.StartsWith("entra:app:", StringComparison.Ordinal) ? apps.Contains(id)
                    : id.StartsWith("entra:sp:", StringComparison.Ordinal) ? sps.Contains(id)
                    : secrets.Contains(id);
                Assert.True(found, id + " (" + p.GetProperty("name").GetString() + ") is not in the example estate");
                Assert.True(File.Exists(Path.Combine(Example, p.GetProperty("file").GetString())), p.GetProperty("file").GetString());
                foreach (var r in p.GetProperty("rules").EnumerateArray()) rules.Add(r.GetString());
            }
            // Every rule NhiTools ships has at least one planted case.
            foreach (var r in new[] { "NHI-UNOWNED", "NHI-OWNER-GONE", "NHI-DORMANT", "NHI-EXPIRED-CREDENTIAL", "NHI-ROTATION-OVERDUE", "NHI-LONG-LIVED",
                "NHI-UNUSED-CREDENTIAL", "NHI-MULTIPLE-ACTIVE-KEYS", "NHI-SHARED", "NHI-ENV-REUSE", "NHI-OVERPRIVILEGED", "NHI-CROSS-SYSTEM",
                "NHI-HUMAN-USE", "NHI-WEAK-AUTH", "NHI-INSECURE-DEPLOY", "NHI-THIRD-PARTY", "NHI-TEMP-ACCESS-EXPIRED" })
                Assert.Contains(r, rules);
        }

        [Fact]
        public void ExpandedOwnersAreCappedAt20()
        {
            var app = EstateFiles.Collection(Example, "applications", out _).Single(a => a.GetProperty("displayName").GetString() == "app-platform-shared");
            Assert.Equal(20, app.GetProperty("owners").GetArrayLength());
        }

        [Fact]
        public void UrlEncodedInlinePolicyDecodesToAPolicy()
        {
            using (var doc = EstateFiles.Json(Path.Combine(Example, "aws/111122223333/authorization-details.json")))
            {
                var user = doc.RootElement.GetProperty("UserDetailList").EnumerateArray().Single(u => u.GetProperty("UserName").GetString() == "svc-data-loader");
                var encoded = user.GetProperty("UserPolicyList")[0].GetProperty("PolicyDocument").GetString();
                using (var policy = JsonDocument.Parse(Uri.UnescapeDataString(encoded)))
                    Assert.Equal("s3:GetObject", policy.RootElement.GetProperty("Statement")[0].GetProperty("Action")[0].GetString());
            }
        }

        [Fact]
        public void OrphanKeysUserIsOnlyInTheCredentialReport()
        {
            Assert.False(File.Exists(Path.Combine(Example, "aws/111122223333/access-keys/svc-orphan-keys.json")));
            foreach (var f in Directory.GetFiles(Path.Combine(Example, "aws/111122223333/access-keys")))
                Assert.DoesNotContain("svc-orphan-keys", File.ReadAllText(f));
            var row = EstateFiles.CredentialReport(Path.Combine(Example, "aws/111122223333/credential-report.csv")).Single(r => r[0] == "svc-orphan-keys");
            Assert.Equal("true", row[8]);
        }

        [Fact]
        public void ProdAccessKeyIsStoredInBothVaults()
        {
            string KeyOf(string vault)
            {
                using (var doc = EstateFiles.Json(Path.Combine(Example, "keyvault", vault + ".json")))
                    return doc.RootElement.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "aws-svc-payments-key")
                        .GetProperty("tags").GetProperty("accessKeyId").GetString();
            }
            var key = KeyOf("kv-contoso-prod");
            Assert.Equal(key, KeyOf("kv-contoso-dev"));
            Assert.Contains(key, File.ReadAllText(Path.Combine(Example, "aws/111122223333/access-keys/svc-payments.json")));
        }
    }
}
