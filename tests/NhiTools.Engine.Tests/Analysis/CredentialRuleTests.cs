using System;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class CredentialRuleTests
    {
        [Fact]
        public void Expired_credential_fires_with_its_date_and_id()
        {
            var app = EntraApp("app-reports", ClientSecret("5f0c-old", 400, 215)); // expired 185 days ago
            var f = Single(Run(app, R.ExpiredCredential), R.ExpiredCredential, "NHI7", Severity.Low);
            Assert.Equal("5f0c-old", f.CredentialId);
            Assert.Contains("Client secret 5f0c-old expired 2026-04-30 (185 days before 2026-11-01)", f.Evidence);
            Assert.StartsWith("Remove-NhiCredential -IdentityId '", f.Remediation);
            Assert.Contains("'entra:app:", f.Remediation);
            Assert.Contains("'5f0c-old'", f.Remediation);
        }

        [Fact]
        public void Expired_at_exactly_asof_counts_and_one_second_later_does_not()
        {
            var c = ClientSecret("edge", 100, 100); // expires exactly at AsOf
            Single(Run(EntraApp("a", c), R.ExpiredCredential), R.ExpiredCredential, "NHI7", Severity.Low);
            c.ExpiresOn = AsOf.AddSeconds(1);
            None(Run(EntraApp("a", c), R.ExpiredCredential), R.ExpiredCredential);
        }

        [Fact]
        public void Rotation_overdue_fires_past_the_limit_using_last_rotation_else_creation()
        {
            var key = AccessKey("AKIAROTATE0000000001", 200, 1);
            var f = Single(Run(IamUser("svc-x", key), R.RotationOverdue), R.RotationOverdue, "NHI7", Severity.Medium);
            Assert.Contains("created 2026-04-15 (200 days before 2026-11-01)", f.Evidence);
            Assert.Contains("90-day", f.Evidence);
            Assert.Equal("AKIAROTATE0000000001", f.CredentialId);
            Assert.StartsWith("Rotate '", f.Remediation);

            key.LastRotatedOn = DaysAgo(10); // rotated in place (Key Vault secret version, say)
            None(Run(IamUser("svc-x", key), R.RotationOverdue), R.RotationOverdue);
        }

        [Theory]
        [InlineData(89, false)]
        [InlineData(90, false)]
        [InlineData(91, true)]
        public void Rotation_boundary(double ageDays, bool fires)
        {
            var findings = Run(IamUser("svc-x", AccessKey("AKIAAGE0000000000001", ageDays, 1)), R.RotationOverdue);
            Assert.Equal(fires, findings.Exists(f => f.Rule == R.RotationOverdue));
        }

        [Fact]
        public void Rotation_ignores_disabled_expired_and_federated_credentials()
        {
            var disabled = AccessKey("AKIADIS0000000000001", 300, enabled: false);
            var fed = Federated("gh", "https://token.actions.githubusercontent.com", "repo:org/app:ref:refs/heads/main");
            None(Run(IamUser("svc-x", disabled, fed), R.RotationOverdue), R.RotationOverdue);
        }

        [Fact]
        public void Long_lived_fires_for_aws_keys_saying_they_never_expire()
        {
            // Low: an AWS key cannot be given an expiry; its age is NHI-ROTATION-OVERDUE's business.
            var f = Single(Run(IamUser("svc-x", AccessKey("AKIALONG000000000001", 20, 1)), R.LongLived), R.LongLived, "NHI7", Severity.Low);
            Assert.Contains("never expires (AWS access keys have no expiry date)", f.Evidence);
            Assert.Contains("created 2026-10-12", f.Evidence);
        }

        [Fact]
        public void Long_lived_fires_for_a_two_year_client_secret_and_a_vault_secret_without_expiry()
        {
            var f = Single(Run(EntraApp("app", ClientSecret("s2y", 30, 730)), R.LongLived), R.LongLived, "NHI7", Severity.Medium);
            Assert.Contains("lives 730 days", f.Evidence);
            Assert.Contains("over the 365-day limit", f.Evidence);

            var kv = VaultSecret("kv-prod", "db-password", new Credential { Id = "v1", Type = CredentialType.Secret, CreatedOn = DaysAgo(10) });
            var g = Single(Run(kv, R.LongLived), R.LongLived, "NHI7", Severity.Medium);
            Assert.Contains("no expiry date set", g.Evidence);
        }

        [Fact]
        public void Long_lived_quiet_at_exactly_365_days_and_for_federated_credentials()
        {
            None(Run(EntraApp("app", ClientSecret("s1y", 30, 365)), R.LongLived), R.LongLived);
            None(Run(EntraApp("app", Federated("f", "https://issuer", "sub")), R.LongLived), R.LongLived);
            Single(Run(EntraApp("app", ClientSecret("s1y1", 30, 366)), R.LongLived), R.LongLived, "NHI7", Severity.Medium);
        }

        [Fact]
        public void Long_lived_with_unknown_creation_uses_time_left()
        {
            var c = new Credential { Id = "cert", Type = CredentialType.Certificate, ExpiresOn = AsOf.AddDays(500) };
            var f = Single(Run(EntraApp("app", c), R.LongLived), R.LongLived, "NHI7", Severity.Medium);
            Assert.Contains("500 days away", f.Evidence);
            c.ExpiresOn = AsOf.AddDays(200);
            None(Run(EntraApp("app", c), R.LongLived), R.LongLived);
        }

        [Fact]
        public void Unused_credential_fires_for_old_never_used_and_stale_keys()
        {
            var never = AccessKey("AKIANEVERUSED0000001", 120, neverUsed: true);
            var stale = AccessKey("AKIASTALE00000000001", 300, lastUsedDaysAgo: 150);
            var findings = Run(IamUser("svc-x", never, stale), R.UnusedCredential);
            Assert.Equal(2, findings.Count);
            var a = findings.Find(f => f.CredentialId == never.Id);
            Assert.Contains("never been used since it was created 2026-07-04 (120 days", a.Evidence);
            var b = findings.Find(f => f.CredentialId == stale.Id);
            Assert.Contains("last used 2026-06-04 (150 days", b.Evidence);
            Assert.All(findings, f => { Assert.Equal("NHI7", f.Owasp); Assert.Equal(Severity.Medium, f.Severity); });
        }

        [Fact]
        public void Unused_credential_quiet_for_recent_unknown_or_new_never_used()
        {
            var recent = AccessKey("AKIARECENT0000000001", 300, lastUsedDaysAgo: 90);
            var unknown = AccessKey("AKIAUNKNOWN000000001", 300);
            var young = AccessKey("AKIAYOUNG00000000001", 7, neverUsed: true); // within the 7-day grace
            None(Run(IamUser("svc-x", recent, unknown, young), R.UnusedCredential), R.UnusedCredential);
        }

        [Fact]
        public void Unused_credential_fires_for_a_never_used_key_past_the_grace_days()
        {
            var f = Single(Run(IamUser("svc-report-export", AccessKey("AKIAGRACE00000000001", 8, neverUsed: true)), R.UnusedCredential), R.UnusedCredential, "NHI7", Severity.Medium);
            Assert.Contains("never been used since it was created 2026-10-24 (8 days", f.Evidence);
        }

        [Fact]
        public void Multiple_active_keys_fires_with_both_keys_listed()
        {
            var u = IamUser("svc-two", AccessKey("AKIATWO0000000000001", 400, 1), AccessKey("AKIATWO0000000000002", 30, neverUsed: true));
            var f = Single(Run(u, R.MultipleActiveKeys), R.MultipleActiveKeys, "NHI9", Severity.Medium);
            Assert.Contains("2 enabled keys/secrets (limit 1)", f.Evidence);
            Assert.Contains("AKIATWO0000000000001", f.Evidence);
            Assert.Contains("AKIATWO0000000000002", f.Evidence);
            Assert.Contains("never used", f.Evidence);
        }

        [Fact]
        public void Multiple_active_keys_quiet_when_the_second_is_disabled_expired_or_a_certificate()
        {
            var u = IamUser("svc-one", AccessKey("AKIAONE0000000000001", 40, 1), AccessKey("AKIAONE0000000000002", 400, 300, enabled: false));
            None(Run(u, R.MultipleActiveKeys), R.MultipleActiveKeys);
            var app = EntraApp("app", ClientSecret("live", 10, 180), ClientSecret("dead", 400, 200), Certificate("cert", 10, 365));
            None(Run(app, R.MultipleActiveKeys), R.MultipleActiveKeys);
        }
    }
}
