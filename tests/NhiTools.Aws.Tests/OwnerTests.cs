using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>Set-NhiOwner's engine side on AWS: the owner tag written with TagUser/TagRole.</summary>
    public class OwnerTests
    {
        [Fact]
        public async Task Owner_tags_are_written_on_users_and_roles_and_read_back()
        {
            await using var lab = await Lab.StartAsync();
            var ids = lab.Read().ToDictionary(i => i.Name);
            lab.Server.Log.Clear();

            Assert.Equal(new[] { "ops@example.com" }, lab.Source.SetOwners(ids["svc-deploy"], new[] { "ops@example.com" }, false, NullHostContext.Instance));
            Assert.Equal(new[] { "sec@example.com" }, lab.Source.SetOwners(ids["partner-audit"], new[] { "sec@example.com" }, true, NullHostContext.Instance));
            Assert.Equal(1, lab.Server.Log.Count("TagUser"));
            Assert.Equal(1, lab.Server.Log.Count("TagRole"));
            Assert.Equal(2, lab.Server.Log.Writes());

            var again = lab.Read().ToDictionary(i => i.Name);
            Assert.Equal(new[] { "ops@example.com" }, again["svc-deploy"].Owners);
            Assert.Equal(new[] { "sec@example.com" }, again["partner-audit"].Owners);
            Assert.Equal("staging", again["svc-deploy"].Tags["environment"]); // other tags kept
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task Replace_keeps_the_existing_key_spelling_and_an_unchanged_owner_sends_nothing()
        {
            await using var lab = await Lab.StartAsync();
            var bob = lab.Read().Single(i => i.Name == "bob-ci"); // tag "Owner"
            lab.Server.Log.Clear();
            lab.Source.SetOwners(bob, new[] { "bob@example.com" }, false, NullHostContext.Instance);
            Assert.Equal(0, lab.Server.Log.Writes());

            lab.Source.SetOwners(bob, new[] { "carol@example.com" }, true, NullHostContext.Instance);
            var tags = lab.Server.Store.FindUser("bob-ci").Tags;
            Assert.Equal("carol@example.com", Assert.Single(tags, t => t.Key.Equals("owner", StringComparison.OrdinalIgnoreCase)).Value);
            Assert.Equal("Owner", Assert.Single(tags).Key);
        }

        [Fact]
        public async Task Bad_owner_input_is_refused_before_any_write()
        {
            await using var lab = await Lab.StartAsync();
            var ids = lab.Read().ToDictionary(i => i.Name);
            lab.Server.Log.Clear();

            var two = Assert.Throws<NhiException>(() => lab.Source.SetOwners(ids["svc-billing"], new[] { "someone@example.com" }, false, NullHostContext.Instance));
            Assert.Equal("NhiAwsOneOwnerPerTag", two.ErrorId);
            var bad = Assert.Throws<NhiException>(() => lab.Source.SetOwners(ids["svc-billing"], new[] { "a;b" }, true, NullHostContext.Instance));
            Assert.Equal("NhiAwsInvalidTagValue", bad.ErrorId);
            var root = Assert.Throws<NhiException>(() => lab.Source.SetOwners(ids["<root_account>"], new[] { "x@example.com" }, true, NullHostContext.Instance));
            Assert.Equal("NhiAwsCannotTag", root.ErrorId);
            var other = new Identity { Id = "aws:arn:aws:iam::999999999999:user/x", NativeId = "arn:aws:iam::999999999999:user/x", Account = "999999999999", Kind = IdentityKind.IamUser };
            Assert.Equal("NhiAwsAccountNotConnected", Assert.Throws<NhiException>(() => lab.Source.SetOwners(other, new[] { "x@example.com" }, true, NullHostContext.Instance)).ErrorId);
            Assert.Equal(0, lab.Server.Log.Writes());
        }

        [Fact]
        public async Task The_owner_tag_key_is_configurable()
        {
            await using var lab = await Lab.StartAsync();
            lab.Connect(o => o.OwnerTagKey = "team");
            var deploy = lab.Read().Single(i => i.Name == "svc-deploy");
            Assert.Empty(deploy.Owners);
            lab.Source.SetOwners(deploy, new[] { "platform" }, false, NullHostContext.Instance);
            Assert.Equal("platform", lab.Server.Store.FindUser("svc-deploy").Tags.Single(t => t.Key == "team").Value);
            Assert.Equal(new[] { "platform" }, lab.Read().Single(i => i.Name == "svc-deploy").Owners);
            Assert.Empty(lab.Read().Single(i => i.Name == "svc-billing").Owners); // its "owner" tag is not the key now
        }
    }
}
