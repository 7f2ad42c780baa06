using System.Text.Json.Nodes;

namespace NhiTools.Labs.Graph.Store
{
    /// <summary>One stored directory object: its JSON as Graph returns it, and its insertion sequence (paging order).</summary>
    public sealed class GraphEntity
    {
        internal GraphEntity(long sequence, string id, JsonObject json)
        {
            Sequence = sequence;
            Id = id;
            Json = json;
        }

        public long Sequence { get; }
        public string Id { get; }
        /// <summary>The stored JSON. Read or change it only under <see cref="GraphStore.Gate"/>.</summary>
        public JsonObject Json { get; internal set; }

        public string GetString(string property) =>
            Json.TryGetPropertyValue(property, out var n) && n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }
}
