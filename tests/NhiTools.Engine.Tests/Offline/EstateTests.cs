using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Engine.Sources.Offline;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Offline
{
    /// <summary>The example estate (examples/estate, written by the estate generator in the real formats) reads cleanly
    /// and the facts planted in it (tests/NhiTools.Estate/planted.json) come out of the importer.</summary>
    public class EstateTests
    {
        private readonly ITestOutputHelper _out;
        public EstateTests(ITestOutputHelper output) { _out = output; }

        internal static string EstateDir()
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "examples", "estate");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("examples/estate not found above " + AppContext.BaseDirectory);
        }

        private static DateTime Utc(string s) => DateTime.Parse(s, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        [Fact]
        public void Reads_the_whole_example_estate_without_errors()
        {
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, EstateDir());
            foreach (var e in host.Errors) _out.WriteLine("ERROR " + e.ErrorId + " " + e.Message);
            foreach (var w in host.Warnings) _out.WriteLine("WARN " + w);
            _out.WriteLine(ids.Count + " identities: " + string.Join(", ", ids.GroupBy(i => i.Kind).Select(g => g.Key + "=" + g.Count())));
            if (Environment.GetEnvironmentVariable("NHI_DUMP") is string dump)
                File.WriteAllText(dump, System.Text.Json.JsonSerializer.Serialize(ids, new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
            Assert.Empty(host.Errors);
            Assert.Equal(ids.Count, ids.Select(i => i.Id).Distinct().Count());
        }
    

        private static Dictionary<string, Identity> _estate;
        private static Dictionary<string, Identity> Estate() =>
            _estate ?? (_estate = OfflineData.Read(new RecordingHost(), null, EstateDir()).ToDictionary(i => i.Id));

        [Fact]
        public void Every_planted_identity_is_read_except_the_people()
        {
            var planted = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(EstateDir(), "..", "..", "tests", "NhiTools.Estate", "planted.json")));
            var all = Estate();
            var humans = new[] { "aws:arn:aws:iam::111122223333:user/alice.martin", "aws:arn:aws:iam::111122223333:user/bob.nguyen" };
            foreach (var p in planted.RootElement.EnumerateArray())
            {
                var id = p.GetProperty("identityId").GetString();
                if (humans.Contains(id)) Assert.False(all.ContainsKey(id), id);
                else Assert.True(all.ContainsKey(id), id);
            }
            var withPeople = OfflineData.Read(new RecordingHost(), new OfflineOptions { IncludeHuman = true }, EstateDir()).ToDictionary(i => i.Id);
            Assert.All(humans, h => Assert.Equal(IdentityKind.Human, withPeople[h].Kind));
        }

        [Fact]
        public void Planted_aws_facts()
        {
            var all = Estate();
            Identity U(string name) => all["aws:arn:aws:iam::111122223333:user/" + name];

            var legacy = Assert.Single(U("svc-legacy-etl").Credentials);
            Assert.StartsWith("AKIA", legacy.Id);
            Assert.Equal(Utc("2025-08-20T09:00:00Z"), legacy.LastRotatedOn);
            Assert.Equal(Utc("2026-10-30T02:15:00Z"), legacy.LastUsedOn);
            Assert.True(Assert.Single(U("svc-report-export").Credentials).NeverUsed);

            var payments = U("svc-payments");
            Assert.Equal(2, payments.Credentials.Count(c => c.Enabled));
            var current = payments.Credentials.Single(c => c.StoredIn.Length > 0);
            Assert.Equal(new[] { "keyvault:kv-contoso-dev/aws-svc-payments-key", "keyvault:kv-contoso-prod/aws-svc-payments-key" }, current.StoredIn.OrderBy(x => x).ToArray());
            Assert.Contains("keyvault:kv-contoso-dev", payments.Systems);

            Assert.False(Assert.Single(U("svc-old-batch").Credentials).Enabled);
            Assert.Empty(U("svc-metrics-push").Owners);
            Assert.Equal(new[] { "commerce-team@contoso.com" }, U("svc-order-history").Owners);
            var bi = U("svc-reporting-bi");
            Assert.True(bi.HasPassword);
            Assert.False(bi.MfaActive);
            Assert.Equal(IdentityKind.IamUser, bi.Kind);
            Assert.True(U("svc-terraform").Permissions.Single(p => p.Name == "AdministratorAccess").AdminEquivalent);
            Assert.True(U("svc-ops-automation").Permissions.Single(p => p.Name == "ops-everything").AdminEquivalent);
            Assert.Equal(new[] { "s3:GetObject", "s3:PutObject" }, U("svc-data-loader").Permissions.Single(p => p.Type == PermissionType.InlinePolicy).Actions);
            Assert.Equal("access_key_1", Assert.Single(U("svc-orphan-keys").Credentials).Id);
            Assert.Contains(U("agent-claims-triage").Permissions, p => p.Actions.Contains("bedrock:*") && p.Resource == "*");
            Assert.Equal("true", U("svc-migration-temp").Tags["temporary"]);

            var passRole = all["aws:arn:aws:iam::111122223333:role/role-ci-passrole"];
            Assert.Contains(passRole.Permissions, p => p.Actions.Contains("iam:PassRole") && p.Resource == "*");
            Assert.Equal(new[] { "account:999988887777" }, all["aws:arn:aws:iam::111122223333:role/role-partner-audit"].AssumableBy);
            Assert.Contains("sub StringLike repo:contoso/*", Assert.Single(all["aws:arn:aws:iam::111122223333:role/role-github-deploy-any"].AssumableBy));
            var noSub = Assert.Single(all["aws:arn:aws:iam::444455556666:role/role-github-oidc-nosub"].AssumableBy);
            Assert.StartsWith("oidc:token.actions.githubusercontent.com", noSub);
            Assert.DoesNotContain("sub ", noSub);

            var root = all["aws:arn:aws:iam::111122223333:root"];
            Assert.Equal(IdentityKind.RootAccount, root.Kind);
            Assert.True(Assert.Single(root.Credentials).Enabled);
        }

        [Fact]
        public void Planted_entra_and_vault_facts()
        {
            var all = Estate();
            Identity App(string appId) => all["entra:app:" + appId];

            var invoice = App("e47f316c-e3cc-45ee-b60a-2844d3545b3a");
            Assert.Equal(2, invoice.Credentials.Length);
            Assert.Equal(new[] { "keyvault:kv-contoso-prod/app-invoice-sync-secret" },
                invoice.Credentials.Single(c => c.Id == "06be70b4-2e2a-4d76-a0d0-612baa14e01b").StoredIn);
            Assert.Contains(invoice.Credentials, c => c.ExpiresOn == Utc("2026-08-15T09:00:00Z"));
            Assert.Equal(Utc("2099-12-31T00:00:00Z"), Assert.Single(App("788cdc3e-f4bf-4eb0-9a14-874946cd4000").Credentials).ExpiresOn);
            Assert.Empty(App("8495079a-059f-49a1-83c9-4bacdc24f8b4").Owners);
            Assert.Equal("Disabled", App("990cdd37-a1c2-4fb4-9609-0a7faa00cc5a").OwnerStates["dave.wilson@contoso.com"]);
            var capped = App("f6d2f9ee-9524-4aa7-8069-38eaac5a4ed0");
            Assert.Equal(20, capped.Owners.Length);
            Assert.Contains("may be incomplete", capped.Notes);
            Assert.True(App("20652a01-3fa5-43b5-92f9-cc696936cf80").Permissions.Single(p => p.Name == "RoleManagement.ReadWrite.Directory").AdminEquivalent);
            Assert.True(App("f6631525-fad3-4af3-82cf-de938aba4110").Permissions.Single(p => p.Name == "Application.ReadWrite.All").AdminEquivalent);
            Assert.True(App("7a1538c8-57ea-4404-b023-610d39a72b27").Permissions.Single(p => p.Name == "Directory.ReadWrite.All").AdminEquivalent);
            Assert.False(App("e3392317-b7d7-4c70-a175-15626328c2e1").Permissions.Single().AdminEquivalent);
            var unused = Assert.Single(App("e5f6d2e8-8cce-4eee-ae63-f8e9303c4780").Credentials);
            Assert.True(unused.NeverUsed);
            Assert.Null(unused.LastUsedOn);
            Assert.Equal(Utc("2025-12-01T04:00:00Z"), App("930747d2-3c51-45b4-ae4c-11a0fa6233b0").LastUsedOn);
            Assert.Equal("kT4", Assert.Single(App("f49e6905-a205-4394-af36-a39e2245caa9").Credentials).Hint);
            Assert.Equal(new[] { "prod", "dev" }, App("04f74ed4-876e-449e-ac66-d03eed1f2c71").Tags["env"].Split(','));
            Assert.Equal(IdentityKind.AgentIdentity, App("3ca3a021-d8b8-4ac0-bd94-267195839f1f").Kind);

            var vendor = all["entra:sp:6e6ee4a7-02ca-4ba7-a3ff-c44f2f3aa863"];
            Assert.True(vendor.ThirdParty);
            Assert.Contains(vendor.Permissions, p => p.Name == "Files.ReadWrite.All" && p.Type == PermissionType.AppRole);
            Assert.Contains(vendor.Permissions, p => p.Type == PermissionType.DelegatedScope && p.Via == "consent:AllPrincipals");
            Assert.Equal(IdentityKind.ManagedIdentity, all["entra:sp:237e6322-e9fe-447c-a941-3345240d6b76"].Kind);
            Assert.Equal(IdentityKind.ManagedIdentity, all["entra:sp:2bc105cc-f8cf-4bbf-9e84-239bf0776c58"].Kind);
            Assert.Equal(IdentityKind.ServicePrincipal, all["entra:sp:dadeaf9c-4342-49d7-9848-71d2c3ba4cbe"].Kind);
            Assert.False(all["entra:sp:dadeaf9c-4342-49d7-9848-71d2c3ba4cbe"].ThirdParty);
            var agent = all["entra:sp:81d24499-0c33-4b87-88af-3ca6acb54d5d"];
            Assert.Equal(IdentityKind.AgentIdentity, agent.Kind);
            Assert.Equal(new[] { "priya.raman@contoso.com" }, agent.Owners); // sponsor

            Identity Secret(string id) => all["keyvault:" + id];
            Assert.Null(Secret("kv-contoso-prod/stripe-api-key").Credentials[0].ExpiresOn);
            Assert.Equal(Utc("2026-07-01T09:00:00Z"), Secret("kv-contoso-prod/legacy-ftp-password").Credentials[0].ExpiresOn);
            Assert.False(Secret("kv-contoso-prod/old-smtp-relay-password").Enabled);
            Assert.Equal(Utc("2024-10-15T09:00:00Z"), Secret("kv-contoso-prod/sql-reporting-conn").Credentials[0].LastRotatedOn);
            Assert.Empty(Secret("kv-contoso-prod/tmp-debug-token").Owners);
            Assert.Equal("dev", Secret("kv-contoso-dev/aws-svc-payments-key").Environment);
        }
    }
}
