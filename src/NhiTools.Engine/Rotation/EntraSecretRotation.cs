using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// Entra application client secret → Key Vault (reliability.md §10a). The new secret is marked
    /// (displayName nhitools:&lt;rotationId&gt;) so a lost addPassword answer is found again; addPassword is sent once.
    /// The old secret is removed only after promotion and only if it is the one this rotation replaced.
    /// </summary>
    public sealed class EntraSecretRotation : RotationMachine
    {
        private readonly EntraSource _entra;

        public EntraSecretRotation(EntraSource entra, IRotationVault vault) : base(vault)
        {
            _entra = entra ?? throw new ArgumentNullException(nameof(entra));
        }

        public override string Provider => "Entra";
        protected override string CredentialNoun => "Password";

        /// <summary>entra:app:&lt;appId&gt; → appId; anything else cannot be rotated here.</summary>
        public static string AppIdOf(string identityId) =>
            Ids.EntraAppId(identityId);

        protected override void Preflight(RotationRun run, VaultSecretInfo current)
        {
            var row = run.Row;
            if (AppIdOf(row.IdentityId) == null)
                throw new NhiException("NhiRotationUnsupported", NhiErrorCategory.InvalidArgument, row.IdentityId + " is not an Entra application (entra:app:<appId>); only application client secrets are rotated.", row.IdentityId);
            var passwords = _entra.ListPasswords(row.IdentityId, run.Host);
            var held = Held(current);
            if (current != null && held == null)
                throw new RotationBlockedException("The vault secret " + run.SecretName + " exists but has no " + VaultTags.Credential + " tag: it is not known which credential it holds (drift). Tag it, or name another -SecretName.", row.IdentityId);
            var old = held ?? row.OldCredentialId;
            if (held != null && row.OldCredentialId != null && !string.Equals(held, row.OldCredentialId, StringComparison.OrdinalIgnoreCase))
                throw new RotationBlockedException("The vault secret " + run.SecretName + " holds credential " + held + ", not " + row.OldCredentialId + " (drift).", row.IdentityId);
            if (old == null)
            {
                var candidates = passwords.Where(p => p.DisplayName == null || !p.DisplayName.StartsWith(EntraSource.MarkerPrefix, StringComparison.Ordinal)).ToList();
                if (candidates.Count != 1)
                    throw new RotationBlockedException(row.IdentityId + " has " + candidates.Count + " client secrets and the vault names none: give -CredentialId.", row.IdentityId);
                old = candidates[0].Id;
            }
            var oldCredential = passwords.FirstOrDefault(p => string.Equals(p.Id, old, StringComparison.OrdinalIgnoreCase));
            if (oldCredential == null)
                throw new RotationBlockedException("Credential " + old + " is not a client secret of " + row.IdentityId + (held != null ? " (the vault's " + VaultTags.Credential + " tag names a credential the application no longer has: drift)." : "."), row.IdentityId);
            row.OldCredentialId = oldCredential.Id;
            if (oldCredential.ExpiresOn.HasValue && oldCredential.ExpiresOn.Value <= run.Now)
                run.Host.WriteWarning(row.IdentityId + ": client secret " + oldCredential.Id + " expired on " + oldCredential.ExpiresOn.Value.ToString("u") + ".");
            if (run.Options.SecretLifetime.HasValue && run.Options.SecretLifetime.Value <= TimeSpan.Zero)
                throw new NhiException("NhiRotationBadArgument", NhiErrorCategory.InvalidArgument, "The new secret's lifetime must be positive.", row.IdentityId);
        }

        protected override void RemoveLeftovers(RotationRun run, ISet<string> keep)
        {
            foreach (var marked in _entra.FindMarkedPasswords(run.Row.IdentityId, run.Row.OperationId, run.Host))
            {
                if (keep.Contains(marked.Id)) continue;
                run.Fence();
                _entra.RemovePassword(run.Row.IdentityId, Guid.Parse(marked.Id), run.Host);
                run.Change("RemovePassword", marked.Id, before: marked.DisplayName, outcome: "Done");
                run.Step("Removed leftover " + marked.Id + " (" + marked.DisplayName + ")");
            }
        }

        protected override NewCredentialValue Create(RotationRun run)
        {
            DateTime? expires = run.Options.SecretLifetime.HasValue ? run.Now + run.Options.SecretLifetime.Value : (DateTime?)null;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var secret = _entra.AddPassword(run.Row.IdentityId, run.Row.OperationId, expires, run.Host);
                    // The buffer moves to the value object (zeroed when it is disposed); the Graph object keeps none.
                    var value = new NewCredentialValue(secret.KeyId.ToString(), secret.RevealValue(), null);
                    return value;
                }
                catch (NhiException ex) when (ex.Category == NhiErrorCategory.LimitsExceeded && attempt < 4)
                {
                    // 429: Graph did not process it, so sending again cannot make a second secret.
                    run.Step("addPassword throttled; retrying");
                    run.Options.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)), run.Host.CancellationToken);
                    run.Fence();
                }
            }
        }

        protected override string Prove(RotationRun run, NewCredentialValue value)
        {
            var attempts = _entra.ProveClientSecret(AppIdOf(run.Row.IdentityId), value.Value, run.Options.EntraProofTimeout, run.Host);
            return "Proved " + value.Id + ": a token was issued (" + attempts + " attempt" + (attempts == 1 ? ")" : "s)");
        }

        protected override void RemoveCredential(RotationRun run, string credentialId, string why)
        {
            if (!Guid.TryParse(credentialId, out var keyId)) return;
            var removed = _entra.RemovePassword(run.Row.IdentityId, keyId, run.Host);
            run.Change("RemovePassword", credentialId, outcome: removed ? "Done" : "AlreadyGone");
            run.Step((removed ? "Removed " : "Already gone: ") + credentialId + " (" + why + ")");
        }

        protected override bool Retire(RotationRun run)
        {
            var old = run.Row.OldCredentialId;
            if (!string.IsNullOrEmpty(old))
            {
                RequireNotCurrent(run, old);
                run.Boundary("before-retire");
                run.Fence();
                RemoveCredential(run, old, "retired after promotion");
                run.Boundary("after-retire");
            }
            return true;
        }

        private static string Held(VaultSecretInfo current) =>
            current?.Tags != null && current.Tags.TryGetValue(VaultTags.Credential, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
    }
}
