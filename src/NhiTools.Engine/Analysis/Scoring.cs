using System;

namespace NhiTools.Engine.Analysis
{
    /// <summary>
    /// Score 0-100 = base(severity) + exposure bonuses, capped at 100. Deterministic: the same finding on the
    /// same identity always scores the same.
    ///   base:     Info 5, Low 20, Medium 40, High 60, Critical 80
    ///   +15 privileged   (holds an admin-equivalent permission, or is the AWS root user)
    ///   +10 cross-system (assumable from another account or issuer, credential in several places, several
    ///                     accounts/tenants or resource apps, or spans production and non-production)
    ///   +10 unowned      (no owner, or every owner has left; managed identities are owned by their resource)
    ///   +10 production   (any production environment)
    ///   +10 AI agent     (AgentIdentity kind or agent words) — else +5 automation (pipeline words)
    /// So admin + cross-account + unowned (80+15+10+10) outranks a lone stale secret (40).
    /// </summary>
    internal static class Scoring
    {
        public static int Base(Severity s)
        {
            switch (s)
            {
                case Severity.Critical: return 80;
                case Severity.High: return 60;
                case Severity.Medium: return 40;
                case Severity.Low: return 20;
                default: return 5;
            }
        }

        public static int Score(Severity severity, Exposure exposure)
        {
            int score = Base(severity);
            if ((exposure & Exposure.Privileged) != 0) score += 15;
            if ((exposure & Exposure.CrossSystem) != 0) score += 10;
            if ((exposure & Exposure.Unowned) != 0) score += 10;
            if ((exposure & Exposure.Production) != 0) score += 10;
            if ((exposure & Exposure.Agent) != 0) score += 10;
            else if ((exposure & Exposure.Automation) != 0) score += 5;
            return Math.Min(100, score);
        }
    }
}
