// The Key Vault tests drive the client wrapper and the live source's mapping against KeyVaultLab.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("NhiTools.KeyVault.Tests")]
