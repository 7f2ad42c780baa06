using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>Listing, paging and OData options through the real GraphServiceClient.</summary>
    public class GraphQueryTests
    {
        private static async Task<GraphLab> StartAsync(int apps)
        {
            var lab = await GraphLab.StartNewAsync();
            if (apps > 0) lab.SeedJson(GraphTestClient.Applications(apps));
            return lab;
        }

        [Fact]
        public async Task PageIterator_reads_2500_apps_exactly_once_over_absolute_never_repeating_nextLinks()
        {
            await using var lab = await StartAsync(2500);
            var client = GraphTestClient.Create(lab);
            var first = await client.Applications.GetAsync(rc => rc.QueryParameters.Top = 999);
            Assert.Equal(999, first.Value.Count);
            Assert.StartsWith(lab.GraphBaseUrl + "/applications?", first.OdataNextLink);
            Assert.Contains("$skiptoken=", first.OdataNextLink);

            var seen = new List<string>();
            var iterator = PageIterator<Application, ApplicationCollectionResponse>.CreatePageIterator(client, first, a => { seen.Add(a.Id); return true; });
            await iterator.IterateAsync();

            Assert.Equal(2501, seen.Count); // 2,500 seeded + the lab admin app
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Contains(GraphLabCredentials.AdminAppObjectId, seen);
            var pages = lab.Log.Where("applications.list");
            Assert.Equal(3, pages.Count);
            Assert.Equal(pages.Count, pages.Select(p => p.PathAndQuery).Distinct().Count());
        }

        [Fact]
        public async Task Default_page_is_100_and_top_is_1_to_999()
        {
            await using var lab = await StartAsync(150);
            var client = GraphTestClient.Create(lab);
            var page = await client.Applications.GetAsync();
            Assert.Equal(100, page.Value.Count);
            Assert.NotNull(page.OdataNextLink);

            var error = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc => rc.QueryParameters.Top = 1000));
            Assert.Equal(400, error.ResponseStatusCode);
            Assert.Equal("Request_BadRequest", error.Error.Code);
            Assert.Contains("1000", error.Error.Message);
            Assert.NotNull(error.Error.InnerError?.RequestId);
            Assert.Equal(1, (await client.Applications.GetAsync(rc => rc.QueryParameters.Top = 1)).Value.Count);
        }

        [Fact]
        public async Task Select_returns_only_the_named_properties_and_id()
        {
            await using var lab = await StartAsync(5);
            var client = GraphTestClient.Create(lab);
            var page = await client.Applications.GetAsync(rc => rc.QueryParameters.Select = new[] { "displayName", "passwordCredentials" });
            var app = page.Value.First(a => a.Id == GraphTestClient.ObjectId(3));
            Assert.Equal("app-000003", app.DisplayName);
            Assert.Single(app.PasswordCredentials);
            Assert.Null(app.AppId);
            Assert.Null(app.KeyCredentials);
            Assert.Null(app.SignInAudience);
            Assert.Contains("$select=displayName", lab.Log.Entries.Last().PathAndQuery);

            var bad = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc => rc.QueryParameters.Select = new[] { "nope" }));
            Assert.Equal("Request_BadRequest", bad.Error.Code);
        }

        [Fact]
        public async Task Key_material_is_null_in_lists_and_present_only_on_a_single_get_selecting_keyCredentials()
        {
            await using var lab = await StartAsync(2);
            var client = GraphTestClient.Create(lab);
            var listed = (await client.Applications.GetAsync()).Value.First(a => a.Id == GraphTestClient.ObjectId(1));
            Assert.Null(listed.KeyCredentials.Single().Key);
            Assert.Equal("AsymmetricX509Cert", listed.KeyCredentials.Single().Type);
            var single = await client.Applications[GraphTestClient.ObjectId(1)].GetAsync(rc => rc.QueryParameters.Select = new[] { "keyCredentials" });
            Assert.NotNull(single.KeyCredentials.Single().Key);
        }

        [Fact]
        public async Task Filter_forms_Graph_supports_and_rejection_of_the_rest()
        {
            await using var lab = await StartAsync(30);
            var client = GraphTestClient.Create(lab);
            var byAppId = await client.Applications.GetAsync(rc => rc.QueryParameters.Filter = $"appId eq '{GraphTestClient.AppId(7)}'");
            Assert.Equal(GraphTestClient.ObjectId(7), byAppId.Value.Single().Id);

            var byId = await client.Applications.GetAsync(rc => rc.QueryParameters.Filter = $"id eq '{GraphTestClient.ObjectId(8)}'");
            Assert.Equal("app-000008", byId.Value.Single().DisplayName);

            var starts = await client.Applications.GetAsync(rc => rc.QueryParameters.Filter = "startswith(displayName,'app-00001')");
            Assert.Equal(10, starts.Value.Count);

            var inList = await client.Applications.GetAsync(rc =>
                rc.QueryParameters.Filter = $"appId in ('{GraphTestClient.AppId(1)}','{GraphTestClient.AppId(2)}','{Guid.NewGuid()}')");
            Assert.Equal(2, inList.Value.Count);

            var unsupported = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc => rc.QueryParameters.Filter = "notes eq 'x'"));
            Assert.Equal("Request_UnsupportedQuery", unsupported.Error.Code);
            var lambda = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc =>
                rc.QueryParameters.Filter = "passwordCredentials/any(p:p/endDateTime le 2026-01-01T00:00:00Z)"));
            Assert.Equal(400, lambda.ResponseStatusCode);
            var advancedWithoutHeader = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc => rc.QueryParameters.Filter = "displayName ne 'x'"));
            Assert.Equal("Request_UnsupportedQuery", advancedWithoutHeader.Error.Code);
            var advanced = await client.Applications.GetAsync(rc =>
            {
                rc.QueryParameters.Filter = "endswith(displayName,'-000029')";
                rc.QueryParameters.Count = true;
                rc.Headers.Add("ConsistencyLevel", "eventual");
            });
            Assert.Single(advanced.Value);
        }

        [Fact]
        public async Task Count_needs_ConsistencyLevel_eventual_and_appears_on_the_first_page_only()
        {
            await using var lab = await StartAsync(250);
            var client = GraphTestClient.Create(lab);
            var error = await Assert.ThrowsAsync<ODataError>(() => client.Applications.GetAsync(rc => rc.QueryParameters.Count = true));
            Assert.Equal(400, error.ResponseStatusCode);

            var first = await client.Applications.GetAsync(rc =>
            {
                rc.QueryParameters.Count = true;
                rc.Headers.Add("ConsistencyLevel", "eventual");
            });
            Assert.Equal(251, first.OdataCount);
            Assert.DoesNotContain("$count", first.OdataNextLink);
            var second = await client.Applications.WithUrl(first.OdataNextLink).GetAsync();
            Assert.Null(second.OdataCount);

            var bare = await Assert.ThrowsAsync<ODataError>(() => client.Applications.Count.GetAsync());
            Assert.Equal(400, bare.ResponseStatusCode);
            var count = await client.Applications.Count.GetAsync(rc => rc.Headers.Add("ConsistencyLevel", "eventual"));
            Assert.Equal(251, count);
            var filtered = await client.Applications.Count.GetAsync(rc =>
            {
                rc.Headers.Add("ConsistencyLevel", "eventual");
                rc.QueryParameters.Filter = "startswith(displayName,'app-0000')";
            });
            Assert.Equal(100, filtered);
        }

        [Fact]
        public async Task Get_by_id_by_appId_and_404_with_Graph_error()
        {
            await using var lab = await StartAsync(3);
            var client = GraphTestClient.Create(lab);
            var app = await client.Applications[GraphTestClient.ObjectId(2)].GetAsync();
            Assert.Equal(GraphTestClient.AppId(2), app.AppId);
            var byAppId = await client.ApplicationsWithAppId(GraphTestClient.AppId(2)).GetAsync();
            Assert.Equal(GraphTestClient.ObjectId(2), byAppId.Id);
            var missing = await Assert.ThrowsAsync<ODataError>(() => client.Applications[Guid.NewGuid().ToString()].GetAsync());
            Assert.Equal(404, missing.ResponseStatusCode);
            Assert.Equal("Request_ResourceNotFound", missing.Error.Code);
            Assert.NotNull(missing.Error.InnerError.ClientRequestId);
        }

        [Fact]
        public async Task Requests_without_a_bearer_token_get_401_InvalidAuthenticationToken()
        {
            await using var lab = await StartAsync(1);
            // The SDK's default host list drops the token for 127.0.0.1 (protocols §0.1): the lab must refuse.
            var naive = new GraphServiceClient(new StaticTokenCredential(GraphLabCredentials.StaticToken), null, lab.GraphBaseUrl);
            var error = await Assert.ThrowsAsync<ODataError>(() => naive.Applications.GetAsync());
            Assert.Equal(401, error.ResponseStatusCode);
            Assert.Equal("InvalidAuthenticationToken", error.Error.Code);

            var wrong = GraphTestClient.Create(lab, new StaticTokenCredential("not-a-lab-token"));
            Assert.Equal(401, (await Assert.ThrowsAsync<ODataError>(() => wrong.Applications.GetAsync())).ResponseStatusCode);
        }

        [Fact]
        public async Task Responses_carry_json_content_type_and_request_ids()
        {
            await using var lab = await StartAsync(1);
            using var http = GraphTestClient.Raw(lab);
            var response = await http.GetAsync("v1.0/applications?$top=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType.MediaType);
            Assert.True(response.Headers.Contains("request-id"));
            var notFound = await http.GetAsync("v1.0/nothingHere");
            Assert.Equal("application/json", notFound.Content.Headers.ContentType.MediaType);
        }
    }
}
