namespace NhiTools.Labs.KeyVault
{
    public sealed partial class SecretVersion
    {
        /// <summary>True for the secret that backs a Key Vault certificate (its lifetime is the certificate's).</summary>
        public bool Managed { get; set; }
        /// <summary>The certificate's key id, which real vaults return with a managed secret.</summary>
        public string Kid { get; set; }
    }
}
