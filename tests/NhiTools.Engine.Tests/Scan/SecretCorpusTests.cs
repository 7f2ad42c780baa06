using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NhiTools.Engine.Scan;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// Issue 15 item 2: recall and precision on other projects' public test vectors (gitleaks, trufflehog,
    /// detect-secrets, secretlint), each case with its provenance in TestData/secret-corpus/manifest.json.
    /// Counts, not times.
    /// </summary>
    public class SecretCorpusTests
    {
        private readonly ITestOutputHelper _out;
        public SecretCorpusTests(ITestOutputHelper output) { _out = output; }

        private static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData", "secret-corpus");

        internal static Dictionary<string, HashSet<string>> ScanCorpus(out List<SecretFinding> hits)
        {
            hits = new SecretScanner(new RecordingHost()).Scan(new[] { Path.Combine(Dir, "cases") }).ToList();
            var byFile = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (SecretFinding h in hits)
            {
                string rel = "cases/" + Path.GetFileName(h.Path);
                if (!byFile.TryGetValue(rel, out var set)) byFile[rel] = set = new HashSet<string>();
                set.Add(h.Kind);
            }
            return byFile;
        }

        [Fact]
        public void EveryCaseHasItsProvenanceAndALabel()
        {
            var cases = SecretCorpus.Load(Dir);
            Assert.True(cases.Count >= 400, "corpus has " + cases.Count + " cases");
            var kinds = new HashSet<string>(SecretKinds.All) { "negative" };
            foreach (CorpusCase c in cases)
            {
                Assert.True(File.Exists(Path.Combine(Dir, c.File)), c.File);
                Assert.Contains(c.Label, kinds);
                Assert.Matches("^(gitleaks/gitleaks|trufflesecurity/trufflehog|Yelp/detect-secrets|secretlint/secretlint)$", c.Repo);
                Assert.Matches("^[0-9a-f]{40}$", c.Commit);
                Assert.False(string.IsNullOrEmpty(c.SourcePath));
            }
            Assert.Contains(cases, c => !c.IsPositive);
        }

        [Fact]
        public void RecallAndPrecisionOnOtherProjectsVectorsMeetTheGoal()
        {
            var cases = SecretCorpus.Load(Dir);
            var score = SecretCorpus.Score(cases, ScanCorpus(out _));
            _out.WriteLine(SecretCorpus.Table(score, null, null));
            var found = ScanCorpus(out _);
            foreach (CorpusCase c in cases)
            {
                bool hit = found.TryGetValue(c.File, out var k) && k.Count > 0;
                if (hit != c.IsPositive) _out.WriteLine((c.IsPositive ? "missed " : "false positive ") + c.File + " (" + c.Label + ")" + (hit ? " as " + string.Join(",", k) : ""));
            }
            var o = SecretCorpus.Overall(score);
            Assert.True(o.Recall >= 0.85, $"recall {o.Recall:0.000} ({o.Tp}/{o.Positives})");
            Assert.True(o.Precision >= 0.90, $"precision {o.Precision:0.000} ({o.Fp} false positives)");
        }
    
        [Fact]
        public void GcpKeyFileIsReportedWithItsServiceAccountAsTheIdentity()
        {
            // secretlint's GCP fixture: a service-account key file, the PEM inside a JSON string with "\n" escapes.
            var c = SecretCorpus.Load(Dir).Single(x => x.Label == SecretKinds.GcpServiceAccountKey && x.Repo == "secretlint/secretlint");
            var host = new RecordingHost();
            var hit = Assert.Single(new SecretScanner(host).Scan(new[] { Path.Combine(Dir, c.File) }).ToList());
            Assert.Equal(SecretKinds.GcpServiceAccountKey, hit.Kind);
            Assert.Equal("gcp:sa:user@project.gserviceaccount.com", hit.IdentityId);
            Assert.Equal(5, hit.Line);
            Assert.DoesNotContain("MIID", hit.Masked);
        }
    }
}
