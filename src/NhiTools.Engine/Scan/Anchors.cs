using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// Two vectorised passes over a text for every fixed literal the detectors start from: where the AWS key id, GitHub,
    /// GitLab and Slack token prefixes occur (their regexes are then tried only there, anchored), and which rarer
    /// literals gate a detector (<see cref="Prefilter.Scan"/>'s flags, which that method computes with ten separate
    /// passes and is kept as the reference the tests compare with). Each literal is tested by its first character and
    /// one or two characters further on, 16 positions at a time; the few positions that pass are checked exactly.
    /// Profiled before: the ten literal passes and the four whole-text regex searches were some 18% of a fresh scan.
    /// </summary>
    internal sealed class Anchors
    {
        /// <summary>The literal gates found (the flags of <see cref="Prefilter.Scan"/> other than Aws, GitHub, GitLab, Slack, Entra).</summary>
        public Has Has;
        /// <summary>Ascending start positions of each prefix; null when there is none.</summary>
        public List<int> Aws, GitHub, GitLab, Slack;

        // The largest offset a vector condition reads after a position ('"' closing "private_key" is at 12).
        private const int Reach = 12;

        [MethodImpl(Hot.Loop)]
        public static unsafe Anchors Find(string text)
        {
            var a = new Anchors();
            int n = text.Length, i = 0;
            fixed (char* chars = text)
            {
                ushort* p = (ushort*)chars;
                if (Vector.IsHardwareAccelerated)
                {
                    // Two loops, each with few vectors live (one loop over all fifteen tests spilled registers and ran at
                    // half the speed of the two).
                    int w = Vector<ushort>.Count;
                    for (int k = 0; k + w + Reach <= n; k += w)
                    {
                        ushort* q = p + k;
                        Vector<ushort> v0 = *(Vector<ushort>*)q, v4 = *(Vector<ushort>*)(q + 4);
                        Vector<ushort> g = Eq(v0, 'g');
                        Vector<ushort> m =
                            // AKIA ASIA ABIA ACCA
                            (Eq(v0, 'A') & Eq(*(Vector<ushort>*)(q + 3), 'A'))
                            // gh?_  github_pat_  gl…-  (GitLab's prefixes are 2-6 letters after "gl", then '-')
                            | (g & (Eq(*(Vector<ushort>*)(q + 3), '_') | Eq(*(Vector<ushort>*)(q + 6), '_')))
                            | (g & Eq(*(Vector<ushort>*)(q + 1), 'l') & (Eq(v4, '-') | Eq(*(Vector<ushort>*)(q + 5), '-') | Eq(*(Vector<ushort>*)(q + 6), '-') | Eq(*(Vector<ushort>*)(q + 7), '-')))
                            | (Eq(v0, 'G') & Eq(*(Vector<ushort>*)(q + 8), '1'))
                            // xox?-  xapp-
                            | (Eq(v0, 'x') & Eq(v4, '-'));
                        if (m != Vector<ushort>.Zero)
                            for (int j = 0; j < w; j++)
                                if (m[j] != 0) a.CheckPrefix(text, k + j);
                    }
                    var fold = new Vector<ushort>(0x20);
                    for (; i + w + Reach <= n; i += w)
                    {
                        ushort* q = p + i;
                        Vector<ushort> v0 = *(Vector<ushort>*)q, v1 = *(Vector<ushort>*)(q + 1);
                        Vector<ushort> m =
                            (Eq(v0, 'e') & Eq(v1, 'y') & Eq(*(Vector<ushort>*)(q + 2), 'J'))
                            | (Eq(v0, 'P') & Eq(v1, 'R') & Eq(*(Vector<ushort>*)(q + 10), 'Y'))
                            | (Eq(v0, '-') & Eq(v1 | fold, 'a') & Eq(*(Vector<ushort>*)(q + 11) | fold, 't'))
                            | (Eq(v0, 'h') & Eq(*(Vector<ushort>*)(q + 5), '.') & Eq(*(Vector<ushort>*)(q + 11), '.'))
                            | (Eq(v0, 'T') & Eq(v1, '3') & Eq(*(Vector<ushort>*)(q + 7), 'J'))
                            | (Eq(v0, 's') & Eq(*(Vector<ushort>*)(q + 2), '-') & Eq(*(Vector<ushort>*)(q + 6), '-'))
                            | (Eq(v0, 'n') & Eq(v1, 'p') & Eq(*(Vector<ushort>*)(q + 3), '_'))
                            | (Eq(v0, ':') & Eq(v1, '_') & Eq(*(Vector<ushort>*)(q + 11), '='))
                            | (Eq(v0, '"') & Eq(*(Vector<ushort>*)(q + 8), '_') & Eq(*(Vector<ushort>*)(q + 12), '"'));
                        if (m != Vector<ushort>.Zero)
                            for (int j = 0; j < w; j++)
                                if (m[j] != 0) a.CheckGate(text, i + j);
                    }
                }
            }
            for (; i < n; i++) { a.CheckPrefix(text, i); a.CheckGate(text, i); }
            return a;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<ushort> Eq(Vector<ushort> v, char c) => Vector.Equals(v, new Vector<ushort>(c));

        /// <summary>The exact test at one position for the token prefixes: a prefix's start is recorded.</summary>
        [MethodImpl(Hot.Loop)]
        private void CheckPrefix(string t, int i)
        {
            switch (t[i])
            {
                case 'A':
                    if (i + 4 <= t.Length && t[i + 3] == 'A')
                    {
                        char b = t[i + 1], c = t[i + 2];
                        if ((c == 'I' && (b == 'K' || b == 'S' || b == 'B')) || (b == 'C' && c == 'C')) Add(ref Aws, i);
                    }
                    break;
                case 'g':
                    if (i + 4 <= t.Length && t[i + 1] == 'h' && t[i + 3] == '_' && "pousr".IndexOf(t[i + 2]) >= 0) Add(ref GitHub, i);
                    else if (Literal.Same(t, i, "github_pat_")) Add(ref GitHub, i);
                    else if (IsGitLabPrefix(t, i)) Add(ref GitLab, i);
                    break;
                case 'G':
                    if (Literal.Same(t, i, "GR1348941")) Add(ref GitLab, i);
                    break;
                case 'x':
                    if (i + 5 <= t.Length && t[i + 1] == 'o' && t[i + 2] == 'x' && t[i + 4] == '-' && "abposre".IndexOf(t[i + 3]) >= 0) Add(ref Slack, i);
                    else if (Literal.Same(t, i, "xapp-")) Has |= Has.SlackApp;
                    break;
            }
        }

        /// <summary>The exact test at one position for the gate literals: a gate's flag is set.</summary>
        [MethodImpl(Hot.Loop)]
        private void CheckGate(string t, int i)
        {
            switch (t[i])
            {
                case 'e': if (Literal.Same(t, i, "eyJ")) Has |= Has.Jwt; break;
                case 'P': if (Literal.Same(t, i, "PRIVATE KEY")) Has |= Has.Pem; break;
                case '-': if (Literal.SameIgnoreCase(t, i, "-asplaintext")) Has |= Has.PlainText; break;
                case 'h': if (Literal.Same(t, i, "hooks.slack.com")) Has |= Has.SlackHook; break;
                case 'T': if (Literal.Same(t, i, "T3BlbkFJ")) Has |= Has.OpenAi; break;
                case 's': if (Literal.Same(t, i, "sk-ant-")) Has |= Has.Anthropic; break;
                case 'n': if (Literal.Same(t, i, "npm_")) Has |= Has.Npm; break;
                case ':': if (Literal.Same(t, i, ":_authToken=")) Has |= Has.NpmRc; break;
                case '"': if (Literal.Same(t, i, "\"private_key\"")) Has |= Has.JsonKey; break;
            }
        }

        private static readonly string[] GitLabPrefixes = { "glpat-", "gldt-", "glrt-", "glsoat-", "glcbt-", "glimt-", "glptt-", "glagent-", "gloas-", "glft-", "glffct-" };

        private static bool IsGitLabPrefix(string t, int i)
        {
            if (i + 1 >= t.Length || t[i + 1] != 'l') return false;
            foreach (string prefix in GitLabPrefixes)
                if (Literal.Same(t, i, prefix)) return true;
            return false;
        }

        private static void Add(ref List<int> list, int i) => (list ?? (list = new List<int>())).Add(i);
    }
}
