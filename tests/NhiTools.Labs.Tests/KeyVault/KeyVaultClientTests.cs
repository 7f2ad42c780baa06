using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Labs.Common;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.Labs.Tests.KeyVault
{
    /// <summary>A credential that hands out a fixed token and records what the challenge made the SDK ask for.</summary>
    internal sealed class StaticTokenCredential : TokenCredential
    {
        public ConcurrentQueue<TokenRequestContext> Requests { get; } = new ConcurrentQueue<TokenRequestContext>();
        readonly string _token;
        public StaticTokenCredential(string token = "lab-token") { _token = token; }
        public override AccessToken GetToken(TokenRequestContext context, CancellationToken cancellationToken)
        {
            Requests.Enqueue(context);
            return new AccessToken(_token, DateTimeOffset.UtcNow.AddHours(1));
        }
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext context, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(context, cancellationToken));
    }

    /// <summary>The real SecretClient (Azure.Security.KeyVault.Secrets 4.12) through the challenge, over the lab's HTTPS.</summary>
    public class KeyVaultClientTests
    {
        readonly Xunit.Abstractions.ITestOutputHelper _out;
        public KeyVaultClientTests(Xunit.Abstractions.ITestOutputHelper output) { _out = output; }

        static SecretClient Client(KeyVaultLab lab, StaticTokenCredential credential = null)
        {
            var options = new SecretClientOptions
            {
                DisableChallengeResourceVerification = true, // 127.0.0.1 does not end with ".vault.azure.net"
                Transport = new HttpClientTransport(lab.CreateTrustingHandler()),
            };
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(10);
            return new SecretClient(new Uri(lab.BaseUrl + "/"), credential ?? new StaticTokenCredential(), options);
        }

        // The SDK caches a parsed challenge per host:port for the whole process, so a lab that landed on a port an
        // earlier lab used would never be challenged. Tests therefore never reuse a port.
        static readonly System.Collections.Generic.HashSet<int> UsedPorts = new System.Collections.Generic.HashSet<int>();

        static async Task<KeyVaultLab> StartAsync(KeyVaultLabOptions options = null)
        {
            while (true)
            {
                var lab = new KeyVaultLab(options);
                await lab.StartAsync();
                lock (UsedPorts) if (UsedPorts.Add(lab.Port)) return lab;
                await lab.DisposeAsync();
            }
        }

        [Fact]
        public async Task Set_and_get_go_through_the_401_challenge_over_https()
        {
            await using var lab = await StartAsync();
            Assert.StartsWith("https://127.0.0.1:", lab.BaseUrl);
            var credential = new StaticTokenCredential();
            var client = Client(lab, credential);
            var set = await client.SetSecretAsync(new KeyVaultSecret("db-password", "s3cr3t-value") { Properties = { ContentType = "text/plain" } });
            Assert.Equal("db-password", set.Value.Name);
            Assert.Equal(32, set.Value.Properties.Version.Length);
            var got = await client.GetSecretAsync("db-password");
            Assert.Equal("s3cr3t-value", got.Value.Value);
            Assert.Equal("text/plain", got.Value.Properties.ContentType);
            Assert.Equal(set.Value.Properties.Version, got.Value.Properties.Version);

            var log = await LogWait.EntriesAsync(lab, 3);
            foreach (var e in log) _out.WriteLine(e.ToString());
            Assert.Equal(3, log.Count);
            Assert.Equal(("SetSecret", 401), (log[0].Operation, log[0].Status)); // no token, no body: challenged
            Assert.Equal(("SetSecret", 200), (log[1].Operation, log[1].Status));
            Assert.Equal(("GetSecret", 200), (log[2].Operation, log[2].Status));
            Assert.True(log[1].IsWrite);
            Assert.False(log[2].IsWrite);
            var asked = Assert.Single(credential.Requests.Distinct());
            Assert.Equal(new[] { "https://vault.azure.net/.default" }, asked.Scopes);
            Assert.Equal(lab.VaultOptions.TenantId, asked.TenantId);
            var apiVersion = Assert.Single(lab.ApiVersionsSeen.Keys);
            Assert.Contains("api-version=" + apiVersion, log[2].PathAndQuery);
        }

        [Fact]
        public async Task Challenge_matches_real_key_vault_before_any_body_is_read()
        {
            await using var lab = await StartAsync();
            using var http = new HttpClient(lab.CreateTrustingHandler());
            using var resp = await http.PutAsync(lab.BaseUrl + "/secrets/x?api-version=7.5", new StringContent("not json at all"));
            Assert.Equal(HttpStatusCode.Unauthorized, resp.StatusCode);
            Assert.Equal("Bearer authorization=\"https://login.windows.net/" + lab.VaultOptions.TenantId + "\", resource=\"https://vault.azure.net\"",
                resp.Headers.WwwAuthenticate.ToString());
            Assert.Contains("AKV10000", await resp.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_configured_token_is_required_when_set()
        {
            await using var lab = await StartAsync(new KeyVaultLabOptions { RequiredToken = "the-right-token" });
            lab.Store.Set("s", "v");
            var wrong = await Assert.ThrowsAsync<RequestFailedException>(() => Client(lab, new StaticTokenCredential("a-wrong-token")).GetSecretAsync("s"));
            Assert.Equal(401, wrong.Status);
            Assert.Equal("v", (await Client(lab, new StaticTokenCredential("the-right-token")).GetSecretAsync("s")).Value.Value);
        }

        [Fact]
        public async Task Resource_verification_stays_on_with_a_vault_host_dialled_to_loopback()
        {
            await using var lab = await StartAsync();
            var thumbprint = lab.Certificate.Thumbprint;
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (ctx, ct) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(IPAddress.Loopback, lab.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert != null && cert.GetCertHashString() == thumbprint;
            var options = new SecretClientOptions { Transport = new HttpClientTransport(handler) };
            var client = new SecretClient(new Uri($"https://myvault.vault.azure.net:{lab.Port}/"), new StaticTokenCredential(), options);
            await client.SetSecretAsync("api-key", "v1");
            var got = await client.GetSecretAsync("api-key");
            Assert.Equal("v1", got.Value.Value);
            Assert.Equal(new Uri($"https://myvault.vault.azure.net:{lab.Port}/"), got.Value.Properties.VaultUri);
        }

        [Fact]
        public async Task List_is_paged_with_nextLinks_that_echo_the_api_version()
        {
            await using var lab = await StartAsync();
            for (int i = 0; i < 30; i++) lab.Store.Set($"secret-{i:D2}", "v" + i, tags: new System.Collections.Generic.Dictionary<string, string> { ["owner"] = "team" + (i % 3) });
            var client = Client(lab);
            var names = new System.Collections.Generic.List<string>();
            await foreach (var p in client.GetPropertiesOfSecretsAsync()) names.Add(p.Name);
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"secret-{i:D2}"), names);
            var lists = await LogWait.EntriesAsync(lab, e => e.Operation == "ListSecrets" && e.Status == 200, 2);
            Assert.Equal(2, lists.Count); // default page of 25
            var apiVersion = Assert.Single(lab.ApiVersionsSeen.Keys);
            Assert.Contains("api-version=" + apiVersion, lists[1].PathAndQuery);
            Assert.Contains("$skiptoken=", lists[1].PathAndQuery);

            using var http = new HttpClient(lab.CreateTrustingHandler());
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t");
            var page = await http.GetStringAsync(lab.BaseUrl + "/secrets?api-version=7.4&maxresults=7");
            Assert.Contains("api-version=7.4", page);
            Assert.Contains("maxresults=7", page);
            Assert.DoesNotContain("\"value\":\"v", page); // list items never carry values
            // Latest version with and without the trailing slash older SDKs send.
            Assert.Contains("\"value\":\"v0\"", await http.GetStringAsync(lab.BaseUrl + "/secrets/secret-00/?api-version=7.4"));
            Assert.Contains("\"value\":\"v0\"", await http.GetStringAsync(lab.BaseUrl + "/secrets/secret-00?api-version=7.4"));
        }

        [Fact]
        public async Task Versions_and_property_updates_with_tags_exp_and_enabled()
        {
            await using var lab = await StartAsync();
            var client = Client(lab);
            await client.SetSecretAsync("svc-cred", "old");
            var current = (await client.SetSecretAsync("svc-cred", "new")).Value;
            var versions = new System.Collections.Generic.List<SecretProperties>();
            await foreach (var v in client.GetPropertiesOfSecretVersionsAsync("svc-cred")) versions.Add(v);
            Assert.Equal(2, versions.Count);
            Assert.All(versions, v => Assert.Equal(32, v.Version.Length));

            var exp = new DateTimeOffset(2027, 5, 1, 0, 0, 0, TimeSpan.Zero);
            current.Properties.Tags["owner"] = "alice@example.com";
            current.Properties.ExpiresOn = exp;
            var updated = await client.UpdateSecretPropertiesAsync(current.Properties);
            Assert.Equal("alice@example.com", updated.Value.Tags["owner"]);
            var got = (await client.GetSecretAsync("svc-cred")).Value;
            Assert.Equal("new", got.Value);
            Assert.Equal(exp, got.Properties.ExpiresOn);
            Assert.Equal("alice@example.com", got.Properties.Tags["owner"]);
            Assert.Equal("old", (await client.GetSecretAsync("svc-cred", versions.Single(v => v.Version != current.Properties.Version).Version)).Value.Value);

            got.Properties.Enabled = false;
            await client.UpdateSecretPropertiesAsync(got.Properties);
            var disabled = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("svc-cred"));
            Assert.Equal(403, disabled.Status);
            Assert.Equal("Forbidden", disabled.ErrorCode);
            var missing = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("nope"));
            Assert.Equal(404, missing.Status);
            Assert.Equal("SecretNotFound", missing.ErrorCode);
        }

        [Fact]
        public async Task Delete_is_soft_and_recover_brings_every_version_back()
        {
            await using var lab = await StartAsync();
            var client = Client(lab);
            await client.SetSecretAsync("rotating", "a");
            await client.SetSecretAsync("rotating", "b");
            var delete = await client.StartDeleteSecretAsync("rotating");
            var deleted = await delete.WaitForCompletionAsync();
            Assert.Equal("rotating", deleted.Value.Name);
            Assert.NotNull(deleted.Value.ScheduledPurgeDate);
            Assert.Equal(404, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("rotating"))).Status);
            var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => client.SetSecretAsync("rotating", "c"));
            Assert.Equal(409, conflict.Status);
            Assert.Equal("rotating", (await client.GetDeletedSecretAsync("rotating")).Value.Name);
            var deletedNames = new System.Collections.Generic.List<string>();
            await foreach (var d in client.GetDeletedSecretsAsync()) deletedNames.Add(d.Name);
            Assert.Equal(new[] { "rotating" }, deletedNames);

            var recover = await client.StartRecoverDeletedSecretAsync("rotating");
            await recover.WaitForCompletionAsync();
            Assert.Equal("b", (await client.GetSecretAsync("rotating")).Value.Value);
            Assert.Equal(2, lab.Store.Find("rotating").Versions.Count);

            await (await client.StartDeleteSecretAsync("rotating")).WaitForCompletionAsync();
            await client.PurgeDeletedSecretAsync("rotating");
            Assert.Null(lab.Store.FindDeleted("rotating"));
            Assert.Single(await LogWait.EntriesAsync(lab, e => e.Operation == "PurgeDeletedSecret" && e.Status == 204, 1));
        }

        [Fact]
        public async Task Throttled_request_is_retried_by_the_sdk_after_retry_after_and_logged()
        {
            await using var lab = await StartAsync();
            lab.Store.Set("hot", "v");
            var client = Client(lab);
            await client.GetSecretAsync("hot"); // settle the challenge first
            await LogWait.EntriesAsync(lab, 2);
            lab.Log.Clear();
            lab.Faults.Add(FaultRule.Throttle("GetSecret", retryAfterSeconds: 1).Limit(1));
            var watch = Stopwatch.StartNew();
            Assert.Equal("v", (await client.GetSecretAsync("hot")).Value.Value);
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), "Retry-After: 1 must be honoured, waited " + watch.Elapsed);
            var log = await LogWait.EntriesAsync(lab, "GetSecret", 2);
            Assert.Equal(2, log.Count);
            Assert.Equal((429, FaultKind.Status), (log[0].Status, log[0].Fault.Value));
            Assert.Equal(200, log[1].Status);

            lab.Faults.Add(FaultRule.Throttle("GetSecret"));
            var ex = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("hot"));
            Assert.Equal(429, ex.Status);
            Assert.Equal("Throttled", ex.ErrorCode);
        }

        [Fact]
        public async Task Seeded_from_az_secret_list_json_with_invented_values()
        {
            var dir = Directory.CreateTempSubdirectory("nhi-kvseed-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "kv-prod-secrets.json"), @"[
  {""attributes"":{""created"":""2025-01-10T08:00:00+00:00"",""enabled"":true,""expires"":""2026-01-10T08:00:00+00:00"",""notBefore"":null,""recoverableDays"":90,""recoveryLevel"":""Recoverable+Purgeable"",""updated"":""2025-01-10T08:00:00+00:00""},
   ""contentType"":""text/plain"",""id"":""https://kv-prod.vault.azure.net/secrets/billing-api-key"",""managed"":null,""name"":""billing-api-key"",""tags"":{""owner"":""payments@example.com""}},
  {""attributes"":{""created"":""2024-03-01T00:00:00+00:00"",""enabled"":false,""expires"":null,""notBefore"":null,""recoverableDays"":90,""recoveryLevel"":""Recoverable+Purgeable"",""updated"":""2024-03-01T00:00:00+00:00""},
   ""contentType"":null,""id"":""https://kv-prod.vault.azure.net/secrets/legacy-conn"",""managed"":null,""name"":""legacy-conn"",""tags"":{}}
]");
                await using var lab = await StartAsync();
                Assert.Equal(2, KeyVaultSeeder.LoadDirectory(lab.Store, dir));
                var client = Client(lab);
                var props = new System.Collections.Generic.List<SecretProperties>();
                await foreach (var p in client.GetPropertiesOfSecretsAsync()) props.Add(p);
                Assert.Equal(new[] { "billing-api-key", "legacy-conn" }, props.Select(p => p.Name));
                var billing = props[0];
                Assert.Equal("payments@example.com", billing.Tags["owner"]);
                Assert.Equal(new DateTimeOffset(2026, 1, 10, 8, 0, 0, TimeSpan.Zero), billing.ExpiresOn);
                Assert.Equal(new DateTimeOffset(2025, 1, 10, 8, 0, 0, TimeSpan.Zero), billing.CreatedOn);
                Assert.False(props[1].Enabled);
                Assert.Equal(lab.Store.InventedValue("billing-api-key"), (await client.GetSecretAsync("billing-api-key")).Value.Value);
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
