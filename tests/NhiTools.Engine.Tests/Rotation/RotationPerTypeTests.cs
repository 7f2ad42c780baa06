using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Tests.Analysis;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Rotation
{
    /// <summary>Rotation verdicts per credential kind (issue 15 item 8): certificates by expiry window and an age of their own.</summary>
    public class RotationPerTypeTests
    {
        private static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly ITestOutputHelper _out;
        public RotationPerTypeTests(ITestOutputHelper o) { _out = o; }

        private static Credential Cred(CredentialType type, double ageDays, double? expiresInDays) => new Credential
        {
            IdentityId = "entra:app:x", Id = "k", Type = type, CreatedOn = AsOf.AddDays(-ageDays),
            ExpiresOn = expiresInDays.HasValue ? AsOf.AddDays(expiresInDays.Value) : (DateTime?)null, Enabled = true,
        };

        [Theory]
        [InlineData(CredentialType.Certificate, 200, 165, RotationState.Compliant)] // six months old, months of validity left
        [InlineData(CredentialType.Certificate, 200, 20, RotationState.DueSoon)]     // judged by its expiry window
        [InlineData(CredentialType.Certificate, 400, 330, RotationState.Overdue)]    // past its own maximum age (397)
        [InlineData(CredentialType.ClientSecret, 200, 165, RotationState.Overdue)]   // secrets by age
        [InlineData(CredentialType.AccessKey, 100, -1, RotationState.Overdue)] // no expiry
        public void Shipped_limits_judge_each_kind_on_its_own_terms(CredentialType type, double age, double expiresIn, RotationState expected)
        {
            var s = RotationEvaluator.FromPolicy(null).Evaluate(null, Cred(type, age, expiresIn < 0 ? (double?)null : expiresIn), AsOf);
            Assert.Equal(expected, s.Status);
            if (expected == RotationState.Overdue && type == CredentialType.Certificate) Assert.Contains("limit 397 days for a Certificate", s.Reason);
        }

        [Fact]
        public void Policy_file_limits_per_type_reach_the_evaluator()
        {
            var p = FindingPolicy.Parse("@{ RotationMaxAgeDays = 60; RotationMaxAgeDaysByType = @{ Certificate = 180; AccessKey = 30 }; RotationExpiryWarningDaysByType = @{ Certificate = 60 } }");
            var e = RotationEvaluator.FromPolicy(p);
            Assert.Equal(RotationState.Overdue, e.Evaluate(null, Cred(CredentialType.Certificate, 200, 300), AsOf).Status);
            Assert.Equal(RotationState.DueSoon, e.Evaluate(null, Cred(CredentialType.Certificate, 10, 50), AsOf).Status);
            Assert.Equal(RotationState.Overdue, e.Evaluate(null, Cred(CredentialType.AccessKey, 31, null), AsOf).Status);
            Assert.Equal(RotationState.Overdue, e.Evaluate(null, Cred(CredentialType.ClientSecret, 61, 300), AsOf).Status);
        }

        [Fact]
        public void Unknown_type_in_the_policy_is_an_error()
        {
            var ex = Assert.Throws<NhiTools.Hosting.NhiException>(() => FindingPolicy.Parse("@{ RotationMaxAgeDaysByType = @{ Cert = 10 } }", "p.psd1"));
            Assert.Contains("unknown credential type 'Cert'", ex.Message);
        }

        [Fact]
        public void The_rotation_rule_uses_the_per_type_limit_too()
        {
            var p = FindingPolicy.Parse("@{ RotationCredentialTypes = @('Certificate', 'ClientSecret') }");
            var app = Kit.EntraApp("app-cert", Kit.Certificate("c1", 200, 365));
            Kit.None(Kit.Run(new[] { app }, p, RuleIds.RotationOverdue), RuleIds.RotationOverdue);
            var old = Kit.EntraApp("app-cert-old", Kit.Certificate("c2", 400, 730));
            var f = Kit.Single(Kit.Run(new[] { old }, p, RuleIds.RotationOverdue), RuleIds.RotationOverdue, "NHI7", Severity.Medium);
            Assert.Contains("397-day rotation limit for a Certificate", f.Evidence);
        }

        /// <summary>The example estate's overdue list, before (one 90-day limit) and after (per type): no longer mostly certificates.</summary>
        [Fact]
        public void Example_estate_overdue_list_is_not_mostly_certificates()
        {
            var host = new RecordingHost();
            var ids = new OfflineSource(host).Read(new[] { PolicyFileTests.RepoFile(Path.Combine("examples", "estate")) }).ToList();
            List<RotationStatus> Overdue(RotationEvaluator e) => ids.SelectMany(i => i.Credentials.Select(c => e.Evaluate(i, c, AsOf))).Where(s => s.Status == RotationState.Overdue).ToList();
            var before = Overdue(new RotationEvaluator(TimeSpan.FromDays(90), TimeSpan.FromDays(30)));
            var after = Overdue(RotationEvaluator.FromPolicy(null));
            string Count(List<RotationStatus> l) => l.Count + " overdue (" + string.Join(", ", l.GroupBy(s => s.CredentialType).Select(g => g.Key + " " + g.Count())) + ")";
            _out.WriteLine("one 90-day limit: " + Count(before));
            _out.WriteLine("per type:         " + Count(after));
            Assert.True(before.Count(s => s.CredentialType == CredentialType.Certificate) * 2 > before.Count, "the estate no longer shows the problem: " + Count(before));
            Assert.True(after.Count(s => s.CredentialType == CredentialType.Certificate) * 2 < after.Count, Count(after));
            Assert.DoesNotContain(after, s => s.CredentialType == CredentialType.Certificate && s.Age < TimeSpan.FromDays(397));
        }
    }
}
