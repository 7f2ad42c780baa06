using System;
using System.Management.Automation;
using NhiTools.Engine.Ownership;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Records who owns an identity. Offline identities keep their owners in the NhiTools store.</summary>
    [Cmdlet(VerbsCommon.Set, "NhiOwner", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Identity))]
    public sealed class SetNhiOwnerCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Identity InputObject { get; set; }

        /// <summary>Owner names: UPN, e-mail, object id or team.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] Owner { get; set; }

        /// <summary>Make these the only owners instead of adding them.</summary>
        [Parameter]
        public SwitchParameter Replace { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private NhiStore store;

        protected override void BeginProcessing()
        {
            foreach (var owner in Owner)
            {
                if (string.IsNullOrWhiteSpace(owner))
                {
                    ThrowParameterError("NhiInvalidOwner", "An owner cannot be empty or white space.", owner);
                }
            }
        }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(InputObject.Id))
            {
                WriteError(new ErrorRecord(new ArgumentException("The identity has no Id."), "NhiInvalidIdentity", ErrorCategory.InvalidArgument, InputObject));
                return;
            }

            var owners = OwnerOverlay.Combine(InputObject.Owners, Owner, Replace);
            var action = (Replace ? "Set owners to " : "Add owners ") + string.Join(", ", Replace ? owners : Owner);
            if (!ShouldProcess(InputObject.Id, action))
            {
                return;
            }

            Run(() =>
            {
                // Where the source can hold owners (Entra owners, IAM tags) they are written there.
                if (WriteRouting.OwnerWriter(InputObject) is IOwnerWriter writer)
                {
                    owners = writer.SetOwners(InputObject, Owner, Replace, HostContext);
                    return;
                }

                if (store == null)
                {
                    store = NhiStore.Open(Engine.Store.StorePath.Resolve(StorePath));
                }

                // Added to the list stored now, inside the write transaction: a stale pipeline object loses no one's owners.
                owners = store.ChangeOwners(InputObject.Id, InputObject.Owners, Owner, Replace, Environment.UserName, DateTime.UtcNow);
            });
            InputObject.Owners = owners;
            WriteVerbose("Owners of " + InputObject.Id + ": " + string.Join(", ", owners));
            if (PassThru)
            {
                WriteObject(InputObject);
            }
        }

        // PowerShell disposes cmdlets after the pipeline ends, also when it was stopped or failed.
        public void Dispose() => store?.Dispose();
    }
}
