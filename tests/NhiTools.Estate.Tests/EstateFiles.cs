using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NhiTools.Estate.Tests
{
    /// <summary>Reads a written estate back with nothing but System.Text.Json, the way an importer would.</summary>
    internal static class EstateFiles
    {
        public static JsonDocument Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path));

        /// <summary>Follows a Graph collection from page 1 by @odata.nextLink, matching each link to the next page file.</summary>
        public static List<JsonElement> Collection(string root, string baseName, out List<string> links)
        {
            var items = new List<JsonElement>();
            links = new List<string>();
            var pages = Directory.GetFiles(Path.Combine(root, "entra"), baseName + "-*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
            for (int i = 0; i < pages.Count; i++)
            {
                using (var doc = Json(pages[i]))
                {
                    var r = doc.RootElement;
                    foreach (var v in r.GetProperty("value").EnumerateArray()) items.Add(v.Clone());
                    bool hasNext = r.TryGetProperty("@odata.nextLink", out var next);
                    if (i < pages.Count - 1)
                    {
                        if (!hasNext) throw new InvalidDataException(pages[i] + " has no @odata.nextLink but is not the last page");
                        links.Add(next.GetString());
                    }
                    else if (hasNext) throw new InvalidDataException("last page " + pages[i] + " has an @odata.nextLink");
                }
            }
            return items;
        }

        public static List<string[]> CredentialReport(string path)
        {
            var text = File.ReadAllText(path);
            return text.Split('\n').Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        }

        public static IEnumerable<string> Names(JsonElement authDetails, string list, string nameProperty) =>
            authDetails.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(nameProperty).GetString());
    }
}
