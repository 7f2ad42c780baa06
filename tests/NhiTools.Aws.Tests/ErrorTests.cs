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
    /// <summary>Throttling, server faults and error responses: retried where AWS says to, typed, never an empty list.</summary>
    public class ErrorTests
    {
        [Fact]
        public async Task Throttled_pages_are_retried_with_backoff_and_the_read_completes()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect();
            lab.Server.Faults.Add(FaultRule.Throttle("GetAccountAuthorizationDetails").Limit(2));
            lab.Server.Faults.Add(FaultRule.Throttle("ListAccessKeys").Limit(3));
            var ids = lab.Read();
            Assert.Equal(9, ids.Count);
            Assert.Equal(5, lab.Source.Stats.Throttled);
            var details = lab.Server.Log.Where("GetAccountAuthorizationDetails");
            Assert.Equal(400, details[0].Status);
            Assert.Equal(200, details.Last().Status);
        }

        [Fact]
        public async Task Endless_throttling_fails_the_read_instead_of_returning_less()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect();
            lab.Server.Faults.Add(FaultRule.Throttle("ListAccessKeys"));
            var ex = Assert.Throws<AwsServiceException>(() => lab.Read());
            Assert.Equal("Throttling", ex.Code);
            Assert.Equal(400, ex.HttpStatus);
            Assert.Equal("NhiAwsThrottling", ex.ErrorId);
            Assert.Equal(NhiErrorCategory.LimitsExceeded, ex.Category);
        }

        [Fact]
        public async Task Server_faults_are_retried_then_reported()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect();
            lab.Server.Faults.Add(FaultRule.Fail("GetCredentialReport", 500).Limit(1));
            Assert.Equal(9, lab.Read().Count);

            lab.Server.Faults.Add(FaultRule.Fail("GetAccountAuthorizationDetails", 503));
            var ex = Assert.Throws<AwsServiceException>(() => lab.Read());
            Assert.Equal(503, ex.HttpStatus);
            Assert.Equal(NhiErrorCategory.ResourceUnavailable, ex.Category);
            Assert.Equal(5, lab.Server.Log.Count("GetAccountAuthorizationDetails") - 1); // MaxAttempts, after the earlier good read
        }

        [Fact]
        public async Task A_dropped_connection_on_a_read_is_retried()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect();
            lab.Server.Faults.Add(FaultRule.Reset("GetAccountAuthorizationDetails").Limit(1));
            Assert.Equal(9, lab.Read().Count);
        }

        [Fact]
        public async Task Error_responses_are_typed_with_code_and_status()
        {
            await using var lab = await Lab.StartAsync();
            var account = lab.Connect().Accounts[0];
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() =>
                account.Iam.ListAllAsync("ListAccessKeys", new[] { QueryClient.P("UserName", "nobody") }, "AccessKeyMetadata"));
            Assert.Equal("NoSuchEntity", ex.Code);
            Assert.Equal(404, ex.HttpStatus);
            Assert.Equal("NhiAwsNoSuchEntity", ex.ErrorId);
            Assert.Equal(NhiErrorCategory.ObjectNotFound, ex.Category);
            Assert.False(string.IsNullOrEmpty(ex.RequestId));
            Assert.Contains("nobody", ex.Message);
            Assert.Equal(1, lab.Server.Log.Count("ListAccessKeys")); // not retried
        }

        [Fact]
        public async Task Bad_credentials_fail_the_connection_with_an_authentication_error()
        {
            await using var lab = await Lab.StartAsync();
            var ex = Assert.Throws<AwsServiceException>(() => AwsConnector.Connect(Lab.Options(lab.Server, "AKIANOTAREALKEY00000", "wrong"), null));
            Assert.Equal("InvalidClientTokenId", ex.Code);
            Assert.Equal(403, ex.HttpStatus);
            Assert.Equal(NhiErrorCategory.AuthenticationError, ex.Category);

            var wrongSecret = Assert.Throws<AwsServiceException>(() => AwsConnector.Connect(Lab.Options(lab.Server, IamStore.AdminAccessKeyId, "not-the-secret"), null));
            Assert.Equal("SignatureDoesNotMatch", wrongSecret.Code);
            Assert.DoesNotContain("not-the-secret", wrongSecret.Message);
        }

        [Fact]
        public async Task A_truncated_page_without_a_marker_is_an_error()
        {
            // A lab that lies: IsTruncated true and no Marker. The list must fail, not end.
            await using var lab = await Lab.StartAsync();
            var account = lab.Connect().Accounts[0];
            var seen = 0;
            var ex = await Assert.ThrowsAsync<NhiException>(() => account.Iam.PagesAsync("ListUsers", null, page =>
            {
                seen++;
                page.Element(page.Name.Namespace + "Marker")?.Remove();
                var t = page.Element(page.Name.Namespace + "IsTruncated");
                if (t == null) page.Add(new System.Xml.Linq.XElement(page.Name.Namespace + "IsTruncated", "true"));
                else t.Value = "true";
            }));
            Assert.Equal("NhiAwsPagingBroken", ex.ErrorId);
            Assert.Equal(1, seen);
        }

        [Fact]
        public void Backoff_is_capped_exponential_with_jitter()
        {
            var p = new BackoffPolicy(seed: 3) { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
            for (int attempt = 1; attempt <= 10; attempt++)
            {
                var ceiling = Math.Min(1000, 100 * Math.Pow(2, attempt - 1));
                var delays = Enumerable.Range(0, 50).Select(_ => p.Backoff(attempt).TotalMilliseconds).ToList();
                Assert.All(delays, d => Assert.InRange(d, 0, ceiling));
                Assert.True(delays.Distinct().Count() > 10, "jitter");
            }
            Assert.Equal(TimeSpan.FromSeconds(1), p.Backoff(1, TimeSpan.FromSeconds(30))); // Retry-After, capped
        }
    }
}
