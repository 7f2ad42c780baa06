using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Tests.Analysis;
using NhiTools.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Governance
{
    /// <summary>
    /// NHI-NO-PURPOSE and NHI-NOT-REVIEWED by default only on identities that can do real harm (GovernanceScope), and on
    /// every identity when the policy asks for it (GovernanceScope = 'All').
    /// </summary>
    public sealed class GovernanceScopeTests
    {
        private static readonly DateTime AsOf = Kit.AsOf;
        private readonly ITestOutputHelper _out;

        public GovernanceScopeTests(ITestOutputHelper output) { _out = output; }

        [Fact]
        public void Default_scope_skips_a_plain_identity_and_reports_an_admin_one()
        {
            var plain = Kit.IamUser("svc-plain", Kit.AccessKey("AKIAPLAIN", 10, 1));
            var admin = Kit.IamUser("svc-admin", Kit.AccessKey("AKIAADMIN", 10, 1));
            admin.Permissions = new[] { Kit.Perm("AdministratorAccess", PermissionType.ManagedPolicy, "*", "*") };
            var found = Kit.Run(new[] { plain, admin }, null, RuleIds.NoPurpose, RuleIds.NotReviewed);
            Assert.DoesNotContain(found, f => f.IdentityId == plain.Id);
            Assert.Contains(found, f => f.IdentityId == admin.Id && f.Rule == RuleIds.NoPurpose);
            Assert.Contains(found, f => f.IdentityId == admin.Id && f.Rule == RuleIds.NotReviewed);
        }

        [Fact]
        public void Strict_scope_reports_every_identity()
        {
            var plain = Kit.IamUser("svc-plain", Kit.AccessKey("AKIAPLAIN", 10, 1));
            var strict = FindingPolicy.Parse("@{ GovernanceScope = @('All') }");
            var found = Kit.Run(new[] { plain }, strict, RuleIds.NoPurpose, RuleIds.NotReviewed);
            Assert.Contains(found, f => f.Rule == RuleIds.NoPurpose);
            Assert.Contains(found, f => f.Rule == RuleIds.NotReviewed);
        }

        [Fact]
        public void A_lapsed_review_is_reported_on_any_identity()
        {
            var plain = Kit.IamUser("svc-plain", Kit.AccessKey("AKIAPLAIN", 10, 1));
            plain.LastReviewedOn = AsOf.AddDays(-200);
            var found = Kit.Run(new[] { plain }, null, RuleIds.NoPurpose, RuleIds.NotReviewed);
            var f = Assert.Single(found);
            Assert.Equal(RuleIds.NotReviewed, f.Rule);
            Assert.Equal(Severity.Medium, f.Severity);
        }

        [Fact]
        public void An_unknown_scope_makes_the_policy_invalid()
        {
            var e = Assert.Throws<NhiException>(() => FindingPolicy.Parse("@{ GovernanceScope = @('Everything') }"));
            Assert.Contains("GovernanceScope", e.Message);
        }

        /// <summary>On the example estate: the default is a short list of exposed identities, the strict policy every identity.</summary>
        [Fact]
        public void Example_estate_default_is_a_short_list_and_strict_is_every_identity()
        {
            var ids = new OfflineSource(NullHostContext.Instance).Read(new[] { PolicyFileTests.RepoFile(Path.Combine("examples", "estate")) }).ToList();
            var rules = new System.Collections.Generic.HashSet<string> { RuleIds.NoPurpose, RuleIds.NotReviewed };
            var byDefault = new FindingEngine(null, NullHostContext.Instance).Evaluate(ids, AsOf, rules).ToList();
            var strict = new FindingEngine(FindingPolicy.Parse("@{ GovernanceScope = @('All') }"), NullHostContext.Instance).Evaluate(ids, AsOf, rules).ToList();
            int nhis = ids.Count(i => i.Kind != IdentityKind.Human);
            int Count(System.Collections.Generic.List<Finding> l, string rule) => l.Count(f => f.Rule == rule);
            _out.WriteLine($"{ids.Count} identities; default: {Count(byDefault, RuleIds.NoPurpose)} no-purpose, {Count(byDefault, RuleIds.NotReviewed)} not-reviewed; strict: {Count(strict, RuleIds.NoPurpose)}, {Count(strict, RuleIds.NotReviewed)}");
            Assert.True(Count(strict, RuleIds.NotReviewed) >= nhis - 5, "strict should report nearly every identity");
            Assert.True(Count(byDefault, RuleIds.NotReviewed) * 4 < Count(strict, RuleIds.NotReviewed), "the default should be a short list");
            Assert.True(Count(byDefault, RuleIds.NotReviewed) > 0, "the default should still report the exposed identities");
            // The admin exporter (AdministratorAccess, no purpose) is in the default list.
            Assert.Contains(byDefault, f => f.Rule == RuleIds.NoPurpose && f.IdentityId == "aws:arn:aws:iam::111122223333:user/svc-bi-exporter");
        }
    }
}
