using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Labs.Common
{
    /// <summary>One request as the lab saw it. Never holds a body, header value or secret.</summary>
    public sealed class RequestLogEntry
    {
        /// <summary>Order of completion, 1-based, unique within the lab.</summary>
        public long Sequence { get; internal set; }
        /// <summary>When the lab received the request (lab clock).</summary>
        public DateTimeOffset Time { get; internal set; }
        public TimeSpan Duration { get; internal set; }
        /// <summary>Lab operation name, e.g. "applications.list", "ListUsers", "GetSecret".</summary>
        public string Operation { get; internal set; }
        public string Method { get; internal set; }
        /// <summary>Path and query as received (query names decoded as the lab parsed them).</summary>
        public string PathAndQuery { get; internal set; }
        /// <summary>Status the lab produced (for a reset/timeout: 0; for commit-drop: the handler's status the client never saw).</summary>
        public int Status { get; internal set; }
        public bool IsWrite { get; internal set; }
        /// <summary>The fault applied, or null.</summary>
        public FaultKind? Fault { get; internal set; }
        /// <summary>The fault rule's name or text form, or null.</summary>
        public string FaultRule { get; internal set; }
        /// <summary>For a request inside a batch, the batch operation ("batch") and item id; else null.</summary>
        public string Parent { get; internal set; }
        public string BatchItemId { get; internal set; }
        /// <summary>True when the client got no response (reset, timeout, commit-drop).</summary>
        public bool Dropped { get; internal set; }

        public override string ToString() =>
            $"#{Sequence} {Method} {PathAndQuery} -> {Operation} {Status}{(Fault.HasValue ? " fault=" + Fault : "")}{(Dropped ? " dropped" : "")}{(Parent != null ? " in " + Parent + "[" + BatchItemId + "]" : "")}";
    }

    /// <summary>Thread-safe request log that tests read to count requests per operation.</summary>
    public sealed class RequestLog
    {
        private readonly object _gate = new object();
        private readonly List<RequestLogEntry> _entries = new List<RequestLogEntry>();
        private long _sequence;

        public void Add(RequestLogEntry entry)
        {
            lock (_gate)
            {
                entry.Sequence = ++_sequence;
                _entries.Add(entry);
            }
        }

        /// <summary>Snapshot of all entries in completion order.</summary>
        public IReadOnlyList<RequestLogEntry> Entries { get { lock (_gate) return _entries.ToArray(); } }

        public void Clear() { lock (_gate) _entries.Clear(); }

        public int Count() { lock (_gate) return _entries.Count; }

        /// <summary>Requests whose operation matches the pattern (exact or with '*').</summary>
        public int Count(string operation) => Where(operation).Count;

        public int Count(Func<RequestLogEntry, bool> predicate) { lock (_gate) return _entries.Count(predicate); }

        public IReadOnlyList<RequestLogEntry> Where(string operation)
        {
            lock (_gate) return _entries.Where(e => FaultRule.WildcardMatch(operation, e.Operation)).ToArray();
        }

        public int Writes() => Count(e => e.IsWrite);

        /// <summary>Requests per operation name.</summary>
        public IReadOnlyDictionary<string, int> CountByOperation()
        {
            lock (_gate)
                return _entries.GroupBy(e => e.Operation ?? "")
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        }
    }
}
