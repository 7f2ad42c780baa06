using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Scan
{
    /// <summary>A candidate secret inside one text: where it is and what it is. Internal: it points at the value.</summary>
    internal struct RawHit
    {
        public int Index;
        public int Length;
        public string Kind;
        /// <summary>Specific shapes beat generic assignments when two hits overlap.</summary>
        public int Priority;
        /// <summary>The identity the file itself names for this secret (a GCP key file's client_email), or null.</summary>
        public string Identity;
    }

    /// <summary>
    /// Finds secrets in one decoded text. Shapes with a fixed prefix are matched everywhere; free-form
    /// assignments need a key name that says "secret" and a value that passes the entropy test.
    /// </summary>
    internal static partial class SecretDetectors
    {
        private const RegexOptions Rx = RegexOptions.Compiled | RegexOptions.CultureInvariant;
        private const RegexOptions RxI = Rx | RegexOptions.IgnoreCase;
        // Regexes that run only in the few files holding their rare literal (under 1% of a real source tree): interpreted.
        // A compiled regex costs its IL emit and JIT in every process, more than it saves on a handful of files.
        private const RegexOptions RxRare = RegexOptions.CultureInvariant;
        private const RegexOptions RxRareI = RxRare | RegexOptions.IgnoreCase;

        // The fixed-prefix shapes are tried only where Anchors found their prefix (\G anchors the regex there); the
        // unanchored forms are the reference the tests compare with (interpreted: never hot).
        private const string AwsKeyIdPattern = @"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])";
        private const string GitHubPattern = @"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{30,244})(?![A-Za-z0-9_])";
        private const string GitLabPattern = @"(?<![A-Za-z0-9_-])(?:(?:glpat|gldt|glrt|glsoat|glcbt|glimt|glptt|glagent|gloas|glft|glffct)-|GR1348941)[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])";
        private const string SlackPattern = @"(?<![A-Za-z0-9_-])xox[abposre]-[A-Za-z0-9-]{10,}(?![A-Za-z0-9_-])";
        internal static readonly Regex AwsKeyId = new Regex(AwsKeyIdPattern, Rx & ~RegexOptions.Compiled);
        internal static readonly Regex GitHub = new Regex(GitHubPattern, Rx & ~RegexOptions.Compiled);
        internal static readonly Regex GitLab = new Regex(GitLabPattern, Rx & ~RegexOptions.Compiled);
        internal static readonly Regex Slack = new Regex(SlackPattern, Rx & ~RegexOptions.Compiled);
        internal static readonly Regex AwsKeyIdAt = new Regex(@"\G" + AwsKeyIdPattern, Rx);
        internal static readonly Regex GitHubAt = new Regex(@"\G" + GitHubPattern, Rx);
        internal static readonly Regex GitLabAt = new Regex(@"\G" + GitLabPattern, Rx);
        internal static readonly Regex SlackAt = new Regex(@"\G" + SlackPattern, Rx);
        private static readonly Regex AwsSecretShape = new Regex(@"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])", Rx);
        internal static readonly Regex AwsSecretContext = new Regex(@"secret[_\-. ]?access[_\-. ]?key|aws[A-Za-z0-9_\-. ]{0,20}secret", RxI);
        // Signed (three parts) or unsigned (two parts: alg "none", or the signature left off): both are bearer tokens.
        private static readonly Regex Jwt = new Regex(@"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}(?:\.(?:[A-Za-z0-9_-]{16,})?)?(?![A-Za-z0-9_-])|(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])", Rx);
        private static readonly Regex PemHeader = new Regex(@"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----", RxRare);
        // The boundary check follows the keyword (a leading lookbehind stops the engine from searching for the keywords).
        internal static readonly Regex ConnKey = new Regex(@"(?<key>AccountKey|SharedAccessKey|Password|Pwd)(?<=(?<![A-Za-z])(?:AccountKey|SharedAccessKey|Password|Pwd))[ \t]*=[ \t]*(?<v>[^;""'\s]{1,512})", RxI);
        private static readonly Regex ConnContext = new Regex(@"(?:server|data source|host|user id|uid|user name|username|initial catalog|database|endpoint|accountname)[ \t]*=", RxI);

        private const string KeyWords = @"(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|credential)";
        // The keyword starts a word or a camelCase part (ClientSecret, api_token), never the middle of a blob.
        // Checked by a lookbehind AFTER the keyword: a leading lookbehind stops the regex engine from searching
        // for the keywords' prefixes and halved the speed of this, the costliest detector.
        private const string KeyStart = @"(?:(?<![A-Za-z0-9])|(?-i:(?<=[a-z0-9])(?=[A-Z])))";
        private const string AssignmentPattern =
            @"(?<key>" + KeyWords + "(?<=" + KeyStart + KeyWords + ")" + @"[A-Za-z0-9_.-]{0,40})[""']?[ \t]*(?::=|=>|=|:)[ \t]*(?:(?<q>[""'])(?<v>[^""'\r\n]{1,512})\k<q>|(?<v>[^\s""'`,;)\]}]{1,512}))";
        /// <summary>The reference for <see cref="AssignmentAt"/> (tests prove the two find the same matches); interpreted: never hot.</summary>
        internal static readonly Regex Assignment = new Regex(AssignmentPattern, RxI & ~RegexOptions.Compiled);
        // The same, tried only where a keyword starts (\G): the line's keywords are found by Prefilter.KeywordLength, so
        // the regex no longer searches each line again for them (its case-insensitive multi-string search was most of
        // this detector's cost). Every match of Assignment starts with a keyword, so trying each keyword position in
        // order, from the end of the previous match, finds the same matches.
        private static readonly Regex AssignmentAt = new Regex(@"\G" + AssignmentPattern, RxI);
        private static readonly Regex PsParameter = new Regex(
            @"(?<![A-Za-z0-9])-(?<key>[A-Za-z]*" + KeyWords + @"[A-Za-z]*)[ \t]+(?<q>[""'])(?<v>[^""'\r\n]{1,512})\k<q>", RxI);
        private static readonly Regex SecureString = new Regex(
            @"ConvertTo-SecureString[ \t]+(?:-String[ \t]+)?(?<q>[""'])(?<v>[^""'\r\n]{1,512})\k<q>[ \t]+-AsPlainText", RxRareI);
        private static readonly Regex XmlAddKey = new Regex(
            @"<add[ \t]+key[ \t]*=[ \t]*""(?<key>[^""]*" + KeyWords + @"[^""]*)""[ \t]+value[ \t]*=[ \t]*""(?<v>[^""\r\n]{1,512})""", RxRareI);
        private static readonly Regex XmlElement = new Regex(
            @"<(?<key>[A-Za-z_:]*" + KeyWords + @"[A-Za-z_:]*)>(?<v>[^<\r\n]{1,512})</\k<key>>", RxI);

        /// <summary>Key names that hold something about a secret, not the secret (secretName, tokenUrl, password_policy...).</summary>
        private static readonly HashSet<string> NotSecretKeySuffixes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "name", "names", "id", "ids", "uri", "url", "urls", "path", "file", "type", "length", "policy", "endpoint",
            "expiry", "expiration", "expires", "ref", "version", "hint", "header", "prefix", "count", "format",
            "template", "field", "label", "description", "regex", "pattern", "kind", "provider", "store", "location",
            "lifetime", "duration", "ttl", "age", "rotation", "variable", "param", "parameter", "manager", "size",
            "required", "enabled", "arn", "source", "reference", "scope", "scopes", "issuer", "audience", "method",
            "validity", "days", "mode", "set", "env", "property", "column", "filter", "count", "type",
        };

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static List<RawHit> Detect(string text, LineIndex lines, int awsContextLines)
        {
            var hits = new List<RawHit>();
            var awsIdLines = new List<int>();
            Anchors anchors = Anchors.Find(text);
            Has has = anchors.Has;

            if (anchors.Aws != null)
                foreach (Match m in MatchesAt(AwsKeyIdAt, text, anchors.Aws))
                {
                    if (m.Value.IndexOf("EXAMPLE", StringComparison.OrdinalIgnoreCase) >= 0) continue;
                    if (SecretText.Entropy(m.Value.Substring(4)) < 2.5) continue;
                    Add(hits, m.Index, m.Length, SecretKinds.AwsAccessKeyId, 100);
                    awsIdLines.Add(lines.LineOf(m.Index));
                }
            DetectEntraSecrets(hits, text);
            if (anchors.GitHub != null) AddTokens(hits, MatchesAt(GitHubAt, text, anchors.GitHub), SecretKinds.GitHubToken, 3.0);
            if (anchors.GitLab != null)
                foreach (Match m in MatchesAt(GitLabAt, text, anchors.GitLab))
                    if (IsGitLabToken(m.Value) && !SecretText.IsPlaceholder(m.Value) && SecretText.Entropy(m.Value) >= 3.0)
                        Add(hits, m.Index, m.Length, SecretKinds.GitLabToken, 100);
            if (anchors.Slack != null)
                foreach (Match m in MatchesAt(SlackAt, text, anchors.Slack))
                {
                    int after = m.Index + m.Length;
                    if (IsSlackToken(m.Value, after < text.Length ? text[after] : '\n')) Add(hits, m.Index, m.Length, SecretKinds.SlackToken, 100);
                }
            DetectVendorShapes(hits, text, lines, has);

            if ((has & Has.Jwt) != 0)
                foreach (Match m in Jwt.Matches(text))
                    if (!SecretText.IsPlaceholder(m.Value) && JwtHeaderHasAlg(m.Value) && JwtPartsAreJson(m.Value))
                        Add(hits, m.Index, m.Length, SecretKinds.Jwt, 90);

            if ((has & Has.Pem) != 0) DetectPem(hits, text);

            // Everything keyed by a word (connection strings, AWS secret lines, assignments) runs on the lines holding one.
            List<KeyValuePair<int, int>> spans = Prefilter.KeywordLines(text);
            if (spans.Count > 0)
            {
                // Keyword line -> detector: each regex runs only on the lines holding its own literal (a regex call per
                // line costs more than these IndexOf checks; every one is a literal the regex cannot match without).
                List<KeyValuePair<int, int>> eq = null, ps = null, xmlAdd = null, xmlEnd = null;
                foreach (var span in spans)
                {
                    int at = span.Key, n = span.Value;
                    if (Literal.IndexOf(text, '=', at, n) >= 0) (eq ?? (eq = new List<KeyValuePair<int, int>>())).Add(span);
                    if (Literal.IndexOf(text, '-', at, n) >= 0 && (Literal.IndexOf(text, '"', at, n) >= 0 || Literal.IndexOf(text, '\'', at, n) >= 0))
                        (ps ?? (ps = new List<KeyValuePair<int, int>>())).Add(span);
                    if (Literal.IndexOf(text, '<', at, n) >= 0)
                    {
                        if (Literal.IndexOfIgnoreCase(text, "<add", at, n) >= 0) (xmlAdd ?? (xmlAdd = new List<KeyValuePair<int, int>>())).Add(span);
                        if (Literal.IndexOf(text, "</", at, n) >= 0) (xmlEnd ?? (xmlEnd = new List<KeyValuePair<int, int>>())).Add(span);
                    }
                }
                if (eq != null) DetectConnectionStrings(hits, text, eq);
                AddKeywordAssignments(hits, text, 50, spans);
                if (ps != null) AddAssignments(hits, text, PsParameter, 55, ps);
                if (xmlAdd != null) AddAssignments(hits, text, XmlAddKey, 55, xmlAdd);
                if (xmlEnd != null) AddAssignments(hits, text, XmlElement, 55, xmlEnd);
            }
            if (spans.Count > 0 || awsIdLines.Count > 0) DetectAwsSecrets(hits, text, lines, awsIdLines, awsContextLines, spans);

            if ((has & Has.PlainText) != 0)
                foreach (Match m in SecureString.Matches(text))
                {
                    Group v = m.Groups["v"];
                    if (!SecretText.IsPlaceholder(v.Value) && SecretText.LooksRandom(v.Value))
                        Add(hits, v.Index, v.Length, SecretKinds.Password, 60);
                }
            return Resolve(hits);
        }

        private static void Add(List<RawHit> hits, int index, int length, string kind, int priority) =>
            hits.Add(new RawHit { Index = index, Length = length, Kind = kind, Priority = priority });

        private static void AddToken(List<RawHit> hits, string text, Regex rx, string kind, double minEntropy)
        {
            foreach (Match m in rx.Matches(text)) AddToken(hits, m, kind, minEntropy);
        }

        private static void AddTokens(List<RawHit> hits, List<Match> matches, string kind, double minEntropy)
        {
            foreach (Match m in matches) AddToken(hits, m, kind, minEntropy);
        }

        private static void AddToken(List<RawHit> hits, Match m, string kind, double minEntropy)
        {
            string v = m.Value;
            if (SecretText.IsPlaceholder(v) || SecretText.Entropy(v) < minEntropy) return;
            Add(hits, m.Index, m.Length, kind, 100);
        }

        /// <summary>
        /// What <paramref name="anchored"/> (a \G pattern) matches from these ascending start positions, skipping those
        /// inside the previous match: the matches Regex.Matches of the unanchored pattern finds, when every position it
        /// could match at is among the starts.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        internal static List<Match> MatchesAt(Regex anchored, string text, List<int> starts)
        {
            var found = new List<Match>();
            int next = 0;
            foreach (int at in starts)
            {
                if (at < next) continue;
                Match m = anchored.Match(text, at);
                if (!m.Success) continue;
                found.Add(m);
                next = m.Index + m.Length;
            }
            return found;
        }

        private static bool IsEntraChar(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '~' || c == '.' || c == '-';

        /// <summary>
        /// The current client secret shape: 3 characters, a version digit, "Q~", then 31-34 characters
        /// (40 in all). Found by searching the "Q~" literal: a regex with a leading class was 30x slower.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectEntraSecrets(List<RawHit> hits, string text)
        {
            // The first "Q~" can sit at offset 4 at the earliest; a text shorter than that has none
            // (IndexOf throws on a start past the end: an empty __init__.py once aborted whole scans).
            int i = 4;
            while (i <= text.Length && (i = Literal.IndexOf(text, "Q~", i)) >= 0)
            {
                int start = i - 4, q = i;
                i += 2;
                if (start < 0 || text[q - 1] < '0' || text[q - 1] > '9') continue;
                if (!IsEntraChar(text[start]) || !IsEntraChar(text[start + 1]) || !IsEntraChar(text[start + 2])) continue;
                if (start > 0 && IsEntraChar(text[start - 1])) continue;
                int end = q + 2;
                while (end < text.Length && end - (q + 2) <= 34 && IsEntraChar(text[end])) end++;
                int tail = end - (q + 2);
                if (tail < 31 || tail > 34) continue;
                string v = text.Substring(start, end - start);
                if (SecretText.IsPlaceholder(v) || SecretText.Entropy(v) < 3.5) continue;
                Add(hits, start, v.Length, SecretKinds.EntraClientSecret, 100);
                i = end;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static bool JwtHeaderHasAlg(string token)
        {
            int dot = token.IndexOf('.');
            byte[] header = Base64UrlDecode(token.Substring(0, dot));
            if (header == null) return false;
            try
            {
                using (var doc = JsonDocument.Parse(header))
                    return doc.RootElement.ValueKind == JsonValueKind.Object
                        && doc.RootElement.TryGetProperty("alg", out JsonElement alg)
                        && alg.ValueKind == JsonValueKind.String;
            }
            catch (JsonException) { return false; }
        }

        /// <summary>A two-part token has no signature to look random: its claims must decode to a JSON object too.</summary>
        private static bool JwtPartsAreJson(string token)
        {
            string[] parts = token.Split('.');
            if (parts.Length == 3 && parts[2].Length > 0) return true;
            byte[] claims = Base64UrlDecode(parts[1]);
            if (claims == null) return false;
            try
            {
                using (var doc = JsonDocument.Parse(claims)) return doc.RootElement.ValueKind == JsonValueKind.Object;
            }
            catch (JsonException) { return false; }
        }

        private static byte[] Base64UrlDecode(string s)
        {
            string b = s.Replace('-', '+').Replace('_', '/');
            switch (b.Length % 4) { case 2: b += "=="; break; case 3: b += "="; break; case 1: return null; }
            try { return Convert.FromBase64String(b); } catch (FormatException) { return null; }
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectPem(List<RawHit> hits, string text)
        {
            foreach (Match m in PemHeader.Matches(text))
            {
                string footer = "-----END " + m.Groups[1].Value + "-----";
                int searchFrom = m.Index + m.Length;
                int end = Literal.IndexOf(text, footer, searchFrom, Math.Min(text.Length - searchFrom, 256 * 1024));
                if (end < 0) continue;
                int base64 = 0;
                for (int i = searchFrom; i < end; i++)
                {
                    char c = text[i];
                    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') base64++;
                }
                // A documentation stub ("...", "<key>") has no body worth the name.
                if (base64 < 64) continue;
                Add(hits, m.Index, end + footer.Length - m.Index, SecretKinds.PrivateKey, 100);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectConnectionStrings(List<RawHit> hits, string text, List<KeyValuePair<int, int>> spans)
        {
            foreach (var span in spans)
            {
                if (MayHoldConnKey(text, span.Key, span.Value)) AddConnectionStrings(hits, text, span.Key, span.Value);
            }
        }

        /// <summary>
        /// False only where <see cref="ConnKey"/> cannot match: none of its keys, case-insensitive, cut before any 'k' (the
        /// regex also takes the Kelvin sign for it). Most lines with '=' and a keyword hold none; four searches of a line
        /// cost less than the regex call.
        /// </summary>
        internal static bool MayHoldConnKey(string text, int at, int n) =>
            Literal.IndexOfIgnoreCase(text, "pwd", at, n) >= 0 || Literal.IndexOfIgnoreCase(text, "password", at, n) >= 0
            || Literal.IndexOfIgnoreCase(text, "account", at, n) >= 0 || Literal.IndexOfIgnoreCase(text, "sharedaccess", at, n) >= 0;

        /// <summary>False only where <see cref="AwsSecretContext"/> cannot match: both its forms hold "access" or "aws" (no 'k').</summary>
        internal static bool MayNameAwsSecret(string text, int at, int n) =>
            Literal.IndexOfIgnoreCase(text, "access", at, n) >= 0 || Literal.IndexOfIgnoreCase(text, "aws", at, n) >= 0;

        private static void AddConnectionStrings(List<RawHit> hits, string text, int lineStart, int lineLength)
        {
            for (Match m = ConnKey.Match(text, lineStart, lineLength); m.Success; m = m.NextMatch())
            {
                Group v = m.Groups["v"];
                string key = m.Groups["key"].Value;
                if (SecretText.IsPlaceholder(v.Value)) continue;
                bool isKey = key.IndexOf("Key", StringComparison.OrdinalIgnoreCase) >= 0;
                if (isKey)
                {
                    if (!SecretText.LooksRandom(v.Value, 16, 3.5)) continue;
                }
                else
                {
                    string lineText = text.Substring(lineStart, lineLength);
                    if (lineText.IndexOf(';') < 0 || !ConnContext.IsMatch(lineText)) continue;
                    // Server=/User ID= beside it already say "database password": a shorter, plainer value still counts.
                    if (!SecretText.LooksRandom(v.Value, 6, 2.5)) continue;
                }
                Add(hits, v.Index, v.Length, SecretKinds.ConnectionString, 80);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void DetectAwsSecrets(List<RawHit> hits, string text, LineIndex lines, List<int> awsIdLines, int window, List<KeyValuePair<int, int>> spans)
        {
            var candidateLines = new SortedSet<int>();
            foreach (int l in awsIdLines)
                for (int i = Math.Max(0, l - window); i <= Math.Min(lines.Count - 1, l + window); i++) candidateLines.Add(i);
            // Lines that name an AWS secret (aws_secret_access_key, SecretAccessKey...) and the line after: keyword lines only.
            foreach (var span in spans)
            {
                if (Literal.IndexOfIgnoreCase(text, "secret", span.Key, span.Value) < 0) continue;
                if (!MayNameAwsSecret(text, span.Key, span.Value)) continue;
                if (!AwsSecretContext.Match(text, span.Key, span.Value).Success) continue;
                int l = lines.LineOf(span.Key);
                candidateLines.Add(l);
                if (l + 1 < lines.Count) candidateLines.Add(l + 1);
            }
            foreach (int l in candidateLines)
            {
                int start = lines.StartOf(l), end = lines.EndOf(l);
                if (end - start < 40) continue;
                foreach (Match m in AwsSecretShape.Matches(text.Substring(start, end - start)))
                    if (IsAwsSecretValue(m.Value)) Add(hits, start + m.Index, 40, SecretKinds.AwsSecretKey, 70);
            }
        }

        private static bool IsAwsSecretValue(string v) =>
            v.Length == 40 && !SecretText.IsPlaceholder(v) && HasUpperLowerDigit(v) && SecretText.Entropy(v) >= 4.0;

        private static bool HasUpperLowerDigit(string v)
        {
            bool u = false, l = false, d = false;
            foreach (char c in v) { if (char.IsUpper(c)) u = true; else if (char.IsLower(c)) l = true; else if (char.IsDigit(c)) d = true; }
            return u && l && d;
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void AddAssignments(List<RawHit> hits, string text, Regex rx, int priority, List<KeyValuePair<int, int>> spans)
        {
            foreach (var span in spans)
                for (Match m = rx.Match(text, span.Key, span.Value); m.Success; m = m.NextMatch())
                    AddAssignment(hits, text, m, false, priority);
        }

        private static void AddKeywordAssignments(List<RawHit> hits, string text, int priority, List<KeyValuePair<int, int>> spans)
        {
            foreach (Match m in KeywordAssignments(text, spans)) AddAssignment(hits, text, m, true, priority);   // few per file
        }

        /// <summary>What <see cref="Assignment"/> finds on these lines, matched only where a keyword starts.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        internal static List<Match> KeywordAssignments(string text, List<KeyValuePair<int, int>> spans)
        {
            var found = new List<Match>();
            foreach (var span in spans)
            {
                int p = span.Key, end = span.Key + span.Value;
                while (p < end)
                {
                    // Every keyword starts with one of these letters (either case): most characters go no further.
                    int c = text[p] | 0x20;
                    int len;
                    if ((c != 'p' && c != 's' && c != 't' && c != 'c' && c != 'a') || (len = Prefilter.KeywordLength(text, p)) == 0) { p++; continue; }
                    if (!CanStartAssignment(text, p, len, end)) { p++; continue; }
                    // Match(input, startat): lookbehinds see the text before the keyword; no match crosses a line end.
                    Match m = AssignmentAt.Match(text, p);
                    if (!m.Success || m.Index + m.Length > end) { p++; continue; }
                    found.Add(m);
                    p = m.Index + m.Length;
                }
            }
            return found;
        }

        /// <summary>
        /// What the assignment regex needs at a keyword, checked by hand (most keywords are prose or code, and a regex call
        /// costs more than this): the keyword starts a word or a camelCase part, then at most 40 key characters, an optional
        /// quote, blanks, and ':' or '='. Never false where the regex could match; the regex decides the rest.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static bool CanStartAssignment(string text, int p, int keywordLength, int end)
        {
            if (p > 0)
            {
                char b = text[p - 1], k = text[p];
                bool lowerOrDigit = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
                if ((lowerOrDigit || (b >= 'A' && b <= 'Z')) && !(lowerOrDigit && k >= 'A' && k <= 'Z')) return false;
            }
            int i = p + keywordLength, run = 0;
            while (i < end && IsKeyChar(text[i])) { i++; run++; }
            // 40 after the regex's keyword; Prefilter's keyword can be 3 shorter ("passw" of "password").
            if (run > 43) return false;
            if (i < end && (text[i] == '"' || text[i] == '\'')) i++;
            while (i < end && (text[i] == ' ' || text[i] == '\t')) i++;
            return i < end && (text[i] == ':' || text[i] == '=');
        }

        private static bool IsKeyChar(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '\u212A';

        /// <summary>The reference: <see cref="Assignment"/> run on each line as a whole.</summary>
        internal static IEnumerable<Match> LineAssignments(string text, List<KeyValuePair<int, int>> spans)
        {
            foreach (var span in spans)
                for (Match m = Assignment.Match(text, span.Key, span.Value); m.Success; m = m.NextMatch())
                    yield return m;
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static void AddAssignment(List<RawHit> hits, string text, Match m, bool generic, int priority)
        {
            Group v = m.Groups["v"];
            string value = v.Value.Trim();
            if (value.Length == 0) return;
            int index = v.Index + v.Value.IndexOf(value, StringComparison.Ordinal);
            string key = FullKey(text, m.Groups["key"], out char before);
            if (!IsPlausibleKey(key, before) || IsNotSecretKey(key)) return;
            if (SecretText.IsPlaceholder(value)) return;
            if (value.IndexOf('(') >= 0 || value.IndexOf("://", StringComparison.Ordinal) >= 0) return;   // URLs: the URL detector decides
            // A value shaped like a vendor token that its own detector turned down is a near miss, not a generic secret.
            if (HasVendorPrefix(value)) return;
            // Unquoted words are usually code (Read-Host, settings.ClientSecret): demand a digit or a symbol.
            if (generic && !m.Groups["q"].Success && (!HasDigitOrSymbol(value) || LooksLikeCode(value))) return;
            string kind = KindOfKey(key, value);
            if (kind == null) return;
            bool ok = kind == SecretKinds.EntraClientSecret ? SecretText.LooksRandom(value, 16, 3.5)
                : kind == SecretKinds.AwsSecretKey ? IsAwsSecretValue(value)
                : SecretText.LooksRandom(value);
            if (ok) Add(hits, index, value.Length, kind, priority);
        }

        private static readonly Regex MemberAccess = new Regex(@"^[A-Za-z_$][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$", Rx);

        /// <summary>Unquoted expressions: sys.argv[1], config.token1, $cfg.Secret, {x}.</summary>
        private static bool LooksLikeCode(string v) => v.IndexOfAny(CodeChars) >= 0 || MemberAccess.IsMatch(v);
        private static readonly char[] CodeChars = { '[', ']', '{', '}', '(', ')', '$' };

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static bool HasDigitOrSymbol(string v)
        {
            foreach (char c in v)
                if (char.IsDigit(c) || !(char.IsLetter(c) || c == '-' || c == '_' || c == '.' || c == '/')) return true;
            return false;
        }

        /// <summary>The whole key name around the keyword: "client_secret" for a match on "secret".</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static string FullKey(string text, Group key, out char before)
        {
            int start = key.Index;
            while (start > 0 && start > key.Index - 60)
            {
                char c = text[start - 1];
                if (char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '-') start--; else break;
            }
            before = start > 0 ? text[start - 1] : '\n';
            return text.Substring(start, key.Index + key.Length - start);
        }

        /// <summary>A key name is a word people write, not the inside of a base64 blob ("...8WM9PwdJvMRvdKcRId8=").</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static bool IsPlausibleKey(string key, char before)
        {
            if (before == '+' || before == '/' || before == '=' || key.Length > 50) return false;
            int digits = 0, humps = 0;
            for (int i = 0; i < key.Length; i++)
            {
                if (char.IsDigit(key[i])) digits++;
                else if (i > 0 && char.IsUpper(key[i]) && char.IsLower(key[i - 1])) humps++;
            }
            return digits <= 3 && humps <= 4;
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static bool IsNotSecretKey(string key)
        {
            string lower = key.ToLowerInvariant();
            // Public tokens, CSRF tokens and names of stores are not credentials.
            if (lower.Contains("public") || lower.Contains("csrf") || lower.Contains("xsrf") || lower.Contains("vault") || lower.Contains("store")) return true;
            string k = key.TrimEnd('.', '-', '_');
            int cut = k.Length - 1;
            while (cut > 0 && char.IsLetterOrDigit(k[cut]) && !(char.IsUpper(k[cut]) && char.IsLower(k[cut - 1]))) cut--;
            string last = k.Substring(cut).TrimStart('.', '-', '_');
            return NotSecretKeySuffixes.Contains(last);
        }

        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static string KindOfKey(string key, string value)
        {
            var sb = new StringBuilder(key.Length);
            foreach (char c in key) if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            string k = sb.ToString();
            if (k.Contains("clientsecret")) return SecretKinds.EntraClientSecret;
            // An AWS secret key is 40 characters; anything else under that name (an encrypted blob) is not one.
            if (k.Contains("secretaccesskey") || (k.Contains("aws") && k.Contains("secret"))) return value.Length == 40 ? SecretKinds.AwsSecretKey : null;
            if (k.Contains("password") || k.Contains("passwd") || k.Contains("pwd") || k.Contains("passphrase")) return SecretKinds.Password;
            return SecretKinds.GenericSecret;
        }

        /// <summary>Where hits overlap, the more specific one stays.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        private static List<RawHit> Resolve(List<RawHit> hits)
        {
            hits.Sort((a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Index.CompareTo(b.Index));
            var kept = new List<RawHit>(hits.Count);
            foreach (RawHit h in hits)
            {
                bool overlaps = false;
                foreach (RawHit k in kept)
                    if (h.Index < k.Index + k.Length && k.Index < h.Index + h.Length) { overlaps = true; break; }
                if (!overlaps) kept.Add(h);
            }
            kept.Sort((a, b) => a.Index.CompareTo(b.Index));
            return kept;
        }
    }
}
