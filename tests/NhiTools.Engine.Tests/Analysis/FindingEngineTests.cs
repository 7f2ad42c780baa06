using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class FindingEngineTests
    {
        private static Identity Messy()
        {
            var u = IamUser("svc-messy", AccessKey("AKIAMESSY00000000001", 400, lastUsedDaysAgo: 200), AccessKey("AKIAMESSY00000000002", 300, neverUsed: true));
            u.Owners = new string[0];
            u.HasPassword = true;
            u.Permissions = new[] { Perm("AdministratorAccess") };
            return u;
        }

        [Fact]
        public void Rules_catalog_lists_every_rule_once_with_owasp_title_and_remediation()
        {
            var rules = FindingEngine.Rules;
            Assert.Equal(27, rules.Count); // 22 identity rules (NHI-ANOMALOUS-USE the last) + 4 NHI-AGENT-* rules + NHI-EXCEPTION-NORM
            Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
            foreach (var r in rules)
            {
                Assert.Matches(@"^NHI-[A-Z-]+$", r.Id);
                Assert.Matches(@"^NHI([1-9]|10)$", r.Owasp);
                Assert.False(string.IsNullOrWhiteSpace(r.Title));
                Assert.False(string.IsNullOrWhiteSpace(r.Description));
            }
            // Each OWASP category but none is covered.
            Assert.Equal(Enumerable.Range(1, 10).Select(n => "NHI" + n), rules.Select(r => r.Owasp).Distinct().OrderBy(o => int.Parse(o.Substring(3))));
        }

        [Fact]
        public void A_messy_identity_gets_one_finding_per_problem_with_matching_owasp()
        {
            var findings = Run(Messy());
            var catalog = FindingEngine.Rules.ToDictionary(r => r.Id);
            foreach (var f in findings) Assert.Equal(catalog[f.Rule].Owasp, f.Owasp);
            var rules = findings.Select(f => f.Rule).Distinct().ToList();
            foreach (var expected in new[] { R.Unowned, R.Dormant, R.RotationOverdue, R.LongLived, R.UnusedCredential, R.MultipleActiveKeys, R.Overprivileged, R.HumanUse, R.WeakAuth })
                Assert.Contains(expected, rules);
        }

        [Fact]
        public void Rule_filter_runs_only_the_named_rules_case_insensitively()
        {
            var findings = Run(new[] { Messy() }, null, "nhi-unowned", R.HumanUse);
            Assert.Equal(new[] { R.Unowned, R.HumanUse }.OrderBy(x => x), findings.Select(f => f.Rule).OrderBy(x => x));
        }

        [Fact]
        public void Unknown_rule_fails_before_any_identity_is_read()
        {
            var engine = new FindingEngine(null, NullHostContext.Instance);
            bool read = false;
            IEnumerable<Identity> Source() { read = true; yield return Messy(); }
            var e = Assert.Throws<NhiException>(() => engine.Evaluate(Source(), AsOf, new HashSet<string> { "NHI-TYPO" }));
            Assert.Equal("NhiRuleUnknown", e.ErrorId);
            Assert.Equal(NhiErrorCategory.InvalidArgument, e.Category);
            Assert.Contains("NHI-UNOWNED", e.Message);
            Assert.False(read);
        }

        [Fact]
        public void Minimum_severity_drops_lower_findings()
        {
            var engine = new FindingEngine(null, NullHostContext.Instance);
            var all = engine.Evaluate(new[] { Messy() }, AsOf).ToList();
            var high = engine.Evaluate(new[] { Messy() }, AsOf, minimumSeverity: Severity.High).ToList();
            Assert.Contains(all, f => f.Severity < Severity.High);
            Assert.NotEmpty(high);
            Assert.All(high, f => Assert.True(f.Severity >= Severity.High));
            Assert.Equal(all.Count(f => f.Severity >= Severity.High), high.Count);
        }

        [Fact]
        public void AsOf_is_the_only_clock()
        {
            var u = IamUser("svc-x", AccessKey("AKIACLOCK00000000001", 60, 1));
            var engine = new FindingEngine(null, NullHostContext.Instance);
            Assert.DoesNotContain(engine.Evaluate(new[] { u }, AsOf), f => f.Rule == R.RotationOverdue);
            var later = engine.Evaluate(new[] { u }, AsOf.AddDays(31)).ToList();
            var f2 = later.Single(f => f.Rule == R.RotationOverdue);
            Assert.Equal(AsOf.AddDays(31), f2.AsOf);
            Assert.Contains("91 days", f2.Evidence);
        }

        [Fact]
        public void Identity_without_id_is_a_visible_error_and_the_rest_still_run()
        {
            var host = new RecordingHost();
            var engine = new FindingEngine(null, host);
            var bad = new Identity { Name = "nameless", Provider = "Aws" };
            var findings = engine.Evaluate(new[] { bad, null, Messy() }, AsOf).ToList();
            var e = Assert.Single(host.Errors);
            Assert.Equal("NhiIdentityInvalid", e.ErrorId);
            Assert.Contains("nameless", e.Message);
            Assert.NotEmpty(findings);
            Assert.Contains(host.Verbose, v => v.StartsWith("Findings: "));
        }

        [Fact]
        public void Disabled_identities_get_no_findings()
        {
            var u = Messy();
            u.Enabled = false;
            Assert.Empty(Run(u));
        }

        [Fact]
        public void Findings_stream_before_the_source_is_exhausted()
        {
            int pulled = 0;
            IEnumerable<Identity> Source()
            {
                for (int n = 0; n < 1000; n++) { pulled++; yield return IamUser("svc-" + n, AccessKey("AKIASTREAM" + n.ToString("D10"), 400, 1)); }
            }
            var engine = new FindingEngine(null, NullHostContext.Instance);
            using (var e = engine.Evaluate(Source(), AsOf).GetEnumerator())
            {
                Assert.True(e.MoveNext());
                Assert.Equal(1, pulled);
            }
        }

        [Fact]
        public void Long_runs_report_progress_and_complete_it()
        {
            var host = new RecordingHost();
            // Clean identities: a purpose and a recent review keep the governance rules quiet too.
            var ids = Enumerable.Range(0, 12000).Select(n => { var u = IamUser("svc-" + n); u.Purpose = "batch"; u.LastReviewedOn = AsOf; return u; }).ToList();
            new FindingEngine(null, host).Evaluate(ids, AsOf).ToList();
            Assert.Equal(3, host.Progress.Count);
            Assert.Equal("10000 identities, 0 findings", host.Progress[1].Status);
            Assert.True(host.Progress[2].Completed);
        }

        [Fact]
        public void Cancellation_stops_the_run()
        {
            var cts = new CancellationTokenSource();
            var host = new RecordingHost { CancellationToken = cts.Token };
            var engine = new FindingEngine(null, host);
            IEnumerable<Identity> Source() { yield return Messy(); cts.Cancel(); yield return Messy(); }
            Assert.Throws<OperationCanceledException>(() => engine.Evaluate(Source(), AsOf).ToList());
        }

        [Fact]
        public void Missing_inputs_are_argument_errors()
        {
            var engine = new FindingEngine(null, NullHostContext.Instance);
            Assert.Equal("NhiIdentitiesMissing", Assert.Throws<NhiException>(() => engine.Evaluate(null, AsOf)).ErrorId);
            Assert.Equal("NhiSecretsMissing", Assert.Throws<NhiException>(() => engine.EvaluateSecrets(null, AsOf)).ErrorId);
        }

        [Fact]
        public void Sparse_identities_from_any_importer_do_not_break_the_engine()
        {
            var sparse = new Identity
            {
                Id = "entra:sp:00000000-0000-0000-0000-000000000001", Owners = null, OwnerStates = null, Credentials = new Credential[] { null, new Credential() },
                Permissions = new Permission[] { null, new Permission() }, Systems = null, AssumableBy = null, Tags = null, Groups = null,
            };
            var host = new RecordingHost();
            var findings = new FindingEngine(null, host).Evaluate(new[] { sparse }, AsOf).ToList();
            Assert.Empty(host.Errors);
            Assert.Contains(findings, f => f.Rule == R.Unowned);
        }
    }
}
