using System;
using System.Collections.Generic;
using System.Text.Json;

namespace NhiTools.Engine.Journal
{
    /// <summary>JournalRow.Data as a flat JSON object (both back ends store it as one text column/property).</summary>
    public static class DataCodec
    {
        public static string Encode(IDictionary<string, string> data) =>
            data == null || data.Count == 0 ? null : JsonSerializer.Serialize(new SortedDictionary<string, string>(data, StringComparer.Ordinal));

        public static Dictionary<string, string> Decode(string text)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrEmpty(text)) return result;
            var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(text);
            if (parsed != null)
                foreach (var pair in parsed) result[pair.Key] = pair.Value;
            return result;
        }
    }
}
