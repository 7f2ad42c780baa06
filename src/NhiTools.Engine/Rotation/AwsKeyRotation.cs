using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Hosting;

namespace NhiTools.Engine.Rotation
{
    /// <summary>
    /// IAM user access key → Key Vault (reliability.md §10b). IAM allows two keys: a second key this rotation did
    /// not make blocks it (never "delete the oldest"); a key that appeared after the journal said Creating is the
    /// one our lost CreateAccessKey made. The vault value is JSON {"AccessKeyId","SecretAccessKey"}. The old key is
    /// retired after promotion only if it was not used since, deactivated first, deleted on the next step.
    /// </summary>
    public sealed class AwsKeyRotation : RotationMachine
    {
        public const string ContentType = "application/json";
        private readonly AwsAccessKeys _keys;
        private readonly string _userArn;
        private readonly string _userName;

        public AwsKeyRotation(AwsLiveSource aws, string identityId, IRotationVault vault) : base(vault)
        {
            if (aws == null) throw new ArgumentNullException(nameof(aws));
            if (!TryParseUser(identityId, out var account, out _userName))
                throw new NhiException("NhiRotationUnsupported", NhiErrorCategory.InvalidArgument, identityId + " is not an IAM user (aws:arn:aws:iam::<account>:user/<name>); only IAM user access keys are rotated.", identityId);
            _userArn = identityId.Substring(Ids.AwsPrefix.Length);
            _keys = aws.AccessKeys(account);
        }

        public override string Provider => "Aws";
        protected override string CredentialNoun => "AccessKey";

        public static bool TryParseUser(string identityId, out string account, out string userName)
        {
            account = userName = null;
            if (!Ids.TryAwsArn(identityId, out var arn) || !arn.IsIamUser) return false;
            account = arn.Account;
            userName = arn.Name;
            return true;
        }

        private IReadOnlyList<AccessKeyMetadata> List(RotationRun run) => Sync(run, ct => _keys.ListAsync(_userName, ct));

        protected override void Preflight(RotationRun run, VaultSecretInfo current)
        {
            var row = run.Row;
            var keys = List(run); // a failed or throttled list throws: no decision without the whole list
            string held = current?.Tags != null && current.Tags.TryGetValue(VaultTags.Credential, out var h) && !string.IsNullOrWhiteSpace(h) ? h : null;
            if (current != null && held == null)
                throw new RotationBlockedException("The vault secret " + run.SecretName + " exists but has no " + VaultTags.Credential + " tag: it is not known which key it holds (drift).", row.IdentityId);
            if (held != null && row.OldCredentialId != null && !string.Equals(held, row.OldCredentialId, StringComparison.Ordinal))
                throw new RotationBlockedException("The vault secret " + run.SecretName + " holds key " + held + ", not " + row.OldCredentialId + " (drift).", row.IdentityId);
            var old = held ?? row.OldCredentialId ?? (keys.Count == 1 ? keys[0].AccessKeyId : null);
            if (old == null)
                throw new RotationBlockedException(_userName + " has " + keys.Count + " access keys and the vault names none: give -CredentialId.", row.IdentityId);
            var oldKey = keys.FirstOrDefault(k => k.AccessKeyId == old);
            if (oldKey == null || oldKey.Status != "Active")
                throw new RotationBlockedException("Access key " + old + " of " + _userName + (oldKey == null ? " does not exist" : " is " + oldKey.Status) + (held != null ? " but the vault holds it as current (drift)." : "."), row.IdentityId);
            var others = keys.Where(k => k.AccessKeyId != old).ToList();
            if (others.Count > 0)
                throw new RotationBlockedException(_userName + " already has a second access key (" + string.Join(", ", others.Select(k => k.AccessKeyId + " " + k.Status)) +
                    ") that NhiTools did not create for this rotation: IAM allows two keys. Nothing was deleted; remove or rotate it by hand.", row.IdentityId);
            row.OldCredentialId = old;
            row.Data["keysBefore"] = string.Join(",", keys.Select(k => k.AccessKeyId));
        }

        protected override void RemoveLeftovers(RotationRun run, ISet<string> keep)
        {
            var before = new HashSet<string>((run.Row.Data.TryGetValue("keysBefore", out var b) ? b : "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            foreach (var key in List(run))
            {
                // Under our lease, a key that was not there when this rotation started is the one a lost answer made.
                if (before.Contains(key.AccessKeyId) || keep.Contains(key.AccessKeyId)) continue;
                run.Fence();
                Delete(run, key.AccessKeyId, key.Status == "Active");
                run.Step("Removed leftover key " + key.AccessKeyId);
            }
        }

        protected override NewCredentialValue Create(RotationRun run)
        {
            NewAccessKey key;
            try
            {
                key = Sync(run, ct => _keys.CreateAsync(_userName, ct));
            }
            catch (AwsServiceException ex) when (ex.Code == "LimitExceeded")
            {
                // Someone made a second key since preflight (or our own lost answer did): reconcile, never touch the current key.
                RemoveLeftovers(run, Protected(run));
                run.Fence();
                key = Sync(run, ct => _keys.CreateAsync(_userName, ct));
            }

            using (key)
            {
                return new NewCredentialValue(key.AccessKeyId, Json(key), ContentType);
            }
        }

        /// <summary>{"AccessKeyId":"…","SecretAccessKey":"…"} built in a char buffer (AWS secrets are base64-like; escaped anyway).</summary>
        private static char[] Json(NewAccessKey key)
        {
            var secret = key.Secret.ToCharArray();
            try
            {
                var head = "{\"AccessKeyId\":\"" + key.AccessKeyId + "\",\"SecretAccessKey\":\"";
                const string tail = "\"}";
                int extra = 0;
                foreach (var c in secret) if (c == '"' || c == '\\') extra++;
                var buffer = new char[head.Length + secret.Length + extra + tail.Length];
                head.CopyTo(0, buffer, 0, head.Length);
                int i = head.Length;
                foreach (var c in secret)
                {
                    if (c == '"' || c == '\\') buffer[i++] = '\\';
                    buffer[i++] = c;
                }
                tail.CopyTo(0, buffer, i, tail.Length);
                return buffer;
            }
            finally { Array.Clear(secret, 0, secret.Length); }
        }

        protected override string Prove(RotationRun run, NewCredentialValue value)
        {
            var chars = ExtractSecret(value.Value);
            try
            {
                using (var secret = AccessKeySecret.FromChars(chars))
                {
                    var me = Sync(run, ct => _keys.VerifyAsync(value.Id, secret, run.Options.AwsProofTimeout, ct));
                    if (!string.Equals(me.Arn, _userArn, StringComparison.Ordinal))
                        throw new NhiException("NhiRotationProofFailed", NhiErrorCategory.AuthenticationError, "The new key " + value.Id + " authenticates as " + me.Arn + ", not " + _userArn + ".", run.Row.IdentityId);
                    return "Proved " + value.Id + ": sts:GetCallerIdentity answered " + me.Arn + " (" + me.Attempts + " attempt" + (me.Attempts == 1 ? ")" : "s)");
                }
            }
            catch (AwsServiceException ex)
            {
                throw new NhiException("NhiRotationProofFailed", NhiErrorCategory.AuthenticationError, "The new key " + value.Id + " did not authenticate: " + ex.Message, run.Row.IdentityId);
            }
            finally { Array.Clear(chars, 0, chars.Length); }
        }

        private static char[] ExtractSecret(char[] json)
        {
            const string marker = "\"SecretAccessKey\":\"";
            var text = json;
            int start = -1;
            for (int i = 0; i + marker.Length <= text.Length && start < 0; i++)
            {
                int j = 0;
                while (j < marker.Length && text[i + j] == marker[j]) j++;
                if (j == marker.Length) start = i + j;
            }
            var result = new List<char>();
            for (int i = start; i < text.Length && text[i] != '"'; i++)
            {
                if (text[i] == '\\') i++;
                result.Add(text[i]);
            }
            var chars = result.ToArray();
            for (int i = 0; i < result.Count; i++) result[i] = '\0';
            return chars;
        }

        protected override void RemoveCredential(RotationRun run, string credentialId, string why)
        {
            Delete(run, credentialId, true);
            run.Step("Deleted " + credentialId + " (" + why + ")");
        }

        private void Delete(RotationRun run, string accessKeyId, bool deactivateFirst)
        {
            try
            {
                if (deactivateFirst) Sync(run, ct => _keys.DeactivateAsync(_userName, accessKeyId, ct).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, ct));
                Sync(run, ct => _keys.DeleteAsync(_userName, accessKeyId, ct).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, ct));
                run.Change("DeleteAccessKey", accessKeyId);
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                run.Change("DeleteAccessKey", accessKeyId, outcome: "AlreadyGone");
            }
        }

        protected override string HoldRetirement(RotationRun run)
        {
            if (!run.Row.Data.TryGetValue("promotedOn", out var p)) return null;
            var promotedOn = Journal.SqliteChangeJournal.Time(p);
            DateTime? lastUsed;
            try { lastUsed = Sync(run, ct => _keys.LastUsedAsync(run.Row.OldCredentialId, ct)); }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity") { return null; }
            return lastUsed.HasValue && lastUsed.Value > promotedOn
                ? "The old key " + run.Row.OldCredentialId + " was used at " + lastUsed.Value.ToString("u") + ", after the new key was promoted: not retiring it. Find the consumer still using it."
                : null;
        }

        protected override bool Retire(RotationRun run)
        {
            var old = run.Row.OldCredentialId;
            if (run.Row.State == RotationStates.Retiring)
            {
                RequireNotCurrent(run, old);
                var oldKey = List(run).FirstOrDefault(k => k.AccessKeyId == old);
                if (oldKey != null && oldKey.Status == "Active")
                {
                    run.Boundary("before-deactivate");
                    run.Fence();
                    Sync(run, ct => _keys.DeactivateAsync(_userName, old, ct).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, ct));
                    run.Change("DeactivateAccessKey", old, before: "Active", after: "Inactive");
                    run.Step("Deactivated " + old);
                    run.Boundary("after-deactivate");
                }
                run.Save(RotationStates.Deactivated, "Delete old key", r => r.NextStepAfter = run.Now + run.Options.DeactivationHold);
            }

            if (run.Row.NextStepAfter.HasValue && run.Now < run.Row.NextStepAfter.Value)
            {
                run.Step("Old key " + old + " is inactive; deleting it after " + run.Row.NextStepAfter.Value.ToString("u"));
                return false;
            }

            // Observe: the key the vault holds must still be there and active; otherwise bring the old one back.
            var keys = List(run);
            var current = Vault.GetCurrent(run.SecretName, run.Host);
            var held = current?.Tags != null && current.Tags.TryGetValue(VaultTags.Credential, out var h) ? h : null;
            if (held == null || !keys.Any(k => k.AccessKeyId == held && k.Status == "Active"))
            {
                if (keys.Any(k => k.AccessKeyId == old))
                {
                    run.Fence();
                    Sync(run, ct => _keys.ReactivateAsync(_userName, old, ct).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, ct));
                    run.Change("ReactivateAccessKey", old, before: "Inactive", after: "Active");
                }
                throw new RotationBlockedException("The key the vault holds (" + (held ?? "none") + ") is not an active key of " + _userName + "; the old key " + old + " was reactivated.", run.Row.IdentityId);
            }

            RequireNotCurrent(run, old);
            run.Boundary("before-delete");
            run.Fence();
            Delete(run, old, false);
            run.Step("Deleted old key " + old);
            run.Boundary("after-delete");
            return true;
        }

        private static T Sync<T>(RotationRun run, Func<CancellationToken, Task<T>> work) =>
            Task.Run(() => work(run.Host.CancellationToken)).GetAwaiter().GetResult();
    }
}
