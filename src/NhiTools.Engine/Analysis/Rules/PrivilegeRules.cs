using System.Linq;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>NHI5 Overprivileged and access bridges, NHI3 third-party apps with risky rights.</summary>
    internal static class PrivilegeRules
    {
        public static void Evaluate(IdentityFacts f, RuleContext c)
        {
            if (f.Privilege != null && f.MaxPrivilege.HasValue)
            {
                // Strongest first, so the evidence leads with what matters.
                var listed = string.Join("; ", f.Privilege.OrderByDescending(m => m.Level).Select(m => m.Describe()));
                if (c.Wants(RuleIds.Overprivileged))
                    c.Add(RuleIds.Overprivileged, f.MaxPrivilege.Value, "Holds " + listed + ".");
                if (c.Wants(RuleIds.ThirdParty) && f.I.ThirdParty)
                    c.Add(RuleIds.ThirdParty, f.MaxPrivilege.Value >= Severity.High ? Severity.High : Severity.Medium,
                        "App registered in another organisation holds " + listed + ".");
            }
            if (c.Wants(RuleIds.CrossSystem) && f.CrossReasons.Count > 0)
                c.Add(RuleIds.CrossSystem, f.CrossToAnyone ? Severity.High : Severity.Medium, "Access bridge: " + string.Join("; ", f.CrossReasons) + ".");
        }
    }
}
