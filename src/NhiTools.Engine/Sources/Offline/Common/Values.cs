using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>Tolerant readers for the scalar shapes the exports use.</summary>
    internal static class Values
    {
        private static readonly Regex ShortOffset = new Regex(@"([+-])(\d):(\d\d)$", RegexOptions.Compiled);

        /// <summary>ISO 8601 with Z or an offset (the AWS CLI v1/v2 and Graph forms), as UTC. The report's N/A,
        /// no_information and not_supported, and empty text, are "unknown" (null).</summary>
        public static DateTime? Time(string s)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            s = s.Trim();
            if (s.Length < 8 || !char.IsDigit(s[0])) return null; // N/A, no_information, not_supported
            const DateTimeStyles st = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, st, out var dto)) return dto.UtcDateTime;
            // Graph doc samples carry offsets such as -8:00.
            var fixedOffset = ShortOffset.Replace(s, "${1}0$2:$3");
            if (DateTimeOffset.TryParse(fixedOffset, CultureInfo.InvariantCulture, st, out dto)) return dto.UtcDateTime;
            return null;
        }

        public static DateTime FromUnixSeconds(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;

        public static string Str(this JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            switch (v.ValueKind)
            {
                case JsonValueKind.String: return v.GetString();
                case JsonValueKind.Number: return v.GetRawText();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                default: return null;
            }
        }

        public static bool? Bool(this JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.True) return true;
            if (v.ValueKind == JsonValueKind.False) return false;
            if (v.ValueKind == JsonValueKind.String) return Bool(v.GetString());
            return null;
        }

        public static bool? Bool(string s)
        {
            if (s == null) return null;
            s = s.Trim();
            if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            if (s.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            return null;
        }

        /// <summary>A time as an ISO string or as Unix seconds (Key Vault REST attributes).</summary>
        public static DateTime? Time(this JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.String) return Time(v.GetString());
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long secs)) return FromUnixSeconds(secs);
            return null;
        }

        public static JsonElement Obj(this JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

        public static bool Has(this JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out _);

        /// <summary>Elements of an array; a lone object counts as a one-element list (the IAM doc example shows
        /// AttachedManagedPolicies as an object); a string counts as one string.</summary>
        public static IEnumerable<JsonElement> List(this JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) yield break;
            if (v.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in v.EnumerateArray()) yield return x;
            }
            else if (v.ValueKind == JsonValueKind.Object || v.ValueKind == JsonValueKind.String)
            {
                yield return v;
            }
        }

        /// <summary>A string or an array of strings (IAM Action/Resource/Principal values).</summary>
        public static List<string> Strings(JsonElement v)
        {
            var list = new List<string>();
            if (v.ValueKind == JsonValueKind.String) list.Add(v.GetString());
            else if (v.ValueKind == JsonValueKind.Array)
                foreach (var x in v.EnumerateArray())
                    if (x.ValueKind == JsonValueKind.String) list.Add(x.GetString());
            return list;
        }

        public static DateTime? Latest(DateTime? a, DateTime? b)
        {
            if (!a.HasValue) return b;
            if (!b.HasValue) return a;
            return a.Value >= b.Value ? a : b;
        }

        /// <summary>Owner tag values may list several owners: "a@x.com; b@x.com".</summary>
        public static string[] SplitOwners(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) return Array.Empty<string>();
            var parts = value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries);
            var list = new List<string>(parts.Length);
            foreach (var p in parts)
            {
                var t = p.Trim();
                if (t.Length > 0 && !list.Contains(t)) list.Add(t);
            }
            return list.ToArray();
        }

        public static string TagValue(IDictionary<string, string> tags, string key)
        {
            if (tags == null || key == null) return null;
            return tags.TryGetValue(key, out var v) ? v : null; // dictionaries are case-insensitive
        }

        public static string[] Append(string[] arr, string value)
        {
            if (value == null) return arr;
            foreach (var x in arr) if (string.Equals(x, value, StringComparison.OrdinalIgnoreCase)) return arr;
            var n = new string[arr.Length + 1];
            Array.Copy(arr, n, arr.Length);
            n[arr.Length] = value;
            return n;
        }
    }
}
