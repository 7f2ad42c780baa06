using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;

namespace NhiTools.Labs.Iam
{
    /// <summary>One management event as LookupEvents indexes it, with the record it was made from.</summary>
    public sealed class CloudTrailLabEvent
    {
        public string EventId { get; set; }
        public DateTimeOffset EventTime { get; set; }
        public string Region { get; set; }
        public string Account { get; set; }
        public string Username { get; set; }
        public string AccessKeyId { get; set; }
        public string EventName { get; set; }
        public string EventSource { get; set; }
        public bool ReadOnly { get; set; }
        public List<(string Type, string Name)> Resources { get; } = new List<(string, string)>();
        /// <summary>The CloudTrail record, as the CloudTrailEvent string carries it.</summary>
        public string Record { get; set; }
    }

    /// <summary>
    /// The event history LookupEvents serves: management events only (LookupEvents never returns data events), one
    /// per eventID, per region and account. Seeded from trail log files ({"Records":[...]}, .json.gz too) and
    /// lookup-events output (whose CloudTrailEvent holds the record). Thread-safe.
    /// </summary>
    public sealed class CloudTrailStore
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, CloudTrailLabEvent> _byId = new Dictionary<string, CloudTrailLabEvent>(StringComparer.Ordinal);

        public int Count { get { lock (_gate) return _byId.Count; } }

        /// <summary>Every event, newest first (LookupEvents' order).</summary>
        public List<CloudTrailLabEvent> Snapshot()
        {
            lock (_gate) return _byId.Values.OrderByDescending(e => e.EventTime).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        }

        /// <summary>Loads trail files and lookup-events output under dir (recursively); returns the files used.</summary>
        public int LoadDirectory(string dir)
        {
            int used = 0;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string text;
                if (f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    using var gz = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
                    using var reader = new StreamReader(gz);
                    text = reader.ReadToEnd();
                }
                else if (f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) text = File.ReadAllText(f);
                else continue;
                JsonDocument doc;
                try { doc = JsonDocument.Parse(text.TrimStart('\uFEFF')); } catch (JsonException) { continue; }
                using (doc)
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object) continue;
                    if (doc.RootElement.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var r in records.EnumerateArray()) AddRecord(r);
                        used++;
                    }
                    else if (doc.RootElement.TryGetProperty("Events", out var events) && events.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var e in events.EnumerateArray())
                            if (e.TryGetProperty("CloudTrailEvent", out var s) && s.ValueKind == JsonValueKind.String)
                            {
                                using var inner = JsonDocument.Parse(s.GetString());
                                AddRecord(inner.RootElement);
                            }
                        used++;
                    }
                }
            }
            return used;
        }

        /// <summary>Adds one record; data and network-activity events are skipped as LookupEvents skips them. True when added.</summary>
        public bool AddRecord(JsonElement r)
        {
            if (r.ValueKind != JsonValueKind.Object) return false;
            if (Str(r, "eventCategory") is string cat && !cat.Equals("Management", StringComparison.OrdinalIgnoreCase)) return false;
            if (r.TryGetProperty("managementEvent", out var m) && m.ValueKind == JsonValueKind.False) return false;
            var id = Str(r, "eventID");
            if (id == null || !DateTimeOffset.TryParse(Str(r, "eventTime"), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var when)) return false;
            var ui = r.TryGetProperty("userIdentity", out var u) ? u : default;
            var e = new CloudTrailLabEvent
            {
                EventId = id,
                EventTime = when.ToUniversalTime(),
                Region = Str(r, "awsRegion") ?? "us-east-1",
                Account = Str(r, "recipientAccountId") ?? Str(ui, "accountId"),
                Username = UsernameOf(ui),
                AccessKeyId = Str(ui, "accessKeyId"),
                EventName = Str(r, "eventName"),
                EventSource = Str(r, "eventSource"),
                ReadOnly = r.TryGetProperty("readOnly", out var ro) && (ro.ValueKind == JsonValueKind.True || (ro.ValueKind == JsonValueKind.String && ro.GetString() == "true")),
                Record = r.GetRawText(),
            };
            if (r.TryGetProperty("resources", out var res) && res.ValueKind == JsonValueKind.Array)
                foreach (var x in res.EnumerateArray())
                    if (Str(x, "ARN") is string arn) e.Resources.Add((Str(x, "type"), arn));
            lock (_gate)
            {
                if (_byId.ContainsKey(id)) return false;
                _byId[id] = e;
            }
            return true;
        }

        /// <summary>LookupEvents' Username: the IAM user's name, an assumed-role session's session name, "root".</summary>
        internal static string UsernameOf(JsonElement ui)
        {
            switch (Str(ui, "type"))
            {
                case "IAMUser": return Str(ui, "userName");
                case "Root": return "root";
                case "AssumedRole":
                case "FederatedUser":
                    var arn = Str(ui, "arn");
                    return arn == null ? null : arn.Substring(arn.LastIndexOf('/') + 1);
                default: return Str(ui, "userName");
            }
        }

        static string Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
