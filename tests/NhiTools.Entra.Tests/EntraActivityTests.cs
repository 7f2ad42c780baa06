using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Entra.Tests
{
    /// <summary>Issue 13 item 1 (Entra): live sign-in and directory audit activity, the real client against GraphLab.</summary>
    public class EntraActivityTests
    {
        internal static string ActivitySeed
        {
            get
            {
                for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                {
                    var p = Path.Combine(d.FullName, "examples", "estate", "activity", "entra");
                    if (Directory.Exists(p)) return p;
                }
                throw new DirectoryNotFoundException("examples/estate/activity/entra not found above " + AppContext.BaseDirectory);
            }
        }

        // The seed spans 2026-08..2026-10; the default window (90 days back from now) would cut it by the clock.
        internal static ActivityQuery Window(params Identity[] ids) =>
            new ActivityQuery { From = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), Identities = ids };

        /// <summary>Everything an activity says except where it was read from (a file path offline, the endpoint live).</summary>
        internal static string Describe(NhiTools.Activity a) =>
            string.Join("|", a.When.ToString("o"), a.IdentityId, a.IdentityName, a.Provider, a.Action, a.Service, a.Resource, a.From, a.Region,
                a.UserAgent, a.Result, a.CredentialId, a.Interactive, a.Principal, a.PrincipalObjectId, a.Account, a.RecipientAccount, a.Origin,
                a.PeriodStart?.ToString("o"), a.PeriodEnd?.ToString("o"));

        internal static List<string> DescribeAll(IEnumerable<NhiTools.Activity> list) =>
            list.Select(Describe).OrderBy(s => s, StringComparer.Ordinal).ToList();

        private static List<NhiTools.Activity> Offline(ActivityQuery q)
        {
            var linker = q.Identities.Count > 0 ? IdentityLinker.From(q.Identities) : null;
            return new ActivityReader(new RecordingHost()).Read(new[] { ActivitySeed }, linker)
                .Where(a => a.When >= q.From && a.When <= q.To && (linker == null || linker.Knows(a.IdentityId))).ToList();
        }

        private static Identity App(string appId, string name) =>
            new Identity { Id = "entra:app:" + appId, Provider = "Entra", Kind = IdentityKind.Application, Name = name, NativeId = appId };

        private static Identity Managed(string objectId, string name) =>
            new Identity { Id = "entra:sp:" + objectId, Provider = "Entra", Kind = IdentityKind.ManagedIdentity, Name = name, NativeId = objectId };

        private static readonly Identity Provisioning = App("f6631525-fad3-4af3-82cf-de938aba4110", "app-provisioning-engine");
        private static readonly Identity FuncOrders = Managed("237e6322-e9fe-447c-a941-3345240d6b76", "func-orders-prod");

        [Fact]
        public async Task Whole_tenant_live_equals_offline_across_many_pages()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var source = EntraLab.Connect(lab, configure: o => o.PageSize = 7);
            var q = Window();

            var live = source.ReadActivity(new RecordingHost(), q).ToList();

            var offline = Offline(q);
            Assert.Equal(210, offline.Count); // 205 workload sign-ins and 5 directory audits
            Assert.Equal(DescribeAll(offline), DescribeAll(live));
            Assert.All(live, a => Assert.Equal(source.SourceTag, a.Source));
            var signInPages = lab.Log.Entries.Where(e => e.Operation == "auditLogs.signIns.list").ToList();
            Assert.True(signInPages.Count >= 205 / 7, "sign-ins were read page by page: " + signInPages.Count);
            Assert.All(signInPages, e => Assert.StartsWith("/beta/auditLogs/signIns?", e.PathAndQuery));
            Assert.All(lab.Log.Entries.Where(e => e.Operation == "auditLogs.directoryAudits.list"), e => Assert.StartsWith("/v1.0/auditLogs/directoryAudits?", e.PathAndQuery));
            Assert.All(lab.Log.Entries, e => Assert.Equal(200, e.Status));
        }

        [Fact]
        public async Task Identities_are_filtered_by_Graph_and_equal_offline_with_the_same_identities()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var source = EntraLab.Connect(lab);
            var q = Window(Provisioning, FuncOrders);

            var live = source.ReadActivity(new RecordingHost(), q).ToList();

            var offline = Offline(q);
            Assert.Contains(offline, a => a.IdentityId == Provisioning.Id && a.Origin == ActivityOrigins.EntraAudit);
            Assert.Contains(offline, a => a.IdentityId == FuncOrders.Id);
            Assert.Equal(DescribeAll(offline), DescribeAll(live));
            var queries = lab.Log.Entries.Select(e => Uri.UnescapeDataString(e.PathAndQuery)).ToList();
            Assert.Equal(4, queries.Count); // one sign-in and one audit listing per identity, one page each
            Assert.Contains(queries, p => p.Contains("appId eq 'f6631525-fad3-4af3-82cf-de938aba4110'") && p.Contains("signInEventTypes/any(t: t eq 'servicePrincipal')"));
            Assert.Contains(queries, p => p.Contains("servicePrincipalId eq '237e6322-e9fe-447c-a941-3345240d6b76'") && p.Contains("signInEventTypes/any(t: t eq 'managedIdentity')"));
            Assert.Contains(queries, p => p.Contains("initiatedBy/app/appId eq 'f6631525-fad3-4af3-82cf-de938aba4110'"));
            Assert.Contains(queries, p => p.Contains("initiatedBy/app/displayName eq 'func-orders-prod'")); // Graph has no servicePrincipalId filter on audits
        }

        [Fact]
        public async Task The_time_window_is_filtered_by_Graph()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var source = EntraLab.Connect(lab);
            var q = new ActivityQuery { From = new DateTime(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2026, 10, 25, 12, 0, 0, DateTimeKind.Utc) };

            var live = source.ReadActivity(new RecordingHost(), q).ToList();

            var offline = Offline(q);
            Assert.NotEmpty(offline);
            Assert.True(offline.Count < 100);
            Assert.Equal(DescribeAll(offline), DescribeAll(live));
            Assert.All(lab.Log.Entries, e => Assert.Contains("DateTime ge 2026-10-20T00:00:00Z and ", Uri.UnescapeDataString(e.PathAndQuery)));
        }

        [Fact]
        public async Task Throttling_is_waited_out_within_the_retry_budget()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var source = EntraLab.Connect(lab, configure: o => o.PageSize = 50);
            lab.Faults.Add("op=auditLogs.signIns.list status=429 retryAfter=1 after=1 times=2");
            var host = new RecordingHost();

            var live = source.ReadActivity(host, Window()).ToList();

            Assert.Equal(210, live.Count);
            Assert.Equal(2, lab.Log.Entries.Count(e => e.Status == 429));
            Assert.Contains(host.Verbose, v => v.Contains("throttled (429)") && v.Contains("service principal sign-ins"));
        }

        [Fact]
        public async Task A_page_that_fails_after_its_retries_is_an_error_not_a_shorter_stream()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var source = EntraLab.Connect(lab, configure: o => { o.PageSize = 50; o.MaxAttempts = 2; });
            lab.Faults.Add("op=auditLogs.signIns.list status=503 after=1 retryAfter=0");
            var seen = new List<NhiTools.Activity>();

            var error = Assert.Throws<NhiException>(() => { foreach (var a in source.ReadActivity(new RecordingHost(), Window())) seen.Add(a); });

            Assert.Equal("NhiEntraListFailed", error.ErrorId);
            Assert.Contains("page 2", error.Message);
            Assert.Contains("incomplete", error.Message);
            Assert.Equal(50, seen.Count); // page 1 was streamed, then the read ended with the error
            Assert.Equal(new[] { 200, 503, 503 }, lab.Log.Entries.Select(e => e.Status));
        }

        [Fact]
        public async Task Throttling_beyond_the_budget_is_an_error()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var source = EntraLab.Connect(lab, configure: o => { o.MaxAttempts = 10; o.MaxRequestWait = TimeSpan.FromSeconds(2); });
            lab.Faults.Add("op=auditLogs.directoryAudits.list status=429 retryAfter=1");

            var error = Assert.Throws<NhiException>(() => source.ReadActivity(new RecordingHost(), Window()).ToList());

            Assert.Equal("NhiEntraListFailed", error.ErrorId);
            Assert.Equal(NhiErrorCategory.LimitsExceeded, error.Category);
            Assert.Equal(3, lab.Log.Entries.Count(e => e.Status == 429));
        }

        [Theory]
        [InlineData("v1.0", "signInEventTypes/any(t: t eq 'servicePrincipal')")] // beta only
        [InlineData("beta", "createdDateTime ge '2026-10-01T00:00:00Z'")]         // quoted date
        [InlineData("beta", "startswith(appDisplayName,'app')")]
        [InlineData("beta", "appId ne 'x'")]
        [InlineData("beta", "(createdDateTime ge 2026-10-01T00:00:00Z or appId eq 'x')")]
        [InlineData("beta", "createdDateTime gt 2026-10-01T00:00:00Z")]
        [InlineData("v1.0", "initiatedBy/app/servicePrincipalId eq '237e6322-e9fe-447c-a941-3345240d6b76'", "directoryAudits")]
        public async Task The_lab_rejects_filters_Graph_does_not_take(string version, string filter, string log = "signIns")
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GraphLabCredentials.StaticToken);

            var answer = await http.GetAsync(lab.BaseUrl + "/" + version + "/auditLogs/" + log + "?$filter=" + Uri.EscapeDataString(filter));

            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("\"error\"", await answer.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Beta_without_an_event_type_filter_lists_only_interactive_user_sign_ins()
        {
            await using var lab = await EntraLab.StartAsync(ActivitySeed);
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GraphLabCredentials.StaticToken);

            var body = await http.GetStringAsync(lab.BaseUrl + "/beta/auditLogs/signIns");

            Assert.Contains("\"value\":[]", body.Replace(" ", ""));
        }
    }
}
