using System;
using System.Collections.Generic;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class OffboardingRuleTests
    {
        [Fact]
        public void Unowned_fires_when_no_owner_and_no_owner_tag()
        {
            var i = IamUser("svc-orphan", AccessKey("AKIAORPHAN0000000001", 10, 1));
            i.Owners = Array.Empty<string>();
            i.CreatedOn = new DateTime(2024, 3, 5);
            var f = Single(Run(i, R.Unowned), R.Unowned, "NHI1", Severity.Medium);
            Assert.Contains("Owners is empty", f.Evidence);
            Assert.Contains("2024-03-05", f.Evidence);
            Assert.Equal(i.Id, f.IdentityId);
            Assert.Equal("svc-orphan", f.IdentityName);
            Assert.Equal("Aws", f.Provider);
            Assert.StartsWith("Set-NhiOwner -IdentityId 'aws:arn:aws:iam::123456789012:user/svc-orphan'", f.Remediation);
        }

        [Fact]
        public void Unowned_quiet_when_an_owner_tag_names_one()
        {
            var i = IamUser("svc-tagged");
            i.Owners = Array.Empty<string>();
            i.Tags["Owner"] = "team-billing";
            None(Run(i, R.Unowned), R.Unowned);
        }

        [Fact]
        public void Owner_gone_fires_when_every_owner_is_disabled_or_deleted()
        {
            var i = EntraApp("app-payroll");
            i.Owners = new[] { "bob@contoso.com", "carol@contoso.com" };
            i.OwnerStates["bob@contoso.com"] = "Disabled";
            i.OwnerStates["carol@contoso.com"] = "Deleted";
            var f = Single(Run(i, R.OwnerGone, R.Unowned), R.OwnerGone, "NHI1", Severity.High);
            Assert.Contains("bob@contoso.com (Disabled)", f.Evidence);
            Assert.Contains("carol@contoso.com (Deleted)", f.Evidence);
            None(Run(i, R.Unowned), R.Unowned);
        }

        [Fact]
        public void Owner_gone_quiet_when_one_owner_is_active_or_of_unknown_state()
        {
            var i = EntraApp("app-payroll");
            i.Owners = new[] { "bob@contoso.com", "dave@contoso.com" };
            i.OwnerStates["bob@contoso.com"] = "Deleted";
            i.OwnerStates["dave@contoso.com"] = "Enabled";
            None(Run(i, R.OwnerGone), R.OwnerGone);
            i.OwnerStates.Remove("dave@contoso.com"); // unknown is not gone
            None(Run(i, R.OwnerGone), R.OwnerGone);
        }

        [Fact]
        public void Dormant_fires_on_known_last_use_over_the_limit()
        {
            var i = IamUser("svc-old", AccessKey("AKIAOLD0000000000001", 400, lastUsedDaysAgo: 184));
            var f = Single(Run(i, R.Dormant), R.Dormant, "NHI1", Severity.Medium);
            Assert.Contains("Last used 2026-05-01 (184 days before 2026-11-01)", f.Evidence);
            Assert.Contains("AKIAOLD0000000000001", f.Evidence);
        }

        [Fact]
        public void Dormant_fires_when_every_credential_was_never_used_and_it_is_old()
        {
            var i = IamUser("svc-never", AccessKey("AKIANEVER00000000001", 200, neverUsed: true));
            var f = Single(Run(i, R.Dormant), R.Dormant, "NHI1", Severity.Medium);
            Assert.Contains("Never used", f.Evidence);
            Assert.Contains("200 days", f.Evidence);
        }

        [Theory]
        [InlineData(90)]  // exactly the limit: not over it
        [InlineData(30)]
        public void Dormant_quiet_at_or_under_the_limit(double daysAgo)
        {
            var i = IamUser("svc-recent", AccessKey("AKIARECENT0000000001", 400, lastUsedDaysAgo: daysAgo));
            None(Run(i, R.Dormant), R.Dormant);
        }

        [Fact]
        public void Dormant_fires_at_91_days()
        {
            var i = IamUser("svc-edge", AccessKey("AKIAEDGE000000000001", 400, lastUsedDaysAgo: 91));
            Single(Run(i, R.Dormant), R.Dormant, "NHI1", Severity.Medium);
        }

        [Fact]
        public void Dormant_quiet_when_usage_is_unknown()
        {
            var unknown = IamUser("svc-unknown", AccessKey("AKIAUNKNOWN000000001", 400));
            None(Run(unknown, R.Dormant), R.Dormant);
            // One credential with unknown usage may be the one in use: still unknown.
            var mixed = IamUser("svc-mixed", AccessKey("AKIAMIXED00000000001", 400, lastUsedDaysAgo: 300), AccessKey("AKIAMIXED00000000002", 400));
            None(Run(mixed, R.Dormant), R.Dormant);
        }

        [Fact]
        public void Dormant_quiet_when_never_used_but_new_or_holding_nothing()
        {
            None(Run(IamUser("svc-new", AccessKey("AKIANEW0000000000001", 10, neverUsed: true)), R.Dormant), R.Dormant);
            var nothing = IamUser("svc-nokeys");
            nothing.LastUsedOn = DaysAgo(300);
            None(Run(nothing, R.Dormant), R.Dormant);
        }

        [Fact]
        public void Dormant_fires_when_only_an_inactive_key_remains()
        {
            // Offboarding debt: the key was deactivated but the user and key were never removed.
            var u = IamUser("svc-old-batch", AccessKey("AKIADISABLED00000001", 700, lastUsedDaysAgo: 628, enabled: false));
            var f = Single(Run(u, R.Dormant), R.Dormant, "NHI1", Severity.Medium);
            Assert.Contains("AKIADISABLED00000001 (disabled)", f.Evidence);
            Assert.Contains("628 days", f.Evidence);
        }

        [Fact]
        public void Managed_identities_are_not_unowned()
        {
            var mi = EntraApp("func-orders-prod");
            mi.Kind = IdentityKind.ManagedIdentity;
            mi.Owners = Array.Empty<string>();
            None(Run(mi, R.Unowned), R.Unowned);
        }

        [Fact]
        public void Dormant_fires_for_a_role_by_its_last_use_and_identity_level_use_counts()
        {
            var role = IamRole("role-legacy");
            role.LastUsedOn = DaysAgo(365);
            Single(Run(role, R.Dormant), R.Dormant, "NHI1", Severity.Medium);

            // Identity-level use (a recent sign-in) beats a stale credential date.
            var app = EntraApp("app-busy", ClientSecret("k1", 30, 180, lastUsedDaysAgo: 200));
            app.LastUsedOn = DaysAgo(2);
            None(Run(app, R.Dormant), R.Dormant);
        }

        [Fact]
        public void Temporary_access_fires_after_its_tagged_end_date()
        {
            var i = IamUser("svc-contractor", AccessKey("AKIATEMP000000000001", 100, 1));
            i.Tags["temporary"] = "true";
            i.Tags["expires"] = "2026-09-30";
            i.Tags["ticket"] = "CHG-4711";
            var f = Single(Run(i, R.TempAccessExpired), R.TempAccessExpired, "NHI1", Severity.High);
            Assert.Contains("ended 2026-09-30 (tag expires=2026-09-30), 32 days before 2026-11-01", f.Evidence);
            Assert.Contains("tag ticket=CHG-4711", f.Evidence);
            Assert.Contains("AKIATEMP000000000001", f.Evidence);
        }

        [Fact]
        public void Temporary_access_fires_from_notes()
        {
            var i = EntraApp("app-migration");
            i.Notes = "Temporary access for the mailbox migration (INC-2231), until 2026-09-30.";
            var f = Single(Run(i, R.TempAccessExpired), R.TempAccessExpired, "NHI1", Severity.High);
            Assert.Contains("2026-09-30", f.Evidence);
            Assert.Contains("ticket INC-2231", f.Evidence);
            Assert.Contains("notes say temporary", f.Evidence);
        }

        [Theory]
        [InlineData("2026-11-02")] // ends tomorrow
        [InlineData("2026-11-01")] // ends today: valid through the whole day
        public void Temporary_access_quiet_until_its_last_day_is_over(string end)
        {
            var i = IamUser("svc-contractor");
            i.Tags["temp"] = "yes";
            i.Tags["until"] = end;
            None(Run(i, R.TempAccessExpired), R.TempAccessExpired);
        }

        [Fact]
        public void Temporary_access_fires_the_day_after_its_last_day()
        {
            var i = IamUser("svc-contractor");
            i.Tags["temp"] = "2026-10-31";
            var f = Single(Run(i, R.TempAccessExpired), R.TempAccessExpired, "NHI1", Severity.High);
            Assert.Contains("ended 2026-10-31", f.Evidence);
            Assert.Contains("1 day before", f.Evidence);
        }

        [Fact]
        public void Temporary_access_quiet_without_a_readable_end_or_when_marked_false_or_disabled()
        {
            var noEnd = IamUser("svc-a");
            noEnd.Tags["temporary"] = "true";
            None(Run(noEnd, R.TempAccessExpired), R.TempAccessExpired);

            var ambiguous = IamUser("svc-b");
            ambiguous.Tags["expires"] = "09/10/2026"; // month-first or day-first? not read
            None(Run(ambiguous, R.TempAccessExpired), R.TempAccessExpired);

            var disabled = IamUser("svc-c");
            disabled.Tags["temporary"] = "true";
            disabled.Tags["expires"] = "2026-01-01";
            disabled.Enabled = false;
            None(Run(disabled, R.TempAccessExpired), R.TempAccessExpired);
        }
    }
}
