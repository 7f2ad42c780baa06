using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Deletes saved snapshots (Get-NhiSnapshot output binds by Name and StorePath).</summary>
    [Cmdlet(VerbsCommon.Remove, "NhiSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SnapshotInfo))]
    public sealed class RemoveNhiSnapshotCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        /// <summary>Return each snapshot removed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private NhiStore store;
        private string openPath;

        protected override void ProcessRecord()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            Run(() =>
            {
                if (store == null || !string.Equals(openPath, path, StringComparison.Ordinal))
                {
                    store?.Dispose();
                    // Opened for writing (a removal is a write), yet never created to find it holds nothing.
                    store = System.IO.File.Exists(path) ? NhiStore.Open(path) : null;
                    openPath = path;
                }

                var snapshots = SnapshotStoreAccess.List(store);
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var matches = snapshots.Where(s => pattern.IsMatch(s.Name)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteError(ToErrorRecord(SnapshotStore.NotFound(name, snapshots, path)));
                        continue;
                    }

                    foreach (var snapshot in matches)
                    {
                        if (ShouldProcess(snapshot.Name + " in " + path, "Remove snapshot of " + snapshot.IdentityCount + " identities taken " + snapshot.TakenOn.ToString("u", System.Globalization.CultureInfo.InvariantCulture)))
                        {
                            store.Snapshots.Delete(snapshot.Id);
                            WriteVerbose("Removed snapshot '" + snapshot.Name + "' (id " + snapshot.Id + ").");
                            if (PassThru)
                            {
                                WriteObject(snapshot);
                            }
                        }
                    }
                }
            });
        }

        public void Dispose() => store?.Dispose();
    }
}
