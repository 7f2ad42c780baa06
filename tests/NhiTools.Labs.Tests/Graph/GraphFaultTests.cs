using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Applications.Item.AddPassword;
using Microsoft.Graph.Authentication;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>Every fault rule, observed from the real SDK's side and counted in the lab's log.</summary>
    public class GraphFaultTests
    {
        private static async Task<GraphLab> StartAsync(int seed = 1)
        {
            var lab = await GraphLab.StartNewAsync(new GraphLabOptions { Seed = seed });
            lab.SeedJson(GraphTestClient.Applications(10));
            return lab;
        }

        [Fact]
        public async Task Throttling_with_Retry_After_0_is_retried_by_the_SDK_and_counted()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add("op=applications.list status=429 retryAfter=0 times=2");
            var client = GraphTestClient.Create(lab);
            var page = await client.Applications.GetAsync();
            Assert.Equal(11, page.Value.Count);
            var calls = lab.Log.Where("applications.list");
            Assert.Equal(new[] { 429, 429, 200 }, calls.Select(c => c.Status));
            Assert.Equal(2, calls.Count(c => c.Fault == FaultKind.Status));
        }

        [Fact]
        public async Task Throttling_with_Retry_After_1_waits_a_second()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add(FaultRule.Throttle("applications.get", 1).Limit(1));
            var client = GraphTestClient.Create(lab);
            var sw = Stopwatch.StartNew();
            var app = await client.Applications[GraphTestClient.ObjectId(1)].GetAsync();
            Assert.Equal("app-000001", app.DisplayName);
            // At least the 1 s the header asks for (no upper bound: a loaded machine may take longer).
            Assert.True(sw.Elapsed >= TimeSpan.FromSeconds(0.9), "waited " + sw.Elapsed);
            Assert.Equal(new[] { 429, 200 }, lab.Log.Where("applications.get").Select(c => c.Status));
        }

        [Fact]
        public async Task Without_retries_a_429_is_an_ODataError_TooManyRequests_with_the_header()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add("op=applications.list status=429 retryAfter=7");
            var client = GraphTestClient.Create(lab);
            var error = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc => rc.Options.Add(new RetryHandlerOption { MaxRetry = 0 })));
            Assert.Equal(429, error.ResponseStatusCode);
            Assert.Equal("TooManyRequests", error.Error.Code);
            Assert.Equal("7", error.ResponseHeaders["Retry-After"].Single());
        }

        [Fact]
        public async Task Endless_throttling_exhausts_the_SDK_after_three_retries()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add(FaultRule.Throttle("applications.list", 0));
            var client = GraphTestClient.Create(lab);
            await Assert.ThrowsAnyAsync<Exception>(() => client.Applications.GetAsync());
            Assert.Equal(4, lab.Log.Count("applications.list")); // 1 + MaxRetry 3
        }

        [Fact]
        public async Task A_500_is_not_retried_and_a_503_is()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add("op=applications.get status=500 times=1");
            lab.Faults.Add("op=applications.list status=503 retryAfter=0 times=1");
            var client = GraphTestClient.Create(lab);
            var error = await Assert.ThrowsAsync<ODataError>(() => client.Applications[GraphTestClient.ObjectId(1)].GetAsync());
            Assert.Equal(500, error.ResponseStatusCode);
            Assert.Equal(1, lab.Log.Count("applications.get"));
            Assert.NotNull(await client.Applications.GetAsync());
            Assert.Equal(new[] { 503, 200 }, lab.Log.Where("applications.list").Select(e => e.Status));
        }

        [Fact]
        public async Task A_reset_connection_surfaces_as_HttpRequestException()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add(FaultRule.Reset("applications.list").Limit(1));
            var client = GraphTestClient.Create(lab);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.Applications.GetAsync());
            var entry = lab.Log.Where("applications.list").Single();
            Assert.True(entry.Dropped);
            Assert.Equal(FaultKind.Reset, entry.Fault);
            Assert.NotNull(await client.Applications.GetAsync()); // the rule fired once
        }

        [Fact]
        public async Task The_Nth_call_of_an_operation_fails()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add("op=applications.get status=500 nth=3");
            var client = GraphTestClient.Create(lab);
            var outcomes = new string[5];
            for (var i = 0; i < 5; i++)
            {
                try { await client.Applications[GraphTestClient.ObjectId(i)].GetAsync(); outcomes[i] = "ok"; }
                catch (ODataError e) { outcomes[i] = e.ResponseStatusCode.ToString(); }
            }
            Assert.Equal(new[] { "ok", "ok", "500", "ok", "ok" }, outcomes);
        }

        [Fact]
        public async Task Commit_then_drop_performs_addPassword_but_the_client_sees_an_error()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add("op=applications.addPassword action=commit-drop times=1");
            var client = GraphTestClient.Create(lab);
            var id = GraphTestClient.ObjectId(2);
            await Assert.ThrowsAsync<HttpRequestException>(() =>
                client.Applications[id].AddPassword.PostAsync(new AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential { DisplayName = "lost" } }));

            var entry = lab.Log.Where("applications.addPassword").Single();
            Assert.True(entry.IsWrite);
            Assert.True(entry.Dropped);
            Assert.Equal(200, entry.Status);
            Assert.Equal(FaultKind.CommitThenDrop, entry.Fault);
            var app = await client.Applications[id].GetAsync();
            Assert.Contains(app.PasswordCredentials, p => p.DisplayName == "lost"); // the write happened
        }

        [Fact]
        public async Task A_hang_lasts_until_the_client_gives_up()
        {
            await using var lab = await StartAsync();
            lab.Faults.Add(FaultRule.Timeout("applications.list", TimeSpan.FromSeconds(20)));
            var http = GraphClientFactory.Create();
            http.Timeout = TimeSpan.FromMilliseconds(500);
            var auth = new AzureIdentityAuthenticationProvider(new StaticTokenCredential(GraphLabCredentials.StaticToken), new[] { "127.0.0.1" }, null, false, GraphLabCredentials.GraphScope);
            var client = new GraphServiceClient(http, auth, lab.GraphBaseUrl);
            // The client's own timeout ends it (a cancellation, not the lab's answer after 20 s).
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Applications.GetAsync());
            await LabServerTestsWait.ForAsync(() => lab.Log.Count("applications.list") == 1);
            Assert.Equal(FaultKind.Timeout, lab.Log.Where("applications.list").Single().Fault);
        }

        [Fact]
        public async Task Thirty_percent_throttling_is_absorbed_by_SDK_retries_and_replays_with_the_seed()
        {
            async Task<int[]> RunAsync()
            {
                await using var lab = await StartAsync(seed: 7);
                lab.Faults.Add("op=applications.get status=429 retryAfter=0 p=0.3");
                var client = GraphTestClient.Create(lab);
                for (var i = 0; i < 10; i++) Assert.NotNull(await client.Applications[GraphTestClient.ObjectId(i)].GetAsync());
                return lab.Log.Where("applications.get").Select(e => e.Status).ToArray();
            }
            var first = await RunAsync();
            Assert.Contains(429, first);
            Assert.Equal(10, first.Count(s => s == 200));
            Assert.Equal(first, await RunAsync());
        }
    }

    internal static class LabServerTestsWait
    {
        public static Task ForAsync(Func<bool> condition) => NhiTools.Labs.Tests.Common.LabServerTests.WaitForAsync(condition);
    }
}
