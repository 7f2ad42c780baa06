using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>Owner references and JSON batching through the real SDK.</summary>
    public class GraphOwnerAndBatchTests
    {
        private const string Ada = "f0000000-0000-4000-8000-000000000001";
        private const string Bob = "f0000000-0000-4000-8000-000000000002";

        private static async Task<GraphLab> StartAsync(int apps)
        {
            var lab = await GraphLab.StartNewAsync();
            lab.SeedJson(GraphTestClient.Applications(apps));
            lab.SeedJson("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"value\":[" +
                         $"{{\"id\":\"{Ada}\",\"displayName\":\"Ada\",\"userPrincipalName\":\"ada@contoso.com\",\"accountEnabled\":true}}," +
                         $"{{\"id\":\"{Bob}\",\"displayName\":\"Bob\",\"userPrincipalName\":\"bob@contoso.com\",\"accountEnabled\":false}}]}}");
            return lab;
        }

        [Fact]
        public async Task Owner_ref_add_list_duplicate_and_remove()
        {
            await using var lab = await StartAsync(1);
            var client = GraphTestClient.Create(lab);
            var app = client.Applications[GraphTestClient.ObjectId(0)];
            await app.Owners.Ref.PostAsync(new ReferenceCreate { OdataId = "https://graph.microsoft.com/v1.0/directoryObjects/" + Ada });
            await app.Owners.Ref.PostAsync(new ReferenceCreate { OdataId = lab.GraphBaseUrl + "/directoryObjects/" + GraphLabCredentials.AdminServicePrincipalObjectId });
            Assert.All(lab.Log.Where("applications.owners.add"), e => Assert.Equal(204, e.Status));

            var owners = await app.Owners.GetAsync();
            Assert.Equal(new[] { Ada, GraphLabCredentials.AdminServicePrincipalObjectId }, owners.Value.Select(o => o.Id));
            Assert.IsType<User>(owners.Value[0]);
            Assert.IsType<ServicePrincipal>(owners.Value[1]);

            var duplicate = await Assert.ThrowsAsync<ODataError>(() =>
                app.Owners.Ref.PostAsync(new ReferenceCreate { OdataId = "https://graph.microsoft.com/v1.0/directoryObjects/" + Ada }));
            Assert.Equal(400, duplicate.ResponseStatusCode);
            Assert.Equal("Request_BadRequest", duplicate.Error.Code);
            Assert.Equal("One or more added object references already exist for the following modified properties: 'owners'.", duplicate.Error.Message);
            var unknown = await Assert.ThrowsAsync<ODataError>(() =>
                app.Owners.Ref.PostAsync(new ReferenceCreate { OdataId = "https://graph.microsoft.com/v1.0/directoryObjects/" + Guid.NewGuid() }));
            Assert.Equal(404, unknown.ResponseStatusCode);

            await app.Owners[Ada].Ref.DeleteAsync();
            Assert.Equal(204, lab.Log.Where("applications.owners.remove").Single().Status);
            Assert.Single((await app.Owners.GetAsync()).Value);
            var again = await Assert.ThrowsAsync<ODataError>(() => app.Owners[Ada].Ref.DeleteAsync());
            Assert.Equal(404, again.ResponseStatusCode);

            // The same on a service principal.
            var sp = client.ServicePrincipals[GraphLabCredentials.AdminServicePrincipalObjectId];
            await sp.Owners.Ref.PostAsync(new ReferenceCreate { OdataId = "https://graph.microsoft.com/v1.0/directoryObjects/" + Bob });
            Assert.Equal(Bob, Assert.Single((await sp.Owners.GetAsync()).Value).Id);
            await sp.Owners[Bob].Ref.DeleteAsync();
            Assert.Empty((await sp.Owners.GetAsync()).Value);
        }

        [Fact]
        public async Task Expand_owners_caps_at_20_but_the_owners_list_has_them_all()
        {
            await using var lab = await StartAsync(1);
            var users = string.Join(",", Enumerable.Range(0, 25).Select(i =>
                $"{{\"id\":\"{i:x8}-1111-4000-8000-000000000000\",\"displayName\":\"u{i}\",\"userPrincipalName\":\"u{i}@contoso.com\"}}"));
            lab.SeedJson("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"value\":[" + users + "]}");
            var client = GraphTestClient.Create(lab);
            for (var i = 0; i < 25; i++)
                await client.Applications[GraphTestClient.ObjectId(0)].Owners.Ref.PostAsync(new ReferenceCreate
                    { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{i:x8}-1111-4000-8000-000000000000" });

            var expanded = await client.Applications[GraphTestClient.ObjectId(0)].GetAsync(rc => rc.QueryParameters.Expand = new[] { "owners" });
            Assert.Equal(20, expanded.Owners.Count);
            var all = new List<DirectoryObject>();
            var first = await client.Applications[GraphTestClient.ObjectId(0)].Owners.GetAsync(rc => rc.QueryParameters.Top = 10);
            await PageIterator<DirectoryObject, DirectoryObjectCollectionResponse>.CreatePageIterator(client, first, o => { all.Add(o); return true; }).IterateAsync();
            Assert.Equal(25, all.Select(o => o.Id).Distinct().Count());
        }

        [Fact]
        public async Task Batch_reads_owners_of_45_apps_in_three_batches_answered_in_any_order()
        {
            await using var lab = await StartAsync(45);
            var client = GraphTestClient.Create(lab);
            for (var i = 0; i < 45; i += 3)
                await client.Applications[GraphTestClient.ObjectId(i)].Owners.Ref.PostAsync(new ReferenceCreate { OdataId = "https://graph.microsoft.com/v1.0/directoryObjects/" + Ada });
            lab.Log.Clear();

            var batch = new BatchRequestContentCollection(client);
            var steps = new Dictionary<string, int>();
            for (var i = 0; i < 45; i++)
                steps[await batch.AddBatchRequestStepAsync(client.Applications[GraphTestClient.ObjectId(i)].Owners.ToGetRequestInformation())] = i;
            var response = await client.Batch.PostAsync(batch);

            var codes = await response.GetResponsesStatusCodesAsync();
            Assert.Equal(45, codes.Count);
            Assert.All(codes.Values, c => Assert.Equal(HttpStatusCode.OK, c));
            foreach (var (stepId, i) in steps)
            {
                var owners = await response.GetResponseByIdAsync<DirectoryObjectCollectionResponse>(stepId);
                Assert.Equal(i % 3 == 0 ? 1 : 0, owners.Value.Count);
            }
            Assert.Equal(3, lab.Log.Count("batch"));
            Assert.Equal(45, lab.Log.Count(e => e.Parent == "batch" && e.Operation == "applications.owners.list"));
        }

        [Fact]
        public async Task A_429_inside_a_batch_is_a_per_item_status_with_Retry_After()
        {
            await using var lab = await StartAsync(5);
            lab.Faults.Add(FaultRule.Throttle("applications.get", retryAfterSeconds: 1).OnNth(2));
            var client = GraphTestClient.Create(lab);
            var batch = new BatchRequestContentCollection(client);
            var ids = new List<string>();
            for (var i = 0; i < 5; i++)
                ids.Add(await batch.AddBatchRequestStepAsync(client.Applications[GraphTestClient.ObjectId(i)].ToGetRequestInformation()));
            var response = await client.Batch.PostAsync(batch);
            var codes = await response.GetResponsesStatusCodesAsync();
            Assert.Equal(4, codes.Values.Count(c => c == HttpStatusCode.OK));
            var throttledId = codes.Single(c => (int)c.Value == 429).Key;
            var throttled = await response.GetResponseByIdAsync(throttledId);
            Assert.Equal("1", throttled.Headers.RetryAfter.ToString());
            // The SDK does not retry batch items; typed access to a failed item throws with the Graph error body.
            var error = await Assert.ThrowsAsync<ServiceException>(() => response.GetResponseByIdAsync<Application>(throttledId));
            Assert.Equal(429, error.ResponseStatusCode);
            Assert.Contains("TooManyRequests", error.RawResponseBody);
            Assert.Equal(1, lab.Log.Count(e => e.Parent == "batch" && e.Status == 429 && e.Fault == FaultKind.Status));
        }

        [Fact]
        public async Task Batch_rules_more_than_20_duplicate_ids_and_failed_dependencies()
        {
            await using var lab = await StartAsync(2);
            using var http = GraphTestClient.Raw(lab);
            async Task<(HttpStatusCode, JsonElement)> PostAsync(object payload)
            {
                var r = await http.PostAsync("v1.0/$batch", new StringContent(JsonSerializer.Serialize(payload), Encoding.UTF8, "application/json"));
                return (r.StatusCode, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement);
            }
            var tooMany = await PostAsync(new { requests = Enumerable.Range(1, 21).Select(i => new { id = i.ToString(), method = "GET", url = "/applications" }) });
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.Item1);
            var dup = await PostAsync(new { requests = new[] { new { id = "a", method = "GET", url = "/applications" }, new { id = "A", method = "GET", url = "/users" } } });
            Assert.Equal(HttpStatusCode.BadRequest, dup.Item1);

            var missing = Guid.NewGuid();
            var chain = await PostAsync(new
            {
                requests = new object[]
                {
                    new { id = "1", method = "GET", url = $"/applications/{missing}" },
                    new { id = "2", method = "POST", url = $"/applications/{missing}/addPassword", dependsOn = new[] { "1" },
                          headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body = new { passwordCredential = new { } } },
                    new { id = "3", method = "GET", url = "applications?$select=id&$top=1" },
                },
            });
            Assert.Equal(HttpStatusCode.OK, chain.Item1);
            var byId = chain.Item2.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString(), r => r.GetProperty("status").GetInt32());
            Assert.Equal(404, byId["1"]);
            Assert.Equal(424, byId["2"]);
            Assert.Equal(200, byId["3"]);
            Assert.Equal(0, lab.Log.Count("applications.addPassword")); // a failed dependency never runs
        }
    }
}
