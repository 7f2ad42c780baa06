using System;
using System.Security.Cryptography;
using System.Text;

namespace NhiTools.Labs.Iam
{
    /// <summary>
    /// Deterministic, real-looking IAM identifiers and secrets. A seeded key's secret is derived from its id
    /// and the lab seed, so a test can sign as any seeded user without the secret ever being stored in a file.
    /// </summary>
    public static class IamIds
    {
        const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        /// <summary>prefix + n characters from [A-Z2-7], derived from the text (AKIA + 16 = a 20-character key id).</summary>
        public static string Make(string prefix, string text, int n)
        {
            var h = Sha256(text);
            var sb = new StringBuilder(prefix);
            for (int i = 0; i < n; i++) sb.Append(Upper[h[i % h.Length] % 32]);
            return sb.ToString();
        }

        public static string AccessKeyId(string text) => Make("AKIA", text, 16);
        public static string UserId(string text) => Make("AIDA", text, 17);
        public static string RoleId(string text) => Make("AROA", text, 17);
        public static string GroupId(string text) => Make("AGPA", text, 17);
        public static string PolicyId(string text) => Make("ANPA", text, 17);

        /// <summary>A 40-character secret access key, a function of the key id and the lab seed only.</summary>
        public static string SecretFor(string accessKeyId, string seed)
        {
            using (var h = new HMACSHA256(Encoding.UTF8.GetBytes("nhitools-lab-secret:" + seed)))
            {
                var b = h.ComputeHash(Encoding.UTF8.GetBytes(accessKeyId));
                var b2 = h.ComputeHash(b);
                var all = new byte[60];
                Buffer.BlockCopy(b, 0, all, 0, 32);
                Buffer.BlockCopy(b2, 0, all, 32, 28);
                return Convert.ToBase64String(all).Substring(0, 40);
            }
        }

        static byte[] Sha256(string s) { using (var h = SHA256.Create()) return h.ComputeHash(Encoding.UTF8.GetBytes(s)); }
    }
}
