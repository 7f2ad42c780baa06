using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NhiTools.Hosting;

namespace NhiTools.Engine.Governance
{
    /// <summary>
    /// A finished review kept as a file (for an estate kept in files, or a campaign moved between stores): the JSON array
    /// `Get-NhiReview -Name X | ConvertTo-Json -Depth 4` writes (Decision as a name or its number). One campaign per file;
    /// every decision is checked as Set-NhiReviewDecision checks it, so a file cannot carry a blind keep into the store.
    /// </summary>
    public static class ReviewFile
    {
        public static IReadOnlyList<ReviewItem> Read(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new NhiException("NhiPathNotFound", NhiErrorCategory.ObjectNotFound, "Cannot read the review file '" + path + "': " + e.Message, path, e);
            }

            var items = new List<ReviewItem>();
            try
            {
                using (var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
                {
                    var root = doc.RootElement;
                    var list = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : new List<JsonElement> { root };
                    int n = 0;
                    foreach (var e in list)
                    {
                        n++;
                        if (e.ValueKind != JsonValueKind.Object) throw Bad(path, "item " + n + " is not an object");
                        var item = new ReviewItem
                        {
                            Review = Str(e, "Review"), IdentityId = Str(e, "IdentityId"), IdentityName = Str(e, "IdentityName"), Provider = Str(e, "Provider"),
                            Kind = Str(e, "Kind"), Owners = Strs(e, "Owners"), Purpose = Str(e, "Purpose"), Credentials = Strs(e, "Credentials"),
                            Granted = Strs(e, "Granted"), Usage = Str(e, "Usage"), UnusedRights = Bool(e, "UnusedRights"), UnusedPermissions = Strs(e, "UnusedPermissions"),
                            Findings = Strs(e, "Findings"), Justification = Str(e, "Justification"), DecidedBy = Str(e, "DecidedBy"),
                        };
                        if (string.IsNullOrWhiteSpace(item.Review) || string.IsNullOrWhiteSpace(item.IdentityId)) throw Bad(path, "item " + n + " has no Review or IdentityId");
                        item.DueOn = Date(e, "DueOn", path, n) ?? throw Bad(path, "item " + n + " (" + item.IdentityId + ") has no DueOn");
                        item.DecidedOn = Date(e, "DecidedOn", path, n);
                        item.Decision = Decision(e, path, n);
                        if (item.Decision.HasValue && (item.DecidedOn == null || string.IsNullOrWhiteSpace(item.DecidedBy)))
                            throw Bad(path, "item " + n + " (" + item.IdentityId + ") has a Decision but no DecidedBy or DecidedOn");
                        items.Add(item);
                    }
                }
            }
            catch (JsonException e)
            {
                throw Bad(path, "not JSON: " + e.Message);
            }

            if (items.Count == 0) throw Bad(path, "it holds no review item");
            if (items.Select(i => i.Review).Distinct(StringComparer.Ordinal).Count() > 1 || items.Select(i => i.DueOn).Distinct().Count() > 1)
                throw Bad(path, "it holds items of more than one campaign (Review and DueOn must be the same on every item)");
            if (items.GroupBy(i => i.IdentityId, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                throw Bad(path, "it lists an identity twice");
            foreach (var i in items.Where(i => i.Decision.HasValue)) ReviewRules.CheckDecision(i, i.Decision.Value, i.Justification);
            return items;
        }

        private static NhiException Bad(string path, string why) =>
            new NhiException("NhiReviewFileInvalid", NhiErrorCategory.InvalidData, "The review file '" + path + "' is invalid: " + why + ". Nothing was imported.", path);

        private static JsonElement? Prop(JsonElement e, string name)
        {
            foreach (var p in e.EnumerateObject())
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null) return p.Value;
            return null;
        }

        private static string Str(JsonElement e, string name)
        {
            var v = Prop(e, name);
            return v?.ValueKind == JsonValueKind.String ? v.Value.GetString() : v?.ToString();
        }

        private static string[] Strs(JsonElement e, string name)
        {
            var v = Prop(e, name);
            if (v == null) return Array.Empty<string>();
            if (v.Value.ValueKind == JsonValueKind.Array) return v.Value.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).ToArray();
            return v.Value.ValueKind == JsonValueKind.String ? new[] { v.Value.GetString() } : Array.Empty<string>();
        }

        private static bool Bool(JsonElement e, string name) => Prop(e, name)?.ValueKind == JsonValueKind.True;

        private static DateTime? Date(JsonElement e, string name, string path, int n)
        {
            var s = Str(e, name);
            if (string.IsNullOrWhiteSpace(s)) return null;
            if (!DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                throw Bad(path, "item " + n + ": " + name + " '" + s + "' is not a date");
            return d;
        }

        private static ReviewDecision? Decision(JsonElement e, string path, int n)
        {
            var v = Prop(e, "Decision");
            if (v == null) return null;
            if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt32(out var k) && Enum.IsDefined(typeof(ReviewDecision), k)) return (ReviewDecision)k;
            if (v.Value.ValueKind == JsonValueKind.String && Enum.TryParse(v.Value.GetString(), true, out ReviewDecision d) && !int.TryParse(v.Value.GetString(), out _)) return d;
            throw Bad(path, "item " + n + ": Decision '" + v.Value + "' is not Keep, Reduce or Remove");
        }
    }
}
