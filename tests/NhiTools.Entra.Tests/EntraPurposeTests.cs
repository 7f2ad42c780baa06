using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Governance;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Entra.Tests
{
    /// <summary>Set-NhiPurpose's engine side on Entra: PATCH notes on the application or service principal, against GraphLab.</summary>
    public sealed class EntraPurposeTests
    {
        [Fact]
        public async Task Purpose_lands_in_the_application_and_service_principal_notes_and_is_read_back()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var ids = EntraLab.ReadLive(source).ToDictionary(i => i.Name);
            lab.Log.Clear();

            Assert.Equal("Nightly billing export", source.SetPurpose(ids["orphan-registration"], "Nightly billing export", new RecordingHost()));
            source.SetPurpose(ids["invoice-agent-01"], "Reads invoices for the AP agent", new RecordingHost());
            Assert.Equal(1, lab.Log.Count("applications.update"));
            Assert.Equal(1, lab.Log.Count("servicePrincipals.update"));

            var again = EntraLab.ReadLive(source).ToDictionary(i => i.Name);
            Assert.Equal("Nightly billing export", Purposes.FromSource(again["orphan-registration"]));
            Assert.Equal("Reads invoices for the AP agent", Purposes.FromSource(again["invoice-agent-01"]));

            Assert.Null(source.SetPurpose(again["orphan-registration"], "  ", new RecordingHost()));
            Assert.Null(Purposes.FromSource(EntraLab.ReadLive(source).Single(i => i.Name == "orphan-registration")));
        }

        [Fact]
        public async Task A_managed_identity_does_not_hold_a_purpose_in_Entra()
        {
            await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
            using var source = EntraLab.Connect(lab);
            var mi = EntraLab.ReadLive(source).Single(i => i.Name == "mi-automation-prod");
            Assert.False(source.HoldsPurpose(mi));
            lab.Log.Clear();
            var e = Assert.Throws<NhiException>(() => source.SetPurpose(mi, "automation", new RecordingHost()));
            Assert.Equal("NhiEntraNotSupported", e.ErrorId);
            Assert.Equal(0, lab.Log.Writes());
        }
    }
}
