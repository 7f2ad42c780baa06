using System;
using System.IO;
using System.Management.Automation;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Records what an identity is for. A cmdlet of its own rather than Set-NhiOwner -Purpose: a purpose is one sentence that
    /// replaces the last (owners are a list that grows), it can be set without touching owners, and Set-NhiOwner's -Owner stays mandatory.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "NhiPurpose", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Identity))]
    public sealed class SetNhiPurposeCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Identity InputObject { get; set; }

        /// <summary>What it is for and which system it serves. An empty string clears the stored purpose.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [AllowEmptyString]
        public string Purpose { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private NhiStore store;

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(InputObject.Id))
            {
                WriteError(new ErrorRecord(new ArgumentException("The identity has no Id."), "NhiInvalidIdentity", ErrorCategory.InvalidArgument, InputObject));
                return;
            }

            if (Purpose.IndexOfAny(new[] { '\n', '\r' }) >= 0 || Purpose.Length > 1000)
            {
                WriteError(new ErrorRecord(new ArgumentException("A purpose is one line of at most 1000 characters."), "NhiInvalidPurpose", ErrorCategory.InvalidArgument, Purpose));
                return;
            }

            var clear = string.IsNullOrWhiteSpace(Purpose);
            if (!ShouldProcess(InputObject.Id, clear ? "Clear the stored purpose" : "Set purpose to '" + Purpose.Trim() + "'"))
            {
                return;
            }

            var atSource = false;
            Run(() =>
            {
                // Where the source can hold it (Entra notes, the IAM tag "purpose") a live identity's purpose is written there;
                // identities read from exports, and those the source cannot hold, keep it in the store.
                if (WriteRouting.PurposeWriter(InputObject) is IPurposeWriter writer)
                {
                    writer.SetPurpose(InputObject, Purpose, HostContext);
                    atSource = true;
                    // A purpose stored earlier would shadow the source's (the store wins on read): drop it, without creating a store.
                    var path = Engine.Store.StorePath.Resolve(StorePath);
                    if (store != null || File.Exists(path))
                    {
                        store = store ?? NhiStore.Open(path);
                        if (store.Purposes.List().ContainsKey(InputObject.Id))
                            store.Purposes.Set(InputObject.Id, null, Environment.UserName, DateTime.UtcNow);
                    }
                    return;
                }

                store = store ?? NhiStore.Open(Engine.Store.StorePath.Resolve(StorePath));
                store.Purposes.Set(InputObject.Id, Purpose, Environment.UserName, DateTime.UtcNow);
            });
            WriteVerbose("Purpose of " + InputObject.Id + (atSource ? " written at the source." : " written to the store."));
            InputObject.Purpose = clear ? Engine.Governance.Purposes.FromSource(InputObject) : Purpose.Trim();
            if (PassThru)
            {
                WriteObject(InputObject);
            }
        }

        public void Dispose() => store?.Dispose();
    }
}
