using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace NhiTools.Labs.Common
{
    /// <summary>
    /// What a lab resolved a request to: the operation name faults and the log use, whether it writes, and the
    /// handler that answers it. Resolution must not consume the body unless the lab buffered it (IAM reads Action).
    /// </summary>
    public sealed class LabOperation
    {
        public LabOperation(string name, bool isWrite, Func<HttpContext, Task> handler)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            IsWrite = isWrite;
            Handler = handler ?? throw new ArgumentNullException(nameof(handler));
        }

        public string Name { get; }
        public bool IsWrite { get; }
        public Func<HttpContext, Task> Handler { get; }
        /// <summary>Skip faults and latency (e.g. a metadata endpoint that must always answer).</summary>
        public bool Exempt { get; set; }
    }

    /// <summary>An error the core asks the lab to write in its own protocol's shape (Graph JSON, IAM XML, Key Vault JSON).</summary>
    public sealed class LabError
    {
        public LabError(int status, string code = null, string message = null, int? retryAfterSeconds = null)
        {
            Status = status; Code = code; Message = message; RetryAfterSeconds = retryAfterSeconds;
        }

        public int Status { get; }
        /// <summary>Null = the lab's own code for this status (Graph: TooManyRequests; IAM: Throttling; ...).</summary>
        public string Code { get; }
        /// <summary>Null = the lab's own message for this status.</summary>
        public string Message { get; }
        /// <summary>When set, the lab sends a Retry-After header with this integer.</summary>
        public int? RetryAfterSeconds { get; }
    }
}
