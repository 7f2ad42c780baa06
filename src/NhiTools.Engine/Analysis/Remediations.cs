using System.Collections.Generic;

namespace NhiTools.Engine.Analysis
{
    /// <summary>
    /// The fix for each rule, in one table so planned cmdlet names are easy to change. {id} and {cred} are
    /// replaced by the quoted identity and credential ids; parameter names match Finding property names,
    /// so a finding pipes into the command.
    /// </summary>
    internal static class Remediations
    {
        // Only commands that exist are named; the rest is advice.
        public const string SetOwner = "Set-NhiOwner";
        public const string RemoveCredential = "Remove-NhiCredential";
        /// <summary>Findings about a registered agent carry IdentityId agent:&lt;name&gt;.</summary>
        public const string AgentPrefix = "agent:";

        private static readonly Dictionary<string, string> ByRule = new Dictionary<string, string>
        {
            [RuleIds.Unowned] = "Get-NhiIdentity ... | Where-Object Id -eq {id} | " + SetOwner + " -Owner <owner>",
            [RuleIds.OwnerGone] = "Get-NhiIdentity ... | Where-Object Id -eq {id} | " + SetOwner + " -Owner <new owner> -Replace",
            [RuleIds.Dormant] = "Disable-NhiIdentity -IdentityId {id}  (quarantine, reversible with Undo-NhiChange; confirm with the owner that nothing uses it, then delete it)",
            [RuleIds.TempAccessExpired] = "Disable-NhiIdentity -IdentityId {id}  (quarantine now, reversible with Undo-NhiChange), or renew the approval and its end date",
            [RuleIds.ExpiredCredential] = RemoveCredential + " -IdentityId {id} -CredentialId {cred}  (remove the expired credential)",
            [RuleIds.RotationOverdue] = "Rotate {cred} of {id} into its vault secret (a proved new credential, the old one retired after the grace period): Invoke-NhiRotate -IdentityId {id} -CredentialId {cred} -VaultUri <vault>",
            [RuleIds.LongLived] = "Replace {cred} of {id} with a credential that expires within policy (Invoke-NhiRotate -IdentityId {id} -CredentialId {cred} -VaultUri <vault>), or move to a federated credential or role.",
            [RuleIds.UnusedCredential] = RemoveCredential + " -IdentityId {id} -CredentialId {cred}  (AWS keys are deactivated first and deleted by a run after 7 days; watch for failures meanwhile)",
            [RuleIds.MultipleActiveKeys] = "Find which key of {id} its workloads use (last use), then " + RemoveCredential + " -IdentityId {id} -CredentialId <the other key>",
            [RuleIds.Shared] = "Give each workload or agent its own identity and credential, then remove the shared copies.",
            [RuleIds.EnvReuse] = "Create a separate identity per environment; never store a production credential in a non-production vault.",
            [RuleIds.Overprivileged] = "Replace the listed permissions with least-privilege ones scoped to the resources the workload uses, then revoke them (AWS: Revoke-NhiPermission -IdentityId {id} -Permission <policy>).",
            [RuleIds.UnusedPermission] = "Remove the unused rights of {id} named in the evidence (AWS: Revoke-NhiPermission -IdentityId {id} -Permission <policy>), or replace its policy with one scoped to the services and actions it used.",
            [RuleIds.CrossSystem] = "Confirm every trusted account, issuer and vault is intended; scope the trust (conditions, subjects) and remove the rest.",
            [RuleIds.AnomalousUse] = "Find out who made the call named in the evidence. If it is not a known workload, treat the credential as leaked: rotate it (Invoke-NhiRotate), make sure the retired one is deleted, and review what the identity did since.",
            [RuleIds.HumanUse] = "Remove the console password or interactive sign-in; people sign in with their own accounts.",
            [RuleIds.WeakAuth] = "Use a certificate, federated credential or managed identity (Entra) or an assumable role (AWS), then remove {cred} from {id}.",
            [RuleIds.InsecureDeploy] = "Restrict the trust subject to one repository and branch or environment; replace pipeline keys with OIDC federation.",
            [RuleIds.ThirdParty] = "Review the vendor's need for these permissions; revoke the consent or app role assignments it does not need.",
            [RuleIds.AgentInherited] = "Give the agent an identity of its own with only the rights it needs, register it (Register-NhiAgent -Name <agent> -Identity <new id>), then take the agent off the shared or older identity.",
            [RuleIds.AgentUnscoped] = "Remove the undeclared rights from the agent's identities, or, if it needs them, declare them: Get-NhiAgent -Name <agent> | Register-NhiAgent -AllowedPermission <permissions>.",
            [RuleIds.NoPurpose] = "Get-NhiIdentity ... | Where-Object Id -eq {id} | Set-NhiPurpose '<what it is for, which system it serves>'",
            [RuleIds.NotReviewed] = "Get-NhiIdentity ... | Where-Object Id -eq {id} | New-NhiReview -Name <campaign> -DueOn <date>; its owner records a decision with Set-NhiReviewDecision.",
            [RuleIds.AgentUnowned] = "Get-NhiAgent -Name <agent> | Register-NhiAgent -Owner <owner>",
            [RuleIds.AgentChained] = "Scope sts:AssumeRole to the roles the agent needs (or remove it), remove the agent's identities from other roles' trust policies, and stop it reading secrets of other identities.",
            [RuleIds.SecretEmbedded] = "Rotate the credential of {id} that was found, then remove the secret from the file and its history.",
        };

        public static string For(string rule, string identityId, string credentialId)
        {
            if (!ByRule.TryGetValue(rule, out var text)) return null;
            if (identityId != null && identityId.StartsWith(AgentPrefix, System.StringComparison.OrdinalIgnoreCase))
                return text.Replace("<agent>", Quote(identityId.Substring(AgentPrefix.Length)));
            if (identityId == null && text.Contains("{id}"))
                return rule == RuleIds.SecretEmbedded
                    ? "Revoke the secret where it was issued, then remove it from the file and its history."
                    : text.Replace("{id}", "<identity>");
            return text.Replace("{id}", Quote(identityId)).Replace("{cred}", credentialId == null ? "<credential>" : Quote(credentialId));
        }

        /// <summary>PowerShell single-quoted literal: nothing in it expands.</summary>
        private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";
    }
}
