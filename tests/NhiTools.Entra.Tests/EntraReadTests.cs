using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Entra.Tests
{
    /// <summary>Get-NhiIdentity's live Entra read against GraphLab seeded with export files.</summary>
    public sealed class EntraReadTests
    {
        [Fact]
        public async Task Live_read_yields_exactly_what_the_offline_source_yields_from_the_same_files()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var host = new RecordingHost();
            var live = EntraLab.ReadLive(source, host);
            var offline = EntraLab.ReadOffline(EntraLab.SeedDir);

            // Offline can only say that 20 or more expanded owners may be incomplete; live completes them through $batch.
            var wideOffline = offline.Single(i => i.Name == "wide-owners");
            Assert.Contains("Owners may be incomplete", wideOffline.Notes);
            Assert.Null(live.Single(i => i.Name == "wide-owners").Notes);
            wideOffline.Notes = null;
            Assert.Equal(EntraLab.DescribeAll(offline), EntraLab.DescribeAll(live));
            Assert.Equal(10, live.Count); // 6 applications (one without a service principal) + 4 service principals without an application (Microsoft Graph itself is a resource, not ours)
            Assert.All(live, i => Assert.Equal("live:entra:" + lab.GraphBaseUrl, i.Source[0]));
            Assert.Empty(host.Warnings);
            Assert.Equal(0, host.OffThreadCalls);
        }

        [Fact]
        public async Task Identities_carry_complete_owners_states_permissions_and_usage()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var live = EntraLab.ReadLive(source).ToDictionary(i => i.Name);

            // $expand stops at 20 owners; the 25-owner app is completed through $batch.
            Assert.Equal(25, live["wide-owners"].Owners.Length);
            Assert.Equal(22, live["orders-consumer"].Permissions.Length);

            var billing = live["svc-billing-prod"];
            Assert.Equal("entra:app:" + billing.NativeId, billing.Id);
            Assert.Equal(IdentityKind.Application, billing.Kind);
            Assert.Equal("Enabled", billing.OwnerStates["alice@contoso.com"]);
            Assert.Equal("Disabled", billing.OwnerStates["bob@contoso.com"]);
            Assert.Equal("Deleted", billing.OwnerStates["carol@contoso.com"]);
            Assert.Contains("dana@contoso.com", billing.Owners); // the service principal's owner joins the app's
            Assert.Contains(billing.Permissions, p => p.Name == "Application.ReadWrite.All" && p.Resource == "Microsoft Graph" && p.Type == PermissionType.AppRole && p.AdminEquivalent);
            Assert.Contains(billing.Permissions, p => p.Name == "Orders.Role00" && p.Resource == "orders-api");
            Assert.Contains(billing.Permissions, p => p.Name == "Mail.Read" && p.Type == PermissionType.DelegatedScope && p.Via == "consent:AllPrincipals");
            Assert.Equal(new DateTime(2026, 10, 20, 8, 0, 0, DateTimeKind.Utc), billing.LastUsedOn);
            var used = billing.Credentials.Single(c => c.DisplayName == "primary");
            var neverUsed = billing.Credentials.Single(c => c.DisplayName == "old");
            var unknown = billing.Credentials.Single(c => c.Type == CredentialType.Certificate);
            Assert.Equal(new DateTime(2026, 10, 20, 8, 0, 0, DateTimeKind.Utc), used.LastUsedOn);
            Assert.True(neverUsed.NeverUsed);
            Assert.Null(unknown.LastUsedOn);
            Assert.False(unknown.NeverUsed); // not in the report: unknown, never "never used"

            Assert.Equal(IdentityKind.AgentIdentity, live["Contoso Agent Blueprint"].Kind);
            var agent = live["invoice-agent-01"];
            Assert.Equal(IdentityKind.AgentIdentity, agent.Kind);
            Assert.StartsWith("entra:sp:", agent.Id);
            Assert.Equal(new[] { "bob@contoso.com", "dana@contoso.com" }, agent.Owners.OrderBy(o => o).ToArray()); // sponsor bob counts as owner
            Assert.Equal("Disabled", agent.OwnerStates["bob@contoso.com"]);
            Assert.Equal(IdentityKind.ManagedIdentity, live["mi-automation-prod"].Kind);
            Assert.True(live["Acme Cloud Backup"].ThirdParty);
            Assert.False(live["legacy-sharepoint-addin"].ThirdParty);
            Assert.Equal("entra:" + GraphLabCredentials.TenantId, billing.Systems.Single());
        }

        [Fact]
        public async Task Requests_stay_within_the_budget_pages_plus_batches_for_objects_at_the_expand_cap()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            lab.Log.Clear();
            EntraLab.ReadLive(source);

            var top = lab.Log.Entries.Where(e => e.Parent == null).ToList();
            Assert.Equal(1, top.Count(e => e.Operation == "applications.list"));
            Assert.Equal(1, top.Count(e => e.Operation == "servicePrincipals.list"));
            Assert.Equal(1, top.Count(e => e.Operation == "users.list"));
            Assert.Equal(1, top.Count(e => e.Operation == "oauth2PermissionGrants.list"));
            Assert.Equal(1, top.Count(e => e.Operation == "reports.servicePrincipalSignInActivities.list"));
            Assert.Equal(1, top.Count(e => e.Operation == "reports.appCredentialSignInActivities.list"));
            // One batch for the 25-owner application, one for the service principal with 22 assignments.
            Assert.Equal(2, top.Count(e => e.Operation == "batch"));
            Assert.Equal(8, top.Count);
            Assert.All(top.Where(e => e.Operation.EndsWith(".list")), e => Assert.Contains("$top=999", e.PathAndQuery));
            Assert.Contains(top, e => e.Operation == "applications.list" && e.PathAndQuery.Contains("$select=id,appId,displayName") && e.PathAndQuery.Contains("$expand=owners"));
            var inBatch = lab.Log.Entries.Where(e => e.Parent != null).Select(e => e.Operation).OrderBy(o => o).ToArray();
            Assert.Equal(new[] { "applications.owners.list", "servicePrincipals.appRoleAssignments.list", "servicePrincipals.sponsors.list" }, inBatch);
        }

        [Fact]
        public async Task Thousands_of_apps_cost_ceil_n_over_999_pages_and_one_batch_per_20_objects_at_the_cap()
        {
            await using var lab = await EntraLab.StartAsync();
            Synthetic.Seed(lab, 2500, wideOwnerApps: 30, ownersEach: 21);
            using var source = EntraLab.Connect(lab);
            lab.Log.Clear();
            var live = EntraLab.ReadLive(source);

            Assert.Equal(2500, live.Count);
            Assert.All(live.Take(30), i => Assert.Equal(21, i.Owners.Length));
            var top = lab.Log.Entries.Where(e => e.Parent == null).ToList();
            Assert.Equal(3, top.Count(e => e.Operation == "applications.list"));     // ceil(2500 / 999)
            Assert.Equal(3, top.Count(e => e.Operation == "servicePrincipals.list"));
            Assert.Equal(2, top.Count(e => e.Operation == "batch"));                 // 30 apps at the cap, all on page 1: ceil(30 / 20)
            Assert.Equal(30, lab.Log.Entries.Count(e => e.Parent != null));
        }

        [Fact]
        public async Task With_30_percent_of_requests_throttled_the_result_is_identical()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab, configure: o => o.PageSize = 3); // more pages, more chances to be throttled
            var expected = EntraLab.DescribeAll(EntraLab.ReadLive(source));

            lab.Faults.Add("op=* status=429 p=0.3 retryAfter=0");
            lab.Log.Clear();
            var host = new RecordingHost();
            var throttled = EntraLab.ReadLive(source, host);

            Assert.Equal(expected, EntraLab.DescribeAll(throttled));
            var answered429 = lab.Log.Entries.Count(e => e.Status == 429);
            Assert.True(answered429 >= 5, $"only {answered429} requests were throttled");
            Assert.Contains(host.Progress, p => p != null && p.Contains("throttled (429)"));
            Assert.Equal(0, host.OffThreadCalls);
        }

        [Fact]
        public async Task A_page_that_finally_fails_stops_the_read_with_an_error_never_a_short_list()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab, configure: o => { o.PageSize = 2; o.MaxAttempts = 3; });
            lab.Faults.Add("op=applications.list status=500 after=1 retryAfter=0");
            var host = new RecordingHost();

            var error = Assert.Throws<NhiException>(() => EntraLab.ReadLive(source, host));
            Assert.Equal("NhiEntraListFailed", error.ErrorId);
            Assert.Equal(NhiErrorCategory.ResourceUnavailable, error.Category);
            Assert.Contains("page 2", error.Message);
            Assert.Equal(3, lab.Log.Entries.Count(e => e.Operation == "applications.list" && e.Status == 500)); // retried, then given up
        }

        [Fact]
        public async Task Throttling_beyond_the_wait_budget_fails_instead_of_waiting_for_ever()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab, configure: o => o.MaxThrottleWait = TimeSpan.FromSeconds(2));
            lab.Faults.Add("op=servicePrincipals.list status=429 retryAfter=1");

            var error = Assert.Throws<NhiException>(() => EntraLab.ReadLive(source));
            Assert.Equal("NhiEntraListFailed", error.ErrorId);
            Assert.Equal(NhiErrorCategory.LimitsExceeded, error.Category);
        }

        [Fact]
        public async Task Reports_not_permitted_warn_once_and_leave_usage_unknown()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            lab.Faults.Add("op=reports.* status=403 code=Authentication_RequestFromNonPremiumTenantOrB2CTenant");
            var host = new RecordingHost();
            var live = EntraLab.ReadLive(source, host);

            Assert.Equal(2, host.Warnings.Count);
            Assert.Contains(host.Warnings, w => w.Contains("sign-in activity report"));
            Assert.Contains(host.Warnings, w => w.Contains("credential usage report"));
            Assert.All(live, i => Assert.Null(i.LastUsedOn));
            Assert.All(live.SelectMany(i => i.Credentials), c => { Assert.Null(c.LastUsedOn); Assert.False(c.NeverUsed); });
            Assert.Equal(10, live.Count);
        }

        [Fact]
        public async Task Users_not_readable_leave_owner_states_unknown_not_deleted()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            lab.Faults.Add("op=users.list status=403");
            var host = new RecordingHost();
            var billing = EntraLab.ReadLive(source, host).Single(i => i.Name == "svc-billing-prod");

            Assert.Single(host.Warnings);
            Assert.Contains("carol@contoso.com", billing.Owners);
            Assert.False(billing.OwnerStates.ContainsKey("carol@contoso.com"));
        }

        [Fact]
        public async Task Stopping_early_cancels_the_read_and_leaves_no_host_calls_behind()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab, configure: o => o.PageSize = 1);
            var host = new RecordingHost();
            var first = source.Read(host, new LiveReadOptions()).Take(2).ToList();
            Assert.Equal(2, first.Count);
            await Task.Delay(300);
            Assert.Equal(0, host.OffThreadCalls);
        }
    }
}
