using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace NhiTools.Labs.Common
{
    /// <summary>
    /// A sub-request a lab dispatches itself (a Graph $batch item): an in-memory HttpContext whose response is
    /// buffered and whose Abort() is recorded instead of dropping the real connection.
    /// </summary>
    public static class NestedRequest
    {
        public static HttpContext Create(HttpContext outer, string method, string path, string query,
            IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
        {
            var context = new DefaultHttpContext();
            var request = context.Request;
            request.Method = method;
            request.Scheme = outer.Request.Scheme;
            request.Host = outer.Request.Host;
            request.PathBase = outer.Request.PathBase;
            request.Path = new PathString(path);
            request.QueryString = string.IsNullOrEmpty(query) ? QueryString.Empty : new QueryString(query.StartsWith("?") ? query : "?" + query);
            // The outer Authorization applies to every item, as in Graph.
            foreach (var h in outer.Request.Headers)
                if (h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) request.Headers[h.Key] = h.Value;
            if (headers != null)
                foreach (var h in headers) request.Headers[h.Key] = h.Value;
            if (body != null)
            {
                request.Body = new MemoryStream(body, writable: false);
                request.ContentLength = body.Length;
            }
            context.Response.Body = new MemoryStream();
            var lifetime = new NestedLifetime(outer.RequestAborted);
            context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
            context.RequestServices = outer.RequestServices;
            return context;
        }

        /// <summary>True when the fault pipeline aborted this sub-request (reset, timeout, commit-drop).</summary>
        public static bool WasAborted(HttpContext nested) =>
            nested.Features.Get<IHttpRequestLifetimeFeature>() is NestedLifetime l && l.Aborted;

        /// <summary>The buffered response body of a sub-request.</summary>
        public static byte[] ResponseBody(HttpContext nested) =>
            nested.Response.Body is MemoryStream ms ? ms.ToArray() : Array.Empty<byte>();

        private sealed class NestedLifetime : IHttpRequestLifetimeFeature
        {
            public NestedLifetime(CancellationToken outer) { RequestAborted = outer; }
            public CancellationToken RequestAborted { get; set; }
            public bool Aborted { get; private set; }
            public void Abort() => Aborted = true;
        }
    }
}
