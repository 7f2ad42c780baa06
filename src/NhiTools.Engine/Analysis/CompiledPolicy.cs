using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Analysis
{
    /// <summary>A policy turned into sets for fast lookups; built once per engine, read-only afterwards.</summary>
    internal sealed class CompiledPolicy
    {
        private static readonly StringComparer Ci = StringComparer.OrdinalIgnoreCase;

        public CompiledPolicy(FindingPolicy p)
        {
            Source = p;
            OwnerTagKeys = p.OwnerTagKeys;
            GoneOwnerStates = Set(p.GoneOwnerStates);
            RotationTypes = Types(p.RotationCredentialTypes, nameof(p.RotationCredentialTypes));
            LifetimeTypes = Types(p.LifetimeCredentialTypes, nameof(p.LifetimeCredentialTypes));
            StaticKeyTypes = Types(p.StaticKeyCredentialTypes, nameof(p.StaticKeyCredentialTypes));
            SharedTagKeys = p.SharedTagKeys;
            CredentialLinkTagKeys = p.CredentialLinkTagKeys;
            EnvironmentTagKeys = p.EnvironmentTagKeys;
            Production = Set(p.ProductionEnvironments);
            NonProduction = Set(p.NonProductionEnvironments);
            AccountEnvironments = new Dictionary<string, string>(p.AccountEnvironments ?? new Dictionary<string, string>(), Ci);
            PrivilegedNames = Set(p.PrivilegedPermissions);
            HighRiskNames = Set(p.HighRiskPermissions);
            DataWideNames = Set(p.DataWidePermissions);
            PrivilegedActions = p.PrivilegedActions;
            HighRiskActions = p.HighRiskActions;
            DataWideActions = p.DataWideActions;
            PipelineWords = Set(p.PipelineWords);
            AgentWords = Set(p.AgentWords);
            TemporaryTagKeys = p.TemporaryTagKeys;
            EndDateTagKeys = p.EndDateTagKeys;
            LowRiskSecretKinds = Set(p.LowRiskSecretKinds);
            Disabled = Set(p.DisabledRules);
            TrustedAccounts = new HashSet<string>(p.TrustedAccounts ?? Array.Empty<string>(), StringComparer.Ordinal);
            SeverityOverrides = p.SeverityOverrides.ToDictionary(kv => kv.Key, kv => (Severity)Enum.Parse(typeof(Severity), kv.Value, true), Ci);
            var scope = p.GovernanceScope ?? Array.Empty<string>();
            GovernanceAll = scope.Contains("All", Ci);
            foreach (var s in scope)
                if (Enum.TryParse(s, true, out Exposure e) && e != Exposure.None) GovernanceExposure |= e;
        }

        /// <summary>GovernanceScope: All, else the exposures that make NHI-NO-PURPOSE / NHI-NOT-REVIEWED fire.</summary>
        public bool GovernanceAll { get; }
        public Exposure GovernanceExposure { get; }

        public FindingPolicy Source { get; }
        public string[] OwnerTagKeys { get; }
        public HashSet<string> GoneOwnerStates { get; }
        public HashSet<CredentialType> RotationTypes { get; }
        public HashSet<CredentialType> LifetimeTypes { get; }
        public HashSet<CredentialType> StaticKeyTypes { get; }
        public string[] SharedTagKeys { get; }
        public string[] CredentialLinkTagKeys { get; }
        public string[] EnvironmentTagKeys { get; }
        public HashSet<string> Production { get; }
        public HashSet<string> NonProduction { get; }
        public Dictionary<string, string> AccountEnvironments { get; }
        public HashSet<string> PrivilegedNames { get; }
        public HashSet<string> HighRiskNames { get; }
        public HashSet<string> DataWideNames { get; }
        public string[] PrivilegedActions { get; }
        public string[] HighRiskActions { get; }
        public string[] DataWideActions { get; }
        public HashSet<string> PipelineWords { get; }
        public HashSet<string> AgentWords { get; }
        public string[] TemporaryTagKeys { get; }
        public string[] EndDateTagKeys { get; }
        public HashSet<string> LowRiskSecretKinds { get; }
        public HashSet<string> Disabled { get; }
        public HashSet<string> TrustedAccounts { get; }
        public Dictionary<string, Severity> SeverityOverrides { get; }

        private static HashSet<string> Set(IEnumerable<string> items) => new HashSet<string>(items ?? Enumerable.Empty<string>(), Ci);

        private static HashSet<CredentialType> Types(IEnumerable<string> names, string key)
        {
            var set = new HashSet<CredentialType>();
            foreach (var n in names ?? Enumerable.Empty<string>())
            {
                if (!Enum.TryParse(n, true, out CredentialType t) || int.TryParse(n, out _))
                    throw new Hosting.NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                        "Policy '" + key + "' names an unknown credential type '" + n + "'. Known: " + string.Join(", ", Enum.GetNames(typeof(CredentialType))) + ".", key);
                set.Add(t);
            }
            return set;
        }

        /// <summary>prod / nonprod / null for one environment word.</summary>
        public bool? IsProduction(string token)
        {
            if (string.IsNullOrEmpty(token)) return null;
            if (Production.Contains(token)) return true;
            if (NonProduction.Contains(token)) return false;
            return null;
        }
    }
}
