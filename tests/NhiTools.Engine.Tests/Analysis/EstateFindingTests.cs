using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Sources.Offline;
using Xunit;
using Xunit.Abstractions;
using static NhiTools.Engine.Tests.Analysis.Kit;

namespace NhiTools.Engine.Tests.Analysis
{
    /// <summary>
    /// The example estate (real export formats, examples/estate) read by the offline importers and judged by the
    /// engine: every rule the answer key (tests/NhiTools.Estate/planted.json) plants must fire on its identity.
    /// </summary>
    public class EstateFindingTests
    {
        private readonly ITestOutputHelper _out;
        public EstateFindingTests(ITestOutputHelper output) { _out = output; }

        private sealed class Planted
        {
            public string IdentityId { get; set; }
            public string Name { get; set; }
            public string[] Rules { get; set; }
            public string Note { get; set; }
        }

        private static List<Finding> _findings;
        private static List<Identity> _identities;

        private static List<Finding> Findings()
        {
            if (_findings != null) return _findings;
            var host = new RecordingHost();
            _identities = new OfflineSource(host).Read(new[] { PolicyFileTests.RepoFile(Path.Combine("examples", "estate")) }).ToList();
            Assert.Empty(host.Errors.Select(e => e.ErrorId + ": " + e.Message));
            // The estate's activity logs (examples/estate/activity) feed NHI-UNUSED-PERMISSION and NHI-HUMAN-USE evidence.
            var activity = new NhiTools.Engine.Activity.ActivityIndex();
            foreach (var a in new NhiTools.Engine.Activity.ActivityReader(host).Read(new[] { PolicyFileTests.RepoFile(Path.Combine("examples", "estate", "activity")) }, NhiTools.Engine.Activity.IdentityLinker.From(null)))
                activity.Add(a);
            Assert.True(activity.Count > 500);
            _findings = new FindingEngine(FindingPolicy.Default, host).Evaluate(_identities, AsOf, activity).ToList();
            return _findings;
        }

        private static List<Planted> AnswerKey() =>
            JsonSerializer.Deserialize<List<Planted>>(File.ReadAllText(PolicyFileTests.RepoFile(Path.Combine("tests", "NhiTools.Estate", "planted.json"))),
                new JsonSerializerOptions { PropertyNameCaseInsensitive = true });

        [Fact]
        public void Every_planted_rule_fires_for_its_identity()
        {
            var findings = Findings();
            var byIdentity = findings.GroupBy(f => f.IdentityId).ToDictionary(g => g.Key, g => g.Select(f => f.Rule).ToHashSet());
            var missing = new List<string>();
            foreach (var p in AnswerKey())
                foreach (var rule in p.Rules)
                    if (!byIdentity.TryGetValue(p.IdentityId, out var got) || !got.Contains(rule))
                        missing.Add(p.Name + " " + rule + " (got " + string.Join(",", got ?? new HashSet<string>()) + ") - " + p.Note);
            _out.WriteLine(_identities.Count + " identities, " + findings.Count + " findings");
            foreach (var g in findings.GroupBy(f => f.Rule).OrderBy(g => g.Key)) _out.WriteLine("  " + g.Key + " " + g.Count());
            foreach (var p in AnswerKey().Where(p => p.Rules.Length == 0))
                foreach (var f in findings.Where(f => f.IdentityId == p.IdentityId))
                    _out.WriteLine("control " + p.Name + ": " + f.Rule + " " + f.Severity + " - " + f.Evidence);
            Assert.True(missing.Count == 0, "Planted rules that did not fire:\n" + string.Join("\n", missing));
        }

        [Fact]
        public void Anomalous_use_fires_only_where_the_answer_key_plants_it()
        {
            var anomalies = Findings().Where(f => f.Rule == RuleIds.AnomalousUse).ToList();
            foreach (var f in anomalies) _out.WriteLine(f.Severity + " " + f.IdentityName + " " + f.CredentialId + ": " + f.Evidence);
            var planted = AnswerKey().Where(p => p.Rules.Contains(RuleIds.AnomalousUse)).Select(p => p.IdentityId).ToHashSet();
            Assert.NotEmpty(planted);
            Assert.All(anomalies, f => Assert.Contains(f.IdentityId, planted));
            // svc-bi-exporter: its pre-rotation key used again, from a network it never used.
            var bi = anomalies.Where(f => f.IdentityName == "svc-bi-exporter").ToList();
            var key = Assert.Single(bi, f => f.CredentialId == "AKIAELTXQ4XNXIGPNEXQ");
            Assert.Equal(Severity.High, key.Severity);
            Assert.Contains("replaced by AKIAFH35RG4TYEBDCV6D on 2026-09-20", key.Evidence);
            Assert.Contains("from 203.0.113.77", key.Evidence);
            var net = Assert.Single(bi, f => f.CredentialId == null);
            Assert.Contains("new network 203.0.113.0/24: 2026-10-29 03:17 UTC s3:ListBuckets from 203.0.113.77 in us-east-1 with AKIAELTXQ4XNXIGPNEXQ", net.Evidence);
            Assert.Contains("Baseline 2026-08-03 to 2026-10-24: seen from 198.51.100.0/24 on 83 days since 2026-08-03", net.Evidence);
            // app-invoice-sync: its secret used from Bucharest (203.0.113.66) after a failed attempt, a true positive.
            var inv = Assert.Single(anomalies, f => f.IdentityName == "app-invoice-sync");
            Assert.Contains("new country RO", inv.Evidence);
            Assert.Equal(3, anomalies.Count);
        }

        [Fact]
        public void Evidence_never_holds_a_secret_value_from_the_estate()
        {
            // The example repo's planted secret values must not appear in any finding (the estate has no values at all).
            foreach (var f in Findings())
            {
                Assert.DoesNotContain("wJalrXUtnFEMI", f.Evidence);
                Assert.False(string.IsNullOrEmpty(f.Evidence));
            }
        }

        [Fact]
        public void Top_of_the_list_is_what_an_auditor_fixes_first()
        {
            var top = Findings().OrderByDescending(f => f.Score).ThenBy(f => f.IdentityId).Take(10).ToList();
            foreach (var f in top) _out.WriteLine(f.Score + " " + f.Severity + " " + f.Rule + " " + f.IdentityName + ": " + f.Evidence);
            Assert.All(top, f => Assert.True(f.Severity >= Severity.High, f.Rule + " " + f.IdentityName));
        }
    }
}
