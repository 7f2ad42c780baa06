using System;
using System.Management.Automation;
using System.Threading;
using NhiTools.Hosting;

namespace NhiTools.Host
{
    /// <summary>Adapts a running cmdlet to the engine's host interface. Pipeline thread only.</summary>
    internal sealed class PSHostContext : IHostContext
    {
        private readonly NhiCmdlet cmdlet;

        public PSHostContext(NhiCmdlet cmdlet) => this.cmdlet = cmdlet;

        public CancellationToken CancellationToken => cmdlet.CancellationToken;

        public void WriteVerbose(string message) => cmdlet.WriteVerbose(message);

        public void WriteWarning(string message) => cmdlet.WriteWarning(message);

        public void WriteDebug(string message) => cmdlet.WriteDebug(message);

        public void WriteProgress(ProgressInfo progress)
        {
            var record = new ProgressRecord(progress.ActivityId, progress.Activity ?? cmdlet.MyInvocation.MyCommand.Name, string.IsNullOrEmpty(progress.Status) ? "Working" : progress.Status)
            {
                PercentComplete = Math.Min(100, progress.PercentComplete),
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            cmdlet.WriteProgress(record);
        }

        public void WriteError(NhiException error) => cmdlet.WriteError(NhiCmdlet.ToErrorRecord(error));

        public bool ShouldProcess(string target, string action) => cmdlet.ShouldProcess(target, action);
    }
}
