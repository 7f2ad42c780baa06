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
        // Cmdlet names (some planned): change here only.
        public const string SetOwner = "Set-NhiOwner";
        public const string Rotate = "Invoke-NhiRotate";
        public const string RemoveCredential = "Remove-NhiCredential";
        public const string DisableIdentity = "Disable-NhiIdentity";

        private static readonly Dictionary<string, string> ByRule = new Dictionary<string, string>
        {
            [RuleIds.Unowned] = SetOwner + " -IdentityId {id} -Owner <owner>",
            [RuleIds.OwnerGone] = SetOwner + " -IdentityId {id} -Owner <new owner>",
            [RuleIds.Dormant] = DisableIdentity + " -IdentityId {id} (confirm with the owner, then delete it)",
            [RuleIds.TempAccessExpired] = DisableIdentity + " -IdentityId {id} (or renew the approval and its end date)",
            [RuleIds.ExpiredCredential] = RemoveCredential + " -IdentityId {id} -CredentialId {cred}",
            [RuleIds.RotationOverdue] = Rotate + " -IdentityId {id} -CredentialId {cred}",
            [RuleIds.LongLived] = Rotate + " -IdentityId {id} -CredentialId {cred} (new credential with an expiry within policy), or move to a federated credential or role",
            [RuleIds.UnusedCredential] = RemoveCredential + " -IdentityId {id} -CredentialId {cred}",
            [RuleIds.MultipleActiveKeys] = RemoveCredential + " -IdentityId {id} -CredentialId <the key no workload uses>",
            [RuleIds.Shared] = "Give each workload or agent its own identity and credential, then remove the shared copies.",
            [RuleIds.EnvReuse] = "Create a separate identity per environment; never store a production credential in a non-production vault.",
            [RuleIds.Overprivileged] = "Replace the listed permissions with least-privilege ones scoped to the resources the workload uses.",
            [RuleIds.CrossSystem] = "Confirm every trusted account, issuer and vault is intended; scope the trust (conditions, subjects) and remove the rest.",
            [RuleIds.HumanUse] = "Remove the console password or interactive sign-in; people sign in with their own accounts.",
            [RuleIds.WeakAuth] = "Use a certificate, federated credential or managed identity (Entra) or an assumable role (AWS), then " + RemoveCredential + " -IdentityId {id} -CredentialId {cred}.",
            [RuleIds.InsecureDeploy] = "Restrict the trust subject to one repository and branch or environment; replace pipeline keys with OIDC federation.",
            [RuleIds.ThirdParty] = "Review the vendor's need for these permissions; revoke the consent or app role assignments it does not need.",
            [RuleIds.SecretEmbedded] = Rotate + " -IdentityId {id}, then remove the secret from the file and its history",
        };

        public static string For(string rule, string identityId, string credentialId)
        {
            if (!ByRule.TryGetValue(rule, out var text)) return null;
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
