using System;
using System.Text;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>The one string copy of a value the SDK needs, wiped after use; and a scrubber for error text.</summary>
    internal static class SecretText
    {
        /// <summary>
        /// Overwrites a string made by <c>new string(char[])</c> (or parsed from a response; never interned) so the value
        /// does not linger in the heap until a collection. Never call this on a literal or an interned string.
        /// </summary>
        public static unsafe void Wipe(string s)
        {
            if (string.IsNullOrEmpty(s)) return;
            fixed (char* p = s)
                for (int i = 0; i < s.Length; i++) p[i] = '\0';
        }

        /// <summary>Replaces the value (raw, base64 and URL-encoded) in a text with [redacted].</summary>
        public static Func<string, string> Scrubber(char[] value) => text =>
        {
            if (string.IsNullOrEmpty(text) || value == null || value.Length < 4) return text;
            string raw = null, b64 = null, url = null;
            try
            {
                raw = new string(value);
                b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
                url = Uri.EscapeDataString(raw);
                return text.Replace(raw, "[redacted]").Replace(b64, "[redacted]").Replace(url, "[redacted]");
            }
            finally
            {
                Wipe(raw);
                Wipe(b64);
                if (!ReferenceEquals(url, raw)) Wipe(url);
            }
        };
    }
}
