using System.Numerics;
using System.Runtime.CompilerServices;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// Ordinal search for a literal or a character, compiled fully optimised at once (<see cref="Hot.Loop"/>). The BCL's
    /// string.IndexOf is as fast once tiered up, but a fresh process runs it as PGO-instrumented code (every block count a
    /// call into the runtime) for most of a one-shot scan: 13% of a fresh scan's CPU in a perf profile
    /// (tests/bench/secrets.md). Same results as string.IndexOf with StringComparison.Ordinal; the callers pass valid ranges.
    /// </summary>
    internal static class Literal
    {
        public static int IndexOf(string text, string lit) => IndexOf(text, lit, 0, text.Length);

        public static int IndexOf(string text, string lit, int start) => IndexOf(text, lit, start, text.Length - start);

        /// <summary>First index of <paramref name="lit"/> wholly inside [start, start + count), or -1.</summary>
        [MethodImpl(Hot.Loop)]
        public static unsafe int IndexOf(string text, string lit, int start, int count)
        {
            int m = lit.Length;
            if (m == 0) return start;
            int last = start + count - m;   // the last position a match can start at
            if (last < start) return -1;
            int i = start;
            fixed (char* t = text)
            fixed (char* l = lit)
            {
                char first = l[0], final = l[m - 1];
                if (Vector.IsHardwareAccelerated)
                {
                    int w = Vector<ushort>.Count;
                    var vFirst = new Vector<ushort>(first);
                    var vFinal = new Vector<ushort>(final);
                    // Candidates: the first and the last character both in place, w start positions at a time.
                    while (i + w - 1 <= last)
                    {
                        Vector<ushort> eq = Vector.Equals(*(Vector<ushort>*)(t + i), vFirst) & Vector.Equals(*(Vector<ushort>*)(t + i + m - 1), vFinal);
                        if (eq != Vector<ushort>.Zero)
                            for (int j = 0; j < w; j++)
                                if (eq[j] != 0 && Same(t + i + j, l, m)) return i + j;
                        i += w;
                    }
                }
                for (; i <= last; i++)
                    if (t[i] == first && t[i + m - 1] == final && Same(t + i, l, m)) return i;
            }
            return -1;
        }

        /// <summary>
        /// As <see cref="IndexOf(string, string, int, int)"/> with StringComparison.OrdinalIgnoreCase, for a literal of
        /// ASCII characters given in lower case: under that comparison an ASCII letter equals only its two ASCII cases.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        public static unsafe int IndexOfIgnoreCase(string text, string lowerLit, int start, int count)
        {
            int m = lowerLit.Length;
            if (m == 0) return start;
            int last = start + count - m;
            if (last < start) return -1;
            int i = start;
            fixed (char* t = text)
            fixed (char* l = lowerLit)
            {
                char first = l[0], final = l[m - 1];
                if (Vector.IsHardwareAccelerated)
                {
                    int w = Vector<ushort>.Count;
                    // OR 0x20 folds an ASCII upper-case letter onto its lower case; the scalar check below is exact.
                    var fold = new Vector<ushort>(0x20);
                    var vFirst = new Vector<ushort>(first);
                    var vFinal = new Vector<ushort>(final);
                    while (i + w - 1 <= last)
                    {
                        Vector<ushort> eq = Vector.Equals(*(Vector<ushort>*)(t + i) | fold, vFirst | fold) & Vector.Equals(*(Vector<ushort>*)(t + i + m - 1) | fold, vFinal | fold);
                        if (eq != Vector<ushort>.Zero)
                            for (int j = 0; j < w; j++)
                                if (eq[j] != 0 && SameIgnoreCase(t + i + j, l, m)) return i + j;
                        i += w;
                    }
                }
                for (; i <= last; i++)
                    if (SameIgnoreCase(t + i, l, m)) return i;
            }
            return -1;
        }

        /// <summary>First index of <paramref name="c"/> in [start, start + count), or -1.</summary>
        [MethodImpl(Hot.Loop)]
        public static unsafe int IndexOf(string text, char c, int start, int count)
        {
            int end = start + count, i = start;
            fixed (char* t = text)
            {
                if (Vector.IsHardwareAccelerated)
                {
                    int w = Vector<ushort>.Count;
                    var v = new Vector<ushort>(c);
                    while (i + w <= end)
                    {
                        Vector<ushort> eq = Vector.Equals(*(Vector<ushort>*)(t + i), v);
                        if (eq != Vector<ushort>.Zero)
                            for (int j = 0; j < w; j++)
                                if (eq[j] != 0) return i + j;
                        i += w;
                    }
                }
                for (; i < end; i++)
                    if (t[i] == c) return i;
            }
            return -1;
        }

        public static int IndexOf(string text, char c, int start) => IndexOf(text, c, start, text.Length - start);

        /// <summary>Last index of <paramref name="c"/> at or before <paramref name="start"/>, or -1 (lines are short: no vectors).</summary>
        [MethodImpl(Hot.Loop)]
        public static int LastIndexOf(string text, char c, int start)
        {
            for (int i = start; i >= 0; i--)
                if (text[i] == c) return i;
            return -1;
        }

        /// <summary>True when <paramref name="lit"/> occurs at <paramref name="at"/> (ordinal; false where it would run past the end).</summary>
        [MethodImpl(Hot.Loop)]
        public static bool Same(string text, int at, string lit)
        {
            if (at + lit.Length > text.Length) return false;
            for (int k = 0; k < lit.Length; k++)
                if (text[at + k] != lit[k]) return false;
            return true;
        }

        /// <summary>As <see cref="Same(string, int, string)"/> under OrdinalIgnoreCase, for an ASCII literal given in lower case.</summary>
        [MethodImpl(Hot.Loop)]
        public static bool SameIgnoreCase(string text, int at, string lowerLit)
        {
            if (at + lowerLit.Length > text.Length) return false;
            for (int k = 0; k < lowerLit.Length; k++)
            {
                char c = text[at + k], l = lowerLit[k];
                if (c != l && (l < 'a' || l > 'z' || c != (char)(l - 0x20))) return false;
            }
            return true;
        }

        [MethodImpl(Hot.Loop)]
        private static unsafe bool Same(char* a, char* b, int m)
        {
            for (int k = 0; k < m; k++)
                if (a[k] != b[k]) return false;
            return true;
        }

        [MethodImpl(Hot.Loop)]
        private static unsafe bool SameIgnoreCase(char* a, char* lower, int m)
        {
            for (int k = 0; k < m; k++)
            {
                char c = a[k], l = lower[k];
                if (c == l) continue;
                if (l < 'a' || l > 'z' || c != (char)(l - 0x20)) return false;
            }
            return true;
        }
    }
}
