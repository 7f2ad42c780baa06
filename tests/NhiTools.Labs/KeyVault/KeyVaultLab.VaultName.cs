using Microsoft.AspNetCore.Http;

namespace NhiTools.Labs.KeyVault
{
    public sealed partial class KeyVaultLabOptions
    {
        /// <summary>
        /// The vault this lab plays (e.g. kv-contoso-dev): ids are then https://&lt;name&gt;.vault.azure.net/secrets/...
        /// as the real vault writes them, whatever loopback address the client dialled, so a live read names secrets
        /// as the offline export of that vault does. nextLinks keep the dialled address (clients follow them verbatim).
        /// Null = ids echo the address the client used.
        /// </summary>
        public string VaultName { get; set; }
    }

    public sealed partial class KeyVaultLab
    {
        /// <summary>The base of ids (secret, version, recovery): the played vault's name, or the address the client used.</summary>
        string IdBase(HttpContext c) =>
            string.IsNullOrEmpty(VaultOptions.VaultName) ? VaultUrl(c) : "https://" + VaultOptions.VaultName + ".vault.azure.net";
    }
}
