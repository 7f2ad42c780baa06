using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>Bounded fan-out for per-entity requests, and waiting for it on the pipeline thread.</summary>
    internal static class Fanout
    {
        /// <summary>Runs body for every item, at most <paramref name="concurrency"/> at once. The first failure
        /// cancels the rest and is rethrown: a partial answer is never returned.</summary>
        public static async Task<TResult[]> RunAsync<T, TResult>(IReadOnlyList<T> items, int concurrency, Func<T, CancellationToken, Task<TResult>> body,
            Action progress, CancellationToken cancellationToken)
        {
            var results = new TResult[items.Count];
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var gate = new SemaphoreSlim(concurrency))
            {
                var tasks = new List<Task>(items.Count);
                for (int i = 0; i < items.Count; i++)
                {
                    int index = i;
                    tasks.Add(Task.Run(async () =>
                    {
                        await gate.WaitAsync(stop.Token).ConfigureAwait(false);
                        try
                        {
                            results[index] = await body(items[index], stop.Token).ConfigureAwait(false);
                            progress?.Invoke();
                        }
                        catch
                        {
                            stop.Cancel();
                            throw;
                        }
                        finally { gate.Release(); }
                    }));
                }
                try
                {
                    await Task.WhenAll(tasks).ConfigureAwait(false);
                }
                catch
                {
                    // The first real failure, not the cancellations it caused.
                    foreach (var t in tasks)
                        if (t.IsFaulted && !(t.Exception.InnerException is OperationCanceledException)) throw t.Exception.InnerException;
                    throw;
                }
            }
            return results;
        }

        /// <summary>Blocks the pipeline thread on a task, writing progress meanwhile (the host is single-threaded).</summary>
        /// <remarks>Also writes the retry notices and -Debug traces the clients queued on <paramref name="notices"/>.</remarks>
        public static T Wait<T>(Task<T> task, IHostContext host, string activity, Func<string> status, BackoffPolicy notices = null)
        {
            // WhenAny never throws: the task's own exception surfaces unwrapped from GetResult below.
            while (Task.WhenAny(task, Task.Delay(250)).GetAwaiter().GetResult() != task)
            {
                notices?.Drain(host);
                host.WriteProgress(new ProgressInfo { ActivityId = 7, Activity = activity, Status = status() });
            }
            notices?.Drain(host);
            host.WriteProgress(new ProgressInfo { ActivityId = 7, Activity = activity, Status = status(), Completed = true });
            return task.GetAwaiter().GetResult();
        }
    }
}
