namespace NhiTools.Engine.Sources.Offline
{
    /// <summary>Options of the offline (export file) source.</summary>
    public sealed class OfflineOptions
    {
        /// <summary>Also yield rows that look like people (console password + MFA + no keys).</summary>
        public bool IncludeHuman;
        /// <summary>Tag key (case-insensitive) that names an owner on AWS users/roles and Key Vault secrets.</summary>
        public string OwnerTagKey = "owner";
        /// <summary>Do not read activity logs for last use (they are only recognised, so they are no error).</summary>
        public bool SkipActivity;
        /// <summary>Folder listing used by the walk (tests put a fault in; null: the file system).</summary>
        internal System.Func<string, string[]> ListFiles, ListDirectories;
    }
}
