using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>One labelled case of TestData/secret-corpus (one file; label = a SecretKinds name or "negative").</summary>
    public sealed class CorpusCase
    {
        public int Id { get; set; }
        public string File { get; set; }
        public string Label { get; set; }
        public string Repo { get; set; }
        public string SourcePath { get; set; }
        public string Commit { get; set; }
        public bool IsPositive => Label != "negative";
    }

    /// <summary>Counts for one label: positives found (recall) and negatives reported (false positives).</summary>
    public sealed class KindScore
    {
        public int Cases, Found, KindAgrees, FalsePositives;
    }

    /// <summary>Loads the corpus manifest and scores a tool's per-file verdicts on it. Shared by the test and the benchmark.</summary>
    public static class SecretCorpus
    {
        public static List<CorpusCase> Load(string dir)
        {
            using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json"))))
                return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new CorpusCase
                {
                    Id = c.GetProperty("id").GetInt32(),
                    File = c.GetProperty("file").GetString(),
                    Label = c.GetProperty("label").GetString(),
                    Repo = c.GetProperty("source").GetProperty("repo").GetString(),
                    SourcePath = c.GetProperty("source").GetProperty("path").GetString(),
                    Commit = c.GetProperty("source").GetProperty("commit").GetString(),
                }).ToList();
        }

        /// <summary>kindsByFile: relative case file -> kinds the tool reported there (empty or missing: nothing).</summary>
        public static SortedDictionary<string, KindScore> Score(List<CorpusCase> cases, IReadOnlyDictionary<string, HashSet<string>> kindsByFile)
        {
            var byLabel = new SortedDictionary<string, KindScore>(StringComparer.Ordinal);
            foreach (CorpusCase c in cases)
            {
                if (!byLabel.TryGetValue(c.Label, out KindScore s)) byLabel[c.Label] = s = new KindScore();
                s.Cases++;
                bool hit = kindsByFile.TryGetValue(c.File, out var kinds) && kinds.Count > 0;
                if (c.IsPositive && hit) { s.Found++; if (kinds.Contains(c.Label)) s.KindAgrees++; }
                if (!c.IsPositive && hit) s.FalsePositives++;
            }
            return byLabel;
        }

        public static (double Recall, double Precision, int Tp, int Fp, int Positives) Overall(SortedDictionary<string, KindScore> s)
        {
            int positives = s.Where(kv => kv.Key != "negative").Sum(kv => kv.Value.Cases);
            int tp = s.Where(kv => kv.Key != "negative").Sum(kv => kv.Value.Found);
            int fp = s.TryGetValue("negative", out var n) ? n.FalsePositives : 0;
            return (positives == 0 ? 0 : (double)tp / positives, tp + fp == 0 ? 0 : (double)tp / (tp + fp), tp, fp, positives);
        }

        /// <summary>Markdown: one row per label, ours beside the other tool's when given.</summary>
        public static string Table(SortedDictionary<string, KindScore> ours, SortedDictionary<string, KindScore> theirs, string theirName)
        {
            var sb = new StringBuilder();
            sb.Append("| label | cases | NhiTools found | (kind right) |");
            if (theirs != null) sb.Append(" " + theirName + " found |");
            sb.AppendLine();
            sb.Append("| --- | --- | --- | --- |").AppendLine(theirs != null ? " --- |" : "");
            foreach (var kv in ours)
            {
                if (kv.Key == "negative") continue;
                sb.AppendFormat(CultureInfo.InvariantCulture, "| {0} | {1} | {2} | {3} |", kv.Key, kv.Value.Cases, kv.Value.Found, kv.Value.KindAgrees);
                if (theirs != null) sb.AppendFormat(CultureInfo.InvariantCulture, " {0} |", theirs.TryGetValue(kv.Key, out var t) ? t.Found : 0);
                sb.AppendLine();
            }
            ours.TryGetValue("negative", out var neg);
            sb.AppendFormat(CultureInfo.InvariantCulture, "| negatives (reported = false positive) | {0} | {1} reported | |", neg?.Cases ?? 0, neg?.FalsePositives ?? 0);
            if (theirs != null) sb.AppendFormat(CultureInfo.InvariantCulture, " {0} reported |", theirs.TryGetValue("negative", out var tn) ? tn.FalsePositives : 0);
            sb.AppendLine();
            var o = Overall(ours);
            sb.AppendFormat(CultureInfo.InvariantCulture, "| **recall / precision** | | **{0:0.00} / {1:0.00}** ({2} of {3} found, {4} false) | |", o.Recall, o.Precision, o.Tp, o.Positives, o.Fp);
            if (theirs != null)
            {
                var t = Overall(theirs);
                sb.AppendFormat(CultureInfo.InvariantCulture, " **{0:0.00} / {1:0.00}** ({2} of {3}, {4} false) |", t.Recall, t.Precision, t.Tp, t.Positives, t.Fp);
            }
            sb.AppendLine();
            return sb.ToString();
        }
    }
}
