using System;
using System.Collections.Generic;
using System.Threading;
using NhiTools.Hosting;

namespace NhiTools.Entra.Tests
{
    /// <summary>Records what the engine tells its host, and on which thread (host calls must stay on the reading thread).</summary>
    internal sealed class RecordingHost : IHostContext
    {
        private readonly int _thread = Environment.CurrentManagedThreadId;
        public readonly List<string> Warnings = new List<string>();
        public readonly List<string> Verbose = new List<string>();
        public readonly List<string> Progress = new List<string>();
        public readonly List<NhiException> Errors = new List<NhiException>();
        public int OffThreadCalls;
        public CancellationToken CancellationToken { get; set; } = CancellationToken.None;

        private void Check() { if (Environment.CurrentManagedThreadId != _thread) Interlocked.Increment(ref OffThreadCalls); }

        public void WriteVerbose(string message) { Check(); Verbose.Add(message); }
        public void WriteWarning(string message) { Check(); Warnings.Add(message); }
        public void WriteDebug(string message) { Check(); Verbose.Add(message); }
        public void WriteProgress(ProgressInfo progress) { Check(); Progress.Add(progress.Status); }
        public void WriteError(NhiException error) { Check(); Errors.Add(error); }
        public bool ShouldProcess(string target, string action) { Check(); return true; }

        public IEnumerable<string> AllText()
        {
            foreach (var s in Warnings) yield return s;
            foreach (var s in Verbose) yield return s;
            foreach (var s in Progress) yield return s;
            foreach (var e in Errors) yield return e.Message;
        }
    }
}
