using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// Reads activity log files into a <see cref="UsageBuilder"/>. CloudTrail trail files (the bulk of any real
    /// estate: one small .json.gz every few minutes per region) are read in parallel, one builder per worker,
    /// merged at the end; the other formats, which carry paging state, are read in order on the calling thread.
    /// Workers never touch the host: their errors and warnings are queued and written from the calling thread.
    /// </summary>
    public static class UsageReader
    {
        public static void Fill(UsageBuilder builder, IHostContext host, IEnumerable<string> paths, IdentityLinker linker, int workers = 0)
        {
            host = host ?? NullHostContext.Instance;
            if (linker != null && linker.Count == 0) linker = null; // nothing to link to: skip the per-event lookups
            var source = new OfflineSource(host);
            var files = source.Files(paths);
            var trails = new List<OfflineSource.ExportEntry>();
            var others = new List<OfflineSource.ExportEntry>();
            foreach (var f in files)
            {
                if (f.Format == OfflineFormat.CloudTrailLog) trails.Add(f);
                else if (ActivityReader.IsActivity(f.Format)) others.Add(f);
            }
            var clock = Stopwatch.StartNew();
            if (workers <= 0) workers = Math.Min(Environment.ProcessorCount, 8);
            workers = Math.Max(1, Math.Min(workers, trails.Count));
            if (trails.Count > 0) Parallel(builder, host, trails, linker, workers);

            var pages = new PageCheck();
            int done = 0;
            foreach (var f in others)
            {
                host.WriteProgress(new ProgressInfo { Activity = "Reading activity logs", Status = (++done) + "/" + others.Count + " " + System.IO.Path.GetFileName(f.Path), PercentComplete = (done - 1) * 100 / others.Count });
                long n = 0;
                foreach (var a in ActivityReader.Of(source, f, pages))
                {
                    if ((++n & 0x3FF) == 0) host.CancellationToken.ThrowIfCancellationRequested();
                    linker?.Link(a);
                    builder.Add(a);
                }
            }
            pages.Report(host);
            host.WriteProgress(new ProgressInfo { Activity = "Reading activity logs", Completed = true, PercentComplete = 100 });
            host.WriteVerbose("Usage: " + builder.Read + " events from " + (trails.Count + others.Count) + " file(s) in " + clock.ElapsedMilliseconds + " ms.");
        }

        private static void Parallel(UsageBuilder builder, IHostContext host, List<OfflineSource.ExportEntry> files, IdentityLinker linker, int workers)
        {
            var queued = new QueuedHost(host.CancellationToken);
            var parts = new UsageBuilder[workers];
            var threads = new Thread[workers];
            Exception failure = null;
            int next = -1, done = 0;
            for (int w = 0; w < workers; w++)
            {
                var part = parts[w] = builder.Fork();
                threads[w] = new Thread(() =>
                {
                    try
                    {
                        var mine = new OfflineSource(queued);
                        var scanner = new UsageTrailScanner();
                        Action<NhiTools.Activity> sink = a => { linker?.Link(a); part.Add(a); };
                        int i;
                        while ((i = Interlocked.Increment(ref next)) < files.Count && Volatile.Read(ref failure) == null)
                        {
                            queued.CancellationToken.ThrowIfCancellationRequested();
                            if (!Scan(scanner, files[i].Path, sink, queued))
                                foreach (var a in ActivityReader.Of(mine, files[i])) sink(a);
                            Interlocked.Increment(ref done);
                        }
                    }
                    catch (Exception ex) { Interlocked.CompareExchange(ref failure, ex, null); }
                }) { IsBackground = true, Name = "NhiTools usage reader " + w };
                threads[w].Start();
            }
            foreach (var t in threads)
            {
                // Progress and queued messages go out from this (the pipeline) thread while the workers read.
                while (!t.Join(250))
                {
                    queued.Drain(host);
                    int d = Volatile.Read(ref done);
                    host.WriteProgress(new ProgressInfo { Activity = "Reading activity logs", Status = d + "/" + files.Count + " CloudTrail files", PercentComplete = d * 100 / files.Count });
                }
            }
            queued.Drain(host);
            if (failure != null)
            {
                if (failure is OperationCanceledException) host.CancellationToken.ThrowIfCancellationRequested();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }
            foreach (var p in parts) builder.Merge(p);
        }

        /// <summary>The fast path; a file it cannot read is false, a broken one an error record (what was read counts).</summary>
        private static bool Scan(UsageTrailScanner scanner, string path, Action<NhiTools.Activity> sink, QueuedHost host)
        {
            try { return scanner.TryRead(path, sink, host.CancellationToken); }
            catch (System.Text.Json.JsonException ex)
            {
                host.WriteError(OfflineErrors.MalformedAt(path, (ex.LineNumber ?? 0) + 1, ex.Message));
                return true;
            }
            catch (System.IO.InvalidDataException ex)
            {
                host.WriteError(OfflineErrors.MalformedAt(path, 0, "not a readable gzip file: " + ex.Message));
                return true;
            }
        }

        /// <summary>A host for worker threads: messages wait in a queue for the pipeline thread.</summary>
        private sealed class QueuedHost : IHostContext
        {
            private readonly ConcurrentQueue<Action<IHostContext>> _queue = new ConcurrentQueue<Action<IHostContext>>();
            public QueuedHost(CancellationToken token) { CancellationToken = token; }
            public CancellationToken CancellationToken { get; }
            public void WriteVerbose(string message) => _queue.Enqueue(h => h.WriteVerbose(message));
            public void WriteWarning(string message) => _queue.Enqueue(h => h.WriteWarning(message));
            public void WriteDebug(string message) => _queue.Enqueue(h => h.WriteDebug(message));
            public void WriteProgress(ProgressInfo progress) { }
            public void WriteError(NhiException error) => _queue.Enqueue(h => h.WriteError(error));
            public bool ShouldProcess(string target, string action) => false;
            public void Drain(IHostContext host) { while (_queue.TryDequeue(out var a)) a(host); }
        }
    }
}
