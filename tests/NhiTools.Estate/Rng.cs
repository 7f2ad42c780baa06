using System;

namespace NhiTools.Estate
{
    /// <summary>SplitMix64: tiny, fast and identical on every runtime, so a seed always gives the same bytes
    /// (System.Random's seeded algorithm is an implementation detail we do not want to depend on).</summary>
    internal sealed class Rng
    {
        private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        private const string HexAlphabet = "0123456789abcdef";
        private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private ulong _state;

        public Rng(ulong seed) { _state = seed; }

        /// <summary>An independent stream per (seed, kind, index): any item can be regenerated on its own,
        /// which is what lets the writers stream without holding the estate in memory.</summary>
        public static Rng For(int seed, string stream, long index)
        {
            ulong h = 1469598103934665603UL;
            foreach (char c in stream) h = (h ^ c) * 1099511628211UL;
            return new Rng(Mix(Mix((ulong)(uint)seed + 0x632BE59BD9B4E019UL) ^ h ^ Mix((ulong)index * 0x9E3779B97F4A7C15UL + 1)));
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

        public int Int(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(Next() % (ulong)maxExclusive);

        public int Range(int min, int maxInclusive) => min + Int(maxInclusive - min + 1);

        public bool Chance(double p) => (Next() >> 11) * (1.0 / (1UL << 53)) < p;

        public T Pick<T>(T[] items) => items[Int(items.Length)];

        public Guid Guid()
        {
            var b = new byte[16];
            BitConverter.TryWriteBytes(b.AsSpan(0, 8), Next());
            BitConverter.TryWriteBytes(b.AsSpan(8, 8), Next());
            b[7] = (byte)((b[7] & 0x0F) | 0x40); // version 4 (Guid byte order)
            b[8] = (byte)((b[8] & 0x3F) | 0x80); // RFC 4122 variant
            return new Guid(b);
        }

        public string GuidString() => Guid().ToString("D");

        public string Base32(int n) => Chars(Base32Alphabet, n);
        public string Hex(int n) => Chars(HexAlphabet, n);
        public string Alnum(int n) => Chars(SecretAlphabet, n);

        public string Base64Url(int bytes)
        {
            var b = new byte[bytes];
            for (int i = 0; i < bytes; i++) b[i] = (byte)Next();
            return Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public string Base64(int bytes)
        {
            var b = new byte[bytes];
            for (int i = 0; i < bytes; i++) b[i] = (byte)Next();
            return Convert.ToBase64String(b);
        }

        private string Chars(string alphabet, int n)
        {
            var c = new char[n];
            for (int i = 0; i < n; i++) c[i] = alphabet[Int(alphabet.Length)];
            return new string(c);
        }
    }
}
