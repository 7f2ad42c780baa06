using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using NhiTools.Labs.Graph;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>A fixed bearer token, as protocols.md §A9 recommends for pointing the SDK at a local server.</summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        private readonly string _token;
        public StaticTokenCredential(string token) { _token = token; }
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new AccessToken(_token, DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));
    }

    /// <summary>The real GraphServiceClient wired to a lab (§A9: allowedHosts must name 127.0.0.1 or the token is dropped).</summary>
    internal static class GraphTestClient
    {
        public static GraphServiceClient Create(GraphLab lab, TokenCredential credential = null, string baseUrl = null)
        {
            credential ??= new StaticTokenCredential(GraphLabCredentials.StaticToken);
            var auth = new AzureIdentityAuthenticationProvider(credential, new[] { "127.0.0.1" }, null, false,
                GraphLabCredentials.GraphScope);
            return new GraphServiceClient(auth, baseUrl ?? lab.GraphBaseUrl);
        }

        /// <summary>ClientSecretCredential against the lab's token endpoint (TLS, instance discovery off).</summary>
        public static ClientSecretCredential Credential(GraphLab lab, string clientId, string secret)
        {
            var options = new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(lab.AuthorityHost),
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(lab.CreateTrustingHandler()),
                Retry = { MaxRetries = 0 },
            };
            return new ClientSecretCredential(lab.TenantId, clientId, secret, options);
        }

        public static HttpClient Raw(GraphLab lab, string token = GraphLabCredentials.StaticToken)
        {
            var http = new HttpClient { BaseAddress = new Uri(lab.BaseUrl + "/") };
            if (token != null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return http;
        }

        /// <summary>A Graph collection response with n synthetic applications (ids and appIds are deterministic).</summary>
        public static string Applications(int count, int start = 0, string prefix = "app")
        {
            var sb = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications\",\"value\":[");
            for (var i = start; i < start + count; i++)
            {
                if (i > start) sb.Append(',');
                sb.Append("{\"id\":\"").Append(ObjectId(i)).Append("\",\"appId\":\"").Append(AppId(i))
                  .Append("\",\"displayName\":\"").Append(prefix).Append('-').Append(i.ToString("000000"))
                  .Append("\",\"createdDateTime\":\"2025-01-01T00:00:00Z\",\"signInAudience\":\"AzureADMyOrg\",\"publisherDomain\":\"contoso.com\",")
                  .Append("\"tags\":[],\"keyCredentials\":[{\"customKeyIdentifier\":\"QUJD\",\"displayName\":\"cert\",\"endDateTime\":\"2027-01-01T00:00:00Z\",\"key\":\"TUlJQw==\",\"keyId\":\"")
                  .Append(Guid(i, 7)).Append("\",\"startDateTime\":\"2025-01-01T00:00:00Z\",\"type\":\"AsymmetricX509Cert\",\"usage\":\"Verify\"}],")
                  .Append("\"passwordCredentials\":[{\"customKeyIdentifier\":null,\"displayName\":\"old\",\"endDateTime\":\"2026-06-01T00:00:00Z\",\"hint\":\"abc\",\"keyId\":\"")
                  .Append(Guid(i, 9)).Append("\",\"secretText\":null,\"startDateTime\":\"2025-06-01T00:00:00Z\"}]}");
            }
            return sb.Append("]}").ToString();
        }

        public static string ObjectId(int i) => Guid(i, 1);
        public static string AppId(int i) => Guid(i, 2);
        private static string Guid(int i, int kind) => $"{kind:x8}-0000-4000-8000-{i:x12}";
    }
}
