using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// Shapes added after measuring on other projects' test vectors (issue 15): credentials in URLs, Azure storage
    /// keys outside a connection string, Slack webhooks, OpenAI/Anthropic/npm keys, GCP service-account key files.
    /// Each runs only when its literal is in the text (IndexOf is far cheaper than a regex pass).
    /// </summary>
    internal static partial class SecretDetectors
    {
        // scheme://user:password@host — the password may hold '@' (the last '@' before the host wins), never '/' or a quote.
        // Matched from each "://" found by IndexOf (\G anchors there): a leading scheme class made this 20 MB/s.
        private static readonly Regex UrlCredential = new Regex(
            @"\G://(?<user>[^:@/\s'""<>`(){}\[\]]{1,128}):(?<pass>[^/\s'""<>`]{1,256})@(?<host>[A-Za-z0-9\[][A-Za-z0-9.\-\[\]%]*)", Rx);
        private static readonly Regex SlackHook = new Regex(
            @"hooks\.slack\.com/(?:services|workflows)/T[A-Za-z0-9_]{6,}/[AB][A-Za-z0-9_]{6,}/(?:[0-9]{6,}/)?[A-Za-z0-9]{20,}", RxRare);
        private static readonly Regex SlackApp = new Regex(@"(?<![A-Za-z0-9_-])xapp-\d-[A-Z0-9]{8,}-\d{8,}-[a-f0-9]{32,}(?![A-Za-z0-9_-])", RxRare);
        private static readonly Regex OpenAi = new Regex(@"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{0,120}T3BlbkFJ[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])", RxRare);
        private static readonly Regex Anthropic = new Regex(@"(?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,120}AA(?![A-Za-z0-9_-])", RxRare);
        private static readonly Regex Npm = new Regex(@"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", RxRare);
        private static readonly Regex NpmRc = new Regex(@"//[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s:]*)?/:_authToken=[ \t]*(?<v>[^\s'""]{8,})", RxRare);
        private static readonly Regex StorageContext = new Regex(@"key|storage|account", RxI);
        private static readonly Regex JsonPemKey = new Regex(@"""private_key""\s*:\s*""(?<v>-----BEGIN (?:RSA )?PRIVATE KEY-----(?:\\n|\\r|[A-Za-z0-9+/=])*-----END (?:RSA )?PRIVATE KEY-{3,5}(?:\\n)?)""", RxRare);
        private static readonly Regex ClientEmail = new Regex(@"""client_email""\s*:\s*""(?<v>[^""@\s]+@[^""\s]+)""", RxRare);

        private static readonly HashSet<string> PlaceholderUsers = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "user", "username", "login", "name", "usr", "id" };
        private static readonly HashSet<string> PlaceholderPasswords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "password", "pass", "passwd", "pwd", "pw", "secret", "token" };

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectVendorShapes(List<RawHit> hits, string text, LineIndex lines, Has has)
        {
            if (Literal.IndexOf(text, "://") >= 0) DetectUrlCredentials(hits, text);
            if ((has & Has.SlackHook) != 0)
                foreach (Match m in SlackHook.Matches(text))
                    if (!SecretText.IsPlaceholder(m.Value) && SecretText.Entropy(m.Value.Substring(m.Value.LastIndexOf('/') + 1)) >= 3.0)
                        Add(hits, m.Index, m.Length, SecretKinds.SlackWebhook, 100);
            if ((has & Has.SlackApp) != 0) AddToken(hits, text, SlackApp, SecretKinds.SlackToken, 3.0);
            if ((has & Has.OpenAi) != 0) AddToken(hits, text, OpenAi, SecretKinds.OpenAiKey, 3.5);
            if ((has & Has.Anthropic) != 0) AddToken(hits, text, Anthropic, SecretKinds.AnthropicKey, 3.5);
            if ((has & Has.Npm) != 0) AddToken(hits, text, Npm, SecretKinds.NpmToken, 3.5);
            if ((has & Has.NpmRc) != 0)
                foreach (Match m in NpmRc.Matches(text))
                {
                    Group v = m.Groups["v"];
                    if (!SecretText.IsPlaceholder(v.Value) && SecretText.Entropy(v.Value) >= 3.0) Add(hits, v.Index, v.Length, SecretKinds.NpmToken, 100);
                }
            if (Literal.IndexOf(text, "==") >= 0) DetectStorageKeys(hits, text, lines);
            if ((has & Has.JsonKey) != 0) DetectJsonPem(hits, text);
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectUrlCredentials(List<RawHit> hits, string text)
        {
            int at = 0;
            while ((at = Literal.IndexOf(text, "://", at)) >= 0)
            {
                Match m = UrlCredential.Match(text, at);
                int scheme = at;
                while (scheme > 0 && at - scheme < 24 && (char.IsLetterOrDigit(text[scheme - 1]) || text[scheme - 1] == '+' || text[scheme - 1] == '.' || text[scheme - 1] == '-')) scheme--;
                at += 3;
                if (!m.Success || scheme == at - 3 || !char.IsLetter(text[scheme])) continue;
                string user = m.Groups["user"].Value, pass = m.Groups["pass"].Value;
                Group p = m.Groups["pass"];
                // "mysql://mysql:mysql@", "user:pass@", "${USER}:${PASS}@", "<user>:<password>@" are documentation.
                if (string.Equals(user, pass, StringComparison.OrdinalIgnoreCase) || pass.Length < 4) continue;
                if (PlaceholderUsers.Contains(user) && PlaceholderPasswords.Contains(pass)) continue;
                if (SecretText.IsPlaceholder(pass) || SecretText.IsPlaceholder(user)) continue;
                if (pass.StartsWith("$", StringComparison.Ordinal) || pass.StartsWith("{", StringComparison.Ordinal) || pass.StartsWith("%", StringComparison.Ordinal) || pass.IndexOf('*') >= 0) continue;
                if (user.StartsWith("$", StringComparison.Ordinal) || user.StartsWith("{", StringComparison.Ordinal)) continue;
                if (pass.IndexOf("${", StringComparison.Ordinal) >= 0 || pass.IndexOf("$(", StringComparison.Ordinal) >= 0) continue;
                if (pass.IndexOf('@') >= 0 && pass.IndexOf(':') >= 0) continue;   // two URLs glued together, not one password
                Add(hits, p.Index, p.Length, SecretKinds.ConnectionString, 85);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectStorageKeys(List<RawHit> hits, string text, LineIndex lines)
        {
            // 64 random bytes in base64: 86 characters and "==", found from each "==" (a leading-class regex ran at 48 MB/s).
            // Needs a word about storage, an account or a key nearby.
            int eq = 86;
            while (eq < text.Length && (eq = Literal.IndexOf(text, "==", eq)) >= 0)
            {
                int start = eq - 86, end = eq + 2;
                eq = end;
                if (start < 0 || (end < text.Length && (IsBase64Char(text[end]) || text[end] == '='))) continue;
                if (start > 0 && (IsBase64Char(text[start - 1]) || text[start - 1] == '=')) continue;
                bool ok = true;
                for (int i = start; i < end - 2 && ok; i++) ok = IsBase64Char(text[i]);
                if (!ok) continue;
                string v = text.Substring(start, 88);
                if (SecretText.Entropy(v) < 4.5 || !HasUpperLowerDigit(v)) continue;
                var m = new { Index = start, Length = 88 };
                int line = lines.LineOf(m.Index);
                int from = lines.StartOf(Math.Max(0, line - 3));
                if (!StorageContext.IsMatch(text.Substring(from, lines.EndOf(line) - from))) continue;
                Add(hits, m.Index, m.Length, SecretKinds.AzureStorageKey, 75);
            }
        }

        /// <summary>A PEM key inside a JSON string ("\n" escapes): GCP service-account key files, named by their client_email.</summary>
        private static void DetectJsonPem(List<RawHit> hits, string text)
        {
            foreach (Match m in JsonPemKey.Matches(text))
            {
                Group v = m.Groups["v"];
                int base64 = 0;
                string body = v.Value.Replace("\\n", "\n").Replace("\\r", "\n");
                foreach (char c in body) if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') base64++;
                if (base64 < 120) continue;
                bool gcp = text.IndexOf("service_account", StringComparison.Ordinal) >= 0 || text.IndexOf("\"client_email\"", StringComparison.Ordinal) >= 0;
                string identity = null;
                Match e = ClientEmail.Match(text);
                if (gcp && e.Success) identity = "gcp:sa:" + e.Groups["v"].Value;
                hits.Add(new RawHit { Index = v.Index, Length = v.Length, Kind = gcp ? SecretKinds.GcpServiceAccountKey : SecretKinds.PrivateKey, Priority = 110, Identity = identity });
            }
        }

        private static bool IsBase64Char(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';

        /// <summary>Vendor prefixes whose own detector decides: a near-miss is not a generic secret.</summary>
        private static readonly string[] VendorPrefixes = { "xox", "xapp-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "sk-", "npm_", "AKIA", "ASIA", "eyJ" };

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static bool HasVendorPrefix(string value)
        {
            foreach (string p in VendorPrefixes) if (value.StartsWith(p, StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>GitLab's newer prefixes have fixed lengths; any token ends on a letter or digit.</summary>
        private static bool IsGitLabToken(string v)
        {
            char last = v[v.Length - 1];
            if (last == '_' || last == '-') return false;
            int dash = v.IndexOf('-');
            string prefix = dash > 0 ? v.Substring(0, dash) : "";
            int body = v.Length - dash - 1;
            switch (prefix)
            {
                case "glptt": return body == 40;
                case "glimt": return body == 25;
                case "gloas": return body == 64;
                case "glagent": return body >= 50;
                default: return true;
            }
        }

        /// <summary>Slack tokens: two or more numeric parts of 6+ digits (team, user/bot ids) and a random last part.</summary>
        private static bool IsSlackToken(string v, char next)
        {
            if (next == '#' || next == '*' || next == '<' || next == '{' || next == '$') return false;
            string[] parts = v.Split('-');
            int ids = 0;
            for (int i = 1; i < parts.Length - 1; i++)
            {
                string s = parts[i];
                bool digits = s.Length >= 6;
                foreach (char c in s) if (c < '0' || c > '9') { digits = false; break; }
                if (digits) ids++;
            }
            string last = parts[parts.Length - 1];
            return ids >= 1 && parts.Length >= 3 && last.Length >= 8 && SecretText.Entropy(last) >= 2.5 && !SecretText.IsPlaceholder(v);
        }
    }
}
