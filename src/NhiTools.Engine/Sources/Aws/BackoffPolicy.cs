using System;
using System.Threading;
using System.Threading.Tasks;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Capped exponential backoff with full jitter (the AWS SDKs' "standard" mode): attempt n waits a random time
    /// in [0, min(MaxDelay, BaseDelay * 2^(n-1))], or the server's Retry-After when it gives one (capped too).
    /// </summary>
    public sealed class BackoffPolicy
    {
        private readonly object _gate = new object();
        private readonly Random _random;

        public BackoffPolicy(int seed = 0) { _random = seed == 0 ? new Random() : new Random(seed); }

        /// <summary>Attempts in all, the first included.</summary>
        public int MaxAttempts { get; set; } = 5;
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>How to wait (tests replace it to record the delays).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

        public TimeSpan Backoff(int attempt, TimeSpan? retryAfter = null)
        {
            if (retryAfter.HasValue) return retryAfter.Value > MaxDelay ? MaxDelay : retryAfter.Value;
            double ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            double r;
            lock (_gate) r = _random.NextDouble();
            return TimeSpan.FromMilliseconds(ceiling * r);
        }
    }
}
