using System.Collections.Generic;
using System.Threading;
using NhiTools.Hosting;

namespace NhiTools.Engine.Tests.Offline
{
    /// <summary>A host that keeps everything the engine tells it, so tests can assert on errors and progress.</summary>
    internal sealed class RecordingHost : IHostContext
    {
        public readonly List<NhiException> Errors = new List<NhiException>();
        public readonly List<string> Warnings = new List<string>();
        public readonly List<string> Verbose = new List<string>();
        public readonly List<ProgressInfo> Progress = new List<ProgressInfo>();
        public CancellationToken Token = CancellationToken.None;

        public CancellationToken CancellationToken => Token;
        public void WriteVerbose(string message) => Verbose.Add(message);
        public void WriteWarning(string message) => Warnings.Add(message);
        public void WriteDebug(string message) { }
        public void WriteProgress(ProgressInfo progress) => Progress.Add(progress);
        public void WriteError(NhiException error) => Errors.Add(error);
        public bool ShouldProcess(string target, string action) => true;
    }
}
