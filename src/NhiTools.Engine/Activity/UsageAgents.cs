using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// User agents reduced to the family that tells one workload from another: aws-cli/2.17.20 Python/3.11 ... ->
    /// aws-cli/2.17; Boto3/1.34.2 md/Botocore#1.34.2 ... -> Boto3/1.34; python-requests/2.31.0 -> python-requests
    /// (generic HTTP clients change version with every pip install, which says nothing about the workload).
    /// Cached per raw string, since a log repeats a handful of agents millions of times.
    /// </summary>
    internal sealed class UserAgents
    {
        private const int MaxCached = 4096;
        private readonly Dictionary<string, string> _cache = new Dictionary<string, string>(StringComparer.Ordinal);

        private static readonly HashSet<string> Unversioned = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "python-requests", "python-urllib3", "curl", "Wget", "Go-http-client", "okhttp", "axios", "node-fetch", "Java",
            "Apache-HttpClient", "PostmanRuntime", "Mozilla",
        };

        internal struct Normalised
        {
            public string Agent, ClientApp;
        }

        public Normalised Normalise(NhiTools.Activity a)
        {
            string raw = a.UserAgent;
            string app = null;
            if (a.Provider == "Entra")
            {
                // User sign-ins carry "<client app> / <agent>"; a workload's own sign-in is its app.
                int slash = raw?.IndexOf(" / ", StringComparison.Ordinal) ?? -1;
                if (slash > 0) { app = raw.Substring(0, slash); raw = raw.Substring(slash + 3); }
                else if (!a.Interactive && a.Action != null && a.Action.StartsWith("Sign-in", StringComparison.Ordinal)) app = a.Principal;
            }
            return new Normalised { Agent = Of(raw), ClientApp = app };
        }

        public string Of(string raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            if (_cache.TryGetValue(raw, out var n)) return n;
            n = Normalise(raw);
            if (_cache.Count < MaxCached) _cache[raw] = n;
            return n;
        }

        internal static string Normalise(string raw)
        {
            string s = raw.Trim();
            if (s.Length > 0 && s[0] == '[') s = s.Substring(1); // [S3Console/0.4, aws-internal/3 ...]
            int end = 0;
            while (end < s.Length && s[end] != ' ' && s[end] != ',' && s[end] != ']' && s[end] != ';' && s[end] != '(') end++;
            string token = s.Substring(0, end);
            if (token.Length == 0) return raw.Length > 64 ? raw.Substring(0, 64) : raw;
            int slash = token.IndexOf('/');
            if (slash <= 0) return token; // signin.amazonaws.com, AWS Internal's first word
            string product = token.Substring(0, slash);
            if (Unversioned.Contains(product)) return product;
            string version = token.Substring(slash + 1);
            int dot = version.IndexOf('.');
            if (dot >= 0)
            {
                int dot2 = version.IndexOf('.', dot + 1);
                if (dot2 > 0) version = version.Substring(0, dot2);
            }
            return product + "/" + version;
        }
    }
}
