using System;

namespace NhiTools
{
    /// <summary>A saved picture of an estate (Save-NhiSnapshot), the reference drift is measured against.</summary>
    public sealed class SnapshotInfo
    {
        public long Id { get; set; }
        public string Name { get; set; }
        /// <summary>When the estate looked like this (UTC): the -AsOf it was saved with.</summary>
        public DateTime TakenOn { get; set; }
        /// <summary>When the snapshot was written (UTC).</summary>
        public DateTime CreatedOn { get; set; }
        public int IdentityCount { get; set; }
        /// <summary>What it holds, by provider: "Aws: 151, Entra: 79, KeyVault: 44".</summary>
        public string Source { get; set; }
        /// <summary>The store file it lives in.</summary>
        public string StorePath { get; set; }

        // The name, so a SnapshotInfo passed to -Reference/-Difference binds as its name.
        public override string ToString() => Name;
    }
}
