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
        // Only commands that exist are named; the rest is advice until rotation and removal cmdlets ship.
        public const string SetOwner = "Set-NhiOwner";
        /// <summary>Findings about a registered agent carry IdentityId agent:&lt;name&gt;.</summary>
        public const string AgentPrefix = "agent:";

        private static readonly Dictionary<string, string> ByRule = new Dictionary<string, string>
        {
            [RuleIds.Unowned] = "Get-NhiIdentity ... | Where-Object Id -eq {id} | " + SetOwner + " -Owner <owner>",
            [RuleIds.OwnerGone] = "Get-NhiIdentity ... | Where-Object Id -eq {id} | " + SetOwner + " -Owner <new owner> -Replace",
            [RuleIds.Dormant] = "Confirm with the owner that nothing uses {id}, disable its credentials, then delete it.",
            [RuleIds.TempAccessExpired] = "Revoke {id} now (disable its credentials, remove its rights), or renew the approval and its end date.",
            [RuleIds.ExpiredCredential] = "Remove the expired credential {cred} from {id}. If a workload still needs it, replace it first: Invoke-NhiRotate -IdentityId {id} -CredentialId {cred} -VaultUri <vault> -Force",
            [RuleIds.RotationOverdue] = "Rotate {cred} of {id} into its vault secret (a proved new credential, the old one retired after the grace period): Invoke-NhiRotate -IdentityId {id} -CredentialId {cred} -VaultUri <vault>",
            [RuleIds.LongLived] = "Replace {cred} of {id} with a credential that expires within policy (Invoke-NhiRotate -IdentityId {id} -CredentialId {cred} -VaultUri <vault>), or move to a federated credential or role.",
            [RuleIds.UnusedCredential] = "Deactivate {cred} of {id}, watch for failures, then delete it.",
            [RuleIds.MultipleActiveKeys] = "Find which key of {id} its workloads use (last use), deactivate the other, then delete it.",
            [RuleIds.Shared] = "Give each workload or agent its own identity and credential, then remove the shared copies.",
            [RuleIds.EnvReuse] = "Create a separate identity per environment; never store a production credential in a non-production vault.",
            [RuleIds.Overprivileged] = "Replace the listed permissions with least-privilege ones scoped to the resources the workload uses.",
            [RuleIds.UnusedPermission] = "Remove the unused rights of {id} named in the evidence, or replace its policy with one scoped to the services and actions it used.",
            [RuleIds.CrossSystem] = "Confirm every trusted account, issuer and vault is intended; scope the trust (conditions, subjects) and remove the rest.",
            [RuleIds.HumanUse] = "Remove the console password or interactive sign-in; people sign in with their own accounts.",
            [RuleIds.WeakAuth] = "Use a certificate, federated credential or managed identity (Entra) or an assumable role (AWS), then remove {cred} from {id}.",
            [RuleIds.InsecureDeploy] = "Restrict the trust subject to one repository and branch or environment; replace pipeline keys with OIDC federation.",
            [RuleIds.ThirdParty] = "Review the vendor's need for these permissions; revoke the consent or app role assignments it does not need.",
            [RuleIds.AgentInherited] = "Give the agent an identity of its own with only the rights it needs, register it (Register-NhiAgent -Name <agent> -Identity <new id>), then take the agent off the shared or older identity.",
            [RuleIds.AgentUnscoped] = "Remove the undeclared rights from the agent's identities, or, if it needs them, declare them: Get-NhiAgent -Name <agent> | Register-NhiAgent -AllowedPermission <permissions>.",
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
