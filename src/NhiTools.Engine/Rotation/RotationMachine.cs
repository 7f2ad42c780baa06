using System;
using System.Collections.Generic;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// The state machine both providers share (reliability.md §10): create a marked credential, write it to
    /// "&lt;name&gt;--pending", prove it, promote it to the current version, wait out the grace period, retire the old
    /// credential. Each step checks whether it is done, does it, and journals before and after. A provider supplies
    /// the credential operations. The value exists only in this run's memory until it is in the vault: a run that
    /// finds a rotation mid-way without it (a crash before promotion) removes the new credential and starts over.
    /// </summary>
    public abstract class RotationMachine
    {
        protected RotationMachine(IRotationVault vault) { Vault = vault ?? throw new ArgumentNullException(nameof(vault)); }

        public IRotationVault Vault { get; }
        public abstract string Provider { get; }

        /// <summary>
        /// Reads the live credentials and the vault, decides which credential is replaced (row.OldCredentialId) and
        /// records what a resumed run needs in row.Data. Throws RotationBlockedException when rotating would be unsafe;
        /// a failed read throws as is (no decision on partial data).
        /// </summary>
        protected abstract void Preflight(RotationRun run, VaultSecretInfo current);

        /// <summary>Removes what an earlier attempt of this rotation may have created and lost (marked credentials, unknown new keys), never <paramref name="keep"/>.</summary>
        protected abstract void RemoveLeftovers(RotationRun run, ISet<string> keep);

        /// <summary>Creates the new credential (sent once) and returns its id and vault value.</summary>
        protected abstract NewCredentialValue Create(RotationRun run);

        /// <summary>Proves the new credential authenticates for real; throws when it never does within the budget.</summary>
        protected abstract string Prove(RotationRun run, NewCredentialValue value);

        /// <summary>Removes the new credential (rollback). Already gone counts as done.</summary>
        protected abstract void RemoveCredential(RotationRun run, string credentialId, string why);

        /// <summary>Null when the old credential may be retired; otherwise why not yet (AWS: used after promotion).</summary>
        protected virtual string HoldRetirement(RotationRun run) => null;

        /// <summary>Retires the old credential, advancing the row through provider-specific states (AWS: Deactivated). True when done.</summary>
        protected abstract bool Retire(RotationRun run);

        /// <summary>Runs the rotation from the row's state until it ends (Idle, Blocked, Failed) or waits (Grace).</summary>
        public void Run(RotationRun run)
        {
            var ct = run.Host.CancellationToken;
            for (int guard = 0; guard < 50; guard++)
            {
                ct.ThrowIfCancellationRequested();
                switch (run.Row.State)
                {
                    case RotationStates.Preflight:
                        DoPreflight(run);
                        break;
                    case RotationStates.Creating:
                        CreateAndPromote(run);
                        break;
                    case RotationStates.Created:
                    case RotationStates.Pending:
                    case RotationStates.Verified:
                        RecoverWithoutValue(run);
                        break;
                    case RotationStates.RollingBack:
                        RollBack(run, run.Row.LastError);
                        break;
                    case RotationStates.Promoted:
                        StartGrace(run);
                        break;
                    case RotationStates.Grace:
                        if (!EndGrace(run)) return;
                        break;
                    case RotationStates.Retiring:
                    case RotationStates.Deactivated:
                        if (!Retire(run)) return;
                        Finish(run);
                        return;
                    default:
                        return; // Idle, Blocked, Failed
                }
            }
            throw new NhiException("NhiRotationStuck", NhiErrorCategory.InvalidOperation, "The rotation of " + run.Row.IdentityId + " made no progress (state " + run.Row.State + ").", run.Row.IdentityId);
        }

        private void DoPreflight(RotationRun run)
        {
            var current = Vault.GetCurrent(run.SecretName, run.Host);
            Preflight(run, current);
            run.Step("Preflight: replacing " + run.Row.OldCredentialId + (current == null ? " (vault secret " + run.SecretName + " is new)" : " held by " + current.Id));
            run.Save(RotationStates.Creating, "Create credential");
        }

        private void CreateAndPromote(RotationRun run)
        {
            run.Boundary("before-create");
            RemoveLeftovers(run, Protected(run));
            run.Fence();
            NewCredentialValue value;
            try
            {
                value = Create(run);
            }
            catch (Exception ex) when (ex is NhiException)
            {
                // The request may have been committed with its answer lost: roll back finds the marked leftovers.
                RollBack(run, "Creating the credential failed: " + ex.Message);
                return;
            }

            using (value)
            {
                run.Change("Create" + CredentialNoun, value.Id);
                run.Step("Created " + value.Id);
                run.Boundary("after-create");
                run.Save(RotationStates.Created, "Write pending secret", r => r.NewCredentialId = value.Id);
                try
                {
                    run.Boundary("before-pending");
                    run.Fence();
                    Vault.SetSecret(run.PendingName, value.Value, value.ContentType, run.VaultTagsFor(value.Id), run.Host);
                    run.Change("SetVaultSecret", run.PendingName, after: value.Id);
                    run.Step("Wrote " + run.PendingName);
                    run.Boundary("after-pending");
                    run.Save(RotationStates.Pending, "Prove credential");

                    var proof = Prove(run, value);
                    run.Step(proof);
                    run.Boundary("after-prove");
                    run.Save(RotationStates.Verified, "Promote");

                    run.Boundary("before-promote");
                    run.Fence();
                    var info = Vault.SetSecret(run.SecretName, value.Value, value.ContentType, run.VaultTagsFor(value.Id), run.Host);
                    run.Change("SetVaultSecret", run.SecretName, before: run.Row.OldCredentialId, after: value.Id);
                    run.Step("Promoted " + value.Id + " to " + (info?.Id ?? run.SecretName));
                    run.Boundary("after-promote");
                    run.Save(RotationStates.Promoted, "Grace", r =>
                    {
                        r.VaultSecretId = info?.Id ?? r.VaultSecretId;
                        r.Data["promotedOn"] = Journal.SqliteChangeJournal.Text(run.Now);
                        r.LastError = null;
                    });
                }
                catch (NhiException ex) when (!LeaseLostException(ex))
                {
                    RollBack(run, SecretScrubber.Scrub(ex.Message, value.Value));
                }
            }
        }

        /// <summary>A rotation found mid-way before promotion without its value (the run that had it was killed).</summary>
        private void RecoverWithoutValue(RotationRun run)
        {
            if (VaultHolds(run, run.Row.NewCredentialId))
            {
                run.Step("The vault already holds " + run.Row.NewCredentialId + ": promoted");
                run.Save(RotationStates.Promoted, "Grace", r => r.Data["promotedOn"] = Journal.SqliteChangeJournal.Text(run.Now));
                return;
            }

            var restarts = run.Row.Data.TryGetValue("restarts", out var n) && int.TryParse(n, out var k) ? k : 0;
            if (restarts >= run.Options.MaxRestarts)
            {
                RollBack(run, "The rotation lost its new value " + restarts + " times; rolled back.");
                return;
            }

            run.Step("The new value of " + run.Row.NewCredentialId + " was lost with the run that made it: removing it and starting over");
            if (!string.IsNullOrEmpty(run.Row.NewCredentialId))
            {
                run.Fence();
                RemoveCredential(run, run.Row.NewCredentialId, "value lost before promotion");
            }
            run.Fence();
            Vault.RemoveSecret(run.PendingName, run.Host);
            run.Save(RotationStates.Creating, "Create credential (restart)", r =>
            {
                r.NewCredentialId = null;
                r.Data["restarts"] = (restarts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            });
        }

        /// <summary>
        /// Undo before promotion. Resumable: saved as RollingBack first. Nothing is removed unless the vault was read
        /// and does not hold the new credential as current (a promotion whose answer was lost is a promotion).
        /// </summary>
        private void RollBack(RotationRun run, string error)
        {
            if (run.Row.State != RotationStates.RollingBack)
                run.Save(RotationStates.RollingBack, "Roll back", r => r.LastError = error);
            run.Step("Rolling back: " + error);
            if (VaultHolds(run, run.Row.NewCredentialId))
            {
                run.Step("The vault holds " + run.Row.NewCredentialId + " as current: promoted, not rolled back");
                run.Save(RotationStates.Promoted, "Grace", r => { r.LastError = null; r.Data["promotedOn"] = Journal.SqliteChangeJournal.Text(run.Now); });
                return;
            }

            if (!string.IsNullOrEmpty(run.Row.NewCredentialId))
            {
                run.Fence();
                RemoveCredential(run, run.Row.NewCredentialId, "rollback");
            }
            RemoveLeftovers(run, Protected(run));
            run.Fence();
            Vault.RemoveSecret(run.PendingName, run.Host);
            run.Change("Rollback", run.Row.NewCredentialId ?? "(none)", outcome: "Done");
            run.Save(RotationStates.Failed, "Rolled back", r => { r.NewCredentialId = null; r.LastError = error; r.NextStepAfter = null; });
        }

        private void StartGrace(RotationRun run)
        {
            var promotedOn = run.Row.Data.TryGetValue("promotedOn", out var p) ? Journal.SqliteChangeJournal.Time(p) : run.Now;
            var emergency = run.Row.Data.TryGetValue("emergency", out var e) && e == "true";
            var until = emergency ? promotedOn : promotedOn + run.Options.GracePeriod;
            run.Step(emergency ? "Grace skipped (expired or leaked credential)" : "Grace period until " + until.ToString("u"));
            run.Save(RotationStates.Grace, "Wait for consumers", r => r.NextStepAfter = until);
        }

        private bool EndGrace(RotationRun run)
        {
            if (run.Row.NextStepAfter.HasValue && run.Now < run.Row.NextStepAfter.Value)
            {
                run.Step("Waiting until " + run.Row.NextStepAfter.Value.ToString("u") + " before retiring " + run.Row.OldCredentialId);
                return false;
            }

            var hold = HoldRetirement(run);
            if (hold != null)
            {
                run.Host.WriteWarning(run.Row.IdentityId + ": " + hold);
                run.Step(hold);
                run.Save(RotationStates.Grace, "Old credential still in use", r =>
                {
                    r.LastError = hold;
                    r.NextStepAfter = run.Now + (run.Options.GracePeriod > TimeSpan.Zero ? run.Options.GracePeriod : TimeSpan.FromHours(1));
                });
                return false;
            }

            run.Save(RotationStates.Retiring, "Retire old credential", r => r.LastError = null);
            return true;
        }

        private void Finish(RotationRun run)
        {
            run.Fence();
            Vault.RemoveSecret(run.PendingName, run.Host);
            run.Step("Removed " + run.PendingName);
            run.RetiredNow = true;
            run.Save(RotationStates.Idle, "Retired", r => { r.NextStepAfter = null; r.LastError = null; });
        }

        /// <summary>True when the vault's current version holds this credential (read failures throw: no guessing).</summary>
        protected bool VaultHolds(RotationRun run, string credentialId)
        {
            if (string.IsNullOrEmpty(credentialId)) return false;
            var current = Vault.GetCurrent(run.SecretName, run.Host);
            return current != null && current.Tags != null && current.Tags.TryGetValue(VaultTags.Credential, out var held)
                   && string.Equals(held, credentialId, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Credentials a cleanup must never remove: the old one and whatever the vault holds as current.</summary>
        protected ISet<string> Protected(RotationRun run)
        {
            var keep = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!string.IsNullOrEmpty(run.Row.OldCredentialId)) keep.Add(run.Row.OldCredentialId);
            var current = Vault.GetCurrent(run.SecretName, run.Host);
            if (current?.Tags != null && current.Tags.TryGetValue(VaultTags.Credential, out var held) && !string.IsNullOrEmpty(held)) keep.Add(held);
            return keep;
        }

        /// <summary>Refuses to retire the credential the vault holds as current (a drifted vault, a manual change).</summary>
        protected void RequireNotCurrent(RotationRun run, string credentialId)
        {
            if (VaultHolds(run, credentialId))
                throw new RotationBlockedException("Not retiring " + credentialId + " of " + run.Row.IdentityId + ": the vault secret " + run.SecretName + " holds it as current.", run.Row.IdentityId);
        }

        protected abstract string CredentialNoun { get; }

        private static bool LeaseLostException(Exception ex) => ex is NhiException n && n.ErrorId == "NhiLeaseLost";
    }
}
