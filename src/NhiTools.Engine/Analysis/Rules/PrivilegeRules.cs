using System.Linq;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>NHI5 Overprivileged and access bridges, NHI3 third-party apps with risky rights.</summary>
    internal static class PrivilegeRules
    {
        public static void Evaluate(IdentityFacts f, RuleContext c)
        {
            if (f.I.Kind == IdentityKind.RootAccount)
            {
                RootAccount(f, c);
                return;
            }
            // Privilege-escalation paths: permission combinations that let it make itself admin, spelled out.
            var paths = c.Wants(RuleIds.Overprivileged) ? EscalationPaths.Find(f.I) : null;
            string pathText = paths == null || paths.Count == 0 ? null
                : " Escalation " + Text.Plural(paths.Count, "path", "paths") + " to admin: " + string.Join("; ", paths.Select(p => p.Method + " (" + string.Join(" + ", p.Steps) + ": " + p.Outcome + (p.Conditional ? "; only under the condition named" : "") + ")")) + ".";
            if (f.Privilege != null && f.MaxPrivilege.HasValue)
            {
                // Strongest first, so the evidence leads with what matters.
                var listed = string.Join("; ", f.Privilege.OrderByDescending(m => m.Level).Select(m => m.Describe()));
                var level = f.MaxPrivilege.Value;
                if (pathText != null && level < Severity.High && paths.Any(p => !p.Conditional)) level = Severity.High;
                if (c.Wants(RuleIds.Overprivileged))
                    c.Add(RuleIds.Overprivileged, level, "Holds " + listed + "." + (pathText ?? ""));
                if (c.Wants(RuleIds.ThirdParty) && f.I.ThirdParty)
                    c.Add(RuleIds.ThirdParty, f.MaxPrivilege.Value >= Severity.High ? Severity.High : Severity.Medium,
                        "App registered in another organisation holds " + listed + ".");
            }
            else if (pathText != null)
                c.Add(RuleIds.Overprivileged, paths.Any(p => !p.Conditional) ? Severity.High : Severity.Medium, pathText.TrimStart());
            // Someone else's account trusted to assume this role is decided at the end, once every account in the
            // run is known (a trust between two of your own accounts is not third-party).
            if (c.Wants(RuleIds.CrossSystem) && f.CrossReasons.Count > 0)
                c.Add(RuleIds.CrossSystem, f.CrossToAnyone ? Severity.High : f.OnlyPinnedFederation ? Severity.Low : Severity.Medium, "Access bridge: " + string.Join("; ", f.CrossReasons) + ".");
        }
    
        /// <summary>
        /// The AWS root user: unrestricted by definition and cannot be scoped. Only its access keys are a finding
        /// (root keys should not exist); its password is the account owner's, not an NHI's.
        /// </summary>
        private static void RootAccount(IdentityFacts f, RuleContext c)
        {
            if (!c.Wants(RuleIds.Overprivileged)) return;
            var keys = f.Live.Where(cr => cr.Type == CredentialType.AccessKey).ToList();
            if (keys.Count == 0) return;
            c.Add(RuleIds.Overprivileged, Severity.Critical,
                "Root account of " + f.I.Account + " has active access " + Text.Plural(keys.Count, "key ", "keys ")
                + string.Join(", ", keys.Select(k => k.Id + (k.CreatedOn.HasValue ? " (created " + Text.Day(k.CreatedOn.Value) + (k.LastUsedOn.HasValue ? ", last used " + Text.Day(k.LastUsedOn.Value) : "") + ")" : "")))
                + ": unrestricted access that no policy can limit; delete root access keys.", keys.Count == 1 ? keys[0].Id : null);
        }
    }
}
