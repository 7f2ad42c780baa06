using System.Collections.Generic;
using System.Threading;
using NhiTools.Hosting;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>Keeps everything the engine tells its host, and the thread it was told on.</summary>
    public sealed class RecordingHost : IHostContext
    {
        public readonly List<string> Messages = new List<string>();
        public readonly List<NhiException> Errors = new List<NhiException>();
        public readonly HashSet<int> Threads = new HashSet<int>();
        public CancellationToken CancellationToken { get; set; } = CancellationToken.None;

        private void Seen() => Threads.Add(Thread.CurrentThread.ManagedThreadId);
        public void WriteVerbose(string message) { Seen(); Messages.Add("VERBOSE: " + message); }
        public void WriteWarning(string message) { Seen(); Messages.Add("WARNING: " + message); }
        public void WriteDebug(string message) { Seen(); Messages.Add("DEBUG: " + message); }
        public void WriteProgress(ProgressInfo progress) { Seen(); Messages.Add("PROGRESS: " + progress.Activity + " " + progress.Status); }
        public void WriteError(NhiException error) { Seen(); Errors.Add(error); Messages.Add("ERROR: " + error.ErrorId + " " + error.Message + " " + error.InnerException?.Message); }
        public bool ShouldProcess(string target, string action) => true;
    }
}
