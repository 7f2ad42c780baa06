using System;
using System.Text;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// Removes a secret from a text before it surfaces (an SDK exception that echoes a request body): the raw value,
    /// its Base64 (of UTF-8) and its URL-encoded form are replaced by "***". Works on char buffers only.
    /// </summary>
    public static class SecretScrubber
    {
        public const string Mask = "***";

        public static string Scrub(string text, char[] secret)
        {
            if (string.IsNullOrEmpty(text) || secret == null || secret.Length == 0) return text;
            var result = text;
            var raw = Encoding.UTF8.GetBytes(secret);
            char[] base64 = null, url = null;
            try
            {
                base64 = new char[(raw.Length + 2) / 3 * 4];
                Convert.ToBase64CharArray(raw, 0, raw.Length, base64, 0);
                url = UrlEncode(raw);
                result = Replace(result, secret);
                result = Replace(result, base64);
                result = Replace(result, TrimPadding(base64));
                result = Replace(result, url);
                return result;
            }
            finally
            {
                Array.Clear(raw, 0, raw.Length);
                if (base64 != null) Array.Clear(base64, 0, base64.Length);
                if (url != null) Array.Clear(url, 0, url.Length);
            }
        }

        /// <summary>True when the text holds the secret in any of the three forms.</summary>
        public static bool Contains(string text, char[] secret) => !string.Equals(Scrub(text, secret), text, StringComparison.Ordinal);

        private static char[] TrimPadding(char[] base64)
        {
            int n = base64.Length;
            while (n > 0 && base64[n - 1] == '=') n--;
            var trimmed = new char[n];
            Array.Copy(base64, trimmed, n);
            return trimmed;
        }

        private static char[] UrlEncode(byte[] raw)
        {
            var sb = new char[raw.Length * 3];
            int i = 0;
            const string hex = "0123456789ABCDEF";
            foreach (var b in raw)
            {
                if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '.' || b == '_' || b == '~')
                {
                    sb[i++] = (char)b;
                    continue;
                }
                sb[i++] = '%';
                sb[i++] = hex[b >> 4];
                sb[i++] = hex[b & 15];
            }
            var exact = new char[i];
            Array.Copy(sb, exact, i);
            Array.Clear(sb, 0, sb.Length);
            return exact;
        }

        private static string Replace(string text, char[] needle)
        {
            if (needle.Length < 4) return text; // too short to be told apart from ordinary text
            var sb = new StringBuilder(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                if (i + needle.Length <= text.Length && At(text, i, needle, StringComparison.Ordinal) ||
                    i + needle.Length <= text.Length && At(text, i, needle, StringComparison.OrdinalIgnoreCase) && HasPercent(needle))
                {
                    sb.Append(Mask);
                    i += needle.Length;
                }
                else
                {
                    sb.Append(text[i++]);
                }
            }
            return sb.ToString();
        }

        private static bool HasPercent(char[] needle) => Array.IndexOf(needle, '%') >= 0;

        private static bool At(string text, int index, char[] needle, StringComparison comparison)
        {
            for (int j = 0; j < needle.Length; j++)
            {
                var a = text[index + j];
                var b = needle[j];
                if (a == b) continue;
                if (comparison == StringComparison.OrdinalIgnoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b)) continue;
                return false;
            }
            return true;
        }
    }

    /// <summary>A new credential's id and the value that goes to the vault (a char buffer zeroed on Dispose).</summary>
    public sealed class NewCredentialValue : IDisposable
    {
        private char[] _value;

        public NewCredentialValue(string id, char[] value, string contentType)
        {
            Id = id;
            _value = value;
            ContentType = contentType;
        }

        public string Id { get; }
        public string ContentType { get; }
        public char[] Value => _value ?? throw new ObjectDisposedException(nameof(NewCredentialValue));

        public void Dispose()
        {
            if (_value != null) Array.Clear(_value, 0, _value.Length);
            _value = null;
        }

        public override string ToString() => Id;
    }
}
