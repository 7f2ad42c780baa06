using System;
using System.Security.Cryptography;
using System.Text;

namespace NhiTools.Engine.Journal
{
    /// <summary>
    /// Turns a journal key ("rotation|aws:arn:aws:iam::111122223333:user/svc-x|https://vault/secrets/name") into a
    /// valid Azure Table PartitionKey/RowKey. Tables forbid '/', '\', '#', '?' and control characters and cap a key at
    /// 1 KiB (512 UTF-16 characters); OData filters trip on quotes. Everything outside a safe set is written as ~XX (UTF-8 bytes in hex), so
    /// the encoding is readable in Storage Explorer, reversible and injective. A key too long even so is cut and
    /// suffixed with the SHA-256 of the whole key (the original key is kept in a property of the entity).
    /// </summary>
    public static class TableKeyEncoding
    {
        const int MaxLength = 400; // a key holds 1 KiB of UTF-16: 512 characters

        public static string Encode(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            var sb = new StringBuilder(key.Length + 16);
            foreach (byte b in Encoding.UTF8.GetBytes(key))
            {
                char c = (char)b;
                if (IsSafe(c)) sb.Append(c);
                else sb.Append('~').Append(((int)b).ToString("X2"));
            }
            if (sb.Length <= MaxLength) return sb.ToString();
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
                var hex = new StringBuilder(64);
                foreach (byte b in hash) hex.Append(b.ToString("x2"));
                // "~~" cannot occur in a plain encoding ('~' itself is always escaped), so hashed keys never collide with plain ones.
                return sb.ToString(0, MaxLength - 66) + "~~" + hex;
            }
        }

        static bool IsSafe(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '.' || c == ':' || c == '|' || c == '@' || c == '=' || c == '+' || c == ',';
    }
}
