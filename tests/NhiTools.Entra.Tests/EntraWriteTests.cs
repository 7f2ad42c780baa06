using System;
using System.Linq;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Entra.Tests
{
    /// <summary>Owners written to Entra and the rotation primitives, against GraphLab.</summary>
    public sealed class EntraWriteTests
    {
        private static Identity Find(EntraSource source, string name) => EntraLab.ReadLive(source).Single(i => i.Name == name);

        /// <summary>A dropped connection reaches the client before the lab logs the request: wait briefly, then count.</summary>
        private static int SettledCount(GraphLab lab, string operation)
        {
            var until = DateTime.UtcNow.AddSeconds(3);
            while (lab.Log.Count(operation) == 0 && DateTime.UtcNow < until) System.Threading.Thread.Sleep(20);
            System.Threading.Thread.Sleep(200); // a resend, if any, would show up by now
            return lab.Log.Count(operation);
        }

        [Fact]
        public async Task SetOwners_adds_by_upn_and_object_id_then_replace_removes_the_others()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var orphan = Find(source, "orphan-registration");
            Assert.Equal(new[] { "bob@contoso.com" }, orphan.Owners);
            var dana = Find(source, "svc-billing-prod").Owners.Contains("dana@contoso.com");
            lab.Log.Clear();

            var after = source.SetOwners(orphan, new[] { "alice@contoso.com", "00000011-5eed-4000-8000-000000000003" /* dana by object id */ }, false, new RecordingHost());
            Assert.Equal(new[] { "alice@contoso.com", "bob@contoso.com", "dana@contoso.com" }, after.OrderBy(o => o).ToArray());
            Assert.Equal(2, lab.Log.Count("applications.owners.add"));
            Assert.Equal(1, lab.Log.Count("users.get"));

            // Adding an owner that is already there writes nothing.
            lab.Log.Clear();
            source.SetOwners(orphan, new[] { "alice@contoso.com" }, false, new RecordingHost());
            Assert.Equal(0, lab.Log.Writes());

            after = source.SetOwners(orphan, new[] { "dana@contoso.com" }, true, new RecordingHost());
            Assert.Equal(new[] { "dana@contoso.com" }, after);
            Assert.Equal(new[] { "dana@contoso.com" }, Find(source, "orphan-registration").Owners);
            Assert.True(dana);
        }

        [Fact]
        public async Task An_unknown_owner_or_a_managed_identity_changes_nothing()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var ids = EntraLab.ReadLive(source).ToDictionary(i => i.Name);
            lab.Log.Clear();

            var e = Assert.Throws<NhiException>(() => source.SetOwners(ids["orphan-registration"], new[] { "alice@contoso.com", "nobody@contoso.com" }, true, new RecordingHost()));
            Assert.Equal("NhiOwnerNotFound", e.ErrorId);
            e = Assert.Throws<NhiException>(() => source.SetOwners(ids["mi-automation-prod"], new[] { "alice@contoso.com" }, false, new RecordingHost()));
            Assert.Equal("NhiEntraNotSupported", e.ErrorId);
            e = Assert.Throws<NhiException>(() => source.SetOwners(ids["orphan-registration"], new[] { "platform-team" }, false, new RecordingHost()));
            Assert.Equal("NhiOwnerNotFound", e.ErrorId);
            Assert.Equal(0, lab.Log.Writes());
        }

        [Fact]
        public async Task Service_principal_identities_get_owners_on_the_service_principal()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var agent = Find(source, "invoice-agent-01");
            var after = source.SetOwners(agent, new[] { "alice@contoso.com" }, false, new RecordingHost());
            Assert.Equal(new[] { "alice@contoso.com", "dana@contoso.com" }, after.OrderBy(o => o).ToArray());
            Assert.Equal(1, lab.Log.Count("servicePrincipals.owners.add"));
        }

        [Fact]
        public async Task AddPassword_marks_the_credential_returns_a_working_secret_and_RemovePassword_removes_it()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var billing = Find(source, "svc-billing-prod");
            var host = new RecordingHost();

            using (var secret = source.AddPassword(billing.Id, "r-0001", new DateTime(2027, 5, 1, 0, 0, 0, DateTimeKind.Utc), host))
            {
                Assert.Equal("nhitools:r-0001", secret.DisplayName);
                Assert.Equal(new DateTime(2027, 5, 1, 0, 0, 0, DateTimeKind.Utc), secret.ExpiresOn);
                var value = new string(secret.RevealValue());
                Assert.Equal(secret.Hint, value.Substring(0, 3));
                Assert.DoesNotContain(value, secret.ToString());
                Assert.DoesNotContain(host.AllText(), t => t.Contains(value));

                // The secret works at the lab's token endpoint (real ClientSecretCredential).
                var credential = new ClientSecretCredential(lab.TenantId, billing.NativeId, value, new ClientSecretCredentialOptions
                {
                    AuthorityHost = new Uri(lab.AuthorityHost), DisableInstanceDiscovery = true,
                    Transport = new HttpClientTransport(lab.CreateTrustingHandler()),
                });
                var token = await credential.GetTokenAsync(new TokenRequestContext(new[] { GraphLabCredentials.GraphScope }));
                Assert.False(string.IsNullOrEmpty(token.Token));

                var marked = source.FindMarkedPasswords(billing.Id, "r-0001", host);
                Assert.Equal(secret.KeyId.ToString(), Assert.Single(marked).Id);
                Assert.Single(source.FindMarkedPasswords(billing.Id, null, host));
                Assert.Empty(source.FindMarkedPasswords(billing.Id, "r-0002", host));

                Assert.True(source.RemovePassword(billing.Id, secret.KeyId, host));
                Assert.False(source.RemovePassword(billing.Id, secret.KeyId, host)); // already gone counts as done
                Assert.Empty(source.FindMarkedPasswords(billing.Id, null, host));
            }
            Assert.Equal(3, Find(source, "svc-billing-prod").Credentials.Length); // the original two secrets and the certificate
        }

        [Fact]
        public async Task AddPassword_is_never_resent_and_a_lost_answer_leaves_a_findable_marker()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var id = Find(source, "svc-billing-prod").Id;

            lab.Faults.Add("op=applications.addPassword status=429 retryAfter=0 times=1");
            lab.Log.Clear();
            var e = Assert.Throws<NhiException>(() => source.AddPassword(id, "r-throttled", null, new RecordingHost()));
            Assert.Equal("NhiEntraRequestFailed", e.ErrorId);
            Assert.Equal(1, SettledCount(lab, "applications.addPassword"));

            lab.Faults.Add("op=applications.addPassword action=commit-drop times=1");
            lab.Log.Clear();
            e = Assert.Throws<NhiException>(() => source.AddPassword(id, "r-lost", null, new RecordingHost()));
            Assert.Contains("nhitools:r-lost", e.Message);
            Assert.Equal(1, SettledCount(lab, "applications.addPassword"));
            var orphan = Assert.Single(source.FindMarkedPasswords(id, "r-lost", new RecordingHost()));
            Assert.True(source.RemovePassword(id, Guid.Parse(orphan.Id), new RecordingHost()));
        }
    }
}
