using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Lists the saved snapshots, oldest first.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiSnapshot")]
    [OutputType(typeof(SnapshotInfo))]
    public sealed class GetNhiSnapshotCommand : NhiCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SnapshotNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        protected override void EndProcessing()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            Run(() =>
            {
                using (var store = SnapshotStoreAccess.OpenExisting(path))
                {
                    var snapshots = SnapshotStoreAccess.List(store);
                    if (Name == null)
                    {
                        WriteObject(snapshots, true);
                        return;
                    }

                    var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
                    WriteObject(snapshots.Where(s => patterns.Any(p => p.IsMatch(s.Name))), true);

                    // A literal name that matched nothing is an error, as with Get-Item; a pattern that matched nothing is not.
                    foreach (var literal in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
                    {
                        if (!snapshots.Any(s => string.Equals(s.Name, literal, System.StringComparison.OrdinalIgnoreCase)))
                        {
                            WriteError(ToErrorRecord(SnapshotStore.NotFound(literal, snapshots, path)));
                        }
                    }
                }
            });
        }
    }
}
