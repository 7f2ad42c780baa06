using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NhiTools.Labs.Iam
{
    /// <summary>A CloudTrail error in the JSON 1.1 shape: {"__type":"ThrottlingException","message":"..."}.</summary>
    public sealed class CloudTrailError : Exception
    {
        public string Code { get; }
        public int Status { get; }
        public CloudTrailError(string code, int status, string message) : base(message) { Code = code; Status = status; }

        public static string Body(string code, string message)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteString("__type", code);
                w.WriteString("message", message);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(ms.ToArray());
        }
    }

    /// <summary>
    /// CloudTrail LookupEvents (AWS JSON 1.1) over a <see cref="CloudTrailStore"/>: the events of the signing region
    /// and the lab's account, newest first, StartTime/EndTime inclusive (epoch seconds), at most one lookup
    /// attribute, MaxResults 1-50 (default 50), an opaque NextToken bound to the query that made it.
    /// </summary>
    public static class CloudTrailLookup
    {
        public const string TargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

        static readonly HashSet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
        { "EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId" };

        public static string LookupEvents(CloudTrailStore store, string account, string region, byte[] body)
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(body.Length == 0 ? Encoding.UTF8.GetBytes("{}") : body); }
            catch (JsonException) { throw new CloudTrailError("SerializationException", 400, "Start of structure or map found where not expected."); }
            using (doc)
            {
                var q = doc.RootElement;
                if (q.ValueKind != JsonValueKind.Object) throw new CloudTrailError("SerializationException", 400, "Start of structure or map found where not expected.");
                string key = null, value = null;
                if (q.TryGetProperty("LookupAttributes", out var attrs) && attrs.ValueKind == JsonValueKind.Array)
                {
                    if (attrs.GetArrayLength() > 1)
                        throw new CloudTrailError("InvalidLookupAttributesException", 400, "You cannot specify more than one lookup attribute.");
                    foreach (var a in attrs.EnumerateArray())
                    {
                        key = a.TryGetProperty("AttributeKey", out var k) ? k.GetString() : null;
                        value = a.TryGetProperty("AttributeValue", out var v) ? v.GetString() : null;
                        if (key == null || !Keys.Contains(key) || string.IsNullOrEmpty(value))
                            throw new CloudTrailError("InvalidLookupAttributesException", 400, "Invalid lookup attribute.");
                    }
                }
                var start = Time(q, "StartTime") ?? DateTimeOffset.MinValue;
                var end = Time(q, "EndTime") ?? DateTimeOffset.MaxValue;
                if (start > end) throw new CloudTrailError("InvalidTimeRangeException", 400, "Start time must be before end time.");
                int max = 50;
                if (q.TryGetProperty("MaxResults", out var mr))
                {
                    if (!mr.TryGetInt32(out max) || max < 1 || max > 50)
                        throw new CloudTrailError("InvalidMaxResultsException", 400, "Max results must be between 1 and 50.");
                }
                string token = q.TryGetProperty("NextToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                string fingerprint = Fingerprint(region, key, value, start, end);
                int offset = 0;
                if (token != null) offset = Decode(token, fingerprint);

                var matches = store.Snapshot().Where(e =>
                    string.Equals(e.Region, region, StringComparison.Ordinal)
                    && (e.Account == null || e.Account == account)
                    && e.EventTime >= start && e.EventTime <= end
                    && Matches(e, key, value)).ToList();
                var page = matches.Skip(offset).Take(max).ToList();
                string next = offset + page.Count < matches.Count ? Encode(offset + page.Count, fingerprint) : null;
                return Write(page, next);
            }
        }

        static bool Matches(CloudTrailLabEvent e, string key, string value)
        {
            switch (key)
            {
                case null: return true;
                case "EventId": return e.EventId == value;
                case "EventName": return e.EventName == value;
                case "EventSource": return e.EventSource == value;
                case "Username": return e.Username == value;
                case "AccessKeyId": return e.AccessKeyId == value;
                case "ReadOnly": return (e.ReadOnly ? "true" : "false") == value;
                case "ResourceName": return e.Resources.Any(r => r.Name == value);
                case "ResourceType": return e.Resources.Any(r => r.Type == value);
                default: return false;
            }
        }

        static DateTimeOffset? Time(JsonElement q, string name)
        {
            if (!q.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var secs)) return DateTimeOffset.FromUnixTimeMilliseconds((long)(secs * 1000));
            throw new CloudTrailError("SerializationException", 400, name + " must be a timestamp (epoch seconds).");
        }

        static string Fingerprint(string region, string key, string value, DateTimeOffset start, DateTimeOffset end)
        {
            var text = region + "|" + key + "|" + value + "|" + start.ToUnixTimeSeconds() + "|" + end.ToUnixTimeSeconds();
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).Substring(0, 16);
        }

        static string Encode(int offset, string fingerprint) => Convert.ToBase64String(Encoding.UTF8.GetBytes("ct1:" + offset + ":" + fingerprint));

        static int Decode(string token, string fingerprint)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
                if (parts.Length == 3 && parts[0] == "ct1" && parts[2] == fingerprint && int.TryParse(parts[1], out var n) && n >= 0) return n;
            }
            catch (FormatException) { }
            throw new CloudTrailError("InvalidNextTokenException", 400, "Invalid next token.");
        }

        static string Write(List<CloudTrailLabEvent> page, string next)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteStartArray("Events");
                foreach (var e in page)
                {
                    w.WriteStartObject();
                    w.WriteString("EventId", e.EventId);
                    w.WriteString("EventName", e.EventName);
                    w.WriteString("ReadOnly", e.ReadOnly ? "true" : "false");
                    if (e.AccessKeyId != null) w.WriteString("AccessKeyId", e.AccessKeyId);
                    w.WriteNumber("EventTime", e.EventTime.ToUnixTimeMilliseconds() / 1000.0);
                    w.WriteString("EventSource", e.EventSource);
                    if (e.Username != null) w.WriteString("Username", e.Username);
                    w.WriteStartArray("Resources");
                    foreach (var r in e.Resources)
                    {
                        w.WriteStartObject();
                        if (r.Type != null) w.WriteString("ResourceType", r.Type);
                        w.WriteString("ResourceName", r.Name);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("CloudTrailEvent", e.Record);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                if (next != null) w.WriteString("NextToken", next);
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(ms.ToArray());
        }
    }
}
