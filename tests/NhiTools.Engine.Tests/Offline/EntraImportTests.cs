using System;
using System.Linq;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    public class EntraImportTests
    {
        private const string Tenant = "11111111-1111-1111-1111-111111111111";
        private const string A1 = "aaaaaaaa-0000-0000-0000-000000000001";
        private const string K1 = "c0000000-0000-0000-0000-00000000000a";
        private const string K2 = "c0000000-0000-0000-0000-00000000000b";
        private const string K3 = "c0000000-0000-0000-0000-00000000000c";
        private static DateTime Utc(string s) => DateTime.Parse(s, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        [Fact]
        public void Application_and_its_service_principal_are_one_identity()
        {
            var all = OfflineData.ReadGood(out var host);
            Assert.Empty(host.Errors);
            Assert.False(all.ContainsKey("entra:sp:05000000-0000-0000-0000-000000000001"));
            var app = all["entra:app:" + A1];
            Assert.Equal(IdentityKind.Application, app.Kind);
            Assert.Equal("Entra", app.Provider);
            Assert.Equal("billing-api-prod", app.Name);
            Assert.Equal(Tenant, app.Account);
            Assert.Contains("entra:" + Tenant, app.Systems);
            Assert.False(app.ThirdParty);
            Assert.Equal("prod", app.Environment);
            Assert.Equal(2, app.Source.Length);

            var secret = app.Credentials.Single(c => c.Id == K1);
            Assert.Equal(CredentialType.ClientSecret, secret.Type);
            Assert.Equal("Abc", secret.Hint);
            Assert.Equal("ci", secret.DisplayName);
            Assert.Equal(Utc("2025-01-01T00:00:00Z"), secret.CreatedOn);
            Assert.Equal(Utc("2027-01-01T00:00:00Z"), secret.ExpiresOn);
            Assert.Equal(Utc("2026-10-25T08:00:00Z"), secret.LastUsedOn);
            Assert.False(secret.NeverUsed);

            var cert = app.Credentials.Single(c => c.Id == K2);
            Assert.Equal(CredentialType.Certificate, cert.Type);
            Assert.Equal("0102030405060708090A0B0C0D0E0F1011121314", cert.Hint);
            // A report was given but has no row for this key: unknown, not "never used".
            Assert.Null(cert.LastUsedOn);
            Assert.False(cert.NeverUsed);

            // Latest of lastSignInActivity and the sub-activities.
            Assert.Equal(Utc("2026-10-25T08:00:00Z"), app.LastUsedOn);
        }

        [Fact]
        public void Owners_and_their_states()
        {
            var app = OfflineData.ReadGood(out _)["entra:app:" + A1];
            Assert.Equal(new[] { "alice@contoso.com", "0u000000-0000-0000-0000-0000000000dd", "automation-runner" }, app.Owners);
            Assert.Equal("Enabled", app.OwnerStates["alice@contoso.com"]);
            Assert.Equal("Deleted", app.OwnerStates["0u000000-0000-0000-0000-0000000000dd"]); // not in users.json
            Assert.Equal("Disabled", app.OwnerStates["automation-runner"]);                  // owner SP has accountEnabled false

            var vendor = OfflineData.ReadGood(out _)["entra:sp:05000000-0000-0000-0000-0000000000c1"];
            Assert.Equal("Disabled", vendor.OwnerStates["bob@contoso.com"]);
        }

        [Fact]
        public void Permissions_from_role_assignments_and_grants()
        {
            var app = OfflineData.ReadGood(out _)["entra:app:" + A1];
            var arw = app.Permissions.Single(p => p.Name == "Application.ReadWrite.All");
            Assert.Equal(PermissionType.AppRole, arw.Type);
            Assert.Equal("Microsoft Graph", arw.Resource);
            Assert.True(arw.AdminEquivalent);
            // Looked up in the resource SP's appRoles.
            Assert.Contains(app.Permissions, p => p.Name == "Custom.Role.Read" && p.Type == PermissionType.AppRole && !p.AdminEquivalent);
            var delegated = app.Permissions.Where(p => p.Type == PermissionType.DelegatedScope).ToList();
            Assert.Equal(new[] { "User.Read", "Mail.Read" }, delegated.Select(p => p.Name).ToArray());
            Assert.All(delegated, p => Assert.Equal("consent:AllPrincipals", p.Via));
            Assert.All(delegated, p => Assert.Equal("Microsoft Graph", p.Resource));

            var vendor = OfflineData.ReadGood(out _)["entra:sp:05000000-0000-0000-0000-0000000000c1"];
            Assert.Equal("consent:Principal", vendor.Permissions.Single(p => p.Name == "Files.Read.All").Via);
        }

        [Fact]
        public void Lone_service_principals_by_kind()
        {
            var all = OfflineData.ReadGood(out _);
            var vendor = all["entra:sp:05000000-0000-0000-0000-0000000000c1"];
            Assert.Equal(IdentityKind.ServicePrincipal, vendor.Kind);
            Assert.True(vendor.ThirdParty);
            Assert.Equal(Tenant, vendor.Account);
            var k3 = vendor.Credentials.Single(c => c.Id == K3);
            Assert.True(k3.NeverUsed); // the report has its row, with no sign-in
            Assert.Null(k3.LastUsedOn);

            var mi = all["entra:sp:05000000-0000-0000-0000-0000000000b1"];
            Assert.Equal(IdentityKind.ManagedIdentity, mi.Kind);
            Assert.False(mi.ThirdParty);
            Assert.Empty(mi.Credentials); // platform-managed: nothing to rotate

            Assert.Equal(IdentityKind.AgentIdentity, all["entra:sp:05000000-0000-0000-0000-0000000000d1"].Kind);
            Assert.False(all["entra:sp:05000000-0000-0000-0000-0000000000d1"].ThirdParty);
            Assert.Equal(IdentityKind.AgentIdentity, all["entra:app:aaaaaaaa-0000-0000-0000-000000000004"].Kind); // blueprint
            // Microsoft Graph is a resource the tenant's identities hold rights on, not an identity of the tenant.
            Assert.False(all.ContainsKey("entra:sp:05000000-0000-0000-0000-0000000000a0"));

            var runner = all["entra:app:aaaaaaaa-0000-0000-0000-000000000003"];
            Assert.False(runner.Enabled);
        }
    }
}
