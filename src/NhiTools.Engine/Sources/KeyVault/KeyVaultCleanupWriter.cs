using System;
using System.Linq;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.KeyVault
{
    /// <summary>
    /// Cleanup of Key Vault secrets: a secret identity (Disable-/Enable-NhiIdentity) and its credential
    /// (Remove-NhiCredential: DeactivateCredential) are quarantined by disabling the current version; nothing is deleted.
    /// The journal keeps "version=&lt;v&gt; enabled=..." so Enable and Undo act on exactly the version that was disabled,
    /// also after a newer version was written. Only the vault name of the id (keyvault:&lt;vault&gt;/&lt;name&gt;) is used, so
    /// Undo can act from a journal record alone.
    /// </summary>
    public sealed class KeyVaultCleanupWriter : ICleanupWriter
    {
        private readonly KeyVaultLiveSource _source;

        public KeyVaultCleanupWriter(KeyVaultLiveSource source) { _source = source ?? throw new ArgumentNullException(nameof(source)); }

        public string Provider => "KeyVault";
        public ILiveSource Source => _source;

        public bool Covers(Identity identity) =>
            string.IsNullOrEmpty(identity?.Account) || _source.FindVault(identity.Account, null) != null;

        /// <summary>The list read is fresh on every live read: nothing to refresh.</summary>
        public void Refresh(Identity live, IHostContext host) { }

        public string Capture(string action, Identity identity, string target, IHostContext host)
        {
            switch (action)
            {
                case CleanupActions.Disable:
                case CleanupActions.DeactivateCredential:
                    var (vault, name) = Locate(identity, host);
                    var current = vault.GetCurrent(name, host);
                    return current == null ? "absent" : State(current.Version, current.Enabled);
                default:
                    return null;
            }
        }

        public CleanupStep Apply(string action, Identity identity, string target, string before, IHostContext host)
        {
            switch (action)
            {
                case CleanupActions.Disable:
                case CleanupActions.DeactivateCredential:
                    return DisableCurrent(identity, host);
                case CleanupActions.Enable:
                case CleanupActions.ReactivateCredential:
                    return EnableVersion(identity, VersionOf(before), host);
                default:
                    throw CleanupErrors.NotSupportedFor($"{action} is not supported for Key Vault secrets: NhiTools only disables and re-enables secret versions.", identity.Id);
            }
        }

        /// <summary>"version=&lt;v&gt; enabled=true": what the journal keeps (never the value).</summary>
        public static string State(string version, bool enabled) => "version=" + version + " enabled=" + (enabled ? "true" : "false");

        /// <summary>The version a recorded state names, or null.</summary>
        public static string VersionOf(string state)
        {
            if (string.IsNullOrEmpty(state)) return null;
            foreach (var part in state.Split(' '))
                if (part.StartsWith("version=", StringComparison.Ordinal) && part.Length > 8) return part.Substring(8);
            return null;
        }

        private CleanupStep DisableCurrent(Identity identity, IHostContext host)
        {
            var (vault, name) = Locate(identity, host);
            var current = vault.GetCurrent(name, host)
                ?? throw new NhiException(CleanupErrors.IdentityNotFound, NhiErrorCategory.ObjectNotFound, $"Secret '{name}' is not in {vault.VaultUri} (deleted?). Nothing was changed.", identity.Id);
            if (!current.Enabled)
                return new CleanupStep { Changed = false, Before = State(current.Version, false), After = State(current.Version, false), Note = "version " + current.Version + " is already disabled; nothing sent." };
            vault.UpdateSecretProperties(name, current.Version, false, host);
            return new CleanupStep { Changed = true, Before = State(current.Version, true), After = State(current.Version, false) };
        }

        /// <summary>Re-enables the recorded version; with none recorded (Enable-NhiIdentity on a secret never disabled by NhiTools), the current one.</summary>
        private CleanupStep EnableVersion(Identity identity, string version, IHostContext host)
        {
            var (vault, name) = Locate(identity, host);
            var v = version == null ? vault.GetCurrent(name, host) : vault.GetVersion(name, version, host);
            if (v == null)
                throw new NhiException(CleanupErrors.IdentityNotFound, NhiErrorCategory.ObjectNotFound,
                    $"Secret '{name}'{(version == null ? "" : " version " + version)} is not in {vault.VaultUri} (deleted or purged?); it cannot be re-enabled.", identity.Id);
            if (v.Enabled)
                return new CleanupStep { Changed = false, Before = State(v.Version, true), After = State(v.Version, true), Note = "version " + v.Version + " is already enabled; nothing sent." };
            vault.UpdateSecretProperties(name, v.Version, true, host);
            return new CleanupStep { Changed = true, Before = State(v.Version, false), After = State(v.Version, true) };
        }

        /// <summary>The session's vault and the secret name of keyvault:&lt;vault&gt;/&lt;name&gt; (the vault by its short name).</summary>
        private (KeyVaultRotationVault Vault, string Name) Locate(Identity identity, IHostContext host)
        {
            var id = identity?.Id ?? "";
            if (!Ids.TryKeyVaultSecret(id, out var vaultName, out var name))
                throw new NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument, $"'{id}' is not a Key Vault secret id (keyvault:<vault>/<name>).", id);
            var vault = _source.FindVault(vaultName, host)
                ?? throw new NhiException(CleanupErrors.NotConnected, NhiErrorCategory.ConnectionError,
                    $"Vault '{vaultName}' is not one of the connected vaults ({_source.Description}); run Connect-NhiKeyVault -VaultUri with it. Nothing was changed.", id);
            return (vault, name);
        }
    }
}
