using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Scan
{
    /// <summary>Which detectors can match a text at all: every fixed prefix the detectors need, found in one pass.</summary>
    [Flags]
    internal enum Has
    {
        None = 0, Aws = 1, GitHub = 2, GitLab = 4, Slack = 8, Jwt = 16, Pem = 32, Entra = 64, PlainText = 128,
        SlackHook = 256, SlackApp = 512, OpenAi = 1024, Anthropic = 2048, Npm = 4096, NpmRc = 8192, JsonKey = 16384,
    }

    /// <summary>
    /// The keyword/prefilter step. Profiled on 234 MB of real source, the cost was in whole-text passes: five keyword
    /// regexes (assignments, PowerShell parameters, XML settings, connection strings, AWS secret lines) and some
    /// ten case-insensitive gates each read every file. Now one case-insensitive keyword search (a vectorised
    /// multi-string search, about 1 GB per CPU-second) finds the few lines that can hold an assignment, and the
    /// line-local regexes run on those lines only.
    /// </summary>
    internal static class Prefilter
    {
        // Every keyword of the line-local detectors (assignments, PowerShell parameters, XML settings, connection strings).
        // The definition KeywordLines implements by hand; only the tests run it (interpreted: no JIT cost at start-up).
        private static readonly Regex Keyword = new Regex(
            @"pass(?:w|phrase)|pwd|secret|token|credential|api[_-]?key|access[_-]?key|auth[_-]?key|accountkey",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>
        /// Fixed-prefix regexes (AWS, GitHub, GitLab, Slack) and the "Q~" search are their own prefilter: the regex engine
        /// searches their literal prefixes at 3-4 GB per CPU-second. The rarer vendor literals gate their detectors here;
        /// one combined alternation of all of them measured 150-300 MB per CPU-second (too many different first
        /// characters for the engine's multi-string search), single IndexOf passes 2-6 GB.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static Has Scan(string text)
        {
            Has has = Has.Aws | Has.GitHub | Has.GitLab | Has.Slack | Has.Entra;
            if (Literal.IndexOf(text, "eyJ") >= 0) has |= Has.Jwt;
            if (Literal.IndexOf(text, "PRIVATE KEY") >= 0) has |= Has.Pem;
            if (Literal.IndexOfIgnoreCase(text, "-asplaintext", 0, text.Length) >= 0) has |= Has.PlainText;
            if (Literal.IndexOf(text, "hooks.slack.com") >= 0) has |= Has.SlackHook;
            if (Literal.IndexOf(text, "xapp-") >= 0) has |= Has.SlackApp;
            if (Literal.IndexOf(text, "T3BlbkFJ") >= 0) has |= Has.OpenAi;
            if (Literal.IndexOf(text, "sk-ant-") >= 0) has |= Has.Anthropic;
            if (Literal.IndexOf(text, "npm_") >= 0) has |= Has.Npm;
            if (Literal.IndexOf(text, ":_authToken=") >= 0) has |= Has.NpmRc;
            if (Literal.IndexOf(text, "\"private_key\"") >= 0) has |= Has.JsonKey;
            return has;
        }

        /// <summary>
        /// Start and length of each line holding a keyword, in order, each line once: what <see cref="Keyword"/> finds
        /// (the reference, <see cref="KeywordLinesByRegex"/>, is kept for the tests that prove the two agree). Hand-written
        /// because the regex's case-insensitive multi-string search (about 1 GB per CPU-second warm) runs as tier-0,
        /// instrumented code for the first part of every fresh process's scan; this loop is compiled fully optimised at
        /// once. It compares the first three characters of every keyword, 16 positions at a time (Vector&lt;ushort&gt;),
        /// and checks the few candidate positions by hand.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static unsafe List<KeyValuePair<int, int>> KeywordLines(string text)
        {
            var spans = new List<KeyValuePair<int, int>>();
            int n = text.Length, i = 0;
            fixed (char* chars = text)
            {
                ushort* p = (ushort*)chars;
                int w = Vector<ushort>.Count;
                if (Vector.IsHardwareAccelerated)
                {
                    var lower = new Vector<ushort>(0x20);
                    Vector<ushort> cp = new Vector<ushort>('p'), ca = new Vector<ushort>('a'), cw = new Vector<ushort>('w'), cs = new Vector<ushort>('s'),
                        ce = new Vector<ushort>('e'), ct = new Vector<ushort>('t'), co = new Vector<ushort>('o'), cc = new Vector<ushort>('c'),
                        cr = new Vector<ushort>('r'), cu = new Vector<ushort>('u'), cd = new Vector<ushort>('d'), ci = new Vector<ushort>('i'),
                        ck = new Vector<ushort>('k'), kelvin = new Vector<ushort>('\u212A');
                    // v2 reads two characters past v0: stop while a whole vector still fits after position i + 2.
                    while (i + w + 1 < n)
                    {
                        Vector<ushort> v0 = *(Vector<ushort>*)(p + i) | lower, v1 = *(Vector<ushort>*)(p + i + 1) | lower, v2 = *(Vector<ushort>*)(p + i + 2) | lower;
                        // The first three letters of every keyword: pas(sw|sphrase) pwd sec(ret) tok(en) cre(dential) api acc(ess|ountkey)
                        // aut(h). OR 0x20 folds ASCII case only; the regex's only other case-equivalent of these letters is the
                        // Kelvin sign for "k" (0x212A, unchanged by the OR).
                        Vector<ushort> m =
                            (Vector.Equals(v0, cp) & ((Vector.Equals(v1, ca) & Vector.Equals(v2, cs)) | (Vector.Equals(v1, cw) & Vector.Equals(v2, cd))))
                            | (Vector.Equals(v0, cs) & Vector.Equals(v1, ce) & Vector.Equals(v2, cc))
                            | (Vector.Equals(v0, ct) & Vector.Equals(v1, co) & (Vector.Equals(v2, ck) | Vector.Equals(v2, kelvin)))
                            | (Vector.Equals(v0, cc) & Vector.Equals(v1, cr) & Vector.Equals(v2, ce))
                            | (Vector.Equals(v0, ca) & ((Vector.Equals(v1, cp) & Vector.Equals(v2, ci)) | (Vector.Equals(v1, cc) & Vector.Equals(v2, cc))
                                | (Vector.Equals(v1, cu) & Vector.Equals(v2, ct))));
                        if (m == Vector<ushort>.Zero) { i += w; continue; }
                        int next = i + w;
                        for (int j = 0; j < w; j++)
                        {
                            if (m[j] == 0 || KeywordLength(text, i + j) == 0) continue;
                            next = AddLine(spans, text, i + j);
                            break;
                        }
                        i = next;
                    }
                }
            }
            for (; i < n; i++)
                if (KeywordLength(text, i) > 0) i = AddLine(spans, text, i) - 1;
            return spans;
        }

        /// <summary>Adds the line holding <paramref name="at"/>; returns where the next line starts.</summary>
        private static int AddLine(List<KeyValuePair<int, int>> spans, string text, int at)
        {
            int start = at > 0 ? Literal.LastIndexOf(text, '\n', at - 1) + 1 : 0;
            int end = Literal.IndexOf(text, '\n', at);
            if (end < 0) end = text.Length;
            spans.Add(new KeyValuePair<int, int>(start, end - start));
            return end + 1;
        }

        /// <summary>Length of the keyword starting at <paramref name="i"/> (as <see cref="Keyword"/> matches it there), or 0.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        internal static int KeywordLength(string t, int i)
        {
            int n = t.Length - i;
            if (n < 3) return 0;
            switch (t[i] | 0x20)
            {
                case 'p':
                    if (Is(t, i + 1, 'w') && Is(t, i + 2, 'd')) return 3;
                    if (n >= 5 && Is(t, i + 1, 'a') && Is(t, i + 2, 's') && Is(t, i + 3, 's'))
                    {
                        if (Is(t, i + 4, 'w')) return 5;
                        if (n >= 10 && Is(t, i + 4, 'p') && Is(t, i + 5, 'h') && Is(t, i + 6, 'r') && Is(t, i + 7, 'a') && Is(t, i + 8, 's') && Is(t, i + 9, 'e')) return 10;
                    }
                    return 0;
                case 's':
                    return n >= 6 && Is(t, i + 1, 'e') && Is(t, i + 2, 'c') && Is(t, i + 3, 'r') && Is(t, i + 4, 'e') && Is(t, i + 5, 't') ? 6 : 0;
                case 't':
                    return n >= 5 && Is(t, i + 1, 'o') && Is(t, i + 2, 'k') && Is(t, i + 3, 'e') && Is(t, i + 4, 'n') ? 5 : 0;
                case 'c':
                    return n >= 10 && Is(t, i + 1, 'r') && Is(t, i + 2, 'e') && Is(t, i + 3, 'd') && Is(t, i + 4, 'e') && Is(t, i + 5, 'n')
                        && Is(t, i + 6, 't') && Is(t, i + 7, 'i') && Is(t, i + 8, 'a') && Is(t, i + 9, 'l') ? 10 : 0;
                case 'a':
                    if (Is(t, i + 1, 'p') && Is(t, i + 2, 'i')) return KeyAfter(t, i + 3);
                    if (n >= 4 && Is(t, i + 1, 'u') && Is(t, i + 2, 't') && Is(t, i + 3, 'h')) return KeyAfter(t, i + 4);
                    if (n >= 6 && Is(t, i + 1, 'c') && Is(t, i + 2, 'c') && Is(t, i + 3, 'e') && Is(t, i + 4, 's') && Is(t, i + 5, 's')) return KeyAfter(t, i + 6);
                    if (n >= 10 && Is(t, i + 1, 'c') && Is(t, i + 2, 'c') && Is(t, i + 3, 'o') && Is(t, i + 4, 'u') && Is(t, i + 5, 'n') && Is(t, i + 6, 't')
                        && Is(t, i + 7, 'k') && Is(t, i + 8, 'e') && Is(t, i + 9, 'y')) return 10;
                    return 0;
                default:
                    return 0;
            }

            // "[_-]?key" after api/auth/access: the length through "key", or 0.
            int KeyAfter(string s, int j)
            {
                int k = j < s.Length && (s[j] == '_' || s[j] == '-') ? j + 1 : j;
                if (k + 3 <= s.Length && Is(s, k, 'k') && Is(s, k + 1, 'e') && Is(s, k + 2, 'y')) return k + 3 - i;
                return 0;
            }
        }

        /// <summary>The regex's case-insensitive comparison for a lower-case ASCII letter: either case, and for 'k' the Kelvin sign.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static bool Is(string t, int i, char lowerLetter)
        {
            if (i >= t.Length) return false;
            char c = t[i];
            return (c | 0x20) == lowerLetter || (lowerLetter == 'k' && c == '\u212A');
        }

        /// <summary>The reference: the same lines found with <see cref="Keyword"/> (tests compare the two).</summary>
        internal static List<KeyValuePair<int, int>> KeywordLinesByRegex(string text)
        {
            var spans = new List<KeyValuePair<int, int>>();
            int at = 0;
            while (at < text.Length)
            {
                Match m = Keyword.Match(text, at);
                if (!m.Success) break;
                int start = m.Index > 0 ? text.LastIndexOf('\n', m.Index - 1) + 1 : 0;
                int end = text.IndexOf('\n', m.Index + m.Length);
                if (end < 0) end = text.Length;
                spans.Add(new KeyValuePair<int, int>(start, end - start));
                at = end + 1;
            }
            return spans;
        }
    }
}
