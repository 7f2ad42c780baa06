using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Hosting;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.KeyVault.Tests
{
    /// <summary>Set-NhiPurpose's Key Vault writer: the purpose tag on the current version, through the real SDK, against the lab.</summary>
    public class KeyVaultPurposeTests
    {
        static readonly string SeedDir = Path.Combine(AppContext.BaseDirectory, "TestData", "kv-seed");

        static async Task<(KeyVaultLab Lab, KeyVaultLiveSource Source, RecordingHost Host)> StartAsync()
        {
            var lab = new KeyVaultLab(new KeyVaultLabOptions { VaultName = "kv-nhi-lab" });
            KeyVaultSeeder.LoadDirectory(lab.Store, SeedDir);
            await lab.StartAsync();
            var o = Lab.Options(lab);
            var token = new System.Security.SecureString();
            foreach (var c in "lab-token") token.AppendChar(c);
            o.AccessToken = token;
            var host = new RecordingHost();
            return (lab, KeyVaultLiveSource.Connect(o, host), host);
        }

        [Fact]
        public async Task Writes_the_purpose_tag_keeping_the_other_tags_and_reads_it_back()
        {
            var (lab, source, host) = await StartAsync();
            await using var _ = lab;
            var secret = source.Read(host, new LiveReadOptions()).Single(i => i.Name == "billing-app-secret");
            Assert.True(source.HoldsPurpose(secret));
            Assert.Null(Purposes.FromSource(secret));
            lab.Log.Clear();

            Assert.Equal("Billing app client secret (invoice API)", source.SetPurpose(secret, " Billing app client secret (invoice API) ", host));
            var patches = await Lab.LogAsync(lab, e => e.Method == "PATCH", 1);
            Assert.Single(patches);
            Assert.Equal("UpdateSecret", patches[0].Operation);
            Assert.Equal("Billing app client secret (invoice API)", secret.Tags["purpose"]);

            // Read again from the vault: the purpose is there, and the tags rotation and ownership rely on are kept.
            var again = source.Read(host, new LiveReadOptions()).Single(i => i.Name == "billing-app-secret");
            Assert.Equal("Billing app client secret (invoice API)", Purposes.FromSource(again));
            Assert.Equal(new[] { "billing-team@contoso.com" }, again.Owners);
            Assert.Equal("r-20260301", again.Tags["nhi-rotation"]);
            Assert.Equal("entra:app:000000a1-5eed-4000-8000-000000000003", again.Tags["nhi-identity"]);

            // The same purpose again sends no write; an empty one removes the tag and keeps the rest.
            lab.Log.Clear();
            source.SetPurpose(again, "Billing app client secret (invoice API)", host);
            await Task.Delay(200);
            Assert.DoesNotContain(lab.Log.Entries, e => e.IsWrite);
            source.SetPurpose(again, "", host);
            var third = source.Read(host, new LiveReadOptions()).Single(i => i.Name == "billing-app-secret");
            Assert.Null(Purposes.FromSource(third));
            Assert.Equal("r-20260301", third.Tags["nhi-rotation"]);
            Assert.DoesNotContain(host.All(), m => m.Contains("lab-", StringComparison.Ordinal) && m.Length > 0 && m.Contains("lab-token"));
        }

        [Fact]
        public async Task A_purpose_that_is_too_long_or_a_secret_that_is_gone_changes_nothing()
        {
            var (lab, source, host) = await StartAsync();
            await using var _ = lab;
            var secret = source.Read(host, new LiveReadOptions()).Single(i => i.Name == "billing-app-secret");
            lab.Log.Clear();
            var e = Assert.Throws<NhiException>(() => source.SetPurpose(secret, new string('x', 257), host));
            Assert.Equal("NhiKeyVaultInvalidTagValue", e.ErrorId);
            var gone = new Identity { Id = "keyvault:kv-nhi-lab/no-such-secret", Provider = "KeyVault", Kind = IdentityKind.Secret, Name = "no-such-secret" };
            Assert.True(source.HoldsPurpose(gone));
            Assert.Equal("NhiIdentityNotFound", Assert.Throws<NhiException>(() => source.SetPurpose(gone, "x", host)).ErrorId);
            await Task.Delay(200);
            Assert.DoesNotContain(lab.Log.Entries, x => x.IsWrite);
            Assert.False(source.HoldsPurpose(new Identity { Id = "keyvault:kv-nhi-lab/web-tls", Provider = "KeyVault", Kind = IdentityKind.Certificate }));
        }

        [Fact]
        public async Task The_only_tag_of_a_secret_is_set_and_a_clear_the_client_cannot_send_is_an_error()
        {
            var (lab, source, host) = await StartAsync();
            await using var _ = lab;
            var bare = source.Read(host, new LiveReadOptions()).Single(i => i.Name == "bulk-01");
            Assert.Empty(bare.Tags);
            source.SetPurpose(bare, "Load test data", host);
            var tagged = source.Read(host, new LiveReadOptions()).Single(i => i.Name == "bulk-01");
            Assert.Equal("Load test data", Purposes.FromSource(tagged));
            // The SDK sends no "tags" member for an empty set, so the vault keeps its only tag: the writer says so instead of
            // reporting a removal that did not happen.
            var ex = Assert.Throws<NhiException>(() => source.SetPurpose(tagged, null, host));
            Assert.Equal("NhiKeyVaultTagNotWritten", ex.ErrorId);
            Assert.Contains("only tag", ex.Message);
            Assert.Equal("Load test data", Purposes.FromSource(source.Read(host, new LiveReadOptions()).Single(i => i.Name == "bulk-01")));
        }
    }
}
