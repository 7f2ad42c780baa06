using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Host
{
    /// <summary>
    /// Streams pipeline input into engine work that pulls an IEnumerable (a rule engine that needs the whole
    /// set for cross-identity rules), without holding the input in memory: the work runs on a worker thread over
    /// a bounded queue, and everything it says to the host is queued and replayed on the pipeline thread.
    /// </summary>
    internal sealed class PipelineBridge<TIn, TOut> : IDisposable
    {
        private const int Capacity = 512;
        private readonly BlockingCollection<TIn> input = new BlockingCollection<TIn>(Capacity);
        private readonly ConcurrentQueue<Action<NhiCmdlet>> messages = new ConcurrentQueue<Action<NhiCmdlet>>();
        private readonly NhiCmdlet cmdlet;
        private readonly Task worker;

        public PipelineBridge(NhiCmdlet cmdlet, Func<IEnumerable<TIn>, IHostContext, IEnumerable<TOut>> work)
        {
            this.cmdlet = cmdlet;
            var host = new QueueingHost(messages, cmdlet.CancellationToken);
            worker = Task.Factory.StartNew(() =>
            {
                foreach (var item in work(input.GetConsumingEnumerable(cmdlet.CancellationToken), host))
                {
                    var result = item;
                    messages.Enqueue(c => c.WriteObject(result));
                }
            }, cmdlet.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Hands one item to the work; writes whatever the work has produced meanwhile.</summary>
        public void Add(TIn item)
        {
            while (!worker.IsCompleted && !input.TryAdd(item, 50, cmdlet.CancellationToken))
            {
                Drain();
            }

            Drain();
            ThrowIfFaulted();
        }

        /// <summary>Ends the input and writes the rest (cross-identity results come here).</summary>
        public void Complete()
        {
            input.CompleteAdding();
            while (!worker.Wait(50, cmdlet.CancellationToken))
            {
                Drain();
            }

            Drain();
            ThrowIfFaulted();
        }

        public void Dispose()
        {
            input.CompleteAdding();
            input.Dispose();
        }

        private void Drain()
        {
            while (messages.TryDequeue(out var message))
            {
                message(cmdlet);
            }
        }

        private void ThrowIfFaulted()
        {
            if (worker.IsFaulted)
            {
                var error = worker.Exception.GetBaseException();
                if (error is OperationCanceledException)
                {
                    throw error;
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        /// <summary>The worker's view of the host: every call becomes a message for the pipeline thread.</summary>
        private sealed class QueueingHost : IHostContext
        {
            private readonly ConcurrentQueue<Action<NhiCmdlet>> messages;

            public QueueingHost(ConcurrentQueue<Action<NhiCmdlet>> messages, CancellationToken token)
            {
                this.messages = messages;
                CancellationToken = token;
            }

            public CancellationToken CancellationToken { get; }

            public void WriteVerbose(string message) => messages.Enqueue(c => c.HostContext.WriteVerbose(message));

            public void WriteWarning(string message) => messages.Enqueue(c => c.HostContext.WriteWarning(message));

            public void WriteDebug(string message) => messages.Enqueue(c => c.HostContext.WriteDebug(message));

            public void WriteProgress(ProgressInfo progress) => messages.Enqueue(c => c.HostContext.WriteProgress(progress));

            public void WriteError(NhiException error) => messages.Enqueue(c => c.HostContext.WriteError(error));

            // Answering needs the user, on the pipeline thread: work that changes state does not run here.
            public bool ShouldProcess(string target, string action) =>
                throw new InvalidOperationException("ShouldProcess cannot be asked from a background worker.");
        }
    }
}
