using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using NhiTools.Engine.Drift;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Records what an estate looks like now, so Compare-NhiSnapshot can say later what changed.</summary>
    [Cmdlet(VerbsData.Save, "NhiSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SnapshotInfo))]
    public sealed class SaveNhiSnapshotCommand : NhiCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Identity InputObject { get; set; }

        /// <summary>Default: the -AsOf time, e.g. 2026-11-01T00:00:00Z.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>When the estate looked like this (UTC; a date without a zone is read as UTC).</summary>
        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        /// <summary>Replace a snapshot of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        // Digests only (about half a kilobyte an identity): the store's write lock is then held for the few seconds of
        // the save, not for as long as a live source takes to list the estate.
        private readonly List<SnapshotItem> items = new List<SnapshotItem>();
        private readonly DigestCodec codec = new DigestCodec();
        private DateTime takenOn;
        private string name;

        protected override void BeginProcessing()
        {
            takenOn = Dates.ToUtc(AsOf); // the default (UtcNow) is not transformed; a bound value already is
            name = Name ?? takenOn.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Run(() => SnapshotStore.ValidateName(name));
        }

        protected override void ProcessRecord()
        {
            if (string.IsNullOrEmpty(InputObject.Id))
            {
                WriteError(new ErrorRecord(new ArgumentException("The identity has no Id; it is left out of the snapshot."), "NhiInvalidIdentity", ErrorCategory.InvalidArgument, InputObject));
                return;
            }

            items.Add(SnapshotItem.From(InputObject, codec));
        }

        protected override void EndProcessing()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            if (items.Count == 0)
            {
                WriteWarning("No identities came down the pipeline: the snapshot '" + name + "' would be empty, and a later comparison would show every identity as added.");
            }

            if (!ShouldProcess(name + " in " + path, "Save snapshot of " + items.Count.ToString("N0", CultureInfo.InvariantCulture) + " identities" + (Force ? " (replacing any of that name)" : string.Empty)))
            {
                return;
            }

            Run(() =>
            {
                using (var store = NhiStore.Open(path))
                {
                    var info = store.Snapshots.Save(name, takenOn, DateTime.UtcNow, items, Force, HostContext);
                    WriteVerbose("Saved snapshot '" + info.Name + "' (id " + info.Id + "): " + info.IdentityCount + " identities (" + info.Source + ") in " + path + ".");
                    if (PassThru)
                    {
                        WriteObject(info);
                    }
                }
            });
        }
    }
}
