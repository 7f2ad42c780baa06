using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Azure;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.Labs.Tests.KeyVault
{
    /// <summary>What real vaults do that the first lab did not: empty pages with a nextLink, managed secrets, the 409's inner code.</summary>
    public class KeyVaultLabExtensionTests
    {
        static SecretClient Client(KeyVaultLab lab)
        {
            var options = new SecretClientOptions { DisableChallengeResourceVerification = true, Transport = new HttpClientTransport(lab.CreateTrustingHandler()) };
            options.Retry.MaxRetries = 0;
            return new SecretClient(new Uri(lab.BaseUrl + "/"), new StaticTokenCredential(), options);
        }

        static HttpClient Http(KeyVaultLab lab)
        {
            var http = new HttpClient(lab.CreateTrustingHandler());
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t");
            return http;
        }

        [Fact]
        public async Task Empty_pages_with_a_nextLink_come_before_every_page_and_the_sdk_follows_them()
        {
            await using var lab = new KeyVaultLab(new KeyVaultLabOptions { EmptyPages = 2 });
            await lab.StartAsync();
            for (int i = 0; i < 30; i++) lab.Store.Set($"s-{i:D2}", "v");
            var names = new List<string>();
            await foreach (var p in Client(lab).GetPropertiesOfSecretsAsync()) names.Add(p.Name);
            Assert.Equal(Enumerable.Range(0, 30).Select(i => $"s-{i:D2}"), names);
            Assert.Equal(6, lab.Log.Where("ListSecrets").Count(e => e.Status == 200)); // (2 empty + 1) x 2 pages

            using var http = Http(lab);
            using var first = JsonDocument.Parse(await http.GetStringAsync(lab.BaseUrl + "/secrets?api-version=7.6&maxresults=5"));
            Assert.Equal(0, first.RootElement.GetProperty("value").GetArrayLength());
            var next = first.RootElement.GetProperty("nextLink").GetString();
            Assert.Contains("api-version=7.6", next);
            Assert.Contains("maxresults=5", next);

            await (await Client(lab).StartDeleteSecretAsync("s-00")).WaitForCompletionAsync();
            var deleted = new List<string>();
            await foreach (var d in Client(lab).GetDeletedSecretsAsync()) deleted.Add(d.Name);
            Assert.Equal(new[] { "s-00" }, deleted);
            var versions = new List<string>();
            await foreach (var v in Client(lab).GetPropertiesOfSecretVersionsAsync("s-01")) versions.Add(v.Version);
            Assert.Single(versions);
        }

        [Fact]
        public async Task Empty_pages_can_be_turned_on_at_run_time_outside_the_vault_api()
        {
            await using var lab = new KeyVaultLab();
            await lab.StartAsync();
            using var plain = new HttpClient(lab.CreateTrustingHandler());
            using var resp = await plain.PutAsync(lab.BaseUrl + "/_kvlab/emptypages/1", null);
            Assert.Equal(HttpStatusCode.NoContent, resp.StatusCode);
            Assert.Equal(1, lab.VaultOptions.EmptyPages);
            Assert.Equal(0, lab.Log.Writes());
        }

        [Fact]
        public async Task Certificate_backing_secrets_are_seeded_as_managed_with_their_key_id()
        {
            await using var lab = new KeyVaultLab();
            using (var doc = JsonDocument.Parse(@"[
  {""attributes"":{""created"":""2025-01-10T08:00:00+00:00"",""enabled"":true,""expires"":""2026-01-10T08:00:00+00:00""},
   ""contentType"":""application/x-pkcs12"",""id"":""https://kv-prod.vault.azure.net/secrets/web-tls"",""managed"":true,""name"":""web-tls"",""tags"":{}},
  {""attributes"":{""created"":""2025-01-10T08:00:00+00:00"",""enabled"":true},
   ""contentType"":null,""id"":""https://kv-prod.vault.azure.net/secrets/plain"",""managed"":null,""name"":""plain"",""tags"":{}}
]"))
                Assert.Equal(2, KeyVaultSeeder.LoadSecretList(lab.Store, doc.RootElement));
            await lab.StartAsync();
            var props = new List<SecretProperties>();
            await foreach (var p in Client(lab).GetPropertiesOfSecretsAsync()) props.Add(p);
            var tls = props.Single(p => p.Name == "web-tls");
            Assert.True(tls.Managed);
            Assert.False(props.Single(p => p.Name == "plain").Managed);
            var got = (await Client(lab).GetSecretAsync("web-tls")).Value;
            Assert.True(got.Properties.Managed);
            Assert.Contains("/keys/web-tls/", got.Properties.KeyId.ToString());
        }

        [Fact]
        public async Task Setting_a_deleted_name_is_409_with_the_inner_code_real_vaults_send()
        {
            await using var lab = new KeyVaultLab();
            await lab.StartAsync();
            lab.Store.Set("gone", "v");
            await (await Client(lab).StartDeleteSecretAsync("gone")).WaitForCompletionAsync();
            var ex = await Assert.ThrowsAsync<RequestFailedException>(() => Client(lab).SetSecretAsync("gone", "w"));
            Assert.Equal(409, ex.Status);
            Assert.Equal("Conflict", ex.ErrorCode);
            using var http = Http(lab);
            using var resp = await http.PutAsync(lab.BaseUrl + "/secrets/gone?api-version=7.6", new StringContent("{\"value\":\"w\"}"));
            using var body = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
            Assert.Equal("ObjectIsDeletedButRecoverable", body.RootElement.GetProperty("error").GetProperty("innererror").GetProperty("code").GetString());
        }

        [Fact]
        public async Task A_version_can_be_disabled_and_retagged_by_patch_and_read_by_version()
        {
            await using var lab = new KeyVaultLab();
            await lab.StartAsync();
            var client = Client(lab);
            var v1 = (await client.SetSecretAsync("app", "one")).Value.Properties;
            await client.SetSecretAsync("app", "two");
            v1.Enabled = false;
            v1.Tags["nhi-rotation"] = "retired";
            var patched = (await client.UpdateSecretPropertiesAsync(v1)).Value;
            Assert.False(patched.Enabled);
            Assert.Equal("retired", patched.Tags["nhi-rotation"]);
            Assert.Equal("two", (await client.GetSecretAsync("app")).Value.Value); // latest untouched
            Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => client.GetSecretAsync("app", v1.Version))).Status);
            var listed = new List<SecretProperties>();
            await foreach (var v in client.GetPropertiesOfSecretVersionsAsync("app")) listed.Add(v);
            Assert.False(listed.Single(v => v.Version == v1.Version).Enabled);
        }
    }
}
