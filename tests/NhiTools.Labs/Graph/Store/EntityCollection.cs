using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace NhiTools.Labs.Graph.Store
{
    /// <summary>
    /// A collection ordered by insertion sequence, indexed by id and (when the type has one) appId.
    /// Paging walks the sequence: a $skiptoken carries the last sequence served, so a page never repeats or skips
    /// an item even when others are added or removed between pages. Not thread-safe: callers hold the store's Gate.
    /// </summary>
    public sealed class EntityCollection
    {
        private readonly List<GraphEntity> _ordered = new List<GraphEntity>();
        private readonly Dictionary<string, GraphEntity> _byId = new Dictionary<string, GraphEntity>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, GraphEntity> _byAppId;
        private readonly Func<long> _nextSequence;
        private bool _hasRemovals;

        internal EntityCollection(GraphResourceType type, Func<long> nextSequence)
        {
            Type = type;
            _nextSequence = nextSequence;
            if (type.IndexAppId) _byAppId = new Dictionary<string, GraphEntity>(StringComparer.OrdinalIgnoreCase);
        }

        public GraphResourceType Type { get; }
        public int Count => _byId.Count;
        /// <summary>Property names seen in stored items (they are selectable even if the static list lacks them).</summary>
        public HashSet<string> SeenProperties { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Adds or replaces by id (a replaced item keeps its place). Generates an id when the JSON has none.</summary>
        public GraphEntity Upsert(JsonObject json)
        {
            var id = json.TryGetPropertyValue("id", out var idNode) && idNode != null ? idNode.GetValue<string>() : null;
            if (string.IsNullOrEmpty(id))
            {
                id = Guid.NewGuid().ToString();
                json["id"] = id;
            }
            foreach (var p in json) SeenProperties.Add(p.Key);
            if (_byId.TryGetValue(id, out var existing))
            {
                if (_byAppId != null && existing.GetString("appId") is string oldAppId) _byAppId.Remove(oldAppId);
                existing.Json = json;
                IndexAppId(existing);
                return existing;
            }
            var entity = new GraphEntity(_nextSequence(), id, json);
            _ordered.Add(entity);
            _byId[id] = entity;
            IndexAppId(entity);
            return entity;
        }

        private void IndexAppId(GraphEntity entity)
        {
            if (_byAppId == null) return;
            var appId = entity.GetString("appId");
            if (!string.IsNullOrEmpty(appId)) _byAppId[appId] = entity;
        }

        public GraphEntity Get(string id) => id != null && _byId.TryGetValue(id, out var e) ? e : null;

        public GraphEntity GetByAppId(string appId) =>
            _byAppId != null && appId != null && _byAppId.TryGetValue(appId, out var e) ? e : null;

        public bool Remove(string id)
        {
            if (!_byId.TryGetValue(id, out var e)) return false;
            _byId.Remove(id);
            if (_byAppId != null && e.GetString("appId") is string appId) _byAppId.Remove(appId);
            _ordered.Remove(e);
            _hasRemovals = true;
            return true;
        }

        public IEnumerable<GraphEntity> All => _ordered;

        /// <summary>
        /// Up to <paramref name="top"/> items with sequence greater than <paramref name="afterSequence"/> that match;
        /// <paramref name="more"/> tells whether another matching item exists after them.
        /// </summary>
        public List<GraphEntity> Page(long afterSequence, Func<JsonObject, bool> filter, int top, out bool more)
        {
            var page = new List<GraphEntity>(Math.Min(top, 1024));
            more = false;
            for (var i = FirstAfter(afterSequence); i < _ordered.Count; i++)
            {
                var e = _ordered[i];
                if (filter != null && !filter(e.Json)) continue;
                if (page.Count == top) { more = true; break; }
                page.Add(e);
            }
            return page;
        }

        public int CountMatching(Func<JsonObject, bool> filter)
        {
            if (filter == null) return _ordered.Count;
            var n = 0;
            foreach (var e in _ordered) if (filter(e.Json)) n++;
            return n;
        }

        // Sequences are increasing along _ordered (appends only), so binary search finds the resume point.
        private int FirstAfter(long sequence)
        {
            if (sequence <= 0) return 0;
            int lo = 0, hi = _ordered.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (_ordered[mid].Sequence <= sequence) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        internal bool HasRemovals => _hasRemovals;
    }
}
