using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph.Applications.Item.AddPassword;
using Microsoft.Graph.Applications.Item.RemovePassword;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>addPassword / removePassword and the token endpoint, through Microsoft.Graph and Azure.Identity.</summary>
    public class GraphCredentialTests
    {
        private static readonly TokenRequestContext GraphScope = new TokenRequestContext(new[] { GraphLabCredentials.GraphScope });

        [Fact]
        public async Task AddPassword_returns_secretText_once_with_hint_and_defaults_and_lists_never_show_it()
        {
            await using var lab = await GraphLab.StartNewAsync();
            lab.SeedJson(GraphTestClient.Applications(3));
            var client = GraphTestClient.Create(lab);
            var before = DateTimeOffset.UtcNow.AddSeconds(-5);

            var created = await client.Applications[GraphTestClient.ObjectId(1)].AddPassword.PostAsync(new AddPasswordPostRequestBody
            {
                PasswordCredential = new PasswordCredential { DisplayName = "rotation 1" },
            });

            Assert.NotNull(created.SecretText);
            Assert.InRange(created.SecretText.Length, 16, 64);
            Assert.Equal(created.SecretText.Substring(0, 3), created.Hint);
            Assert.NotEqual(Guid.Empty, created.KeyId);
            Assert.Equal("rotation 1", created.DisplayName);
            Assert.InRange(created.StartDateTime.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
            Assert.Equal(created.StartDateTime.Value.AddYears(2), created.EndDateTime.Value);
            Assert.Null(created.CustomKeyIdentifier);

            var app = await client.Applications[GraphTestClient.ObjectId(1)].GetAsync();
            var listed = app.PasswordCredentials.Single(p => p.KeyId == created.KeyId);
            Assert.Null(listed.SecretText);
            Assert.Equal(created.Hint, listed.Hint);
            var page = await client.Applications.GetAsync();
            Assert.All(page.Value.SelectMany(a => a.PasswordCredentials), p => Assert.Null(p.SecretText));
            using var http = GraphTestClient.Raw(lab);
            Assert.DoesNotContain(created.SecretText, await http.GetStringAsync("v1.0/applications?$top=999"));
        }

        [Fact]
        public async Task AddPassword_honours_given_dates_and_rejects_an_end_before_the_start()
        {
            await using var lab = await GraphLab.StartNewAsync();
            lab.SeedJson(GraphTestClient.Applications(1));
            var client = GraphTestClient.Create(lab);
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            var created = await client.Applications[GraphTestClient.ObjectId(0)].AddPassword.PostAsync(new AddPasswordPostRequestBody
            {
                PasswordCredential = new PasswordCredential { StartDateTime = start, EndDateTime = start.AddDays(90) },
            });
            Assert.Equal(start, created.StartDateTime);
            Assert.Equal(start.AddDays(90), created.EndDateTime);

            var bad = await Assert.ThrowsAsync<ODataError>(() => client.Applications[GraphTestClient.ObjectId(0)].AddPassword.PostAsync(new AddPasswordPostRequestBody
            {
                PasswordCredential = new PasswordCredential { StartDateTime = start, EndDateTime = start.AddDays(-1) },
            }));
            Assert.Equal(400, bad.ResponseStatusCode);
            // (appId='...') addressing, which the SDK exposes for GET only.
            using var http = GraphTestClient.Raw(lab);
            var byAppId = await http.PostAsync($"v1.0/applications(appId='{GraphTestClient.AppId(0)}')/addPassword",
                new StringContent("{\"passwordCredential\":{\"displayName\":\"by appId\"}}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, byAppId.StatusCode);
            Assert.Contains("\"secretText\":", await byAppId.Content.ReadAsStringAsync());
            Assert.Equal(3, (await client.Applications[GraphTestClient.ObjectId(0)].GetAsync()).PasswordCredentials.Count);

            var missing = await Assert.ThrowsAsync<ODataError>(() => client.Applications[Guid.NewGuid().ToString()].AddPassword.PostAsync(new AddPasswordPostRequestBody()));
            Assert.Equal(404, missing.ResponseStatusCode);
        }

        [Fact]
        public async Task RemovePassword_is_204_and_an_unknown_keyId_is_400()
        {
            await using var lab = await GraphLab.StartNewAsync();
            lab.SeedJson(GraphTestClient.Applications(1));
            var client = GraphTestClient.Create(lab);
            var id = GraphTestClient.ObjectId(0);
            var created = await client.Applications[id].AddPassword.PostAsync(new AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential() });

            await client.Applications[id].RemovePassword.PostAsync(new RemovePasswordPostRequestBody { KeyId = created.KeyId });
            Assert.Equal(204, lab.Log.Where("applications.removePassword").Single().Status);
            var app = await client.Applications[id].GetAsync();
            Assert.DoesNotContain(app.PasswordCredentials, p => p.KeyId == created.KeyId);

            var again = await Assert.ThrowsAsync<ODataError>(() =>
                client.Applications[id].RemovePassword.PostAsync(new RemovePasswordPostRequestBody { KeyId = created.KeyId }));
            Assert.Equal(400, again.ResponseStatusCode);
            Assert.Equal("Request_BadRequest", again.Error.Code);
        }

        [Fact]
        public async Task ClientSecretCredential_gets_a_token_for_the_seeded_admin_secret_and_calls_Graph_with_it()
        {
            await using var lab = await GraphLab.StartNewAsync(new GraphLabOptions { AcceptStaticToken = false });
            var credential = GraphTestClient.Credential(lab, GraphLabCredentials.AdminClientId, GraphLabCredentials.AdminClientSecret);
            var token = await credential.GetTokenAsync(GraphScope, default);
            Assert.Equal(3, token.Token.Split('.').Length);
            Assert.True(token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(50));

            var client = GraphTestClient.Create(lab, credential);
            var admin = await client.Applications[GraphLabCredentials.AdminAppObjectId].GetAsync();
            Assert.Equal("NhiTools Lab Admin", admin.DisplayName);
            Assert.Equal(1, lab.Log.Count("token"));

            var stat = GraphTestClient.Create(lab); // static token refused when the lab is strict
            Assert.Equal(401, (await Assert.ThrowsAsync<ODataError>(() => stat.Applications.GetAsync())).ResponseStatusCode);
        }

        [Fact]
        public async Task A_rotated_secret_works_for_real_and_a_removed_one_stops_working()
        {
            await using var lab = await GraphLab.StartNewAsync();
            lab.SeedJson(GraphTestClient.Applications(1));
            var client = GraphTestClient.Create(lab);
            var id = GraphTestClient.ObjectId(0);
            var appId = GraphTestClient.AppId(0);
            var created = await client.Applications[id].AddPassword.PostAsync(new AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential() });

            var token = await GraphTestClient.Credential(lab, appId, created.SecretText).GetTokenAsync(GraphScope, default);
            Assert.False(string.IsNullOrEmpty(token.Token));

            await client.Applications[id].RemovePassword.PostAsync(new RemovePasswordPostRequestBody { KeyId = created.KeyId });
            var failure = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
                GraphTestClient.Credential(lab, appId, created.SecretText).GetTokenAsync(GraphScope, default).AsTask());
            Assert.Contains("AADSTS7000215", failure.ToString()); // MSAL keeps the server text in the inner exception
            Assert.DoesNotContain(created.SecretText, failure.ToString());

            var wrongApp = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
                GraphTestClient.Credential(lab, Guid.NewGuid().ToString(), "whatever").GetTokenAsync(GraphScope, default).AsTask());
            Assert.Contains("AADSTS700016", wrongApp.ToString());
        }

        [Fact]
        public async Task A_new_secret_is_refused_until_it_has_propagated()
        {
            // The lab's clock moves only when the test says so (a loaded machine can take 1.5 s for the first token call).
            var clock = new Iam.ManualClock(DateTimeOffset.UtcNow);
            await using var lab = await GraphLab.StartNewAsync(new GraphLabOptions { SecretPropagationDelay = TimeSpan.FromMilliseconds(1500), Clock = clock });
            lab.SeedJson(GraphTestClient.Applications(1));
            var client = GraphTestClient.Create(lab);
            var created = await client.Applications[GraphTestClient.ObjectId(0)].AddPassword.PostAsync(new AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential() });
            await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
                GraphTestClient.Credential(lab, GraphTestClient.AppId(0), created.SecretText).GetTokenAsync(GraphScope, default).AsTask());
            clock.Advance(TimeSpan.FromMilliseconds(1600));
            var token = await GraphTestClient.Credential(lab, GraphTestClient.AppId(0), created.SecretText).GetTokenAsync(GraphScope, default);
            Assert.False(string.IsNullOrEmpty(token.Token));
        }

        [Fact]
        public async Task Service_principal_passwords_work_the_same_and_managed_identities_refuse_them()
        {
            await using var lab = await GraphLab.StartNewAsync(new GraphLabOptions { SeedPath = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "graph") });
            var client = GraphTestClient.Create(lab);
            var sp = client.ServicePrincipals["b0000000-0000-4000-8000-000000000001"];
            var created = await sp.AddPassword.PostAsync(new Microsoft.Graph.ServicePrincipals.Item.AddPassword.AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential() });
            Assert.Equal(created.SecretText.Substring(0, 3), created.Hint);
            Assert.Null((await sp.GetAsync()).PasswordCredentials.Single().SecretText);
            await sp.RemovePassword.PostAsync(new Microsoft.Graph.ServicePrincipals.Item.RemovePassword.RemovePasswordPostRequestBody { KeyId = created.KeyId });
            Assert.Empty((await sp.GetAsync()).PasswordCredentials);

            var mi = await Assert.ThrowsAsync<ODataError>(() => client.ServicePrincipals["b0000000-0000-4000-8000-000000000010"].AddPassword
                .PostAsync(new Microsoft.Graph.ServicePrincipals.Item.AddPassword.AddPasswordPostRequestBody { PasswordCredential = new PasswordCredential() }));
            Assert.Equal(400, mi.ResponseStatusCode);
            Assert.Equal(0, lab.Log.Count(e => e.Operation == "servicePrincipals.addPassword" && e.Status == 200 && e.PathAndQuery.Contains("000000000010")));
        }

        [Fact]
        public async Task Token_endpoint_answers_in_Entra_error_shape()
        {
            await using var lab = await GraphLab.StartNewAsync();
            using var http = new HttpClient(lab.CreateTrustingHandler()) { BaseAddress = new Uri(lab.AuthorityHost + "/") };
            async Task<(HttpStatusCode, string)> PostAsync(string tenant, params (string, string)[] form)
            {
                var r = await http.PostAsync(tenant + "/oauth2/v2.0/token", new FormUrlEncodedContent(form.Select(f => new System.Collections.Generic.KeyValuePair<string, string>(f.Item1, f.Item2))));
                return (r.StatusCode, await r.Content.ReadAsStringAsync());
            }
            var ok = await PostAsync(lab.TenantId, ("grant_type", "client_credentials"), ("client_id", GraphLabCredentials.AdminClientId),
                ("client_secret", GraphLabCredentials.AdminClientSecret), ("scope", GraphLabCredentials.GraphScope));
            Assert.Equal(HttpStatusCode.OK, ok.Item1);
            Assert.Contains("\"token_type\":\"Bearer\"", ok.Item2);
            var bad = await PostAsync(lab.TenantId, ("grant_type", "client_credentials"), ("client_id", GraphLabCredentials.AdminClientId),
                ("client_secret", "wrong"), ("scope", GraphLabCredentials.GraphScope));
            Assert.Equal(HttpStatusCode.Unauthorized, bad.Item1);
            Assert.Contains("\"error\":\"invalid_client\"", bad.Item2);
            Assert.Contains("AADSTS7000215", bad.Item2);
            var scope = await PostAsync(lab.TenantId, ("grant_type", "client_credentials"), ("client_id", GraphLabCredentials.AdminClientId),
                ("client_secret", GraphLabCredentials.AdminClientSecret), ("scope", "User.Read"));
            Assert.Contains("invalid_scope", scope.Item2);
            var tenant = await PostAsync(Guid.NewGuid().ToString(), ("grant_type", "client_credentials"));
            Assert.Contains("AADSTS90002", tenant.Item2);
        }
    }
}
