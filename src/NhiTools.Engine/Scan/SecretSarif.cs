using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Report;

namespace NhiTools.Engine.Scan
{
    /// <summary>SARIF 2.1.0 for secret hits. Carries the masked form and the fingerprint, never the value.</summary>
    internal static class SecretSarif
    {
        public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

        public static string RuleId(string kind) => "NHI-SECRET-" + kind;

        public static void Write(IEnumerable<SecretFinding> hits, TextWriter writer)
        {
            if (hits == null) throw new ArgumentNullException(nameof(hits));
            List<SecretFinding> list = hits.Where(h => h != null).ToList();
            List<string> kinds = SecretKinds.All.Concat(list.Select(h => h.Kind ?? "Unknown")).Distinct(StringComparer.Ordinal).ToList();
            JsonText.Write(writer, w =>
            {
                WriteLogStart(w, typeof(SecretSarif));
                foreach (string kind in kinds) WriteRule(w, kind);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartArray("results");
                foreach (SecretFinding h in list) WriteResult(w, h, kinds.IndexOf(h.Kind ?? "Unknown"));
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        /// <summary>Opens a SARIF 2.1.0 log up to the driver's rules array (shared with the report's SARIF).</summary>
        internal static void WriteLogStart(Utf8JsonWriter w, Type versionOf)
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "NhiTools");
            w.WriteString("informationUri", "https://owasp.org/www-project-non-human-identities-top-10/");
            w.WriteString("semanticVersion", versionOf.Assembly.GetName().Version.ToString(3));
            w.WriteStartArray("rules");
        }

        /// <summary>The rule descriptor of one secret kind.</summary>
        internal static void WriteRule(Utf8JsonWriter w, string kind)
        {
            w.WriteStartObject();
            w.WriteString("id", RuleId(kind));
            w.WriteString("name", kind);
            w.WriteStartObject("shortDescription"); w.WriteString("text", SecretKinds.Describe(kind) + " in a file"); w.WriteEndObject();
            w.WriteStartObject("fullDescription"); w.WriteString("text", "A " + SecretKinds.Describe(kind) + " is written in a file. OWASP NHI2 (Secret Leakage): move it to a vault and rotate it."); w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration"); w.WriteString("level", "error"); w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteStartArray("tags"); w.WriteStringValue("security"); w.WriteStringValue("secret"); w.WriteStringValue("OWASP-NHI2"); w.WriteEndArray();
            w.WriteString("security-severity", "8.0");
            w.WriteString("owasp", "NHI2");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        /// <summary>One hit as a result: where, what kind, masked and fingerprinted — never the value.</summary>
        internal static void WriteResult(Utf8JsonWriter w, SecretFinding h, int ruleIndex)
        {
            string kind = h.Kind ?? "Unknown";
            w.WriteStartObject();
            w.WriteString("ruleId", RuleId(kind));
            w.WriteNumber("ruleIndex", ruleIndex);
            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", SecretKinds.Describe(kind) + " " + h.Masked + " (fingerprint " + h.Fingerprint + ")" + (h.IdentityId != null ? " belongs to " + h.IdentityId : "") + ".");
            w.WriteEndObject();
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation"); w.WriteString("uri", ToUri(h.Path)); w.WriteEndObject();
            w.WriteStartObject("region");
            w.WriteNumber("startLine", Math.Max(1, h.Line));
            w.WriteNumber("startColumn", Math.Max(1, h.Column));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("partialFingerprints");
            w.WriteString("secretHmacSha256/v1", h.Fingerprint ?? ""); // keyed per store (Scan/README.md): not comparable with plain SHA-256
            // -History: the same value added in two commits is two results; the commit tells them apart (as gitleaks' commitSha).
            if (h.Commit != null) w.WriteString("commitSha/v1", h.Commit);
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("masked", h.Masked);
            w.WriteStringOrNull("identityId", h.IdentityId);
            if (h.Commit != null)
            {
                // SARIF 2.1.0 has no per-result commit object (versionControlProvenance is per run): the property bag carries it.
                w.WriteString("commit", h.Commit);
                w.WriteStringOrNull("author", h.Author);
                if (h.CommitDate.HasValue) w.WriteString("commitDate", h.CommitDate.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("pathInCommit", h.Path ?? "");
                if (h.InWorkingTree.HasValue) w.WriteBoolean("inWorkingTree", h.InWorkingTree.Value);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }

        /// <summary>Absolute paths become file:// URIs; relative ones stay relative with '/' separators.</summary>
        internal static string ToUri(string path)
        {
            if (string.IsNullOrEmpty(path)) return "";
            if (Path.IsPathRooted(path))
            {
                try { return new Uri(path).AbsoluteUri; } catch (UriFormatException) { }
            }
            return string.Join("/", path.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));
        }
    }
}
