using System;
using System.Collections.Generic;
using System.Management.Automation;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;

namespace NhiTools.Host
{
    /// <summary>
    /// Base of the cleanup cmdlets. Input is collected in ProcessRecord and acted on in EndProcessing, so the
    /// -MaximumChanges guard sees the whole pipeline before the first write. Accepts identities (Get-NhiIdentity),
    /// findings (Get-NhiFinding), rotation statuses (Test-NhiRotation), ids, or objects with those property names.
    /// </summary>
    public abstract class CleanupCmdlet : JournaledChangeCmdlet
    {
        /// <summary>An Identity, Finding or RotationStatus (or an identity id string).</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject InputObject { get; set; }

        /// <summary>Identity ids (Identity.Id, Finding.IdentityId, RotationStatus.IdentityId bind by property name).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] IdentityId { get; set; }

        /// <summary>A policy file (.psd1) with ProtectedIdentities, ProtectedTagKeys and the rule thresholds the reasons are re-checked with.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        /// <summary>
        /// Activity logs (files or folders, as Get-NhiFinding -ActivityPath): -WhatIf and -Confirm say who uses each
        /// target, and a target used after its finding was made is refused (NhiIdentityInUse).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] ActivityPath { get; set; }

        private readonly List<CleanupTarget> targets = new List<CleanupTarget>();
        /// <summary>True for cmdlets about one credential (the finding's or status's CredentialId is kept).</summary>
        protected virtual bool UsesCredential => false;

        /// <summary>-CredentialId of the credential cmdlets.</summary>
        protected virtual string[] CredentialIds => null;

        protected override void ProcessRecord()
        {
            var added = false;
            var o = InputObject?.BaseObject;
            switch (o)
            {
                case Identity i:
                    Add(new CleanupTarget { IdentityId = i.Id, Provider = i.Provider, IdentityName = i.Name, AsRead = i });
                    added = true;
                    break;
                case Finding f:
                    Add(new CleanupTarget { IdentityId = f.IdentityId, Provider = f.Provider, IdentityName = f.IdentityName, Rule = f.Rule, Evidence = f.Evidence, CredentialId = f.CredentialId, FindingAsOf = f.AsOf == default(DateTime) ? (DateTime?)null : f.AsOf });
                    added = true;
                    break;
                case RotationStatus r:
                    Add(new CleanupTarget { IdentityId = r.IdentityId, Provider = r.Provider, IdentityName = r.IdentityName, Status = r, CredentialId = r.CredentialId });
                    added = true;
                    break;
                case string s when IdentityId == null:
                    Add(new CleanupTarget { IdentityId = s });
                    added = true;
                    break;
            }
            if (added) return;
            if (IdentityId == null)
            {
                if (InputObject != null)
                    WriteError(new ErrorRecord(new ArgumentException("The input has no Id or IdentityId property."), CleanupErrors.InvalidTarget, ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            // Deserialized findings or identities (a job's output, Import-Clixml): take the facts by property name.
            string P(string name) => InputObject?.Properties[name]?.Value?.ToString();
            foreach (var id in IdentityId)
                Add(new CleanupTarget { IdentityId = id, Provider = P("Provider"), IdentityName = P("IdentityName") ?? P("Name"), Rule = P("Rule"), Evidence = P("Evidence"), CredentialId = P("CredentialId") });
        }

        /// <summary>-Permission of Revoke-NhiPermission: one target per identity and permission.</summary>
        protected virtual string[] Permissions => null;

        private void Add(CleanupTarget t)
        {
            t.Note = Reason;
            if (Permissions != null)
            {
                foreach (var p in Permissions)
                {
                    var copy = t.Clone();
                    copy.CredentialId = null;
                    copy.Permission = p;
                    targets.Add(copy);
                }
                return;
            }
            if (!UsesCredential)
            {
                t.CredentialId = null;
                targets.Add(t);
                return;
            }
            var ids = CredentialIds;
            if (ids == null || ids.Length == 0)
            {
                targets.Add(t);
                return;
            }
            foreach (var c in ids)
            {
                var copy = t.Clone();
                copy.CredentialId = c;
                targets.Add(copy);
            }
        }

        protected override void EndProcessing()
        {
            Run(() =>
            {
                var policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy));
                OpenJournal();
                var runner = NewRunner(policy, Verb);
                if (ActivityPath != null) runner.Usage = ReadUsage();
                Configure(runner);
                foreach (var change in runner.Run(targets, Plan))
                    WriteObject(change);
            });
        }

        /// <summary>Usage of every target, by identity id, from -ActivityPath (one streaming pass over the logs).</summary>
        private Dictionary<string, Usage> ReadUsage()
        {
            var paths = new List<string>();
            foreach (var p in ActivityPath)
            {
                try { paths.AddRange(GetResolvedProviderPathFromPSPath(p, out _)); }
                catch (ItemNotFoundException ex) { ThrowTerminatingError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, p)); }
            }
            var read = new List<Identity>();
            var ids = new List<string>();
            foreach (var t in targets)
            {
                if (t.AsRead != null) read.Add(t.AsRead);
                else if (t.IdentityId != null) ids.Add(t.IdentityId);
            }
            var builder = new Engine.Activity.UsageBuilder(read, ids);
            Engine.Activity.UsageReader.Fill(builder, HostContext, paths, Engine.Activity.IdentityLinker.From(read));
            var map = new Dictionary<string, Usage>(StringComparer.OrdinalIgnoreCase);
            foreach (var u in builder.Results())
                if (u.IdentityId != null) map[u.IdentityId] = u;
            return map;
        }

        /// <summary>"disable", "remove credentials of"... for messages.</summary>
        protected abstract string Verb { get; }

        protected virtual void Configure(CleanupRunner runner) { }

        /// <summary>What to do with one target now that its live state is known.</summary>
        protected abstract PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer);
    }
}
