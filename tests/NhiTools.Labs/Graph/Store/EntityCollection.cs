using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
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
        private long _upserts;

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
            var id = json.TryGetPropertyValue("id", out var idNode) && idNode is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (string.IsNullOrEmpty(id))
            {
                id = Guid.NewGuid().ToString();
                json["id"] = id;
            }
            return Upsert(id, e => e.Replace(json), seq => new GraphEntity(seq, id, json), json.Select(p => p.Key));
        }

        /// <summary>Adds or replaces an immutable seeded object (its JsonDocument must stay undisposed).</summary>
        public GraphEntity Upsert(JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object) throw new ArgumentException("A directory object must be a JSON object.", nameof(element));
            if (!element.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(idElement.GetString()))
            {
                var json = JsonObject.Create(element);
                return Upsert(json);
            }
            var id = idElement.GetString();
            // Property names feed $select validation beyond the static lists; sampling keeps 100,000-item loads fast.
            var sample = _upserts++ < 1000 || _upserts % 100 == 0;
            return Upsert(id, e => e.Replace(element), seq => new GraphEntity(seq, id, element),
                sample ? PropertyNamesOf(element) : Array.Empty<string>());
        }

        private static IEnumerable<string> PropertyNamesOf(JsonElement element)
        {
            foreach (var p in element.EnumerateObject()) yield return p.Name;
        }

        private GraphEntity Upsert(string id, Action<GraphEntity> replace, Func<long, GraphEntity> create, IEnumerable<string> propertyNames)
        {
            foreach (var name in propertyNames)
                if (!GraphEntity.Navigation.Contains(name)) SeenProperties.Add(name);
            if (_byId.TryGetValue(id, out var existing))
            {
                if (_byAppId != null && existing.GetString("appId") is string oldAppId) _byAppId.Remove(oldAppId);
                replace(existing);
                IndexAppId(existing);
                return existing;
            }
            var entity = create(_nextSequence());
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
        public List<GraphEntity> Page(long afterSequence, Func<GraphEntity, bool> filter, int top, out bool more)
        {
            var page = new List<GraphEntity>(Math.Min(top, 1024));
            more = false;
            for (var i = FirstAfter(afterSequence); i < _ordered.Count; i++)
            {
                var e = _ordered[i];
                if (filter != null && !filter(e)) continue;
                if (page.Count == top) { more = true; break; }
                page.Add(e);
            }
            return page;
        }

        public int CountMatching(Func<GraphEntity, bool> filter)
        {
            if (filter == null) return _ordered.Count;
            var n = 0;
            foreach (var e in _ordered) if (filter(e)) n++;
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
