using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Capped exponential backoff with full jitter (the AWS SDKs' "standard" mode): attempt n waits a random time
    /// in [0, min(MaxDelay, BaseDelay * 2^(n-1))], or the server's Retry-After when it gives one (capped too).
    /// The time spent waiting is bounded per request (<see cref="MaxRequestWait"/>) and per run
    /// (<see cref="MaxRunWait"/>, reset by <see cref="BeginRun"/>), so a list that keeps failing ends with an error.
    /// </summary>
    public sealed class BackoffPolicy
    {
        /// <summary>Defaults of Connect-NhiAws -RequestRetryBudget and -RunRetryBudget (the same as Entra's).</summary>
        public static readonly TimeSpan DefaultMaxRequestWait = TimeSpan.FromSeconds(60);
        public static readonly TimeSpan DefaultMaxRunWait = TimeSpan.FromMinutes(10);
        /// <summary>Waits longer than this are also a warning: an admin should see why a run is slow.</summary>
        public static readonly TimeSpan WarnAfter = TimeSpan.FromSeconds(5);
        /// <summary>Notices kept until the pipeline thread drains them; older ones are dropped past this.</summary>
        private const int MaxNotices = 10000;

        private readonly object _gate = new object();
        private readonly Random _random;
        private readonly ConcurrentQueue<QueryNotice> _notices = new ConcurrentQueue<QueryNotice>();
        private long _runWaitedTicks;

        public BackoffPolicy(int seed = 0) { _random = seed == 0 ? new Random() : new Random(seed); }

        /// <summary>Attempts in all, the first included.</summary>
        public int MaxAttempts { get; set; } = 5;
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Longest total wait for one request, all its retries together.</summary>
        public TimeSpan MaxRequestWait { get; set; } = DefaultMaxRequestWait;
        /// <summary>Longest total wait across every request of one run (a read, a cleanup).</summary>
        public TimeSpan MaxRunWait { get; set; } = DefaultMaxRunWait;

        /// <summary>How to wait (tests replace it to record the delays).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (d, ct) => Task.Delay(d, ct);

        public TimeSpan RunWaited => TimeSpan.FromTicks(Interlocked.Read(ref _runWaitedTicks));

        /// <summary>Starts a new run: the run budget is whole again, and notices no earlier wait wrote are dropped
        /// (they would describe another run's waits).</summary>
        public void BeginRun()
        {
            Interlocked.Exchange(ref _runWaitedTicks, 0);
            while (_notices.TryDequeue(out _)) { }
        }

        public TimeSpan Backoff(int attempt, TimeSpan? retryAfter = null)
        {
            if (retryAfter.HasValue) return retryAfter.Value > MaxDelay ? MaxDelay : retryAfter.Value;
            double ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            double r;
            lock (_gate) r = _random.NextDouble();
            return TimeSpan.FromMilliseconds(ceiling * r);
        }

        /// <summary>
        /// Takes <paramref name="delay"/> from the budgets: false (nothing taken) when this request has already waited
        /// too long, or the run would pass its budget.
        /// </summary>
        public bool TryTake(TimeSpan delay, TimeSpan waitedByRequest)
        {
            if (waitedByRequest + delay > MaxRequestWait) return false;
            var total = Interlocked.Add(ref _runWaitedTicks, delay.Ticks);
            if (TimeSpan.FromTicks(total) <= MaxRunWait) return true;
            Interlocked.Add(ref _runWaitedTicks, -delay.Ticks);
            return false;
        }

        /// <summary>Queues a notice for the pipeline thread (clients run on pool threads and never write to the host).</summary>
        internal void Notify(QueryNotice notice)
        {
            _notices.Enqueue(notice);
            while (_notices.Count > MaxNotices && _notices.TryDequeue(out _)) { }
        }

        /// <summary>Writes queued notices: traces to -Debug, long waits as warnings. Pipeline thread only.</summary>
        internal void Drain(NhiTools.Hosting.IHostContext host)
        {
            while (_notices.TryDequeue(out var n))
            {
                if (n.Trace != null) host.WriteDebug(n.Trace);
                else if (n.Delay > WarnAfter) host.WriteWarning(n.Describe());
                else host.WriteVerbose(n.Describe());
            }
        }
    }

    /// <summary>One request's -Debug trace (service, action, status, duration, attempt), or a retry wait.
    /// Never a parameter value, a signature, a key or a token: the action name is all it says of the request.</summary>
    internal sealed class QueryNotice
    {
        public string Service;
        public string Action;
        public int Status;
        public string Code;
        public TimeSpan Delay;
        public int Attempt;
        public string Trace;

        public string Describe() =>
            $"AWS {Service} {(Code ?? (Status == 0 ? "no response" : "HTTP " + Status))} on {Action}: retry {Attempt} after {Delay.TotalSeconds:0.#} s.";
    }
}
