using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Registers an AI agent: the identities it acts through, its owner, purpose and what it is meant to reach. Kept in
    /// the NhiTools store; registering a name again updates it. Identities piped in (by their Id) join one agent.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "NhiAgent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Agent))]
    public sealed class RegisterNhiAgentCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AgentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        /// <summary>Identity ids (or NhiTools.Identity objects: their Id binds from the pipeline). Needed for a new agent; kept when updating without it.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Identities")]
        [ValidateNotNullOrEmpty]
        [IdentityIdArgument]
        public string[] Identity { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Owner { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string Purpose { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AllowedSystems")]
        [SupportsWildcards]
        public string[] AllowedSystem { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("AllowedPermissions")]
        [SupportsWildcards]
        public string[] AllowedPermission { get; set; }

        /// <summary>When the agent went into service (default: now on first registration, kept on updates).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [UtcDate]
        public DateTime? RegisteredOn { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        // One registration per agent name, gathered over the whole input: piped identities join their agent.
        private readonly Dictionary<string, Pending> pending = new Dictionary<string, Pending>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Pending> order = new List<Pending>();
        private NhiStore store;

        private sealed class Pending
        {
            public string Name;
            public readonly List<string> Identities = new List<string>();
            public Dictionary<string, object> Given = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        }

        protected override void ProcessRecord()
        {
            Run(() => AgentStore.ValidateName(Name));
            if (!pending.TryGetValue(Name, out var p))
            {
                pending[Name] = p = new Pending { Name = Name };
                order.Add(p);
            }

            foreach (var id in Identity ?? Array.Empty<string>())
            {
                if (!string.IsNullOrWhiteSpace(id) && !p.Identities.Contains(id.Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    p.Identities.Add(id.Trim());
                }
            }

            // Only what was given (on the command line or from the pipeline) replaces the stored value on an update.
            foreach (var key in new[] { nameof(Owner), nameof(Purpose), nameof(AllowedSystem), nameof(AllowedPermission), nameof(RegisteredOn) })
            {
                if (MyInvocation.BoundParameters.TryGetValue(key, out var value))
                {
                    p.Given[key] = value;
                }
            }
        }

        protected override void EndProcessing()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            foreach (var p in order)
            {
                // Reading whether it exists opens only a store that is already there: -WhatIf never creates one.
                Agent existing = null;
                if (File.Exists(path))
                {
                    Run(() => existing = Store(path).Agents.Find(p.Name));
                }

                var agent = Merge(p, existing);
                if (agent.Identities.Length == 0)
                {
                    WriteError(new ErrorRecord(new ArgumentException("Agent '" + p.Name + "' is not registered yet: give -Identity with the identities it acts through."),
                        "NhiAgentWithoutIdentity", ErrorCategory.InvalidArgument, p.Name));
                    continue;
                }

                var action = (existing == null ? "Register agent acting through " : "Update the registered agent (it exists) to act through ")
                    + string.Join(", ", agent.Identities);
                if (!ShouldProcess("agent " + agent.Name + " in " + path, action))
                {
                    continue;
                }

                Run(() =>
                {
                    // Merged again with the registration as stored inside the write transaction: an overlapping update of
                    // other fields is kept, not overwritten from the copy read above.
                    Agent before = null;
                    var saved = Store(path).Agents.Save(p.Name, stored => Merge(p, before = stored), Environment.UserName, DateTime.UtcNow, out var replaced);
                    if (replaced)
                    {
                        WriteWarning("Agent '" + saved.Name + "' was already registered: its registration was updated (identities: "
                            + string.Join(", ", before.Identities) + " -> " + string.Join(", ", saved.Identities) + ").");
                    }

                    WriteObject(saved);
                });
            }
        }

        private static Agent Merge(Pending p, Agent existing) => new Agent
        {
            Name = existing?.Name ?? p.Name,
            Identities = p.Identities.Count > 0 ? p.Identities.ToArray() : existing?.Identities ?? Array.Empty<string>(),
            Owner = Given(p, nameof(Owner), existing?.Owner),
            Purpose = Given(p, nameof(Purpose), existing?.Purpose),
            AllowedSystems = Given(p, nameof(AllowedSystem), existing?.AllowedSystems) ?? Array.Empty<string>(),
            AllowedPermissions = Given(p, nameof(AllowedPermission), existing?.AllowedPermissions) ?? Array.Empty<string>(),
            RegisteredOn = Given(p, nameof(RegisteredOn), existing?.RegisteredOn),
        };

        private static T Given<T>(Pending p, string key, T fallback)
        {
            if (!p.Given.TryGetValue(key, out var value))
            {
                return fallback;
            }

            value = value is PSObject ps ? ps.BaseObject : value;
            return value is T typed ? typed : fallback;
        }

        private NhiStore Store(string path) => store ?? (store = NhiStore.Open(path));

        public void Dispose() => store?.Dispose();
    }
}
