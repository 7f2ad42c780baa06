using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.KeyVault.Tests
{
    /// <summary>The live KeyVault source (Connect-NhiKeyVault's engine) against KeyVaultLab seeded from TestData/kv-seed.</summary>
    public class KeyVaultLiveSourceTests
    {
        static readonly string SeedDir = Path.Combine(AppContext.BaseDirectory, "TestData", "kv-seed");

        static async Task<KeyVaultLab> SeededAsync(int emptyPages = 0)
        {
            var lab = new KeyVaultLab(new KeyVaultLabOptions { VaultName = "kv-nhi-lab", EmptyPages = emptyPages });
            Assert.Equal(31, KeyVaultSeeder.LoadDirectory(lab.Store, SeedDir));
            await lab.StartAsync();
            return lab;
        }

        static KeyVaultLiveSource Connect(KeyVaultLab lab, RecordingHost host = null, KeyVaultConnectOptions o = null)
        {
            o ??= Lab.Options(lab);
            var token = new System.Security.SecureString();
            foreach (var c in "lab-token") token.AppendChar(c);
            o.AccessToken = token;
            return KeyVaultLiveSource.Connect(o, host ?? new RecordingHost());
        }

        static string Json(Identity id, bool withSource = false)
        {
            var copy = JsonSerializer.Deserialize<Identity>(JsonSerializer.Serialize(id));
            if (!withSource) copy.Source = Array.Empty<string>();
            return JsonSerializer.Serialize(copy);
        }

        [Fact]
        public async Task Lists_every_secret_with_metadata_and_never_a_value()
        {
            await using var lab = await SeededAsync();
            var host = new RecordingHost();
            var source = Connect(lab, host);
            var ids = source.Read(host, new LiveReadOptions()).ToList();
            Assert.Equal(31, ids.Count);
            Assert.All(ids, i => Assert.Equal("KeyVault", i.Provider));
            Assert.All(ids, i => Assert.Equal("live:keyvault:" + lab.BaseUrl + "/", i.Source[0]));
            var billing = ids.Single(i => i.Name == "billing-app-secret");
            Assert.Equal("keyvault:kv-nhi-lab/billing-app-secret", billing.Id);
            Assert.Equal(IdentityKind.Secret, billing.Kind);
            Assert.Equal(new[] { "billing-team@contoso.com" }, billing.Owners);
            Assert.Equal(new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc), billing.CreatedOn);
            var cred = Assert.Single(billing.Credentials);
            Assert.Equal(new DateTime(2027, 3, 1, 8, 0, 0, DateTimeKind.Utc), cred.ExpiresOn);
            Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), cred.LastRotatedOn);
            Assert.Equal("text/plain", cred.ContentType);
            Assert.Equal("r-20260301", billing.Tags["nhi-rotation"]);
            Assert.False(ids.Single(i => i.Name == "legacy-ftp-password").Enabled);
            Assert.Equal("application/json", ids.Single(i => i.Name == "svc-payments-key").Credentials[0].ContentType);

            // Not one seeded value anywhere: objects, their JSON, any stream; and no GET of a value was sent.
            var everything = string.Join("\n", ids.Select(i => Json(i, true))) + string.Join("\n", host.All());
            lock (lab.Store.Gate)
                foreach (var name in ids.Select(i => i.Name)) Assert.DoesNotContain(lab.Store.InventedValue(name), everything);
            Assert.Equal(0, lab.Log.Count("GetSecret"));
            Assert.Equal(0, lab.Log.Writes());
        }

        [Fact]
        public async Task A_certificate_backing_secret_is_the_certificate_not_a_secret_of_its_own()
        {
            await using var lab = await SeededAsync();
            var ids = Connect(lab).Read(null, null).ToList();
            var tls = Assert.Single(ids, i => i.Name == "web-tls");
            Assert.Equal(IdentityKind.Certificate, tls.Kind);
            Assert.Equal(CredentialType.Certificate, tls.Credentials[0].Type);
            Assert.Equal(new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc), tls.Credentials[0].ExpiresOn);
            Assert.Equal(30, ids.Count(i => i.Kind == IdentityKind.Secret));
        }

        [Fact]
        public async Task Live_and_offline_agree_on_the_same_seed()
        {
            await using var lab = await SeededAsync();
            var live = Connect(lab).Read(null, null).OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => Json(i)).ToList();
            var offline = new OfflineSource(new RecordingHost()).Read(new[] { SeedDir }).OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => Json(i)).ToList();
            Assert.Equal(31, offline.Count);
            Assert.Equal(offline, live);
        }

        [Fact]
        public async Task Empty_pages_with_a_nextLink_are_followed_to_the_end()
        {
            await using var lab = await SeededAsync(emptyPages: 2);
            var source = Connect(lab);
            lab.Log.Clear();
            var ids = source.Read(null, null).ToList();
            Assert.Equal(31, ids.Count);
            Assert.Equal(6, lab.Log.Count("ListSecrets")); // (2 empty + 1) x 2 pages of 25
        }

        [Fact]
        public async Task A_failed_page_is_an_error_never_a_shorter_list()
        {
            await using var lab = await SeededAsync();
            var o = Lab.Options(lab);
            o.MaxAttempts = 2;
            var source = Connect(lab, null, o);
            lab.Faults.Add(new FaultRule { Operation = "ListSecrets", Status = 503, After = 1 }); // page 2 fails for good
            var ex = Assert.Throws<NhiException>(() => source.Read(null, null).ToList());
            Assert.Equal("NhiKeyVaultListFailed", ex.ErrorId);
            Assert.Contains("page 2", ex.Message);
            Assert.Equal(NhiErrorCategory.ResourceUnavailable, ex.Category);

            lab.Faults.Clear();
            lab.Faults.Add(FaultRule.Throttle("ListSecrets").Limit(1)); // a throttle is waited out
            Assert.Equal(31, source.Read(null, null).Count());
        }

        [Fact]
        public async Task Connect_fails_on_a_refused_token_with_an_authentication_error()
        {
            await using var lab = new KeyVaultLab(new KeyVaultLabOptions { RequiredToken = "the-right-one" });
            await lab.StartAsync();
            var ex = Assert.Throws<NhiException>(() => Connect(lab));
            Assert.Equal("NhiKeyVaultAuthenticationFailed", ex.ErrorId);
            Assert.DoesNotContain("lab-token", ex.Message);
            Assert.Equal("NhiKeyVaultInvalidArgument",
                Assert.Throws<NhiException>(() => KeyVaultLiveSource.Connect(new KeyVaultConnectOptions { VaultUri = new[] { new Uri("http://kv.vault.azure.net/") } }, null)).ErrorId);
            Assert.Equal("NhiKeyVaultInvalidArgument",
                Assert.Throws<NhiException>(() => KeyVaultLiveSource.Connect(new KeyVaultConnectOptions(), null)).ErrorId);
        }

        sealed class FakeSource : ILiveSource
        {
            public string Provider => "Entra";
            public string Description => "fake";
            public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options)
            {
                var app = new Identity { Id = "entra:app:000000a1-5eed-4000-8000-000000000003", Provider = "Entra", Kind = IdentityKind.Application, Name = "billing" };
                app.Credentials = new[]
                {
                    new Credential { IdentityId = app.Id, Id = "000000c1-5eed-4000-8000-000000000002", Type = CredentialType.ClientSecret, CreatedOn = new DateTime(2026, 3, 1) },
                    new Credential { IdentityId = app.Id, Id = "old-key", Type = CredentialType.ClientSecret, CreatedOn = new DateTime(2026, 4, 1) },
                };
                yield return app;
                var user = new Identity { Id = "aws:arn:aws:iam::111122223333:user/svc-payments", Provider = "Aws", Kind = IdentityKind.IamUser, Name = "svc-payments" };
                user.Credentials = new[] { new Credential { IdentityId = user.Id, Id = "AKIAEXAMPLEPAYMENTS1", Type = CredentialType.AccessKey } };
                yield return user;
            }
        }

        [Fact]
        public async Task Tags_link_a_secret_to_the_credential_it_holds_in_other_live_sources()
        {
            await using var lab = await SeededAsync();
            var vault = Connect(lab);
            var fake = new FakeSource();
            var all = LiveInventory.Read(new ILiveSource[] { fake, vault }, null, new LiveReadOptions()).ToList();
            Assert.Equal(33, all.Count);
            Assert.Same(vault, all[0].Key); // vaults first, whatever the order given
            var app = all.Single(p => p.Value.Id.StartsWith("entra:app:")).Value;
            Assert.Equal(new[] { "keyvault:kv-nhi-lab/billing-app-secret" }, app.Credentials.Single(c => c.Id.EndsWith("0002")).StoredIn);
            Assert.Empty(app.Credentials.Single(c => c.Id == "old-key").StoredIn); // nhi-credential names the key, not the newest
            Assert.Contains("keyvault:kv-nhi-lab", app.Systems);
            var user = all.Single(p => p.Value.Kind == IdentityKind.IamUser).Value;
            Assert.Equal(new[] { "keyvault:kv-nhi-lab/svc-payments-key" }, user.Credentials[0].StoredIn);
        }

        [Fact]
        public async Task Rotation_gets_the_connected_vault_or_another_through_the_same_connection()
        {
            await using var lab = await SeededAsync();
            LiveSessions.Disconnect("KeyVault");
            Assert.Equal("NhiKeyVaultNotConnected", Assert.Throws<NhiException>(() => KeyVaultSessions.GetVault(new Uri(lab.BaseUrl))).ErrorId);
            var source = Connect(lab);
            LiveSessions.Connect(source);
            try
            {
                var vault = KeyVaultSessions.GetVault(new Uri(lab.BaseUrl + "/"));
                Assert.Same(source.Vaults[0], vault);
                Assert.Same(vault, KeyVaultSessions.GetVault(new Uri(lab.BaseUrl.ToUpperInvariant())));
                Assert.Equal("billing-app-secret", vault.GetCurrent("billing-app-secret", null).Name);
                var other = KeyVaultSessions.GetVault(new Uri("https://localhost:" + lab.Port + "/"));
                Assert.NotSame(vault, other);
                Assert.Equal("stripe-api-key", other.GetCurrent("stripe-api-key", null).Name);
            }
            finally
            {
                LiveSessions.Disconnect("KeyVault");
            }
        }
    }
}
