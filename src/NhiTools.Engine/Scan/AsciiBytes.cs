using System.Numerics;
using System.Runtime.CompilerServices;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// The scanner's byte-level passes, compiled fully optimised at once (<see cref="Hot.Loop"/>): most source files are
    /// pure ASCII, and widening them here costs a fraction of the BCL's UTF-8 transcoder while that still runs as
    /// PGO-instrumented code early in a fresh process. Anything that is not ASCII goes to Encoding.UTF8 unchanged.
    /// </summary>
    internal static class AsciiBytes
    {
        /// <summary>True when data[from, from + count) holds a NUL byte (the scanner's binary-file test).</summary>
        [MethodImpl(Hot.Loop)]
        public static unsafe bool HasNul(byte[] data, int from, int count)
        {
            int i = from, end = from + count;
            fixed (byte* p = data)
            {
                if (Vector.IsHardwareAccelerated)
                {
                    int w = Vector<byte>.Count;
                    for (; i + w <= end; i += w)
                        if (Vector.EqualsAny(*(Vector<byte>*)(p + i), Vector<byte>.Zero)) return true;
                }
                for (; i < end; i++)
                    if (p[i] == 0) return true;
            }
            return false;
        }

        /// <summary>
        /// The string of data[from, from + count) when every byte is ASCII (as UTF-8 decodes it), else null. Fills a fresh
        /// string in place before anyone else can see it, as string.Create does on newer frameworks.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        public static unsafe string TryWiden(byte[] data, int from, int count)
        {
            if (count == 0) return string.Empty;
            fixed (byte* p = data)
            {
                byte* src = p + from;
                if (!AllAscii(src, count)) return null;
                string s = new string('\0', count);
                fixed (char* d = s)
                {
                    int i = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        int w = Vector<byte>.Count;
                        for (; i + w <= count; i += w)
                        {
                            Vector.Widen(*(Vector<byte>*)(src + i), out Vector<ushort> lo, out Vector<ushort> hi);
                            *(Vector<ushort>*)(d + i) = lo;
                            *(Vector<ushort>*)(d + i + Vector<ushort>.Count) = hi;
                        }
                    }
                    for (; i < count; i++) d[i] = (char)src[i];
                }
                return s;
            }
        }

        [MethodImpl(Hot.Loop)]
        private static unsafe bool AllAscii(byte* src, int count)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                int w = Vector<byte>.Count;
                var high = new Vector<byte>(0x80);
                Vector<byte> acc = Vector<byte>.Zero;
                // OR 4 KB at a time, then test once: a non-ASCII file is found within a block of its first such byte.
                while (i + w <= count)
                {
                    int blockEnd = System.Math.Min(count - w, i + 4096);
                    for (; i <= blockEnd; i += w) acc |= *(Vector<byte>*)(src + i);
                    if ((acc & high) != Vector<byte>.Zero) return false;
                }
            }
            for (; i < count; i++)
                if (src[i] >= 0x80) return false;
            return true;
        }
    }
}
