using System;
using System.Globalization;
using System.Threading;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>Which failures a request may be sent again after.</summary>
    internal enum RetryMode
    {
        /// <summary>Never resend (addPassword: a resent request makes a second secret).</summary>
        None,
        /// <summary>Only 429: Graph did not process the request.</summary>
        ThrottleOnly,
        /// <summary>429, 5xx and lost connections: reads, which are safe to repeat.</summary>
        Transient,
    }

    /// <summary>
    /// A wait Graph asked for, reported to the host as progress (and a warning when long); or, with <see cref="Trace"/>
    /// set, one request's trace line for -Debug (method, path, status, duration, attempt; never a query value or token).
    /// </summary>
    internal sealed class RetryNotice
    {
        /// <summary>Waits longer than this are also a warning: an admin should see why a run is slow.</summary>
        public static readonly TimeSpan WarnAfter = TimeSpan.FromSeconds(5);

        public string What;
        public int Status;
        public TimeSpan Delay;
        public int Attempt;
        public string Trace;

        public string Describe() =>
            $"Graph {(Status == 0 ? "no response" : Status == 429 ? "throttled (429)" : "HTTP " + Status)} on {What}: retry {Attempt} after {Delay.TotalSeconds:0.#} s.";
    }

    /// <summary>
    /// Retry decisions for one operation (a whole read, or one write): Retry-After is honoured (integer seconds
    /// or an HTTP date), else exponential backoff; the total time spent waiting is bounded across every request
    /// of the operation, so a read under heavy throttling fails with an error instead of waiting for ever.
    /// </summary>
    internal sealed class RetryBudget
    {
        /// <summary>Default longest wait for one request, all its retries together (issue 12 item 7).</summary>
        public static readonly TimeSpan DefaultMaxRequestWait = TimeSpan.FromSeconds(60);

        private readonly TimeSpan _maxTotalWait;
        private readonly TimeSpan _maxRequestWait;
        private readonly int _maxAttempts;
        private long _waitedTicks;
        private int _retries;

        public RetryBudget(TimeSpan maxTotalWait, int maxAttempts, TimeSpan? maxRequestWait = null)
        {
            _maxTotalWait = maxTotalWait;
            _maxAttempts = Math.Max(1, maxAttempts);
            _maxRequestWait = maxRequestWait ?? DefaultMaxRequestWait;
        }

        public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));
        public int Retries => Volatile.Read(ref _retries);

        public static bool IsTransient(int status) => status == 0 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        /// <summary>True (with the delay) when the request may be sent again after this failure.</summary>
        public bool ShouldRetry(RetryMode mode, int status, string retryAfter, int attempt, out TimeSpan delay) =>
            ShouldRetry(mode, status, retryAfter, attempt, TimeSpan.Zero, out delay);

        /// <summary>As above, also bounded by what this request has already waited (<paramref name="waitedByRequest"/>).</summary>
        public bool ShouldRetry(RetryMode mode, int status, string retryAfter, int attempt, TimeSpan waitedByRequest, out TimeSpan delay)
        {
            delay = TimeSpan.Zero;
            if (mode == RetryMode.None || attempt >= _maxAttempts) return false;
            if (mode == RetryMode.ThrottleOnly ? status != 429 : !IsTransient(status)) return false;
            delay = ParseRetryAfter(retryAfter) ?? Backoff(attempt);
            if (delay > TimeSpan.FromMinutes(5)) delay = TimeSpan.FromMinutes(5);
            if (waitedByRequest + delay > _maxRequestWait) return false;
            var total = Interlocked.Add(ref _waitedTicks, delay.Ticks);
            if (TimeSpan.FromTicks(total) > _maxTotalWait) return false;
            Interlocked.Increment(ref _retries);
            return true;
        }

        /// <summary>1, 2, 4, 8... seconds, at most 32: Graph's advice when it sends no Retry-After.</summary>
        private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(32, 1 << Math.Min(5, Math.Max(0, attempt - 1))));

        internal static TimeSpan? ParseRetryAfter(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            value = value.Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var d = at - DateTimeOffset.UtcNow;
                return d > TimeSpan.Zero ? d : TimeSpan.Zero;
            }
            return null;
        }
    }
}
