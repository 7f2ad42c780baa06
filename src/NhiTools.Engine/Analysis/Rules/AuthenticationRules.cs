using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>How the identity authenticates: NHI10 human use, NHI4 weak methods, NHI6 insecure deployment trust.</summary>
    internal static class AuthenticationRules
    {
        public static void Evaluate(IdentityFacts f, RuleContext c)
        {
            if (c.Wants(RuleIds.HumanUse)) HumanUse(f, c);
            if (c.Wants(RuleIds.WeakAuth)) WeakAuth(f, c);
            if (c.Wants(RuleIds.InsecureDeploy)) InsecureDeploy(f, c);
        }

        private static void HumanUse(IdentityFacts f, RuleContext c)
        {
            var i = f.I;
            var password = f.Live.FirstOrDefault(cr => cr.Type == CredentialType.Password);
            if (!i.HasPassword && password == null) return;
            DateTime? used = i.PasswordLastUsedOn ?? password?.LastUsedOn;
            string mfa = i.MfaActive ? "MFA on" : "no MFA";
            if (used.HasValue)
                c.Add(RuleIds.HumanUse, Severity.High,
                    "Console password / interactive sign-in enabled (" + mfa + ") and last used " + c.Ago(used.Value) + ".", password?.Id);
            else
                c.Add(RuleIds.HumanUse, Severity.Medium,
                    "Console password / interactive sign-in enabled (" + mfa + "), no use recorded.", password?.Id);
        }

        private static void WeakAuth(IdentityFacts f, RuleContext c)
        {
            var i = f.I;
            if (i.ThirdParty) return; // a vendor's app: its credentials live in the vendor's tenant
            bool entra = string.Equals(i.Provider, "Entra", StringComparison.OrdinalIgnoreCase)
                         || i.Kind == IdentityKind.Application || i.Kind == IdentityKind.ServicePrincipal || i.Kind == IdentityKind.AgentIdentity;
            if (entra)
            {
                var secrets = f.Live.Where(cr => cr.Type == CredentialType.ClientSecret).ToList();
                if (secrets.Count > 0)
                    c.Add(RuleIds.WeakAuth, Severity.Low,
                        "Authenticates with " + Text.Plural(secrets.Count, "a client secret", secrets.Count + " client secrets") + " (" + string.Join(", ", secrets.Select(s => s.Id))
                        + ") where a certificate, federated credential or managed identity would do.", secrets.Count == 1 ? secrets[0].Id : null);
            }
            // A password without MFA on an NHI: one guessed or phished password is the whole identity.
            if ((i.HasPassword || f.Live.Exists(cr => cr.Type == CredentialType.Password)) && !i.MfaActive)
                c.Add(RuleIds.WeakAuth, Severity.Medium,
                    "Console password / interactive sign-in enabled without MFA" + (i.PasswordLastUsedOn.HasValue ? " (last used " + c.Ago(i.PasswordLastUsedOn.Value) + ")" : "") + ".");
            if (i.Kind == IdentityKind.IamUser)
            {
                var keys = f.Live.Where(cr => cr.Type == CredentialType.AccessKey).ToList();
                if (keys.Count > 0)
                    c.Add(RuleIds.WeakAuth, Severity.Low,
                        "IAM user with long-term access " + Text.Plural(keys.Count, "key ", "keys ") + string.Join(", ", keys.Select(k => k.Id))
                        + " where an assumable role (temporary credentials) would do.", keys.Count == 1 ? keys[0].Id : null);
            }
        }

        private static void InsecureDeploy(IdentityFacts f, RuleContext c)
        {
            foreach (var t in f.Federated ?? new List<TrustEntry>())
            {
                // Cognito identity pools pin the pool with aud, not sub.
                if (t.Value != null && t.Value.StartsWith("cognito-identity.", StringComparison.OrdinalIgnoreCase) && t.HasCondition("aud")) continue;
                string why = null;
                if (t.Subjects == null) why = UnrestrictedSubject(null);
                else foreach (var sub in t.Subjects) { why = UnrestrictedSubject(sub); if (why != null) break; }
                if (why != null)
                    c.Add(RuleIds.InsecureDeploy, Severity.High,
                        "OIDC trust " + t.Raw + " from issuer " + t.Value + " " + why + ": any workload of that issuer matching it can sign in as this identity.", t.CredentialId);
            }
            if (f.AutomationWhy != null)
            {
                var keys = f.Live.Where(cr => c.Policy.StaticKeyTypes.Contains(cr.Type)).ToList();
                if (keys.Count > 0)
                    c.Add(RuleIds.InsecureDeploy, Severity.Medium,
                        "Static " + Text.Plural(keys.Count, "credential ", "credentials ") + string.Join(", ", keys.Select(k => k.Id))
                        + " used by a pipeline (" + f.AutomationWhy + "); use OIDC federation instead.", keys.Count == 1 ? keys[0].Id : null);
            }
        }

        /// <summary>
        /// Why a trust subject lets in more than one workload, or null when it is pinned. GitHub subjects must name
        /// one repository (repo:org/app:...; any ref of that repo is accepted); others must have no wildcard.
        /// </summary>
        internal static string UnrestrictedSubject(string subject)
        {
            if (string.IsNullOrWhiteSpace(subject)) return "sets no subject (sub) condition";
            string s = subject.Trim();
            if (s.Trim('*', '?').Length == 0) return "accepts any subject ('" + s + "')";
            if (s.StartsWith("repo:", StringComparison.OrdinalIgnoreCase))
            {
                string rest = s.Substring(5);
                int colon = rest.IndexOf(':');
                string ownerRepo = colon < 0 ? rest : rest.Substring(0, colon);
                int slash = ownerRepo.IndexOf('/');
                if (slash <= 0 || slash == ownerRepo.Length - 1 || ownerRepo.IndexOfAny(new[] { '*', '?' }) >= 0)
                    return "has a wildcard subject '" + s + "' that matches more than one repository";
                return null;
            }
            if (s.IndexOfAny(new[] { '*', '?' }) >= 0) return "has a wildcard subject '" + s + "'";
            return null;
        }
    }
}
