using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>
    /// Writes a secret's purpose as the tag "purpose" on its current version (the tags `az keyvault secret list` and the
    /// live list show, and Purposes.FromSource reads back). Key Vault replaces a version's whole tag set on PATCH, so the
    /// current tags are read and sent back with the purpose changed; an unchanged purpose sends no write.
    /// </summary>
    internal static class KeyVaultPurposeTags
    {
        public const string Key = "purpose";
        private const int MaxTags = 15;
        private const int MaxValue = 256;

        public static bool Holds(Identity identity) =>
            identity != null && string.Equals(identity.Provider, "KeyVault", StringComparison.OrdinalIgnoreCase)
            && identity.Kind == IdentityKind.Secret && Locate(identity.Id) != null;

        public static string Set(KeyVaultLiveSource source, Identity identity, string purpose, IHostContext host)
        {
            host = host ?? NullHostContext.Instance;
            var value = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim();
            if (value != null && value.Length > MaxValue)
                throw new NhiException("NhiKeyVaultInvalidTagValue", NhiErrorCategory.InvalidArgument,
                    "A Key Vault tag value holds at most " + MaxValue + " characters; this purpose has " + value.Length + ". Nothing was changed.", identity.Id);
            var target = Locate(identity.Id) ?? throw KeyVaultErrors.BadArgument("'" + identity.Id + "' is not a Key Vault secret id (keyvault:<vault>/<name>).", identity.Id);
            var vault = source.FindVault(target.Vault, host)
                ?? throw new NhiException(KeyVaultErrors.NotConnected, NhiErrorCategory.ConnectionError,
                    "Vault '" + target.Vault + "' is not one of the connected vaults (" + source.Description + "); run Connect-NhiKeyVault -VaultUri with it. Nothing was changed.", identity.Id);
            var name = target.Name;
            var current = vault.GetCurrent(name, host)
                ?? throw new NhiException("NhiIdentityNotFound", NhiErrorCategory.ObjectNotFound, "Secret '" + name + "' is not in " + vault.VaultUri + " (deleted?). Nothing was changed.", identity.Id);

            var tags = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            var existing = tags.Keys.FirstOrDefault(k => string.Equals(k, Key, StringComparison.OrdinalIgnoreCase));
            var key = existing ?? Key; // keep the spelling the vault already holds
            string now = existing == null ? null : tags[existing];
            if (string.Equals(now, value, StringComparison.Ordinal))
            {
                host.WriteVerbose(identity.Id + " already has purpose tag " + (value ?? "(none)") + "; nothing sent.");
                return value;
            }

            if (existing != null) tags.Remove(existing);
            if (value != null) tags[key] = value;
            if (tags.Count > MaxTags)
                throw new NhiException("NhiKeyVaultTooManyTags", NhiErrorCategory.InvalidOperation,
                    "Secret '" + name + "' already has " + (tags.Count - 1) + " tags; Key Vault allows " + MaxTags + ". Nothing was changed.", identity.Id);
            var written = vault.UpdateTags(name, current.Version, tags, host);
            written.Tags.TryGetValue(key, out var after);
            if (!string.Equals(after, value, StringComparison.Ordinal))
                throw new NhiException("NhiKeyVaultTagNotWritten", NhiErrorCategory.WriteError, tags.Count == 0
                    ? "The purpose is the only tag on secret '" + name + "' and the vault kept it: Key Vault's client sends no empty tag set. Remove it with `az keyvault secret set-attributes --tags ''`."
                    : "Key Vault answered the tag update of secret '" + name + "' without the purpose tag as sent.", identity.Id);
            host.WriteVerbose((value == null ? "Removed tag " + key + " from " : "Tagged ") + identity.Id + (value == null ? "" : " " + key + "=" + value) + " (version " + current.Version + ").");
            if (identity.Tags != null)
            {
                foreach (var k in identity.Tags.Keys.Where(k => string.Equals(k, Key, StringComparison.OrdinalIgnoreCase)).ToList()) identity.Tags.Remove(k);
                if (value != null) identity.Tags[key] = value;
            }
            return value;
        }

        private static (string Vault, string Name)? Locate(string id)
        {
            id = id ?? "";
            int slash = id.IndexOf('/');
            if (!id.StartsWith("keyvault:", StringComparison.OrdinalIgnoreCase) || slash < 10 || slash == id.Length - 1) return null;
            return (id.Substring(9, slash - 9), id.Substring(slash + 1));
        }
    }
}
