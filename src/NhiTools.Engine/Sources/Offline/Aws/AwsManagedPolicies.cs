using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace NhiTools.Engine.Sources.Offline.Aws
{
    /// <summary>
    /// AWS managed policy documents from a dated snapshot shipped in the engine (Data/aws-managed-policies.json.gz,
    /// made from the public repository z0ph/MAMIP by tools/Update-AwsManagedPolicies.ps1), so a policy an export
    /// names without its document (PowerUserAccess, AmazonS3FullAccess, ReadOnlyAccess, ...) is still judged on
    /// what it grants. Read once, on first use.
    /// </summary>
    internal static class AwsManagedPolicies
    {
        private const string ResourceName = "NhiTools.Engine.aws-managed-policies.json.gz";
        private static readonly object Gate = new object();
        private static Dictionary<string, PolicySummary> _byName;

        /// <summary>Commit date of the snapshot's source (yyyy-MM-dd), for evidence and help.</summary>
        public static string SnapshotDate { get; private set; }
        public static string SnapshotCommit { get; private set; }
        public static int Count => Load().Count;

        /// <summary>The summary of an AWS managed policy by name or ARN (arn:aws:iam::aws:policy/[path/]Name); null when unknown.</summary>
        public static PolicySummary Find(string nameOrArn)
        {
            if (string.IsNullOrEmpty(nameOrArn)) return null;
            string name = nameOrArn;
            if (name.StartsWith("arn:", StringComparison.Ordinal))
            {
                if (name.IndexOf(":iam::aws:policy/", StringComparison.Ordinal) < 0) return null; // a customer policy
                name = name.Substring(name.LastIndexOf('/') + 1);
            }
            return Load().TryGetValue(name, out var s) ? s : null;
        }

        private static Dictionary<string, PolicySummary> Load()
        {
            if (_byName != null) return _byName;
            lock (Gate)
            {
                if (_byName != null) return _byName;
                var map = new Dictionary<string, PolicySummary>(StringComparer.Ordinal);
                using (var raw = typeof(AwsManagedPolicies).Assembly.GetManifestResourceStream(ResourceName))
                {
                    if (raw == null) return _byName = map;
                    using (var gz = new GZipStream(raw, CompressionMode.Decompress))
                    using (var ms = new MemoryStream())
                    {
                        gz.CopyTo(ms);
                        using (var doc = JsonDocument.Parse(ms.ToArray()))
                        {
                            var root = doc.RootElement;
                            SnapshotDate = root.TryGetProperty("date", out var d) ? d.GetString() : null;
                            SnapshotCommit = root.TryGetProperty("commit", out var c) ? c.GetString() : null;
                            foreach (var p in root.GetProperty("policies").EnumerateObject())
                            {
                                var s = PolicyDocument.Summarize(p.Value);
                                if (s != null) map[p.Name] = s;
                            }
                        }
                    }
                }
                return _byName = map;
            }
        }
    }
}
