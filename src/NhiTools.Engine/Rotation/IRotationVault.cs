using System;
using System.Collections.Generic;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// What rotation needs of a secret vault (Key Vault today): metadata and tags of the current version, writing a
    /// new version from a char buffer, and removing the pending secret. Never returns a value: rotation proves a
    /// credential with the buffer it just created, not by reading the vault back.
    /// Errors are NhiException with stable ids; a failed read is never "no secret".
    /// </summary>
    public interface IRotationVault
    {
        /// <summary>https://&lt;vault&gt;.vault.azure.net/ (or the lab's endpoint).</summary>
        Uri VaultUri { get; }

        /// <summary>The latest version's metadata and tags, or null when the secret does not exist (404).</summary>
        VaultSecretInfo GetCurrent(string name, IHostContext host);

        /// <summary>
        /// Writes a new version of <paramref name="name"/> with the value, content type and tags. The caller zeroes
        /// <paramref name="value"/> afterwards. Retries throttling and transient failures within a bounded budget
        /// (a second identical version is harmless). A soft-deleted secret of that name is recovered first.
        /// </summary>
        VaultSecretInfo SetSecret(string name, char[] value, string contentType, IDictionary<string, string> tags, IHostContext host);

        /// <summary>
        /// Removes a secret (the "--pending" one after promotion or rollback) so the name can be used again:
        /// delete, then purge where soft delete keeps it. 404 counts as done.
        /// </summary>
        void RemoveSecret(string name, IHostContext host);
    }

    /// <summary>Metadata of one secret version. No value, ever.</summary>
    public sealed class VaultSecretInfo
    {
        public string Name { get; set; }
        /// <summary>The full id of the version: https://vault/secrets/name/version.</summary>
        public string Id { get; set; }
        public string Version { get; set; }
        public string ContentType { get; set; }
        public bool Enabled { get; set; } = true;
        public DateTime? CreatedOn { get; set; }
        public DateTime? UpdatedOn { get; set; }
        public DateTime? ExpiresOn { get; set; }
        public bool Managed { get; set; }
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public override string ToString() => Id ?? Name;
    }

    /// <summary>Tags rotation writes on the vault secret (and reads to link a secret to its credential).</summary>
    public static class VaultTags
    {
        public const string Identity = "nhi-identity";
        public const string Credential = "nhi-credential";
        public const string Rotation = "nhi-rotation";
        public const string PendingSuffix = "--pending";
    }
}
