using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Sources.Offline.KeyVault;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources
{
    /// <summary>A live source whose items say where other sources' credentials are kept (a vault's secret tags).</summary>
    internal interface ILinkingLiveSource
    {
        IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options, VaultLinks links);
    }

    /// <summary>
    /// Reads several live sources as Get-NhiIdentity does: vault sources first, so that their secrets' tags
    /// (nhi-identity, nhi-credential, accessKeyId, appId) mark the credentials of the other sources' identities as
    /// stored in those secrets (Credential.StoredIn), exactly as the offline importer does with export files.
    /// </summary>
    public static class LiveInventory
    {
        public static IEnumerable<KeyValuePair<ILiveSource, Identity>> Read(IReadOnlyList<ILiveSource> sources, IHostContext host, LiveReadOptions options)
        {
            host = host ?? NullHostContext.Instance;
            var links = new VaultLinks();
            var ordered = sources.OrderBy(s => s is ILinkingLiveSource ? 0 : 1).ToList(); // stable: otherwise as given
            foreach (var source in ordered)
            {
                host.WriteVerbose("Reading " + source.Provider + ": " + source.Description);
                var identities = source is ILinkingLiveSource linking ? linking.Read(host, options, links) : source.Read(host, options);
                foreach (var id in identities)
                {
                    if (!(source is ILinkingLiveSource)) links.Apply(id, AppId(id));
                    yield return new KeyValuePair<ILiveSource, Identity>(source, id);
                }
            }
        }

        private static string AppId(Identity id) =>
            Ids.EntraAppId(id.Id);
    }
}
