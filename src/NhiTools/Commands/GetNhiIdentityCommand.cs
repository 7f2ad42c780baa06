using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Ownership;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Lists non-human identities with their credentials, owners and permissions.</summary>
    [Cmdlet(VerbsCommon.Get, "NhiIdentity", DefaultParameterSetName = "Path")]
    [OutputType(typeof(Identity))]
    public sealed class GetNhiIdentityCommand : NhiCmdlet
    {
        /// <summary>Export files or folders to read (formats are detected by content).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        // Not bound from the pipeline: a FileInfo's Name would silently filter everything out.
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ProviderCompleter))]
        [ValidateSet("Aws", "Entra", "KeyVault", IgnoreCase = true)]
        public string[] Provider { get; set; }

        [Parameter]
        public IdentityKind[] Kind { get; set; }

        /// <summary>Only identities owned by this owner (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string Owner { get; set; }

        [Parameter]
        public SwitchParameter Unowned { get; set; }

        /// <summary>Include IAM users that are people (console password and MFA, no access keys).</summary>
        [Parameter]
        public SwitchParameter IncludeHuman { get; set; }

        /// <summary>Connected sources only: also read activity that costs extra requests (AWS Access Advisor).</summary>
        [Parameter]
        public SwitchParameter IncludeActivity { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private readonly List<string> paths = new List<string>();

        protected override void BeginProcessing()
        {
            if (Owner != null && Unowned)
            {
                ThrowParameterError("NhiConflictingParameters", "-Owner and -Unowned cannot be used together.", Owner);
            }
        }

        protected override void ProcessRecord()
        {
            if (Path == null)
            {
                return;
            }

            foreach (var path in Path)
            {
                // Resolve wildcards and PowerShell paths (~, PSDrives) the way every file cmdlet does.
                try
                {
                    foreach (var resolved in GetResolvedProviderPathFromPSPath(path, out _))
                    {
                        paths.Add(resolved);
                    }
                }
                catch (ItemNotFoundException ex)
                {
                    WriteError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                }
            }
        }

        // Files about one identity merge across the whole input, so reading starts once every path is known.
        protected override void EndProcessing()
        {
            if (Path == null && paths.Count == 0)
            {
                ReadLiveSources();
                return;
            }

            if (paths.Count == 0)
            {
                return;
            }

            Run(() =>
            {
                var source = new OfflineSource(HostContext, new OfflineOptions { IncludeHuman = IncludeHuman });
                Emit(source.Read(paths), applyStoredOwners: true);
            });
        }

        private void ReadLiveSources()
        {
            var live = LiveSessions.Connected
                .Where(s => Provider == null || Provider.Contains(s.Provider, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (live.Count == 0)
            {
                ThrowParameterError("NhiNoSource",
                    Provider == null
                        ? "No source: give -Path with export files or folders, or connect first (Connect-NhiEntra, Connect-NhiAws, Connect-NhiKeyVault)."
                        : "Not connected to " + string.Join(", ", Provider) + ": connect first (Connect-Nhi" + Provider[0] + ") or give -Path with export files.",
                    Provider);
            }

            Run(() =>
            {
                // Vaults are read first: their secrets' tags mark which credentials they hold (LiveInventory).
                var options = new LiveReadOptions { IncludeHuman = IncludeHuman, IncludeActivity = IncludeActivity };
                var filter = new IdentityFilter(Name, Provider, Kind, Owner, Unowned);
                bool ownersRead = false;
                IReadOnlyDictionary<string, string[]> storedOwners = null;
                (IReadOnlyDictionary<string, string> Purposes, IReadOnlyDictionary<string, DateTime> Reviewed) governance = (null, null);
                bool governanceRead = false;
                foreach (var pair in LiveInventory.Read(live, HostContext, options))
                {
                    // A source that holds owners itself is authoritative; the store fills in for the others.
                    if (!(pair.Key is IOwnerWriter))
                    {
                        if (!ownersRead) { storedOwners = NhiStore.ReadOwnersIfExists(Engine.Store.StorePath.Resolve(StorePath)); ownersRead = true; }
                        OwnerOverlay.Apply(pair.Value, storedOwners);
                    }

                    // Purpose: the store's where one was kept (identities the source cannot hold it for), else the source's (notes, purpose tag).
                    if (!governanceRead) { governance = NhiStore.ReadGovernanceIfExists(Engine.Store.StorePath.Resolve(StorePath)); governanceRead = true; }
                    Engine.Governance.Purposes.Apply(pair.Value, governance.Purposes, governance.Reviewed);

                    if (filter.Matches(pair.Value))
                    {
                        WriteObject(pair.Value);
                    }
                }
            });
        }

        private void Emit(IEnumerable<Identity> identities, bool applyStoredOwners)
        {
            var storedOwners = applyStoredOwners ? NhiStore.ReadOwnersIfExists(Engine.Store.StorePath.Resolve(StorePath)) : null;
            // Purposes kept in the store (a source's own purpose tag or notes otherwise) and the last review of each identity.
            var governance = NhiStore.ReadGovernanceIfExists(Engine.Store.StorePath.Resolve(StorePath));
            var filter = new IdentityFilter(Name, Provider, Kind, Owner, Unowned);
            foreach (var identity in identities)
            {
                OwnerOverlay.Apply(identity, storedOwners);
                Engine.Governance.Purposes.Apply(identity, governance.Purposes, governance.Reviewed);

                if (filter.Matches(identity))
                {
                    WriteObject(identity);
                }
            }
        }
    }

    /// <summary>The -Name/-Provider/-Kind/-Owner/-Unowned filters, applied after owners from the store.</summary>
    internal sealed class IdentityFilter
    {
        private readonly WildcardPattern[] names;
        private readonly HashSet<string> providers;
        private readonly HashSet<IdentityKind> kinds;
        private readonly WildcardPattern owner;
        private readonly bool unowned;

        public IdentityFilter(string[] names, string[] providers, IdentityKind[] kinds, string owner, bool unowned)
        {
            this.names = names?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            this.providers = providers == null ? null : new HashSet<string>(providers, StringComparer.OrdinalIgnoreCase);
            this.kinds = kinds == null ? null : new HashSet<IdentityKind>(kinds);
            this.owner = owner == null ? null : new WildcardPattern(owner, WildcardOptions.IgnoreCase);
            this.unowned = unowned;
        }

        public bool Matches(Identity identity)
        {
            if (names != null && !names.Any(p => p.IsMatch(identity.Name ?? string.Empty) || p.IsMatch(identity.Id ?? string.Empty)))
            {
                return false;
            }

            if (providers != null && !providers.Contains(identity.Provider ?? string.Empty))
            {
                return false;
            }

            if (kinds != null && !kinds.Contains(identity.Kind))
            {
                return false;
            }

            var owners = identity.Owners ?? Array.Empty<string>();
            if (unowned && owners.Length > 0)
            {
                return false;
            }

            return owner == null || owners.Any(o => owner.IsMatch(o));
        }
    }
}
