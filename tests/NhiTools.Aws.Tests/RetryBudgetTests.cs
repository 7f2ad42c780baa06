using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>Retries within a budget the admin can see (issue 12 item 7): per request, per run, warnings, -Debug traces.</summary>
    public class RetryBudgetTests
    {
        private static BackoffPolicy Budget(TimeSpan request, TimeSpan run) => new BackoffPolicy(seed: 7)
        {
            BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), MaxAttempts = 1000,
            MaxRequestWait = request, MaxRunWait = run,
        };

        [Fact]
        public async Task A_failing_second_page_gives_up_within_the_run_budget_with_an_error()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect(o => o.Retry = Budget(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200)));
            foreach (var a in lab.Source.Accounts) a.Iam.PageSize = 2;
            lab.Server.Faults.Add(new FaultRule { Operation = "GetAccountAuthorizationDetails", Status = 503, After = 1 });

            var ex = Assert.Throws<NhiException>(() => lab.Read());
            Assert.Equal("NhiAwsRetryBudgetExhausted", ex.ErrorId);
            Assert.Equal(NhiErrorCategory.LimitsExceeded, ex.Category);
            Assert.Contains("GetAccountAuthorizationDetails", ex.Message);
            Assert.Contains("ServiceUnavailable", ex.Message);
            var details = lab.Server.Log.Where("GetAccountAuthorizationDetails");
            Assert.Equal(200, details[0].Status);             // page 1 came back
            Assert.True(details.Count > 2);                    // page 2 was retried, then given up
            Assert.True(lab.Source.Accounts[0].Iam.Retry.RunWaited <= TimeSpan.FromMilliseconds(200));
        }

        [Fact]
        public async Task A_request_gives_up_within_its_own_budget_on_later_pages()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect(o => o.Retry = Budget(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)));
            foreach (var a in lab.Source.Accounts) a.Iam.PageSize = 2;
            lab.Server.Faults.Add(new FaultRule { Operation = "GetAccountAuthorizationDetails", Status = 429, After = 2 });

            var ex = Assert.Throws<NhiException>(() => lab.Read());
            Assert.Equal("NhiAwsRetryBudgetExhausted", ex.ErrorId);
            Assert.Contains("Throttling", ex.Message);
            Assert.Equal(2, lab.Server.Log.Where("GetAccountAuthorizationDetails").Count(e => e.Status == 200));

            // The next read has the whole run budget again and completes once IAM recovers.
            lab.Server.Faults.Clear();
            Assert.Equal(9, lab.Read().Count);
        }

        [Fact]
        public async Task Debug_traces_every_request_without_a_secret_and_long_waits_warn()
        {
            await using var lab = await Lab.StartAsync();
            var policy = Budget(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
            policy.MaxDelay = TimeSpan.FromSeconds(20);
            policy.Delay = (d, ct) => Task.CompletedTask; // the 6 s Retry-After is honoured in name only: no test sleeps
            lab.Connect(o => o.Retry = policy);
            foreach (var a in lab.Source.Accounts) a.Iam.PageSize = 2;
            lab.Server.Faults.Add(FaultRule.Throttle("ListAccessKeys", retryAfterSeconds: 6).Limit(1));
            var host = new RecordingHost();
            lab.Server.Log.Clear(); // only the read's requests: the connection's traces went to its own host

            Assert.Equal(9, lab.Read(host: host).Count);

            var traces = host.Messages.Where(m => m.StartsWith("D AWS IAM ", StringComparison.Ordinal)).ToList();
            Assert.Equal(lab.Server.Log.Entries.Count, traces.Count);
            Assert.Contains(traces, t => t.StartsWith("D AWS IAM GetAccountAuthorizationDetails -> 200 in ", StringComparison.Ordinal) && t.EndsWith("(attempt 1)", StringComparison.Ordinal));
            Assert.Contains(traces, t => t.StartsWith("D AWS IAM ListAccessKeys -> 400 Throttling in ", StringComparison.Ordinal));
            Assert.Contains(host.Messages, m => m == "W AWS IAM Throttling on ListAccessKeys: retry 1 after 6 s.");

            Assert.All(host.Messages, m =>
            {
                Assert.DoesNotContain(IamStore.AdminSecretAccessKey, m);
                Assert.DoesNotContain(IamStore.AdminAccessKeyId, m);
                Assert.DoesNotContain("Signature", m, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Marker", m);
                Assert.DoesNotContain("UserName", m);
            });
        }
    }
}
