using System;
using System.Globalization;
using System.Management.Automation;
using NhiTools.Engine.Drift;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Says what changed between a saved snapshot (the reference) and another snapshot or the identities piped in:
    /// identities that appeared or went, permissions gained or lost, owners, credentials rotated, added or removed.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "NhiSnapshot")]
    [OutputType(typeof(IdentityChange))]
    public sealed class CompareNhiSnapshotCommand : NhiCmdlet, IDisposable
    {
        /// <summary>Identities from Get-NhiIdentity: the estate as it is now (the difference).</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public Identity InputObject { get; set; }

        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Reference { get; set; }

        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Difference { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private readonly DigestCodec codec = new DigestCodec();
        private NhiStore store;
        private SnapshotSelection selection;
        private DriftComparer comparer;
        private int changes;

        protected override void BeginProcessing()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            Run(() =>
            {
                store = SnapshotStoreAccess.OpenExisting(path);
                selection = SnapshotSelection.Choose(SnapshotStoreAccess.List(store), Reference, Difference, MyInvocation.ExpectingInput, path);
                WriteVerbose("Reference: snapshot '" + selection.Reference.Name + "' taken " + Text(selection.Reference.TakenOn) + " (" + selection.Reference.IdentityCount + " identities); difference: " +
                    (selection.Difference == null ? "the identities piped in" : "snapshot '" + selection.Difference.Name + "' taken " + Text(selection.Difference.TakenOn)) + ".");
                comparer = new DriftComparer(store.Snapshots.ReadItems(selection.Reference.Id), selection.Reference.Name, selection.Difference?.Name, HostContext);
            });
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null)
            {
                return;
            }

            if (string.IsNullOrEmpty(InputObject.Id))
            {
                WriteError(new ErrorRecord(new ArgumentException("The identity has no Id; it is left out of the comparison."), "NhiInvalidIdentity", ErrorCategory.InvalidArgument, InputObject));
                return;
            }

            Run(() => Write(comparer.Observe(SnapshotItem.From(InputObject, codec))));
        }

        protected override void EndProcessing()
        {
            Run(() =>
            {
                if (selection.Difference != null)
                {
                    foreach (var item in store.Snapshots.ReadItems(selection.Difference.Id))
                    {
                        Write(comparer.Observe(item));
                    }
                }
                else if (comparer.Observed == 0)
                {
                    WriteWarning("No identities came down the pipeline: every identity of '" + selection.Reference.Name + "' shows as removed.");
                }

                Write(comparer.Finish());
                WriteVerbose(changes + " changes; " + comparer.Unchanged + " of " + comparer.Observed + " identities unchanged.");
            });
        }

        private void Write(System.Collections.Generic.IEnumerable<IdentityChange> batch)
        {
            foreach (var change in batch)
            {
                changes++;
                WriteObject(change);
            }
        }

        private static string Text(DateTime value) => value.ToString("u", CultureInfo.InvariantCulture);

        public void Dispose() => store?.Dispose();
    }
}
