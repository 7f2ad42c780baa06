using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph.OData;

namespace NhiTools.Labs.Graph
{
    // JSON batching: POST /{version}/$batch with up to 20 requests.
    public sealed partial class GraphLab
    {
        public const int MaxBatchRequests = 20;

        private sealed class BatchItem
        {
            public string Id;
            public string Method;
            public string Url;
            public JsonObject Headers;
            public JsonNode Body;
            public string[] DependsOn = Array.Empty<string>();
            public JsonObject Response;
            public int Status;
            public bool Done;
            public bool Visiting;
        }

        private static GraphQueryException BatchError(string message) => new GraphQueryException(400, "BadRequest", message);

        private async Task BatchAsync(HttpContext c)
        {
            var payload = await ReadBodyAsync(c, required: true).ConfigureAwait(false);
            if (payload["requests"] is not JsonArray requests) throw BatchError("Invalid batch payload format.");
            if (requests.Count == 0) throw BatchError("Invalid batch payload format: at least one request is required.");
            if (requests.Count > MaxBatchRequests)
                throw BatchError($"Batch request cannot have more than {MaxBatchRequests} requests; it has {requests.Count}.");

            var items = new List<BatchItem>();
            var byId = new Dictionary<string, BatchItem>(StringComparer.OrdinalIgnoreCase); // ids are case-insensitive
            foreach (var node in requests)
            {
                if (node is not JsonObject r) throw BatchError("Invalid batch payload format.");
                var item = new BatchItem
                {
                    Id = Str(r, "id"),
                    Method = Str(r, "method")?.ToUpperInvariant(),
                    Url = Str(r, "url"),
                    Headers = r["headers"] as JsonObject,
                    Body = r["body"],
                };
                if (string.IsNullOrEmpty(item.Id)) throw BatchError("Batch request id is required.");
                if (string.IsNullOrEmpty(item.Method) || string.IsNullOrEmpty(item.Url))
                    throw BatchError($"Batch request '{item.Id}': 'method' and 'url' are required.");
                if (item.Body != null && (item.Headers == null || !item.Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))))
                    throw BatchError($"Batch request '{item.Id}': a request with a body must have a Content-Type header.");
                if (r["dependsOn"] is JsonArray deps) item.DependsOn = deps.Select(d => d?.GetValue<string>()).Where(d => d != null).ToArray();
                if (!byId.TryAdd(item.Id, item)) throw BatchError($"Batch request contains duplicate id '{item.Id}'.");
                items.Add(item);
            }
            foreach (var item in items)
                foreach (var dep in item.DependsOn)
                    if (!byId.ContainsKey(dep)) throw BatchError($"Batch request '{item.Id}' depends on unknown request '{dep}'.");

            var version = (c.Request.Path.Value ?? "").TrimStart('/').Split('/')[0];
            var dropAfter = false;
            foreach (var item in items)
            {
                var outcome = await RunItemAsync(c, item, byId, version).ConfigureAwait(false);
                if (outcome == ItemOutcome.DropNow) { DropAfterLogging(c); return; }
                if (outcome == ItemOutcome.DropAfter) dropAfter = true;
            }
            if (dropAfter) { DropAfterLogging(c); return; }

            var ordered = items.ToList();
            if (Options.ShuffleBatchResponses)
                lock (_batchRandom)
                    for (var i = ordered.Count - 1; i > 0; i--) { var j = _batchRandom.Next(i + 1); (ordered[i], ordered[j]) = (ordered[j], ordered[i]); }
            var body = GraphJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("responses");
                foreach (var item in ordered) item.Response.WriteTo(w);
                w.WriteEndArray();
                w.WriteEndObject();
            });
            await GraphJson.WriteAsync(c, 200, body, "application/json").ConfigureAwait(false);
        }

        private enum ItemOutcome { Answered, DropAfter, DropNow }

        private async Task<ItemOutcome> RunItemAsync(HttpContext c, BatchItem item, Dictionary<string, BatchItem> byId, string version)
        {
            if (item.Done) return ItemOutcome.Answered;
            if (item.Visiting) throw BatchError($"Batch request '{item.Id}' has a circular dependsOn.");
            item.Visiting = true;
            foreach (var dep in item.DependsOn)
            {
                var outcome = await RunItemAsync(c, byId[dep], byId, version).ConfigureAwait(false);
                if (outcome == ItemOutcome.DropNow) return outcome;
            }
            item.Visiting = false;
            item.Done = true;

            var failed = item.DependsOn.Select(d => byId[d]).FirstOrDefault(d => d.Status < 200 || d.Status > 299);
            if (failed != null)
            {
                item.Status = 424;
                item.Response = ItemResponse(item.Id, 424, new JsonObject { ["Content-Type"] = "application/json" }, new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = "FailedDependency", ["message"] = $"Dependency '{failed.Id}' failed with status {failed.Status}." },
                });
                return ItemOutcome.Answered;
            }

            if (item.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || item.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                item.Status = 400;
                item.Response = ItemResponse(item.Id, 400, new JsonObject { ["Content-Type"] = "application/json" }, new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = "BadRequest", ["message"] = "Invalid request URL: batch request URLs must be relative to the version root." },
                });
                return ItemOutcome.Answered;
            }

            var url = item.Url.StartsWith("/", StringComparison.Ordinal) ? item.Url : "/" + item.Url;
            var q = url.IndexOf('?');
            var path = "/" + version + (q >= 0 ? url.Substring(0, q) : url);
            var query = q >= 0 ? url.Substring(q) : null;
            var headers = item.Headers?.Select(h => new KeyValuePair<string, string>(h.Key, h.Value?.ToString() ?? "")).ToList()
                          ?? new List<KeyValuePair<string, string>>();
            var nested = NestedRequest.Create(c, item.Method, path, query, headers, BodyBytes(item));
            var entry = await ExecuteAsync(nested, "batch", item.Id).ConfigureAwait(false);
            if (NestedRequest.WasAborted(nested))
                return entry.Fault == FaultKind.CommitThenDrop ? ItemOutcome.DropAfter : ItemOutcome.DropNow;

            item.Status = nested.Response.StatusCode;
            var responseHeaders = new JsonObject();
            foreach (var h in nested.Response.Headers)
                if (h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
                    || h.Key.Equals("Location", StringComparison.OrdinalIgnoreCase))
                    responseHeaders[h.Key] = h.Value.ToString();
            JsonNode body = null;
            var bytes = NestedRequest.ResponseBody(nested);
            if (bytes.Length > 0)
            {
                var contentType = nested.Response.ContentType ?? "";
                body = contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                    ? JsonNode.Parse(bytes)
                    : JsonValue.Create(Encoding.UTF8.GetString(bytes));
            }
            item.Response = ItemResponse(item.Id, item.Status, responseHeaders, body);
            return ItemOutcome.Answered;
        }

        private static JsonObject ItemResponse(string id, int status, JsonObject headers, JsonNode body)
        {
            var o = new JsonObject { ["id"] = id, ["status"] = status, ["headers"] = headers };
            if (body != null) o["body"] = body;
            return o;
        }

        /// <summary>A JSON body is inlined as JSON; any other body is a base64 string (as the SDK writes it).</summary>
        private static byte[] BodyBytes(BatchItem item)
        {
            if (item.Body == null) return null;
            if (item.Body is JsonValue v && v.TryGetValue<string>(out var s))
            {
                try { return Convert.FromBase64String(s); }
                catch (FormatException) { return Encoding.UTF8.GetBytes(s); }
            }
            return Encoding.UTF8.GetBytes(item.Body.ToJsonString());
        }

        private static string Str(JsonObject o, string name) =>
            o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }
}
