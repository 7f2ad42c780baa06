using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Governance;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>Set-NhiPurpose's engine side on AWS: the IAM tag "purpose" written with TagUser/TagRole, cleared with Untag.</summary>
    public class PurposeTagTests
    {
        [Fact]
        public async Task Purpose_tags_land_on_users_and_roles_and_are_read_back_as_the_purpose()
        {
            await using var lab = await Lab.StartAsync();
            var ids = lab.Read().ToDictionary(i => i.Name);
            Assert.True(lab.Source.HoldsPurpose(ids["svc-deploy"]));
            Assert.False(lab.Source.HoldsPurpose(ids["<root_account>"]));
            lab.Server.Log.Clear();

            Assert.Equal("Deploys the billing API", lab.Source.SetPurpose(ids["svc-deploy"], " Deploys the billing API ", NullHostContext.Instance));
            lab.Source.SetPurpose(ids["partner-audit"], "Partner audit: read-only", NullHostContext.Instance);
            Assert.Equal(1, lab.Server.Log.Count("TagUser"));
            Assert.Equal(1, lab.Server.Log.Count("TagRole"));

            var again = lab.Read().ToDictionary(i => i.Name);
            Assert.Equal("Deploys the billing API", Purposes.FromSource(again["svc-deploy"]));
            Assert.Equal("Partner audit: read-only", Purposes.FromSource(again["partner-audit"]));
            Assert.Equal("staging", again["svc-deploy"].Tags["environment"]); // other tags kept

            // Unchanged sends nothing; empty removes the tag.
            lab.Server.Log.Clear();
            lab.Source.SetPurpose(again["svc-deploy"], "Deploys the billing API", NullHostContext.Instance);
            Assert.Equal(0, lab.Server.Log.Writes());
            Assert.Null(lab.Source.SetPurpose(again["svc-deploy"], "", NullHostContext.Instance));
            Assert.Equal(1, lab.Server.Log.Count("UntagUser"));
            Assert.DoesNotContain(lab.Server.Store.FindUser("svc-deploy").Tags, t => t.Key == "purpose");
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task A_purpose_an_IAM_tag_cannot_hold_is_refused_before_any_write()
        {
            await using var lab = await Lab.StartAsync();
            var ids = lab.Read().ToDictionary(i => i.Name);
            lab.Server.Log.Clear();
            var bad = Assert.Throws<NhiException>(() => lab.Source.SetPurpose(ids["svc-deploy"], "billing, reporting", NullHostContext.Instance));
            Assert.Equal("NhiAwsInvalidTagValue", bad.ErrorId);
            Assert.Equal(0, lab.Server.Log.Writes());
        }
    }
}
