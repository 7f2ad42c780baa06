using System;
using System.Management.Automation;
using System.Threading;
using NhiTools.Hosting;

namespace NhiTools.Host
{
    /// <summary>
    /// Base of every NhiTools cmdlet: one cancellation token per invocation (cancelled by Ctrl+C through
    /// StopProcessing), the engine host adapter, and the mapping of engine errors to ErrorRecords.
    /// </summary>
    public abstract class NhiCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();
        private PSHostContext hostContext;

        internal CancellationToken CancellationToken => cancellation.Token;

        internal IHostContext HostContext => hostContext ?? (hostContext = new PSHostContext(this));

        // Not disposed: StopProcessing can arrive on another thread at any time, and the source holds no timer.
        protected override void StopProcessing() => cancellation.Cancel();

        /// <summary>Runs engine work, turning engine exceptions into terminating ErrorRecords.</summary>
        protected void Run(Action action)
        {
            try
            {
                action();
            }
            catch (NhiException ex)
            {
                ThrowTerminatingError(ToErrorRecord(ex));
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        internal static ErrorRecord ToErrorRecord(NhiException ex)
        {
            if (!Enum.TryParse(ex.Category.ToString(), out ErrorCategory category))
            {
                category = ErrorCategory.NotSpecified;
            }

            return new ErrorRecord(ex, ex.ErrorId, category, ex.Target);
        }

        protected void ThrowParameterError(string errorId, string message, object target)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
        }
    }
}
