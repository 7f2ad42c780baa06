using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Hosting;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Entra.Tests
{
    /// <summary>Issue 12 item 7: retries within budgets the admin sets, long waits said out loud, every request traced for -Debug.</summary>
    public class RetryBudgetTests
    {
        [Theory]
        [InlineData(1, "page 2")]
        [InlineData(3, "page 4")]
        public async Task A_page_that_keeps_failing_gives_up_within_its_request_budget(int after, string page)
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            // Ten attempts allowed, but one request may wait only 2 s: with Retry-After 1 that is three tries.
            using var source = EntraLab.Connect(lab, configure: o => { o.PageSize = 1; o.MaxAttempts = 10; o.MaxRequestWait = TimeSpan.FromSeconds(2); });
            lab.Faults.Add($"op=applications.list status=503 after={after} retryAfter=1");
            var host = new RecordingHost();

            var error = Assert.Throws<NhiException>(() => EntraLab.ReadLive(source, host));
            Assert.Equal("NhiEntraListFailed", error.ErrorId);
            Assert.Contains(page, error.Message);
            var calls = lab.Log.Entries.Where(e => e.Operation == "applications.list").Select(e => e.Status).ToList();
            Assert.Equal(Enumerable.Repeat(200, after).Concat(new[] { 503, 503, 503 }), calls);
        }

        [Fact]
        public async Task Debug_traces_every_request_without_query_values_or_token_and_a_long_wait_is_a_warning()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab, configure: o => o.PageSize = 1);
            lab.Faults.Add("op=users.list status=429 retryAfter=6 times=1");
            var host = new RecordingHost();

            EntraLab.ReadLive(source, host);

            var traces = host.Verbose.Where(v => v.StartsWith("Graph GET ", StringComparison.Ordinal)).ToList();
            // One trace per request: every applications page and the throttled users page with its retry.
            Assert.Equal(lab.Log.Entries.Count(e => e.Operation == "applications.list"), traces.Count(t => t.Contains("/v1.0/applications?")));
            Assert.Equal(lab.Log.Entries.Count(e => e.Operation == "users.list"), traces.Count(t => t.Contains("/v1.0/users?")));
            Assert.Contains(traces, t => t.StartsWith("Graph GET /v1.0/applications?$top&$select&$expand -> 200 in ", StringComparison.Ordinal));
            Assert.Contains(traces, t => t.Contains("/v1.0/users?") && t.Contains("-> 429") && t.EndsWith("(attempt 1)", StringComparison.Ordinal));
            Assert.Contains(traces, t => t.Contains("$skiptoken") || t.Contains("$skip"));
            Assert.All(traces, t =>
            {
                Assert.DoesNotContain("=", t);
                Assert.DoesNotContain(GraphLabCredentials.StaticToken, t);
                Assert.DoesNotContain("Bearer", t);
            });
            var warning = Assert.Single(host.Warnings, w => w.Contains("throttled (429)"));
            Assert.Contains("after 6 s", warning);
        }
    }
}
