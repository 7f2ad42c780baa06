using System;
using System.Linq;
using System.Text;
using NhiTools.Engine.Drift;
using Xunit;

namespace NhiTools.Engine.Tests.Drift
{
    public sealed class DigestTests
    {
        [Fact]
        public void SameFactsInAnotherOrderGiveTheSameBytes()
        {
            var a = DriftKit.User("svc-billing");
            var b = DriftKit.User("svc-billing");
            b.Permissions = b.Permissions.Reverse().ToArray();
            b.Owners = new[] { "team-billing@contoso.com", "TEAM-BILLING@contoso.com" };
            b.Systems = new[] { "aws:111122223333", "aws:111122223333" };
            b.Credentials[0].LastUsedOn = DriftKit.AsOf; // usage is not drift
            b.Credentials[0].CreatedOn = DateTime.SpecifyKind(a.Credentials[0].CreatedOn.Value.AddMilliseconds(400), DateTimeKind.Utc);

            var codec = new DigestCodec();
            Assert.Equal(codec.Encode(a), codec.Encode(b));
            Assert.Empty(DriftKit.Diff(a, b));
        }

        [Fact]
        public void TimesAreInvariantUtcWhateverTheKind()
        {
            var utc = DriftKit.User("x");
            var local = DriftKit.User("x");
            local.Credentials[0].CreatedOn = utc.Credentials[0].CreatedOn.Value.ToLocalTime();
            local.Credentials[0].LastRotatedOn = utc.Credentials[0].LastRotatedOn.Value.ToLocalTime();
            var codec = new DigestCodec();
            var text = Encoding.UTF8.GetString(codec.Encode(utc));
            Assert.Equal(text, Encoding.UTF8.GetString(codec.Encode(local)));
            Assert.Contains("\"created\":\"2026-04-15T00:00:00Z\"", text);
        }

        [Fact]
        public void DigestIsCompactJsonThatRoundTrips()
        {
            var identity = DriftKit.User("svc-billing");
            identity.Enabled = false;
            identity.AssumableBy = new[] { "arn:aws:iam::999988887777:root" };
            identity.Credentials[0].Enabled = false;
            identity.Credentials[0].ExpiresOn = DriftKit.AsOf.AddDays(30);
            identity.Permissions[0].AdminEquivalent = true;
            var codec = new DigestCodec();
            var bytes = codec.Encode(identity);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.StartsWith("{\"v\":1,\"kind\":\"IamUser\",\"enabled\":false,\"env\":\"prod\",\"owners\":[\"team-billing@contoso.com\"],\"creds\":[{\"id\":\"AKIAOLDSVC-BILLING\",\"type\":\"AccessKey\"", text);
            Assert.DoesNotContain("LastUsed", text, StringComparison.OrdinalIgnoreCase);

            var decoded = DigestCodec.Decode(bytes);
            Assert.Equal(bytes, codec.Encode(decoded));
            Assert.False(decoded.Enabled);
            Assert.False(decoded.Credentials[0].Enabled);
            Assert.Equal(DriftKit.AsOf.AddDays(30), decoded.Credentials[0].ExpiresOn);
            Assert.True(decoded.Permissions.Single(p => p.Name == "AmazonS3ReadOnlyAccess").AdminEquivalent);
        }

        [Fact]
        public void DefaultsAreLeftOut()
        {
            var bare = new Identity { Id = "keyvault:kv/a", Provider = "KeyVault", Kind = IdentityKind.Secret, Name = "a", Owners = null, Systems = null };
            Assert.Equal("{\"v\":1,\"kind\":\"Secret\"}", Encoding.UTF8.GetString(new DigestCodec().Encode(bare)));
        }
    }
}
