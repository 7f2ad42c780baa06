using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Scan
{
    /// <summary>Helpers that look at a candidate value. Nothing here returns or logs the value itself.</summary>
    internal static class SecretText
    {
        // Prefixes that only say what kind of credential it is (the same for everyone): showing them helps a reader
        // and reveals nothing. Any other leading character would be a piece of the secret itself.
        private static readonly string[] PublicPrefixes =
        {
            "AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "eyJ", "-----",
        };

        /// <summary>A public type prefix (at most 4 characters) where the value has one, then one '*' per hidden character (capped) and the length.</summary>
        public static string Mask(string value)
        {
            int len = value.Length;
            int shown = 0;
            foreach (string prefix in PublicPrefixes)
            {
                if (value.StartsWith(prefix, StringComparison.Ordinal) && len > prefix.Length + 8)
                {
                    shown = Math.Min(prefix.Length, 4);
                    break;
                }
            }

            int stars = Math.Min(len - shown, 32);
            return value.Substring(0, shown) + new string('*', stars) + "(" + len + ")";
        }

        /// <summary>
        /// First 16 hex characters of HMAC-SHA-256 over the UTF-8 value with the store's key (issue 12 item 6); plain
        /// SHA-256 only without a key (tests, and the finding ids built from metadata).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static string Fingerprint(string value, byte[] key = null)
        {
            using (HashAlgorithm sha = key == null ? (HashAlgorithm)SHA256.Create() : new HMACSHA256(key))
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
                var sb = new StringBuilder(16);
                for (int i = 0; i < 8; i++) sb.Append(hash[i].ToString("x2"));
                return sb.ToString();
            }
        }

        /// <summary>Shannon entropy in bits per character.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static double Entropy(string s)
        {
            if (string.IsNullOrEmpty(s)) return 0;
            var counts = new System.Collections.Generic.Dictionary<char, int>();
            foreach (char c in s) { counts.TryGetValue(c, out int n); counts[c] = n + 1; }
            double h = 0;
            foreach (var kv in counts)
            {
                double p = (double)kv.Value / s.Length;
                h -= p * Math.Log(p, 2);
            }
            return h;
        }

        /// <summary>Number of classes present among lower, upper, digit and symbol (separators '-', '_', '.', '/' do not count).</summary>
        public static int CharClasses(string s)
        {
            bool lo = false, up = false, di = false, sy = false;
            foreach (char c in s)
            {
                if (c >= 'a' && c <= 'z') lo = true;
                else if (c >= 'A' && c <= 'Z') up = true;
                else if (c >= '0' && c <= '9') di = true;
                else if (c != '-' && c != '_' && c != '.' && c != '/') sy = true;
            }
            return (lo ? 1 : 0) + (up ? 1 : 0) + (di ? 1 : 0) + (sy ? 1 : 0);
        }

        private static readonly Regex GuidRx = new Regex(@"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        public static bool IsGuid(string s) => GuidRx.IsMatch(s);

        private static readonly Regex VariableRx = new Regex(@"^\$[A-Za-z_][A-Za-z0-9_:.\[\]]*$|^%[A-Za-z_][A-Za-z0-9_]*%$|%[A-Za-z_][A-Za-z0-9_]*%|[xX*•]{4,}|^(.)\1+$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        private static readonly string[] PlaceholderWords =
        {
            "example", "changeme", "change-me", "change_me", "replaceme", "replace-me", "replace_me", "placeholder",
            "redacted", "replace_with", "replace-with", "your-", "your_", "mypassword", "my_password", "my-password", "yoursecret", "yourpassword", "yourtoken", "yourkey", "notasecret", "not-a-secret",
            "${", "$(", "{{", "}}", "#{", "$env:", "process.env", "os.environ", "os.getenv", "getenv(",
            "environment.getenvironmentvariable", "get-secret", "secrets.", "vars.", "variables.", "parameters(",
        };

        /// <summary>Documentation examples, placeholders, template and variable references, masked values.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static bool IsPlaceholder(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) return true;
            string v = value.ToLowerInvariant();
            int lt = v.IndexOf('<');
            if (lt >= 0 && v.IndexOf('>', lt) > lt) return true;
            foreach (string w in PlaceholderWords)
                if (Literal.IndexOf(v, w) >= 0) return true;
            return VariableRx.IsMatch(value);
        }

        /// <summary>The generic test for a free-form password, secret or token value.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static bool LooksRandom(string value, int minLength = 8, double minEntropy = 3.0)
        {
            if (value.Length < minLength) return false;
            if (IsGuid(value)) return false;
            if (CharClasses(value) < 2) return false;
            return Entropy(value) >= minEntropy;
        }
    }
}
