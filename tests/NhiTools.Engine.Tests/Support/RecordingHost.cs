using System.Collections.Generic;
using System.Threading;
using NhiTools.Hosting;

namespace NhiTools.Engine.Tests
{
    /// <summary>
    /// Keeps everything the engine tells its host — and the thread it was told on — so tests can assert on
    /// errors, warnings, progress and that host calls stay on the caller's thread.
    /// </summary>
    public sealed class RecordingHost : IHostContext
    {
        public readonly List<NhiException> Errors = new List<NhiException>();
        public readonly List<string> Warnings = new List<string>();
        public readonly List<string> Verbose = new List<string>();
        public readonly List<ProgressInfo> Progress = new List<ProgressInfo>();
        /// <summary>Every message in order, prefixed with its stream (VERBOSE:, WARNING:, ERROR: ...).</summary>
        public readonly List<string> Messages = new List<string>();
        public readonly HashSet<int> Threads = new HashSet<int>();

        public CancellationToken CancellationToken { get; set; } = CancellationToken.None;

        /// <summary>Same as <see cref="CancellationToken"/>, shorter to set in a test.</summary>
        public CancellationToken Token { get => CancellationToken; set => CancellationToken = value; }

        public void WriteVerbose(string message) { Seen(); Verbose.Add(message); Messages.Add("VERBOSE: " + message); }
        public void WriteWarning(string message) { Seen(); Warnings.Add(message); Messages.Add("WARNING: " + message); }
        public void WriteDebug(string message) { Seen(); Messages.Add("DEBUG: " + message); }
        public void WriteProgress(ProgressInfo progress) { Seen(); Progress.Add(progress); Messages.Add("PROGRESS: " + progress.Activity + " " + progress.Status); }
        public void WriteError(NhiException error) { Seen(); Errors.Add(error); Messages.Add("ERROR: " + error.ErrorId + " " + error.Message + " " + error.InnerException?.Message); }
        public bool ShouldProcess(string target, string action) => true;

        private void Seen() { lock (Threads) Threads.Add(Thread.CurrentThread.ManagedThreadId); }
    }
}
