using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Entra.Tests
{
    public sealed class EntraConnectTests
    {
        [Fact]
        public async Task A_client_secret_gets_a_token_from_the_lab_authority_and_reads_with_it()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir, o => { o.SeedAdminApp = true; o.AcceptStaticToken = false; });
            var host = new RecordingHost();
            using var source = EntraSource.Connect(new EntraConnectOptions
            {
                TenantId = lab.TenantId,
                ClientId = GraphLabCredentials.AdminClientId,
                ClientSecret = EntraLab.Secure(GraphLabCredentials.AdminClientSecret),
                Endpoint = new Uri(lab.GraphBaseUrl),
                AuthorityHost = new Uri(lab.AuthorityHost),
                TokenHttpHandler = lab.CreateTrustingHandler(),
            }, host);

            Assert.Equal("ClientSecret", source.Connection.AuthenticationMethod);
            Assert.Equal(lab.GraphBaseUrl, source.Connection.Endpoint);
            var live = EntraLab.ReadLive(source, host);
            Assert.Equal(11, live.Count); // the seed plus the lab's admin app
            Assert.Equal(1, lab.Log.Count("token"));
            Assert.DoesNotContain(host.AllText(), t => t.Contains(GraphLabCredentials.AdminClientSecret));
            Assert.All(lab.Log.Entries.Where(e => e.Operation != "token"), e => Assert.NotEqual(401, e.Status));
        }

        [Fact]
        public async Task A_wrong_secret_fails_at_connect_with_a_stable_error_and_no_secret_in_it()
        {
            await using var lab = await EntraLab.StartAsync(null, o => o.SeedAdminApp = true);
            const string wrong = "wrong-secret-value-123456";
            var e = Assert.Throws<NhiException>(() => EntraSource.Connect(new EntraConnectOptions
            {
                TenantId = lab.TenantId,
                ClientId = GraphLabCredentials.AdminClientId,
                ClientSecret = EntraLab.Secure(wrong),
                Endpoint = new Uri(lab.GraphBaseUrl),
                AuthorityHost = new Uri(lab.AuthorityHost),
                TokenHttpHandler = lab.CreateTrustingHandler(),
            }, new RecordingHost()));
            Assert.Equal("NhiEntraAuthenticationFailed", e.ErrorId);
            Assert.Equal(NhiErrorCategory.AuthenticationError, e.Category);
            Assert.DoesNotContain(wrong, e.ToString());
        }

        [Theory]
        [InlineData("http://graph.contoso.com/v1.0", "https")]
        [InlineData("http://127.0.0.1:5100/", null)]
        [InlineData("http://127.0.0.1:5100/graph/v1.0", "/v1.0")]
        [InlineData("https://graph.microsoft.com/beta", "/v1.0")]
        public void Bad_endpoints_are_rejected_before_any_request(string endpoint, string message)
        {
            if (message == null)
            {
                Assert.Equal("http://127.0.0.1:5100/v1.0", EntraSource.NormalizeEndpoint(new Uri(endpoint)));
                return;
            }
            var e = Assert.Throws<NhiException>(() => EntraSource.NormalizeEndpoint(new Uri(endpoint)));
            Assert.Equal("NhiEntraInvalidArgument", e.ErrorId);
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void Two_ways_to_authenticate_at_once_are_rejected()
        {
            var e = Assert.Throws<NhiException>(() => EntraSource.Connect(new EntraConnectOptions
            {
                ManagedIdentity = true,
                AccessToken = EntraLab.Secure("x"),
                Endpoint = new Uri("http://127.0.0.1:1/v1.0"),
            }, new RecordingHost()));
            Assert.Equal("NhiEntraInvalidArgument", e.ErrorId);
        }

        [Theory]
        [InlineData("0", 0)]
        [InlineData("7", 7)]
        [InlineData("2.5", 2.5)]
        public void Retry_after_is_read_as_seconds(string header, double seconds) =>
            Assert.Equal(TimeSpan.FromSeconds(seconds), RetryBudget.ParseRetryAfter(header));

        [Fact]
        public void The_retry_budget_bounds_attempts_and_total_wait_and_never_retries_addPassword()
        {
            var budget = new RetryBudget(TimeSpan.FromSeconds(10), 3);
            Assert.False(budget.ShouldRetry(RetryMode.None, 429, "0", 1, out _));
            Assert.False(budget.ShouldRetry(RetryMode.ThrottleOnly, 503, "0", 1, out _));
            Assert.False(budget.ShouldRetry(RetryMode.Transient, 404, null, 1, out _));
            Assert.True(budget.ShouldRetry(RetryMode.Transient, 503, "4", 1, out var d));
            Assert.Equal(TimeSpan.FromSeconds(4), d);
            Assert.False(budget.ShouldRetry(RetryMode.Transient, 429, "0", 3, out _)); // third attempt was the last
            Assert.True(budget.ShouldRetry(RetryMode.ThrottleOnly, 429, "5", 1, out _));
            Assert.False(budget.ShouldRetry(RetryMode.ThrottleOnly, 429, "5", 1, out _)); // 4 + 5 + 5 > 10 s
        }
    }
}
