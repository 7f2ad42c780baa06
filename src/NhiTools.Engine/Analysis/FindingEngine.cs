using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NhiTools.Engine.Agents;
using NhiTools.Engine.Analysis.Rules;
using NhiTools.Hosting;

namespace NhiTools.Engine.Analysis
{
    /// <summary>
    /// Turns identities into findings: which identity, which rule (OWASP NHI Top 10 category), the evidence,
    /// a 0-100 score and the fix. Per-identity rules stream as identities arrive; the cross-identity rules
    /// (one credential on several identities or in several vaults, copies across environments) keep a compact
    /// index and emit after the last identity. Never reads the clock: every time rule uses <c>asOf</c>.
    /// </summary>
    public sealed class FindingEngine
    {
        private const int ProgressEvery = 5000;
        private readonly CompiledPolicy _policy;
        private readonly IHostContext _host;

        public FindingEngine(FindingPolicy policy, IHostContext host)
        {
            policy = policy ?? FindingPolicy.Default;
            policy.Validate("policy");
            _policy = new CompiledPolicy(policy);
            _host = host ?? NullHostContext.Instance;
        }

        /// <summary>Every rule: id, OWASP category, usual severity, title (for argument completion and docs).</summary>
        public static IReadOnlyList<RuleInfo> Rules => RuleCatalog.All;

        /// <summary>
        /// Findings for <paramref name="identities"/> at <paramref name="asOf"/>. <paramref name="rules"/> limits the rules
        /// (null: all not disabled by the policy); unknown ids fail at once with NhiRuleUnknown. Findings below
        /// <paramref name="minimumSeverity"/> are dropped. Disabled identities and people/root rows get no findings.
        /// </summary>
        public IEnumerable<Finding> Evaluate(IEnumerable<Identity> identities, DateTime asOf, ISet<string> rules = null, Severity minimumSeverity = Severity.Info)
            => Evaluate(identities, asOf, (Activity.ActivityIndex)null, rules, minimumSeverity);

        /// <summary>
        /// As above, with what the identities did (<paramref name="activity"/>, may be null): NHI-UNUSED-PERMISSION and the
        /// activity evidence of NHI-HUMAN-USE. Those rules run after the last identity, so the index may still be filled
        /// while identities stream (activities piped after identities); it is read only once the identities end.
        /// </summary>
        public IEnumerable<Finding> Evaluate(IEnumerable<Identity> identities, DateTime asOf, Activity.ActivityIndex activity, ISet<string> rules = null, Severity minimumSeverity = Severity.Info)
        {
            if (identities == null)
                throw new NhiException("NhiIdentitiesMissing", NhiErrorCategory.InvalidArgument, "No identities were given to evaluate.");
            var wanted = Wanted(rules);
            return EvaluateCore(identities, asOf, wanted, minimumSeverity, null, null, activity);
        }

        /// <summary>
        /// As <see cref="Evaluate(IEnumerable{Identity}, DateTime, ISet{string}, Severity)"/>, and after the last identity the
        /// NHI-AGENT-* rules on <paramref name="agents"/> (registrations), resolved against the identities that streamed past.
        /// <paramref name="skipAgent"/> (asked after the last identity) leaves out agents evaluated elsewhere.
        /// </summary>
        public IEnumerable<Finding> Evaluate(IEnumerable<Identity> identities, DateTime asOf, ISet<string> rules, Severity minimumSeverity,
            IReadOnlyCollection<Agent> agents, Func<string, bool> skipAgent = null, Activity.ActivityIndex activity = null)
        {
            if (identities == null)
                throw new NhiException("NhiIdentitiesMissing", NhiErrorCategory.InvalidArgument, "No identities were given to evaluate.");
            var wanted = Wanted(rules);
            return EvaluateCore(identities, asOf, wanted, minimumSeverity, agents, skipAgent, activity);
        }

        /// <summary>The NHI-AGENT-* rules on agents already resolved (Get-NhiAgent with identities, or -Candidate).</summary>
        public IEnumerable<Finding> EvaluateAgents(IEnumerable<Agent> resolved, DateTime asOf, ISet<string> rules = null, Severity minimumSeverity = Severity.Info)
        {
            if (resolved == null)
                throw new NhiException("NhiAgentsMissing", NhiErrorCategory.InvalidArgument, "No agents were given to evaluate.");
            var wanted = Wanted(rules);
            return AgentFindings(resolved, asOf, wanted, minimumSeverity);
        }

        private static readonly string[] AgentRuleIds = { RuleIds.AgentInherited, RuleIds.AgentUnscoped, RuleIds.AgentUnowned, RuleIds.AgentChained };

        private IEnumerable<Finding> AgentFindings(IEnumerable<Agent> resolved, DateTime asOf, HashSet<string> wanted, Severity minimum)
        {
            if (!Array.Exists(AgentRuleIds, wanted.Contains)) yield break;
            var ctx = new RuleContext(_policy, asOf, wanted);
            foreach (var agent in resolved)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                if (agent == null || string.IsNullOrEmpty(agent.Name)) continue;
                if (!agent.Resolved)
                {
                    _host.WriteError(new NhiException("NhiAgentNotResolved", NhiErrorCategory.InvalidData,
                        "Agent '" + agent.Name + "' was given without its effective access: pipe identities into Get-NhiAgent first (Get-NhiIdentity ... | Get-NhiAgent | Get-NhiFinding).", agent.Name));
                    continue;
                }
                ctx.Output.Clear();
                AgentRules.Evaluate(agent, _policy, ctx);
                var exposure = AgentRules.ExposureOf(agent, _policy);
                foreach (var raw in ctx.Output)
                {
                    var f = Make(raw, Remediations.AgentPrefix + agent.Name, agent.Name, "Agent", exposure, asOf);
                    if (f.Severity >= minimum) yield return f;
                }
            }
        }

        /// <summary>NHI-SECRET-EMBEDDED: one finding per scanner hit (IdentityId null when the hit is not linked). Never the value.</summary>
        public IEnumerable<Finding> EvaluateSecrets(IEnumerable<SecretFinding> hits, DateTime asOf)
        {
            if (hits == null)
                throw new NhiException("NhiSecretsMissing", NhiErrorCategory.InvalidArgument, "No secret findings were given to evaluate.");
            return EvaluateSecretsCore(hits, asOf);
        }

        private HashSet<string> Wanted(ISet<string> rules)
        {
            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (rules == null || rules.Count == 0)
            {
                foreach (var r in RuleCatalog.All) wanted.Add(r.Id);
            }
            else
            {
                foreach (var id in rules)
                {
                    var info = RuleCatalog.Find(id);
                    if (info == null)
                        throw new NhiException("NhiRuleUnknown", NhiErrorCategory.InvalidArgument,
                            "Unknown rule '" + id + "'. Known rules: " + string.Join(", ", RuleIdList()) + ".", id);
                    wanted.Add(info.Id);
                }
            }
            wanted.ExceptWith(_policy.Disabled);
            return wanted;
        }

        private static IEnumerable<string> RuleIdList() { foreach (var r in RuleCatalog.All) yield return r.Id; }

        private IEnumerable<Finding> EvaluateCore(IEnumerable<Identity> identities, DateTime asOf, HashSet<string> wanted, Severity minimum,
            IReadOnlyCollection<Agent> agents, Func<string, bool> skipAgent, Activity.ActivityIndex activity)
        {
            var ctx = new RuleContext(_policy, asOf, wanted);
            var agentIndex = agents != null && agents.Count > 0 && Array.Exists(AgentRuleIds, wanted.Contains) ? new AgentIndex(agents, _policy.Source) : null;
            // With activity, human use and unused permissions wait for the end (compact entries, not identities).
            bool defer = activity != null && (wanted.Contains(RuleIds.HumanUse) || wanted.Contains(RuleIds.UnusedPermission) || wanted.Contains(RuleIds.AnomalousUse));
            var deferred = defer ? new List<DeferredIdentity>() : null;
            var index = wanted.Contains(RuleIds.Shared) || wanted.Contains(RuleIds.EnvReuse) || wanted.Contains(RuleIds.ThirdParty) ? new CrossIdentityIndex(_policy) : null;
            var token = _host.CancellationToken;
            var clock = Stopwatch.StartNew();
            int evaluated = 0, skipped = 0, emitted = 0;

            foreach (var identity in identities)
            {
                token.ThrowIfCancellationRequested();
                if (identity == null) continue;
                if (string.IsNullOrEmpty(identity.Id))
                {
                    _host.WriteError(new NhiException("NhiIdentityInvalid", NhiErrorCategory.InvalidData,
                        "An identity without an Id was skipped (Name '" + identity.Name + "', Provider '" + identity.Provider + "').", identity));
                    continue;
                }
                agentIndex?.Add(identity);
                // A disabled identity cannot authenticate, and people are not NHIs.
                if (!identity.Enabled || identity.Kind == IdentityKind.Human)
                {
                    // ...yet a disabled (quarantined) identity or its retired credential seen in use is NHI-ANOMALOUS-USE.
                    if (defer && identity.Kind != IdentityKind.Human && wanted.Contains(RuleIds.AnomalousUse))
                        deferred.Add(new DeferredIdentity
                        {
                            Id = identity.Id, Name = identity.Name, Provider = identity.Provider, NativeId = identity.NativeId, Kind = identity.Kind,
                            Credentials = identity.Credentials, Disabled = true,
                        });
                    skipped++;
                    continue;
                }

                ctx.Output.Clear();
                IdentityFacts facts;
                try
                {
                    facts = new IdentityFacts(identity, asOf, _policy);
                    if (identity.Kind == IdentityKind.RootAccount)
                    {
                        // The AWS root user is a person's login: only its access keys are NHI findings.
                        CredentialRules.Evaluate(facts, ctx);
                        PrivilegeRules.Evaluate(facts, ctx);
                    }
                    else
                    {
                        OffboardingRules.Evaluate(facts, ctx);
                        CredentialRules.Evaluate(facts, ctx);
                        PrivilegeRules.Evaluate(facts, ctx);
                        AuthenticationRules.Evaluate(facts, ctx);
                        ReuseRules.Evaluate(facts, ctx);
                    }
                    index?.Add(facts, ctx.Output.Exists(o => o.Rule == RuleIds.EnvReuse));
                    if (defer && identity.Kind != IdentityKind.RootAccount)
                    {
                        var held = ctx.Output.FindAll(o => o.Rule == RuleIds.HumanUse);
                        ctx.Output.RemoveAll(o => o.Rule == RuleIds.HumanUse);
                        deferred.Add(new DeferredIdentity
                        {
                            Id = identity.Id, Name = identity.Name, Provider = identity.Provider, NativeId = identity.NativeId, Kind = identity.Kind,
                            Exposure = facts.Exposure, Permissions = identity.Permissions, Credentials = identity.Credentials, HumanUse = held.Count > 0 ? held : null,
                        });
                    }
                }
                catch (Exception e) when (!(e is NhiException) && !(e is OperationCanceledException))
                {
                    // Visible, per identity: never a silent gap in the findings.
                    _host.WriteError(new NhiException("NhiFindingFailed", NhiErrorCategory.InvalidData,
                        "Evaluating '" + identity.Id + "' failed: " + e.Message, identity.Id, e));
                    continue;
                }
                evaluated++;
                if (evaluated % ProgressEvery == 0)
                    _host.WriteProgress(new ProgressInfo { Activity = "Evaluating findings", Status = evaluated + " identities, " + emitted + " findings" });
                foreach (var raw in ctx.Output)
                {
                    var f = Make(raw, identity.Id, identity.Name, identity.Provider, facts.Exposure, asOf);
                    if (f.Severity < minimum) continue;
                    emitted++;
                    yield return f;
                }
            }

            if (deferred != null)
            {
                int withActivity = 0;
                foreach (var d in deferred)
                {
                    token.ThrowIfCancellationRequested();
                    ctx.Output.Clear();
                    try { ActivityRules.Evaluate(d, activity, ctx); }
                    catch (Exception e) when (!(e is NhiException) && !(e is OperationCanceledException))
                    {
                        _host.WriteError(new NhiException("NhiFindingFailed", NhiErrorCategory.InvalidData,
                            "Evaluating activity of '" + d.Id + "' failed: " + e.Message, d.Id, e));
                        continue;
                    }
                    foreach (var raw in ctx.Output)
                    {
                        if (raw.Rule == RuleIds.UnusedPermission) withActivity++;
                        var f = Make(raw, d.Id, d.Name, d.Provider, d.Exposure, asOf);
                        if (f.Severity < minimum) continue;
                        emitted++;
                        yield return f;
                    }
                }
                _host.WriteVerbose("Activity: " + activity.Count + " events; " + withActivity + " identities with unused permissions.");
            }

            if (index != null)
            {
                foreach (var pair in index.Finish(ctx))
                {
                    var p = pair.Key;
                    var f = Make(pair.Value, p.Id, p.Name, p.Provider, p.Exposure | Exposure.CrossSystem, asOf);
                    if (f.Severity < minimum) continue;
                    emitted++;
                    yield return f;
                }
            }
            if (agentIndex != null)
            {
                var include = agents.Where(a => a != null && (skipAgent == null || !skipAgent(a.Name))).ToList();
                var resolved = AgentResolver.Resolve(include, agentIndex);
                foreach (var a in resolved)
                    if (a.MissingIdentities.Length > 0)
                        _host.WriteWarning("Agent '" + a.Name + "': " + Text.Plural(a.MissingIdentities.Length, "identity ", "identities ") + string.Join(", ", a.MissingIdentities)
                            + " not among the identities given; its findings see only the rest.");
                foreach (var f in AgentFindings(resolved, asOf, wanted, minimum))
                {
                    emitted++;
                    yield return f;
                }
            }
            if (evaluated >= ProgressEvery) _host.WriteProgress(new ProgressInfo { Activity = "Evaluating findings", Completed = true });
            _host.WriteVerbose("Findings: " + emitted + " from " + evaluated + " identities (" + skipped + " disabled or not NHIs skipped"
                + (index != null ? ", " + index.IndexedCredentials + " credentials indexed for cross-identity rules" : "") + ") in "
                + clock.ElapsedMilliseconds + " ms, as of " + asOf.ToString("u") + ".");
        }

        private Finding Make(RawFinding raw, string identityId, string name, string provider, Exposure exposure, DateTime asOf)
        {
            var info = RuleCatalog.Get(raw.Rule);
            var severity = _policy.SeverityOverrides.TryGetValue(raw.Rule, out var s) ? s : raw.Severity;
            return new Finding
            {
                IdentityId = identityId,
                IdentityName = name,
                Provider = provider,
                Rule = info.Id,
                Owasp = info.Owasp,
                Severity = severity,
                Score = Scoring.Score(severity, exposure),
                Title = info.Title,
                Evidence = raw.Evidence,
                Remediation = Remediations.For(info.Id, identityId, raw.CredentialId),
                CredentialId = raw.CredentialId,
                AsOf = asOf,
            };
        }

        private IEnumerable<Finding> EvaluateSecretsCore(IEnumerable<SecretFinding> hits, DateTime asOf)
        {
            if (_policy.Disabled.Contains(RuleIds.SecretEmbedded)) yield break;
            foreach (var hit in hits)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                if (hit == null) continue;
                var severity = hit.Kind != null && _policy.LowRiskSecretKinds.Contains(hit.Kind) ? Severity.Medium : Severity.High;
                var raw = new RawFinding { Rule = RuleIds.SecretEmbedded, Severity = severity, Evidence = SecretEvidence(hit) };
                yield return Make(raw, hit.IdentityId, null, ProviderOf(hit.IdentityId), Exposure.None, asOf);
            }
        }

        private static string SecretEvidence(SecretFinding hit)
        {
            // The scanner masks; if a "masked" form has no mask characters we do not repeat it.
            string masked = string.IsNullOrEmpty(hit.Masked) ? "(not shown)"
                : hit.Masked.IndexOf('*') >= 0 || hit.Masked.IndexOf('\u2026') >= 0 ? hit.Masked : "(withheld: not masked)";
            string where = (hit.Path ?? "(unknown file)") + ":" + hit.Line + (hit.Column > 0 ? ":" + hit.Column : "");
            if (hit.Commit != null)
                where += " in commit " + hit.Commit.Substring(0, Math.Min(12, hit.Commit.Length)) + (hit.Author != null ? " by " + hit.Author : "")
                    + (hit.InWorkingTree == false ? " (removed from the files since, still in the history)" : "");
            return (hit.Kind ?? "Secret") + " at " + where + ", value " + masked + ", fingerprint " + (hit.Fingerprint ?? "(none)")
                + (hit.IdentityId != null ? "; belongs to " + hit.IdentityId : "; not linked to a known identity") + ".";
        }

        private static string ProviderOf(string identityId) => Ids.ProviderOf(identityId);
    }
}
