using System;
using System.Linq;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// Runs rotations: takes the lease on the credential's journal key (or fails fast with NhiRotationBusy, having
    /// written nothing), starts a new rotation or resumes the one in progress, and maps the row to a RotationResult.
    /// The lease is released when the run ends normally or with an NhiException; after anything else (a crash) it is
    /// left to expire, as it would be if the process had died.
    /// </summary>
    public sealed class RotationRunner
    {
        private readonly IChangeJournal _journal;
        private readonly RotationOptions _options;
        private readonly IHostContext _host;

        public RotationRunner(IChangeJournal journal, RotationOptions options, IHostContext host)
        {
            _journal = journal ?? throw new ArgumentNullException(nameof(journal));
            _options = options ?? new RotationOptions();
            _host = host ?? NullHostContext.Instance;
        }

        /// <summary>Rotates (or continues rotating) one credential.</summary>
        public RotationResult Rotate(RotationRequest request, RotationMachine machine)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.SecretName))
                throw new NhiException("NhiRotationBadArgument", NhiErrorCategory.InvalidArgument, "A vault secret name is required.", request.IdentityId);
            var key = RotationStates.Key(request.IdentityId, machine.Vault.VaultUri, request.SecretName);
            return WithLease(key, request.IdentityId, lease =>
            {
                var row = _journal.Get(key);
                if (row == null || !RotationStates.IsInProgress(row.State))
                    row = NewRow(key, request, row, machine);
                else
                    _host.WriteVerbose(request.IdentityId + ": resuming rotation " + row.OperationId + " at " + row.State + ".");
                return Drive(new RotationRun(_journal, lease, row, request, _options, _host, machine.Vault), machine);
            });
        }

        /// <summary>Continues a rotation left in progress; a row not in progress is reported as it is.</summary>
        public RotationResult Resume(JournalRow row, RotationMachine machine)
        {
            if (row == null) throw new ArgumentNullException(nameof(row));
            return WithLease(row.Key, row.IdentityId, lease =>
            {
                var current = _journal.Get(row.Key) ?? row;
                var run = new RotationRun(_journal, lease, current, null, _options, _host, machine.Vault);
                if (!RotationStates.IsInProgress(current.State)) return Result(run);
                _host.WriteVerbose(current.IdentityId + ": resuming rotation " + current.OperationId + " at " + current.State + ".");
                return Drive(run, machine);
            });
        }

        private RotationResult WithLease(string key, string identityId, Func<JournalLease, RotationResult> work)
        {
            var lease = _journal.TryAcquireLease(key, _options.Holder, _options.LeaseDuration);
            if (lease == null)
            {
                var holder = _journal.Get(key)?.LeaseHolder;
                throw new NhiException("NhiRotationBusy", NhiErrorCategory.ResourceBusy,
                    "Another run is rotating " + identityId + (holder == null ? "" : " (last seen: " + holder + ")") + "; nothing was changed.", identityId);
            }

            var release = false;
            try
            {
                var result = work(lease);
                release = true;
                return result;
            }
            catch (NhiException) { release = true; throw; }
            catch (OperationCanceledException) { release = true; throw; }
            finally
            {
                if (release) _journal.ReleaseLease(lease);
            }
        }

        private JournalRow NewRow(string key, RotationRequest request, JournalRow previous, RotationMachine machine)
        {
            var row = new JournalRow
            {
                Key = key,
                Kind = RotationStates.Kind,
                OperationId = Guid.NewGuid().ToString("N"),
                IdentityId = request.IdentityId,
                IdentityName = request.IdentityName,
                Provider = machine.Provider,
                State = RotationStates.Preflight,
                Step = "Preflight",
                OldCredentialId = request.CredentialId,
                VaultSecretId = RotationStates.VaultSecretBase(machine.Vault.VaultUri, request.SecretName),
                StartedOn = _options.Clock(),
                Actor = _options.Actor,
                Reason = request.Reason,
                ETag = previous?.ETag,
                WriteToken = null,
            };
            row.Data["secretName"] = request.SecretName;
            // The vault as this run reached it: the version id the vault answers may name another host (a proxy, a lab).
            row.Data["vaultUri"] = machine.Vault.VaultUri.ToString();
            if (request.Emergency) row.Data["emergency"] = "true";
            return row;
        }

        private RotationResult Drive(RotationRun run, RotationMachine machine)
        {
            try
            {
                machine.Run(run);
            }
            catch (RotationBlockedException ex)
            {
                run.Step("Blocked: " + ex.Message);
                run.Save(RotationStates.Blocked, "Blocked", r => r.LastError = ex.Message);
                var blocked = Result(run);
                blocked.Message = ex.Message;
                return blocked;
            }
            catch (NhiException ex) when (ex.ErrorId != "NhiLeaseLost" && run.Row.State != RotationStates.Preflight && RotationStates.IsInProgress(run.Row.State))
            {
                // Mid-way: keep the state (the next run resumes from it) and record why this run stopped.
                try { run.Save(run.Row.State, run.Row.Step, r => r.LastError = ex.Message); }
                catch (NhiException) { }
                throw;
            }

            return Result(run);
        }

        public static RotationResult Result(RotationRun run)
        {
            var row = run.Row;
            return new RotationResult
            {
                IdentityId = row.IdentityId,
                IdentityName = row.IdentityName,
                Provider = row.Provider,
                OldCredentialId = row.OldCredentialId,
                NewCredentialId = row.NewCredentialId,
                VaultSecretId = row.VaultSecretId,
                State = RotationStates.Stage(row.State, run.RetiredNow),
                NextStepAfter = RotationStates.IsInProgress(row.State) ? row.NextStepAfter : null,
                Steps = run.Steps.ToArray(),
                RotationId = row.OperationId,
                Message = row.LastError,
            };
        }

        /// <summary>A journal row as Get-NhiRotation shows it.</summary>
        public static RotationJournalEntry Entry(JournalRow row) => new RotationJournalEntry
        {
            Key = row.Key,
            IdentityId = row.IdentityId,
            IdentityName = row.IdentityName,
            Provider = row.Provider,
            State = row.State,
            Step = row.Step,
            RotationId = row.OperationId,
            OldCredentialId = row.OldCredentialId,
            NewCredentialId = row.NewCredentialId,
            VaultSecretId = row.VaultSecretId,
            StartedOn = row.StartedOn,
            UpdatedOn = row.UpdatedOn,
            NextStepAfter = row.NextStepAfter,
            LastError = row.LastError,
            LeaseHolder = row.LeaseHolder,
            LeaseExpiresOn = row.LeaseExpiresOn,
            InProgress = RotationStates.IsInProgress(row.State),
        };
    }
}
