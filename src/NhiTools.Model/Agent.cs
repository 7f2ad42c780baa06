using System;

namespace NhiTools
{
    /// <summary>
    /// An AI agent seen as one thing: the identities it acts through and the union of what they can do
    /// (Register-NhiAgent, Get-NhiAgent). Agents hold no credentials of their own; their access is their identities'.
    /// Property names match Register-NhiAgent's parameters, so a registration pipes back into it.
    /// </summary>
    public sealed class Agent
    {
        public string Name { get; set; }
        /// <summary>Ids of the identities the agent acts through (service accounts, roles, app registrations, vault secrets).</summary>
        public string[] Identities { get; set; } = Array.Empty<string>();
        /// <summary>The person or team accountable for the agent (not the owners of its identities).</summary>
        public string Owner { get; set; }
        public string Purpose { get; set; }
        /// <summary>Systems the agent is meant to reach (aws:&lt;account&gt;, entra:&lt;tenant&gt;, keyvault:&lt;vault&gt;, ARNs, resource apps); wildcards allowed.</summary>
        public string[] AllowedSystems { get; set; } = Array.Empty<string>();
        /// <summary>Permissions or actions the agent is meant to hold (bedrock:InvokeModel, s3:Get*, User.Read.All); wildcards allowed.</summary>
        public string[] AllowedPermissions { get; set; } = Array.Empty<string>();
        /// <summary>When the agent went into service (given at registration; default the time of registration).</summary>
        public DateTime? RegisteredOn { get; set; }
        /// <summary>When the registration was last written to the store.</summary>
        public DateTime? UpdatedOn { get; set; }

        // ---- Computed from the identities (Get-NhiAgent with identities piped in; empty otherwise).

        /// <summary>What its identities reach, together, without duplicates.</summary>
        public string[] EffectiveSystems { get; set; } = Array.Empty<string>();
        /// <summary>The union of its identities' permissions; Via names every identity that grants each one.</summary>
        public AgentPermission[] EffectivePermissions { get; set; } = Array.Empty<AgentPermission>();
        /// <summary>Effective permissions beyond AllowedPermissions / AllowedSystems.</summary>
        public AgentPermission[] UndeclaredPermissions { get; set; } = Array.Empty<AgentPermission>();
        /// <summary>Effective systems that no AllowedSystems entry covers (empty when AllowedSystems is empty).</summary>
        public string[] UndeclaredSystems { get; set; } = Array.Empty<string>();
        /// <summary>Identities shared with other agents or workloads, or older than the agent and holding rights of their own.</summary>
        public AgentInheritance[] InheritedIdentities { get; set; } = Array.Empty<AgentInheritance>();
        /// <summary>Further identities the agent can become through its identities (assumable roles, secrets it can read).</summary>
        public AgentChain[] Chains { get; set; } = Array.Empty<AgentChain>();
        /// <summary>Registered identity ids that were not among the identities given: the effective access is incomplete.</summary>
        public string[] MissingIdentities { get; set; } = Array.Empty<string>();
        /// <summary>True when Effective* were computed from identities.</summary>
        public bool Resolved { get; set; }

        // ---- Discovery (Get-NhiAgent -Candidate): likely agents that nobody registered.

        public bool IsCandidate { get; set; }
        public string CandidateReason { get; set; }

        /// <summary>The store the registration was read from (null for candidates).</summary>
        public string StorePath { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>One permission an agent holds through one or more of its identities.</summary>
    public sealed class AgentPermission
    {
        public string Name { get; set; }
        public PermissionType Type { get; set; }
        public string Resource { get; set; }
        public string[] Actions { get; set; } = Array.Empty<string>();
        public bool AdminEquivalent { get; set; }
        /// <summary>Ids of the identities that grant it.</summary>
        public string[] Via { get; set; } = Array.Empty<string>();
        /// <summary>For undeclared permissions: why (which actions or which system the declarations do not cover).</summary>
        public string Reason { get; set; }

        public override string ToString() => string.IsNullOrEmpty(Resource) || Resource == "*" ? Name : Name + " on " + Resource;
    }

    /// <summary>An identity an agent acts through that it did not get for itself.</summary>
    public sealed class AgentInheritance
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        /// <summary>Other agents (agent:&lt;name&gt;) and workloads (from workload tags) that use the same identity.</summary>
        public string[] SharedWith { get; set; } = Array.Empty<string>();
        /// <summary>When the identity was created, when known.</summary>
        public DateTime? CreatedOn { get; set; }
        /// <summary>True when the identity existed before the agent went into service.</summary>
        public bool PredatesAgent { get; set; }
        /// <summary>The rights the identity brings with it (permission names, with resources).</summary>
        public string[] Rights { get; set; } = Array.Empty<string>();
        public string Reason { get; set; }

        public override string ToString() => IdentityId;
    }

    /// <summary>A step from one of the agent's identities to a further identity (or to "any role").</summary>
    public sealed class AgentChain
    {
        /// <summary>The agent's identity the chain starts from.</summary>
        public string FromIdentity { get; set; }
        /// <summary>The identity reached, or the resource pattern when it names no known identity.</summary>
        public string To { get; set; }
        /// <summary>How: sts:AssumeRole on ..., trust policy of ..., reads secret ... holding a credential of ...</summary>
        public string Via { get; set; }
        /// <summary>The step reaches any role (a wildcard) or an identity holding admin-equivalent or high-risk rights.</summary>
        public bool Broad { get; set; }

        public override string ToString() => FromIdentity + " -> " + To;
    }
}
