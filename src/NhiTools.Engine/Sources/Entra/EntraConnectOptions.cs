using System;
using System.Net.Http;
using System.Security;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>How Connect-NhiEntra authenticates and where it points. No SDK type here: the cmdlets bind to it.</summary>
    public sealed class EntraConnectOptions : AzureSignInOptions
    {
        public bool DeviceCode { get; set; }

        /// <summary>Graph base URL: https://graph.microsoft.com/v1.0 (default), a national cloud, or a lab such as http://127.0.0.1:5100/v1.0.</summary>
        public Uri Endpoint { get; set; }

        /// <summary>Items per list page ($top); Graph allows 1..999.</summary>
        public int PageSize { get; set; } = 999;

        /// <summary>Longest time one request may spend waiting between its retries before it fails (default 60 s).</summary>
        public TimeSpan MaxRequestWait { get; set; } = RetryBudget.DefaultMaxRequestWait;

        /// <summary>Longest total time one read may spend waiting on throttling (Retry-After) before it fails.</summary>
        public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Attempts per request when Graph throttles or fails transiently (the first try included).</summary>
        public int MaxAttempts { get; set; } = 10;
    }
}
