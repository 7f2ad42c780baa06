using System;

namespace NhiTools.Labs.Graph.OData
{
    /// <summary>A request Graph would reject with a 4xx Graph error body.</summary>
    public sealed class GraphQueryException : Exception
    {
        public GraphQueryException(int status, string code, string message) : base(message)
        {
            Status = status;
            Code = code;
        }

        public int Status { get; }
        public string Code { get; }

        public static GraphQueryException BadRequest(string message) => new GraphQueryException(400, "Request_BadRequest", message);
        public static GraphQueryException Unsupported(string message) => new GraphQueryException(400, "Request_UnsupportedQuery", message);
        public static GraphQueryException NotFound(string id) => new GraphQueryException(404, "Request_ResourceNotFound",
            $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
    }
}
