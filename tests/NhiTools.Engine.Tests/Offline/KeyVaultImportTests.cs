using System;
using System.IO;
using System.Linq;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    public class KeyVaultImportTests
    {
        private static DateTime Utc(string s) => DateTime.Parse(s, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        [Fact]
        public void Secrets_from_az_cli_and_rest_shapes()
        {
            var all = OfflineData.ReadGood(out _);
            var s = all["keyvault:kv-prod-01/billing-aws-key"];
            Assert.Equal(IdentityKind.Secret, s.Kind);
            Assert.Equal("KeyVault", s.Provider);
            Assert.Equal("kv-prod-01", s.Account);
            Assert.Equal(new[] { "keyvault:kv-prod-01" }, s.Systems);
            Assert.Equal(new[] { "billing-team@example.com" }, s.Owners);
            Assert.Equal("prod", s.Environment); // vault name kv-prod-01
            var c = Assert.Single(s.Credentials);
            Assert.Equal("billing-aws-key", c.Id);
            Assert.Equal(CredentialType.Secret, c.Type);
            Assert.Equal(Utc("2026-06-01T10:05:00Z"), c.LastRotatedOn);
            Assert.Equal(Utc("2026-06-01T10:05:00Z"), c.CreatedOn);
            Assert.Equal(Utc("2026-12-01T00:00:00Z"), c.ExpiresOn);
            Assert.Equal(Utc("2025-01-01T00:00:00Z"), s.CreatedOn);

            var rest = all["keyvault:kv-dev/db-password"];
            Assert.False(rest.Enabled);
            Assert.False(rest.Credentials[0].Enabled);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1800000000).UtcDateTime, rest.Credentials[0].ExpiresOn);
            Assert.Equal(new[] { "dba@example.com", "ops@example.com" }, rest.Owners);
            Assert.Equal("dev", rest.Environment);
        }

        [Fact]
        public void Tagged_secrets_link_to_the_credentials_they_hold_whatever_the_file_order()
        {
            foreach (var reverse in new[] { false, true })
            {
                var files = Directory.GetFiles(OfflineData.Good, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
                if (reverse) files.Reverse();
                var host = new RecordingHost();
                var all = OfflineData.Read(host, null, files.ToArray()).ToDictionary(i => i.Id);
                Assert.Empty(host.Errors);

                var billing = all["aws:arn:aws:iam::123456789012:user/svc-billing"];
                Assert.Equal(new[] { "keyvault:kv-prod-01/billing-aws-key" }, billing.Credentials.Single(c => c.Id == "AKIAEXAMPLEBILLING02").StoredIn);
                Assert.Empty(billing.Credentials.Single(c => c.Id == "AKIAEXAMPLEBILLING01").StoredIn);
                Assert.Contains("keyvault:kv-prod-01", billing.Systems);

                var app = all["entra:app:aaaaaaaa-0000-0000-0000-000000000001"];
                Assert.Equal(new[] { "keyvault:kv-prod-01/billing-api-secret" }, app.Credentials.Single(c => c.Id == "c0000000-0000-0000-0000-00000000000a").StoredIn);
                Assert.Contains("keyvault:kv-prod-01", app.Systems);

                var orphan = all["aws:arn:aws:iam::123456789012:user/svc-orphan"];
                Assert.Equal(new[] { "keyvault:kv-prod-01/orphan-key" }, orphan.Credentials.Single().StoredIn);
            }
        }
    }
}
