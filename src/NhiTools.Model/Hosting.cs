using System;
using System.Threading;

namespace NhiTools.Hosting
{
    /// <summary>
    /// How the engine talks to its host (a cmdlet, a test, a lab). Implementations must be called on the
    /// pipeline thread only; engine code that runs in parallel queues its messages.
    /// </summary>
    public interface IHostContext
    {
        CancellationToken CancellationToken { get; }
        void WriteVerbose(string message);
        void WriteWarning(string message);
        void WriteDebug(string message);
        void WriteProgress(ProgressInfo progress);
        /// <summary>A non-terminating, per-item error.</summary>
        void WriteError(NhiException error);
        bool ShouldProcess(string target, string action);
    }

    public sealed class ProgressInfo
    {
        public int ActivityId { get; set; } = 1;
        public string Activity { get; set; }
        public string Status { get; set; }
        public int PercentComplete { get; set; } = -1;
        public bool Completed { get; set; }
    }

    /// <summary>An engine error with a stable ErrorId; the cmdlet layer turns it into an ErrorRecord.</summary>
    public class NhiException : Exception
    {
        public string ErrorId { get; }
        public NhiErrorCategory Category { get; }
        public object Target { get; }

        public NhiException(string errorId, NhiErrorCategory category, string message, object target = null, Exception inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }
    }

    /// <summary>A host that ignores messages and approves everything: for tests and the engine's own use.</summary>
    public sealed class NullHostContext : IHostContext
    {
        public static readonly NullHostContext Instance = new NullHostContext();
        public CancellationToken CancellationToken => CancellationToken.None;
        public void WriteVerbose(string message) { }
        public void WriteWarning(string message) { }
        public void WriteDebug(string message) { }
        public void WriteProgress(ProgressInfo progress) { }
        public void WriteError(NhiException error) { }
        public bool ShouldProcess(string target, string action) => true;
    }
}
