using System.Collections.Generic;
using System.IO;
using NhiTools.Engine.Store;

namespace NhiTools.Host
{
    /// <summary>Reading snapshots never creates a store: a missing file simply holds none.</summary>
    internal static class SnapshotStoreAccess
    {
        public static NhiStore OpenExisting(string path) => File.Exists(path) ? NhiStore.Open(path) : null;

        public static IReadOnlyList<SnapshotInfo> List(NhiStore store) =>
            store == null ? (IReadOnlyList<SnapshotInfo>)new SnapshotInfo[0] : store.Snapshots.List();
    }
}
