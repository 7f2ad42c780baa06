using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    /// <summary>Temporary access as people write it (issue 15 item 6).</summary>
    public class TemporaryAccessTests
    {
        [Theory]
        [InlineData("Remove after 2026-03-31", "2026-03-31")]
        [InlineData("Contractor access - delete by 2026-03-31 (CHG-88)", "2026-03-31")]
        [InlineData("revoke before 2026/03/31", "2026-03-31")]
        [InlineData("Decommission after 31 March 2026.", "2026-03-31")]
        [InlineData("temporary until end of March 2026", "2026-03-31")]
        [InlineData("temporary, until March 31, 2026", "2026-03-31")]
        [InlineData("Temp access: ends 31st Mar 2026", "2026-03-31")]
        [InlineData("remove by end of february 2026", "2026-02-28")]
        public void End_dates_in_notes_as_people_write_them(string notes, string lastDay)
        {
            var i = IamUser("svc-temp-migration", AccessKey("AKIATEMP000000000002", 300, 1));
            i.Notes = notes;
            var f = Single(Run(i, R.TempAccessExpired), R.TempAccessExpired, "NHI1", Severity.High);
            Assert.Contains("ended " + lastDay, f.Evidence);
        }

        [Theory]
        [InlineData("expires", "31 March 2026")]
        [InlineData("temporary", "Remove after 2026/03/31")]
        [InlineData("until", "end of March 2026")]
        public void End_dates_in_tags_as_people_write_them(string key, string value)
        {
            var i = IamUser("svc-contractor");
            i.Tags["temp"] = "yes";
            i.Tags[key] = value;
            var f = Single(Run(i, R.TempAccessExpired), R.TempAccessExpired, "NHI1", Severity.High);
            Assert.Contains("ended 2026-03-31", f.Evidence);
        }

        [Fact]
        public void Temporary_with_no_end_date_is_a_finding_once_older_than_the_maximum()
        {
            var old = IamUser("svc-temp-migration", AccessKey("AKIATEMP000000000003", 45, 1));
            old.CreatedOn = DaysAgo(45);
            var f = Single(Run(old, R.TempAccessExpired), R.TempAccessExpired, "NHI1", Severity.Medium);
            Assert.Contains("no end date", f.Evidence);
            Assert.Contains("45 days is over the 30-day maximum", f.Evidence);
            Assert.Contains("name svc-temp-migration", f.Evidence);

            var young = IamUser("svc-contractor");
            young.Tags["temporary"] = "true";
            young.CreatedOn = DaysAgo(20);
            None(Run(young, R.TempAccessExpired), R.TempAccessExpired);

            // A ticket alone does not make access temporary.
            var ticket = IamUser("svc-billing");
            ticket.Notes = "Created under CHG-1234.";
            ticket.CreatedOn = DaysAgo(400);
            None(Run(ticket, R.TempAccessExpired), R.TempAccessExpired);

            // "template" is not "temp".
            var template = IamUser("svc-template-render");
            template.CreatedOn = DaysAgo(400);
            None(Run(template, R.TempAccessExpired), R.TempAccessExpired);
        }

        [Fact]
        public void The_maximum_temporary_age_comes_from_the_policy()
        {
            var i = IamUser("svc-contractor");
            i.Tags["temporary"] = "true";
            i.CreatedOn = DaysAgo(45);
            var p = NhiTools.Engine.Analysis.FindingPolicy.Parse("@{ MaxTemporaryAgeDays = 60 }");
            None(Run(new[] { i }, p, R.TempAccessExpired), R.TempAccessExpired);
        }
    }
}
