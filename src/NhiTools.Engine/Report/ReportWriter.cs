using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NhiTools.Engine.Scan;

namespace NhiTools.Engine.Report
{
    /// <summary>Writes a <see cref="ReportData"/> as one self-contained HTML page, CSV, JSON or SARIF 2.1.0.</summary>
    public static partial class ReportWriter
    {
        public static void WriteHtml(TextWriter w, ReportData d) => HtmlReport.Write(Check(w, d), d);

        /// <summary>One row per finding, in "fix these first" order. Cells that a spreadsheet would run as a formula are prefixed with '.</summary>
        public static void WriteCsv(TextWriter w, ReportData d)
        {
            Check(w, d);
            string[] head = { "Score", "Severity", "Rule", "Owasp", "IdentityId", "IdentityName", "Provider", "CredentialId", "Title", "Evidence", "Remediation", "AsOf" };
            w.Write(string.Join(",", head));
            w.Write("\r\n");
            foreach (Finding f in d.Ranked)
            {
                string[] row =
                {
                    f.Score.ToString(CultureInfo.InvariantCulture), f.Severity.ToString(), f.Rule, f.Owasp, f.IdentityId, f.IdentityName, f.Provider,
                    f.CredentialId, f.Title, f.Evidence, f.Remediation, f.AsOf == default ? "" : f.AsOf.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                };
                w.Write(string.Join(",", row.Select(CsvCell)));
                w.Write("\r\n");
            }
        }

        internal static string CsvCell(string s)
        {
            if (string.IsNullOrEmpty(s)) return "";
            // Formula injection: a name like "=HYPERLINK(...)" must stay text in Excel.
            if ("=+-@\t\r".IndexOf(s[0]) >= 0 && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) s = "'" + s;
            if (s.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0) return "\"" + s.Replace("\"", "\"\"") + "\"";
            return s;
        }

        /// <summary>Summary, identities, findings, rotation verdicts and secret hits (masked) as one JSON document.</summary>
        public static void WriteJson(TextWriter w, ReportData d)
        {
            Check(w, d);
            var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DictionaryKeyPolicy = null };
            options.Converters.Add(new JsonStringEnumConverter());
            ReportSummary s = ReportSummary.Of(d);
            JsonText.Write(w, j =>
            {
                j.WriteStartObject();
                j.WriteString("title", d.Title ?? "");
                j.WriteDate("asOf", d.AsOf);
                j.WritePropertyName("summary");
                JsonSerializer.Serialize(j, s, options);
                j.WritePropertyName("identities");
                JsonSerializer.Serialize(j, (d.Identities ?? Array.Empty<Identity>()).Where(i => i != null).OrderBy(i => i.Id, StringComparer.Ordinal).ToList(), options);
                j.WritePropertyName("findings");
                JsonSerializer.Serialize(j, d.Ranked.ToList(), options);
                j.WritePropertyName("rotation");
                JsonSerializer.Serialize(j, d.AllRotation.ToList(), options);
                j.WritePropertyName("secrets");
                JsonSerializer.Serialize(j, d.AllSecrets.ToList(), options);
                j.WriteEndObject();
            });
        }

        /// <summary>
        /// SARIF 2.1.0: one rule per finding rule (OWASP tag, severity as level and security-severity) and per secret
        /// kind. Findings point at the identity (logical location) and at its source file when it came from one.
        /// </summary>
        public static void WriteSarif(TextWriter w, ReportData d)
        {
            Check(w, d);
            var findings = d.Ranked.ToList();
            var secrets = d.AllSecrets.ToList();
            var rules = findings.GroupBy(f => f.Rule ?? "NHI-UNKNOWN", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Id: g.Key, First: g.OrderByDescending(f => f.Severity).First())).ToList();
            var secretKinds = secrets.Select(s => s.Kind ?? "Unknown").Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            JsonText.Write(w, j =>
            {
                SecretSarif.WriteLogStart(j, typeof(ReportWriter));
                foreach (var r in rules)
                {
                    ruleIndex[r.Id] = ruleIndex.Count;
                    j.WriteStartObject();
                    j.WriteString("id", r.Id);
                    j.WriteString("name", r.Id);
                    j.WriteStartObject("shortDescription"); j.WriteString("text", r.First.Title ?? r.Id); j.WriteEndObject();
                    if (!string.IsNullOrEmpty(r.First.Remediation)) { j.WriteStartObject("help"); j.WriteString("text", r.First.Remediation); j.WriteEndObject(); }
                    j.WriteStartObject("defaultConfiguration"); j.WriteString("level", Level(r.First.Severity)); j.WriteEndObject();
                    j.WriteStartObject("properties");
                    j.WriteStartArray("tags");
                    j.WriteStringValue("security");
                    if (!string.IsNullOrEmpty(r.First.Owasp)) j.WriteStringValue("OWASP-" + r.First.Owasp);
                    j.WriteEndArray();
                    j.WriteString("security-severity", SecuritySeverity(r.First.Severity));
                    j.WriteStringOrNull("owasp", r.First.Owasp);
                    j.WriteEndObject();
                    j.WriteEndObject();
                }
                foreach (string kind in secretKinds)
                {
                    ruleIndex[SecretSarif.RuleId(kind)] = ruleIndex.Count;
                    SecretSarif.WriteRule(j, kind);
                }
                j.WriteEndArray();
                j.WriteEndObject();
                j.WriteEndObject();

                var sources = (d.Identities ?? Array.Empty<Identity>()).Where(i => i?.Id != null).GroupBy(i => i.Id, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (g.First().Source ?? Array.Empty<string>()).FirstOrDefault(s => !string.IsNullOrEmpty(s) && !s.StartsWith("http", StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal);
                j.WriteStartArray("results");
                foreach (Finding f in findings)
                {
                    string rule = f.Rule ?? "NHI-UNKNOWN";
                    j.WriteStartObject();
                    j.WriteString("ruleId", rule);
                    j.WriteNumber("ruleIndex", ruleIndex[rule]);
                    j.WriteString("level", Level(f.Severity));
                    j.WriteStartObject("message");
                    j.WriteString("text", (f.Title ?? rule) + " — " + (f.IdentityName ?? f.IdentityId) + (string.IsNullOrEmpty(f.Evidence) ? "" : ": " + f.Evidence)
                        + (string.IsNullOrEmpty(f.Remediation) ? "" : " Fix: " + f.Remediation));
                    j.WriteEndObject();
                    j.WriteStartArray("locations");
                    j.WriteStartObject();
                    if (f.IdentityId != null && sources.TryGetValue(f.IdentityId, out string src) && src != null)
                    {
                        j.WriteStartObject("physicalLocation");
                        j.WriteStartObject("artifactLocation"); j.WriteString("uri", SecretSarif.ToUri(src)); j.WriteEndObject();
                        j.WriteStartObject("region"); j.WriteNumber("startLine", 1); j.WriteEndObject();
                        j.WriteEndObject();
                    }
                    j.WriteStartArray("logicalLocations");
                    j.WriteStartObject();
                    j.WriteString("fullyQualifiedName", f.IdentityId ?? "");
                    j.WriteString("name", f.IdentityName ?? f.IdentityId ?? "");
                    j.WriteString("kind", "resource");
                    j.WriteEndObject();
                    j.WriteEndArray();
                    j.WriteEndObject();
                    j.WriteEndArray();
                    j.WriteStartObject("partialFingerprints");
                    j.WriteString("nhiFinding/v1", SecretText.Fingerprint(rule + "|" + f.IdentityId + "|" + f.CredentialId));
                    j.WriteEndObject();
                    j.WriteStartObject("properties");
                    j.WriteNumber("score", f.Score);
                    j.WriteString("severity", f.Severity.ToString());
                    j.WriteStringOrNull("owasp", f.Owasp);
                    j.WriteStringOrNull("identityId", f.IdentityId);
                    j.WriteStringOrNull("provider", f.Provider);
                    j.WriteStringOrNull("credentialId", f.CredentialId);
                    j.WriteEndObject();
                    j.WriteEndObject();
                }
                foreach (SecretFinding s in secrets)
                    SecretSarif.WriteResult(j, s, ruleIndex[SecretSarif.RuleId(s.Kind ?? "Unknown")]);
                j.WriteEndArray();
                j.WriteEndObject();
                j.WriteEndArray();
                j.WriteEndObject();
            });
        }

        /// <summary>Critical and High are errors, Medium a warning, Low and Info notes.</summary>
        internal static string Level(Severity s) => s >= Severity.High ? "error" : s == Severity.Medium ? "warning" : "note";

        internal static string SecuritySeverity(Severity s)
        {
            switch (s)
            {
                case Severity.Critical: return "9.5";
                case Severity.High: return "8.0";
                case Severity.Medium: return "5.5";
                case Severity.Low: return "3.0";
                default: return "0.0";
            }
        }

        private static TextWriter Check(TextWriter w, ReportData d)
        {
            if (w == null) throw new ArgumentNullException(nameof(w));
            if (d == null) throw new ArgumentNullException(nameof(d));
            return w;
        }
    }

    /// <summary>The numbers on the report's tiles.</summary>
    public sealed class ReportSummary
    {
        public int Identities { get; set; }
        public Dictionary<string, int> IdentitiesByProvider { get; set; } = new Dictionary<string, int>();
        public int Unowned { get; set; }
        public int Credentials { get; set; }
        public int CredentialsOverdue { get; set; }
        public int CredentialsExpired { get; set; }
        public int CredentialsDueSoon { get; set; }
        public int Findings { get; set; }
        public int CriticalFindings { get; set; }
        public int HighFindings { get; set; }
        public int SecretsInFiles { get; set; }

        public static ReportSummary Of(ReportData d)
        {
            var nhis = d.Nhis.ToList();
            var rot = d.AllRotation.ToList();
            var f = d.AllFindings.ToList();
            return new ReportSummary
            {
                Identities = nhis.Count,
                IdentitiesByProvider = nhis.GroupBy(i => i.Provider ?? "Unknown").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                Unowned = nhis.Count(ReportData.IsUnowned),
                Credentials = nhis.Sum(i => i.Credentials?.Length ?? 0),
                CredentialsOverdue = rot.Count(r => r.Status == RotationState.Overdue),
                CredentialsExpired = rot.Count(r => r.Status == RotationState.Expired),
                CredentialsDueSoon = rot.Count(r => r.Status == RotationState.DueSoon),
                Findings = f.Count,
                CriticalFindings = f.Count(x => x.Severity == Severity.Critical),
                HighFindings = f.Count(x => x.Severity == Severity.High),
                SecretsInFiles = d.AllSecrets.Count(),
            };
        }
    }
}
