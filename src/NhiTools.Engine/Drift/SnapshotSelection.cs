using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Store;
using NhiTools.Hosting;

namespace NhiTools.Engine.Drift
{
    /// <summary>
    /// Which two pictures Compare-NhiSnapshot compares when the user names fewer than two. The difference is the live
    /// set when identities are piped in, else the named snapshot, else the newest one; the reference is the named
    /// snapshot, else the newest one taken before the difference (the newest of all against a live set).
    /// </summary>
    public sealed class SnapshotSelection
    {
        public SnapshotInfo Reference { get; private set; }
        /// <summary>Null when the difference is the live set.</summary>
        public SnapshotInfo Difference { get; private set; }

        /// <param name="snapshots">Every snapshot, oldest first (<see cref="SnapshotStore.List"/>); empty when there is no store.</param>
        public static SnapshotSelection Choose(IReadOnlyList<SnapshotInfo> snapshots, string reference, string difference, bool liveDifference, string storePath)
        {
            if (liveDifference && difference != null)
            {
                throw new NhiException("NhiConflictingParameters", NhiErrorCategory.InvalidArgument,
                    "Identities were piped in as the difference; -Difference names a saved snapshot instead. Use one or the other.", difference);
            }

            var selection = new SnapshotSelection();
            if (difference != null)
            {
                selection.Difference = Find(snapshots, difference) ?? throw SnapshotStore.NotFound(difference, snapshots, storePath);
            }

            if (reference != null)
            {
                selection.Reference = Find(snapshots, reference) ?? throw SnapshotStore.NotFound(reference, snapshots, storePath);
            }

            if (!liveDifference && selection.Difference == null)
            {
                // The newest snapshot that is not the reference.
                selection.Difference = snapshots.LastOrDefault(s => selection.Reference == null || s.Id != selection.Reference.Id && Later(s, selection.Reference))
                    ?? throw new NhiException("NhiSnapshotNotFound", NhiErrorCategory.ObjectNotFound,
                        "There is no snapshot " + (selection.Reference == null ? "at all" : "newer than '" + selection.Reference.Name + "'") + " in the store " + storePath +
                        " to compare with. Save one with Save-NhiSnapshot, or pipe identities in (Get-NhiIdentity ... | Compare-NhiSnapshot).", storePath);
            }

            if (selection.Reference == null)
            {
                selection.Reference = (selection.Difference == null
                        ? snapshots.LastOrDefault()
                        : snapshots.LastOrDefault(s => s.Id != selection.Difference.Id && Later(selection.Difference, s)))
                    ?? throw new NhiException("NhiSnapshotNotFound", NhiErrorCategory.ObjectNotFound,
                        (selection.Difference == null ? "The store " + storePath + " holds no snapshot to compare with." : "No snapshot was taken before '" + selection.Difference.Name + "' in the store " + storePath + ".") +
                        " Save one first: Get-NhiIdentity ... | Save-NhiSnapshot -Name baseline.", storePath);
            }

            if (selection.Difference != null && selection.Difference.Id == selection.Reference.Id)
            {
                throw new NhiException("NhiConflictingParameters", NhiErrorCategory.InvalidArgument,
                    "-Reference and -Difference name the same snapshot '" + selection.Reference.Name + "'.", selection.Reference.Name);
            }

            return selection;
        }

        private static SnapshotInfo Find(IEnumerable<SnapshotInfo> snapshots, string nameOrId) =>
            snapshots.FirstOrDefault(s => string.Equals(s.Name, nameOrId, StringComparison.OrdinalIgnoreCase))
            ?? snapshots.FirstOrDefault(s => string.Equals(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), nameOrId, StringComparison.Ordinal));

        // Snapshots are ordered by when they were taken, then by id (saved later).
        private static bool Later(SnapshotInfo a, SnapshotInfo b) => a.TakenOn > b.TakenOn || (a.TakenOn == b.TakenOn && a.Id > b.Id);
    }
}
