using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>Seeding from real-format Graph exports and reading every seeded kind back through the SDK.</summary>
    public class GraphSeedTests
    {
        private static readonly string SeedDir = Path.Combine(AppContext.BaseDirectory, "TestData", "graph");
        private const string PayrollApp = "a0000000-0000-4000-8000-000000000001";
        private const string PayrollSp = "b0000000-0000-4000-8000-000000000001";

        private static Task<GraphLab> StartAsync() => GraphLab.StartNewAsync(new GraphLabOptions { SeedPath = SeedDir });

        [Fact]
        public async Task Seed_files_load_by_context_and_page_chains_merge()
        {
            await using var lab = new GraphLab(new GraphLabOptions { SeedAdminApp = false });
            var result = lab.Seed(SeedDir);
            Assert.Equal(7, result.Files);
            Assert.Equal(3, result.Items["applications"]);
            Assert.Equal(6, result.Items["servicePrincipals"]);
            Assert.Equal(2, result.Items["users"]);
            Assert.Equal(2, result.Items["oauth2PermissionGrants"]);
            Assert.Equal(1, result.Items["appRoleAssignments"]);
            Assert.Equal(2, result.Items["reports/servicePrincipalSignInActivities"]);
            Assert.Equal(1, result.Items["reports/appCredentialSignInActivities"]);
            // Loading the same files again upserts by id: no duplicates.
            lab.Seed(SeedDir);
            Assert.Equal(3, lab.Store.Applications.Count);
        }

        [Fact]
        public async Task Service_principal_kinds_and_type_filter()
        {
            await using var lab = await StartAsync();
            var client = GraphTestClient.Create(lab);
            var all = await client.ServicePrincipals.GetAsync();
            Assert.Equal(7, all.Value.Count); // 6 seeded + the lab admin's
            var mi = await client.ServicePrincipals.GetAsync(rc => rc.QueryParameters.Filter = "servicePrincipalType eq 'ManagedIdentity'");
            var vm = Assert.Single(mi.Value);
            Assert.Contains(vm.AlternativeNames, n => n.StartsWith("/subscriptions/"));
            var legacy = await client.ServicePrincipals.GetAsync(rc => rc.QueryParameters.Filter = "servicePrincipalType eq 'Legacy'");
            Assert.Equal("old-exchange-connector", Assert.Single(legacy.Value).DisplayName);
            var foreign = all.Value.Single(s => s.DisplayName == "Fabrikam CRM");
            Assert.Equal(Guid.Parse("99999999-8888-4777-8666-555555555555"), foreign.AppOwnerOrganizationId);
            var agent = all.Value.Single(s => s.DisplayName == "invoice-agent");
            Assert.Equal("#microsoft.graph.agentIdentity", agent.OdataType);
        }

        [Fact]
        public async Task Seeded_owners_read_back_with_derived_types_and_expand_owners()
        {
            await using var lab = await StartAsync();
            var client = GraphTestClient.Create(lab);
            var owners = await client.Applications[PayrollApp].Owners.GetAsync();
            Assert.Equal(2, owners.Value.Count);
            Assert.IsType<User>(owners.Value[0]);
            Assert.Equal("ada@contoso.com", ((User)owners.Value[0]).UserPrincipalName);
            var sp = Assert.IsType<ServicePrincipal>(owners.Value[1]);
            Assert.Equal("deploy-bot", sp.DisplayName);

            var expanded = await client.Applications.GetAsync(rc => rc.QueryParameters.Expand = new[] { "owners" });
            Assert.Equal(2, expanded.Value.Single(a => a.Id == PayrollApp).Owners.Count);
            Assert.Empty(expanded.Value.Single(a => a.DisplayName == "legacy-reporting").Owners);
        }

        [Fact]
        public async Task Users_accountEnabled_needs_select_as_in_Graph()
        {
            await using var lab = await StartAsync();
            var client = GraphTestClient.Create(lab);
            var plain = await client.Users.GetAsync();
            Assert.All(plain.Value, u => Assert.Null(u.AccountEnabled));
            var selected = await client.Users.GetAsync(rc => rc.QueryParameters.Select = new[] { "id", "userPrincipalName", "accountEnabled" });
            Assert.False(selected.Value.Single(u => u.UserPrincipalName == "bob.left@contoso.com").AccountEnabled);
            var disabled = await client.Users.GetAsync(rc => rc.QueryParameters.Filter = "accountEnabled eq false");
            Assert.Single(disabled.Value);
            var user = await client.Users["f0000000-0000-4000-8000-000000000001"].GetAsync();
            Assert.Equal("Ada Admin", user.DisplayName);
        }

        [Fact]
        public async Task Permissions_app_role_assignments_and_grants()
        {
            await using var lab = await StartAsync();
            var client = GraphTestClient.Create(lab);
            var roles = await client.ServicePrincipals[PayrollSp].AppRoleAssignments.GetAsync();
            Assert.Equal(Guid.Parse("9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30"), Assert.Single(roles.Value).AppRoleId);
            var grants = await client.ServicePrincipals[PayrollSp].Oauth2PermissionGrants.GetAsync();
            Assert.Equal("User.Read Mail.Read", Assert.Single(grants.Value).Scope);
            var all = await client.Oauth2PermissionGrants.GetAsync();
            Assert.Equal(2, all.Value.Count);
            var byClient = await client.Oauth2PermissionGrants.GetAsync(rc => rc.QueryParameters.Filter = "clientId eq 'b0000000-0000-4000-8000-000000000012'");
            Assert.Equal("Principal", Assert.Single(byClient.Value).ConsentType);
            var expanded = await client.ServicePrincipals[PayrollSp].GetAsync(rc => rc.QueryParameters.Expand = new[] { "appRoleAssignments" });
            Assert.Single(expanded.AppRoleAssignments);
        }

        [Fact]
        public async Task Beta_sign_in_reports_through_a_raw_RequestInformation_with_filters()
        {
            await using var lab = await StartAsync();
            var client = GraphTestClient.Create(lab);
            async Task<JsonElement> GetAsync(string relative)
            {
                var info = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(lab.BetaBaseUrl + relative) };
                using var stream = await client.RequestAdapter.SendPrimitiveAsync<Stream>(info);
                return (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
            }
            var activities = await GetAsync("/reports/servicePrincipalSignInActivities");
            Assert.Equal(2, activities.GetProperty("value").GetArrayLength());
            var one = await GetAsync("/reports/servicePrincipalSignInActivities?$filter=" + Uri.EscapeDataString("appId eq 'c0000000-0000-4000-8000-000000000002'"));
            Assert.Equal("2025-01-02T03:04:05Z", one.GetProperty("value")[0].GetProperty("lastSignInActivity").GetProperty("lastSignInDateTime").GetString());
            var key = await GetAsync("/reports/appCredentialSignInActivities?$filter=" + Uri.EscapeDataString("keyId eq 'e0000000-0000-4000-8000-000000000001'"));
            Assert.Equal("clientSecret", key.GetProperty("value")[0].GetProperty("keyType").GetString());

            using var http = GraphTestClient.Raw(lab);
            var v1 = await http.GetAsync("v1.0/reports/servicePrincipalSignInActivities");
            Assert.Equal(HttpStatusCode.BadRequest, v1.StatusCode); // beta only
        }

        [Fact]
        public async Task Bare_arrays_are_detected_by_shape()
        {
            await using var lab = new GraphLab(new GraphLabOptions { SeedAdminApp = false });
            var result = lab.SeedJson("[{\"id\":\"x1\",\"appId\":\"y1\",\"displayName\":\"cli-export\",\"signInAudience\":\"AzureADMyOrg\",\"passwordCredentials\":[]}," +
                                      "{\"id\":\"x2\",\"appId\":\"y2\",\"displayName\":\"sp\",\"servicePrincipalType\":\"Application\"}]");
            Assert.Equal(1, result.Items["applications"]);
            Assert.Equal(1, result.Items["servicePrincipals"]);
        }
    }
}
