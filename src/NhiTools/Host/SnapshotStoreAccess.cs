using System.Collections.Generic;
using NhiTools.Engine.Store;

namespace NhiTools.Host
{
    /// <summary>Reading snapshots never creates a store and needs no write access: a missing file simply holds none.</summary>
    internal static class SnapshotStoreAccess
    {
        public static NhiStore OpenExisting(string path) => NhiStore.OpenExisting(path);

        public static IReadOnlyList<SnapshotInfo> List(NhiStore store) =>
            store == null ? (IReadOnlyList<SnapshotInfo>)new SnapshotInfo[0] : store.Snapshots.List();
    }
}
