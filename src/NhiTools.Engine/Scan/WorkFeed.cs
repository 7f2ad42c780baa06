using System;
using System.Collections.Generic;
using System.Threading;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// A list one producer fills while consumers read it by index: the directory walk publishes files as it finds them,
    /// so the first files are scanned while the rest of the tree is still being listed.
    /// </summary>
    internal sealed class WorkFeed<T>
    {
        private readonly object _gate = new object();
        private T[] _items = new T[256];
        private int _count, _waiters;
        private bool _complete, _closed;
        private Exception _failure;

        /// <summary>Items published so far.</summary>
        public int Count { get { lock (_gate) return _count; } }

        /// <summary>True once the producer has published its last item (or failed).</summary>
        public bool IsComplete { get { lock (_gate) return _complete; } }

        /// <summary>The producer's failure, if it failed.</summary>
        public Exception Failure { get { lock (_gate) return _failure; } }

        /// <summary>True once the consumer has gone (the scan ended early or was cancelled): the producer stops.</summary>
        public bool IsClosed { get { lock (_gate) return _closed; } }

        /// <summary>Publishes a batch (cleared afterwards); <paramref name="last"/> completes the feed in the same step.</summary>
        public void Add(List<T> batch, bool last = false)
        {
            lock (_gate)
            {
                if (_complete) throw new InvalidOperationException("The feed is complete.");
                if (_count + batch.Count > _items.Length) Array.Resize(ref _items, Math.Max(_items.Length * 2, _count + batch.Count));
                batch.CopyTo(_items, _count);
                _count += batch.Count;
                _complete = last;
                if (_waiters > 0) Monitor.PulseAll(_gate);
            }
            batch.Clear();
        }

        public void Complete() => Add(new List<T>(), true);

        /// <summary>Ends the feed with the producer's failure: every consumer waiting or arriving gets it.</summary>
        public void Fail(Exception failure)
        {
            lock (_gate) { _failure = failure; _complete = true; Monitor.PulseAll(_gate); }
        }

        /// <summary>The consumer is done: wakes anyone waiting and tells the producer to stop.</summary>
        public void Close()
        {
            lock (_gate) { _closed = true; Monitor.PulseAll(_gate); }
        }

        /// <summary>
        /// Item <paramref name="index"/>, waiting until it is published; false when the feed completed with fewer items or
        /// was closed. Throws the producer's failure, or OperationCanceledException when <paramref name="token"/> fires.
        /// </summary>
        public bool TryGet(int index, CancellationToken token, out T item)
        {
            lock (_gate)
            {
                while (index >= _count && !_complete && !_closed)
                {
                    token.ThrowIfCancellationRequested();
                    _waiters++;
                    try { Monitor.Wait(_gate, 100); } finally { _waiters--; }
                }
                if (_failure != null) throw new AggregateException(_failure);
                if (index < _count && !_closed) { item = _items[index]; return true; }
                item = default(T);
                return false;
            }
        }
    }
}
