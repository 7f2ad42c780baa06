namespace NhiTools.Engine.Sources.Offline
{
    /// <summary>Options of the offline (export file) source.</summary>
    public sealed class OfflineOptions
    {
        /// <summary>Also yield rows that look like people (console password + MFA + no keys).</summary>
        public bool IncludeHuman;
        /// <summary>Tag key (case-insensitive) that names an owner on AWS users/roles and Key Vault secrets.</summary>
        public string OwnerTagKey = "owner";
    }
}
