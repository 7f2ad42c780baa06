using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace NhiTools.Labs.Graph
{
    /// <summary>Writing Graph answers: JSON bodies with Graph's content type, and Graph's error shape.</summary>
    internal static class GraphJson
    {
        /// <summary>What Graph sends for OData JSON; kiota picks its JSON parser from the media type before ';'.</summary>
        public const string ODataContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

        public static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static byte[] Build(Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
            return buffer.WrittenSpan.ToArray();
        }

        public static async Task WriteAsync(HttpContext context, int status, byte[] body, string contentType = ODataContentType)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted).ConfigureAwait(false);
        }

        public static Task WriteErrorAsync(HttpContext context, int status, string code, string message, int? retryAfterSeconds, DateTimeOffset now)
        {
            if (retryAfterSeconds.HasValue) context.Response.Headers["Retry-After"] = retryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture);
            var requestId = RequestId(context);
            var clientRequestId = context.Request.Headers["client-request-id"].ToString();
            if (string.IsNullOrEmpty(clientRequestId)) clientRequestId = requestId;
            var date = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var body = Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", code);
                w.WriteString("message", message);
                w.WriteStartObject("innerError");
                if (status == 429)
                {
                    w.WriteString("code", "429");
                    w.WriteString("status", "429");
                }
                w.WriteString("date", date);
                w.WriteString("request-id", requestId);
                w.WriteString("client-request-id", clientRequestId);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });
            return WriteAsync(context, status, body, "application/json");
        }

        /// <summary>The request-id of this request (also sent as a response header), made on first use.</summary>
        public static string RequestId(HttpContext context)
        {
            if (context.Items.TryGetValue("graph.request-id", out var id)) return (string)id;
            var requestId = Guid.NewGuid().ToString();
            context.Items["graph.request-id"] = requestId;
            if (!context.Response.HasStarted)
            {
                context.Response.Headers["request-id"] = requestId;
                var client = context.Request.Headers["client-request-id"].ToString();
                context.Response.Headers["client-request-id"] = string.IsNullOrEmpty(client) ? requestId : client;
            }
            return requestId;
        }

        public static string DefaultCode(int status)
        {
            switch (status)
            {
                case 400: return "Request_BadRequest";
                case 401: return "InvalidAuthenticationToken";
                case 403: return "Authorization_RequestDenied";
                case 404: return "Request_ResourceNotFound";
                case 409: return "Request_MultipleObjectsWithSameKeyValue";
                case 424: return "FailedDependency";
                case 429: return "TooManyRequests";
                case 500: return "InternalServerError";
                case 503: return "ServiceUnavailable";
                case 504: return "GatewayTimeout";
                default: return "UnknownError";
            }
        }

        public static string DefaultMessage(int status)
        {
            switch (status)
            {
                case 401: return "Access token is empty.";
                case 403: return "Insufficient privileges to complete the operation.";
                case 429: return "Please retry again later.";
                case 500: return "Encountered an internal server error.";
                case 503: return "Service is temporarily unavailable. Please try again later.";
                case 504: return "The request timed out.";
                default: return "The request failed.";
            }
        }

        public static string Iso(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }
}
