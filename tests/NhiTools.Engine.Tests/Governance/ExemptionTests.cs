using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Governance
{
    public sealed class ExemptionTests : IDisposable
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly string dbPath = Path.Combine(Path.GetTempPath(), "nhi-exempt-" + Guid.NewGuid().ToString("N") + ".db");

        private static Exemption Ex(string rule, string id, DateTime ends, string approver = "ciso") =>
            new Exemption { Rule = rule, IdentityId = id, Reason = "accepted", ExpiresOn = ends, ApprovedBy = approver };

        private static Finding F(string rule, string id) => new Finding { Rule = rule, IdentityId = id, Evidence = "e" };

        [Fact]
        public void Live_exception_suppresses_ended_one_reopens_with_evidence()
        {
            var filter = new ExemptionFilter(new[] { Ex(RuleIds.RotationOverdue, "aws:a", new DateTime(2026, 11, 1)), Ex(RuleIds.Dormant, "AWS:A", new DateTime(2026, 10, 31)) },
                Now.AddHours(12), 20, includeSuppressed: true);
            var found = filter.Apply(new[] { F(RuleIds.RotationOverdue, "aws:a"), F(RuleIds.Dormant, "aws:a"), F(RuleIds.Unowned, "aws:a") }).ToList();
            Assert.Equal(3, found.Count);
            Assert.True(found[0].Suppressed); // a date covers its whole day
            Assert.False(found[1].Suppressed);
            Assert.StartsWith("expired: ", found[1].Exception);
            Assert.Contains("open again", found[1].Evidence);
            Assert.Null(found[2].Exception);
        }

        [Fact]
        public void Suppressed_findings_are_hidden_by_default_and_counted_for_the_norm()
        {
            var exemptions = Enumerable.Range(0, 3).Select(i => Ex(RuleIds.RotationOverdue, "id" + i, Now.AddDays(30))).ToList();
            var filter = new ExemptionFilter(exemptions, Now, 20, includeSuppressed: false);
            var open = filter.Apply(Enumerable.Range(0, 10).Select(i => F(RuleIds.RotationOverdue, "id" + i))).ToList();
            Assert.Equal(7, open.Count);
            var norm = Assert.Single(filter.NormFindings());
            Assert.Equal(RuleIds.ExceptionNorm, norm.Rule);
            Assert.Contains("3 of 10", norm.Evidence);

            // 2 of 10 is exactly the 20% allowed: not the norm.
            var under = new ExemptionFilter(exemptions.Take(2), Now, 20, false);
            under.Apply(Enumerable.Range(0, 10).Select(i => F(RuleIds.RotationOverdue, "id" + i))).ToList();
            Assert.Empty(under.NormFindings());
        }

        [Fact]
        public void Wildcard_identity_covers_matching_ids_only()
        {
            var e = Ex(RuleIds.Unowned, "aws:arn:aws:iam::1:user/svc-*", Now.AddDays(1));
            Assert.True(ExemptionRules.Covers(e, RuleIds.Unowned, "aws:arn:aws:iam::1:user/svc-a"));
            Assert.False(ExemptionRules.Covers(e, RuleIds.Unowned, "aws:arn:aws:iam::1:user/bob"));
            Assert.False(ExemptionRules.Covers(e, RuleIds.Dormant, "aws:arn:aws:iam::1:user/svc-a"));
        }

        [Fact]
        public void Store_refuses_open_ended_or_unapproved_exceptions_and_audits_the_rest()
        {
            using (var store = NhiStore.Open(dbPath))
            {
                Assert.Equal("NhiExceptionInvalid", Assert.Throws<NhiException>(() => store.Exemptions.Add(Ex(RuleIds.Unowned, "x", default(DateTime)), "t", Now)).ErrorId);
                Assert.Equal("NhiExceptionInvalid", Assert.Throws<NhiException>(() => store.Exemptions.Add(Ex(RuleIds.Unowned, "x", Now.AddDays(1), approver: " "), "t", Now)).ErrorId);
                Assert.Empty(store.Exemptions.List());
                var saved = store.Exemptions.Add(Ex(RuleIds.Unowned, "x", Now.AddDays(1)), "t", Now);
                Assert.True(saved.Id > 0);
                Assert.Equal("AddException", store.ReadAudit("x").Single().Action);
                Assert.True(store.Exemptions.Delete(saved.Id, "t", Now));
                Assert.Empty(store.Exemptions.List());
                Assert.Equal(2, store.ReadAudit("x").Count);
            }
        }

        [Fact]
        public void Policy_file_exceptions_need_an_end_and_an_approver()
        {
            var ok = FindingPolicy.Parse("@{ Exceptions = @( @{ Rule = 'NHI-UNOWNED'; Identity = 'x'; Reason = 'r'; ExpiresOn = '2026-12-31'; ApprovedBy = 'a' } ); ExceptionSharePercent = 50 }");
            var e = Assert.Single(ok.PolicyExemptions("p"));
            Assert.Equal(new DateTime(2026, 12, 31), e.ExpiresOn.Date);
            Assert.Equal(50, ok.ExceptionSharePercent);
            var bad = Assert.Throws<NhiException>(() => FindingPolicy.Parse("@{ Exceptions = @( @{ Rule = 'NHI-UNOWNED'; Identity = 'x'; Reason = 'r'; ApprovedBy = 'a' } ) }"));
            Assert.Equal("NhiPolicyInvalid", bad.ErrorId);
            Assert.Contains("no end date", bad.Message);
        }

        public void Dispose()
        {
            foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" }) if (File.Exists(f)) File.Delete(f);
        }
    }
}
