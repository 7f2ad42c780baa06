using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NhiTools.Labs.Graph.Store
{
    /// <summary>
    /// One stored directory object as Graph returns it, and its insertion sequence (paging order). Seeded objects
    /// stay compact, immutable JsonElements; the first write turns one into a JsonObject (copy on write), so
    /// 100,000 seeded apps cost one small buffer each. Read or change it only under <see cref="GraphStore.Gate"/>.
    /// </summary>
    public sealed class GraphEntity
    {
        /// <summary>Navigation properties a seed may carry expanded; the store keeps them as relations instead.</summary>
        internal static readonly HashSet<string> Navigation = new HashSet<string>(StringComparer.Ordinal) { "owners", "appRoleAssignments" };

        private JsonElement _element;
        private JsonObject _object;

        internal GraphEntity(long sequence, string id, JsonElement element) { Sequence = sequence; Id = id; _element = element; }
        internal GraphEntity(long sequence, string id, JsonObject json) { Sequence = sequence; Id = id; _object = json; }

        public long Sequence { get; }
        public string Id { get; }

        internal void Replace(JsonElement element) { _element = element; _object = null; }
        internal void Replace(JsonObject json) { _object = json; _element = default; }

        /// <summary>The object as a mutable JsonObject (materialized on first call; later reads use it).</summary>
        public JsonObject AsObject()
        {
            if (_object == null)
            {
                _object = JsonObject.Create(_element) ?? new JsonObject();
                _element = default;
            }
            return _object;
        }

        public IEnumerable<string> PropertyNames =>
            _object != null ? _object.Select(p => p.Key) : _element.EnumerateObject().Select(p => p.Name);

        public bool Has(string property) =>
            _object != null ? _object.ContainsKey(property) : _element.TryGetProperty(property, out _);

        public string GetString(string property)
        {
            if (_object != null)
                return _object.TryGetPropertyValue(property, out var n) && n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return _element.TryGetProperty(property, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        }

        public string ODataType => GetString("@odata.type");

        /// <summary>A property as a comparable string for $filter: strings as is, booleans "true"/"false", null if absent or null.</summary>
        public string Comparable(string property)
        {
            if (_object != null)
            {
                if (!_object.TryGetPropertyValue(property, out var node) || node == null) return null;
                if (node is JsonValue value)
                {
                    switch (value.GetValueKind())
                    {
                        case JsonValueKind.String: return value.GetValue<string>();
                        case JsonValueKind.True: return "true";
                        case JsonValueKind.False: return "false";
                    }
                }
                return node.ToJsonString();
            }
            if (!_element.TryGetProperty(property, out var e)) return null;
            switch (e.ValueKind)
            {
                case JsonValueKind.String: return e.GetString();
                case JsonValueKind.True: return "true";
                case JsonValueKind.False: return "false";
                case JsonValueKind.Null: return null;
                default: return e.GetRawText();
            }
        }

        /// <summary>Writes "name": value (null when absent). keyCredentials[].key is nulled unless keepKey.</summary>
        internal void WriteProperty(Utf8JsonWriter w, string name, bool keepKey)
        {
            w.WritePropertyName(name);
            if (_object != null)
            {
                if (!_object.TryGetPropertyValue(name, out var node) || node == null) w.WriteNullValue();
                else if (!keepKey && name == "keyCredentials" && node is JsonArray) WriteKeysWithoutMaterial(w, JsonSerializer.SerializeToElement(node));
                else node.WriteTo(w);
                return;
            }
            if (!_element.TryGetProperty(name, out var e)) w.WriteNullValue();
            else if (!keepKey && name == "keyCredentials" && e.ValueKind == JsonValueKind.Array) WriteKeysWithoutMaterial(w, e);
            else e.WriteTo(w);
        }

        /// <summary>Writes every stored property except @odata.type and navigation properties.</summary>
        internal void WriteAll(Utf8JsonWriter w, bool keepKey)
        {
            foreach (var name in PropertyNames)
                if (name != "@odata.type" && !Navigation.Contains(name)) WriteProperty(w, name, keepKey);
        }

        internal void WriteTo(Utf8JsonWriter w)
        {
            if (_object != null) _object.WriteTo(w); else _element.WriteTo(w);
        }

        private static void WriteKeysWithoutMaterial(Utf8JsonWriter w, JsonElement keys)
        {
            w.WriteStartArray();
            foreach (var item in keys.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) { item.WriteTo(w); continue; }
                w.WriteStartObject();
                foreach (var p in item.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    if (p.Name == "key") w.WriteNullValue(); else p.Value.WriteTo(w);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }
}
