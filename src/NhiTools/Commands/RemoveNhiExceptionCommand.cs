using System;
using System.IO;
using System.Management.Automation;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Removes a stored exception by id (its findings open again). Get-NhiException output pipes in. Policy-file exceptions are removed by editing the file.</summary>
    [Cmdlet(VerbsCommon.Remove, "NhiException", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveNhiExceptionCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, long.MaxValue)]
        public long Id { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private NhiStore store;

        protected override void ProcessRecord()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            Exemption existing = null;
            if (File.Exists(path))
            {
                Run(() => existing = Store(path).Exemptions.Find(Id));
            }

            if (existing == null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException("No exception with id " + Id + " is in " + path + "."),
                    "NhiExceptionNotFound", ErrorCategory.ObjectNotFound, Id));
                return;
            }

            if (!ShouldProcess("exception " + ExemptionRules.Describe(existing) + " in " + path, "Remove (its findings open again)"))
            {
                return;
            }

            Run(() => Store(path).Exemptions.Delete(Id, Environment.UserName, DateTime.UtcNow));
        }

        private NhiStore Store(string path) => store ?? (store = NhiStore.Open(path));

        public void Dispose() => store?.Dispose();
    }
}
