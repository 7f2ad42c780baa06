using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Tests.Analysis;
using NhiTools.Hosting;
using Xunit;
using static NhiTools.Engine.Tests.Agents.AgentKit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Agents
{
    /// <summary>Each NHI-AGENT-* rule through the findings engine: streamed identities plus registrations, at the estate's AsOf.</summary>
    public class AgentRuleTests
    {
        private static readonly DateTime Launch = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

        private static List<Finding> Run(Agent[] agents, Identity[] identities, params string[] rules) =>
            new FindingEngine(FindingPolicy.Default, NullHostContext.Instance)
                .Evaluate(identities, Kit.AsOf, rules.Length == 0 ? null : new HashSet<string>(rules), Severity.Info, agents).ToList();

        private static (Identity old, Identity own, Agent agent) Copilot()
        {
            var old = User("svc-helpdesk", new DateTime(2023, 3, 14, 0, 0, 0, DateTimeKind.Utc), Inline("helpdesk-mail", "*", "ses:SendEmail"));
            old.Tags["workloads"] = "helpdesk-portal,support-copilot";
            var own = Role("role-copilot", Launch.AddDays(-5), Inline("invoke", "*", "bedrock:InvokeModel"));
            var agent = Agent("support-copilot", Launch, old, own);
            agent.AllowedPermissions = new[] { "bedrock:InvokeModel" };
            agent.AllowedSystems = new[] { "aws:" + Acct };
            return (old, own, agent);
        }

        [Fact]
        public void Inherited_fires_for_the_shared_old_identity_naming_it_and_its_rights()
        {
            var (old, own, agent) = Copilot();
            var f = Kit.Single(Run(new[] { agent }, new[] { old, own }, R.AgentInherited), R.AgentInherited, "NHI9", Severity.High);
            Assert.Equal("agent:support-copilot", f.IdentityId);
            Assert.Equal("Agent", f.Provider);
            Assert.Contains(old.Id, f.Evidence);
            Assert.Contains("helpdesk-portal", f.Evidence);
            Assert.Contains("helpdesk-mail [ses:SendEmail] on *", f.Evidence);
            Assert.DoesNotContain(own.Id, f.Evidence);
            Assert.Contains("'support-copilot'", f.Remediation);
        }

        [Fact]
        public void Inherited_is_medium_for_an_older_identity_that_is_not_shared_and_silent_for_its_own()
        {
            var (old, own, agent) = Copilot();
            old.Tags.Clear();
            Kit.Single(Run(new[] { agent }, new[] { old, own }, R.AgentInherited), R.AgentInherited, "NHI9", Severity.Medium);

            agent.Identities = new[] { own.Id };
            Kit.None(Run(new[] { agent }, new[] { old, own }, R.AgentInherited), R.AgentInherited);
        }

        [Fact]
        public void Unscoped_lists_the_undeclared_rights_and_is_silent_when_all_are_declared()
        {
            var (old, own, agent) = Copilot();
            var f = Kit.Single(Run(new[] { agent }, new[] { old, own }, R.AgentUnscoped), R.AgentUnscoped, "NHI5", Severity.Medium);
            Assert.Contains("helpdesk-mail", f.Evidence);
            Assert.Contains("ses:SendEmail", f.Evidence);
            Assert.Contains("via " + old.Id, f.Evidence);
            Assert.DoesNotContain("invoke [", f.Evidence);

            agent.AllowedPermissions = new[] { "bedrock:InvokeModel", "ses:Send*" };
            Kit.None(Run(new[] { agent }, new[] { old, own }, R.AgentUnscoped), R.AgentUnscoped);
        }

        [Fact]
        public void Unscoped_is_high_when_an_undeclared_right_is_privileged()
        {
            var (old, own, agent) = Copilot();
            own.Permissions = own.Permissions.Concat(new[] { Inline("pass", "*", "iam:PassRole") }).ToArray();
            Kit.Single(Run(new[] { agent }, new[] { old, own }, R.AgentUnscoped), R.AgentUnscoped, "NHI5", Severity.High);
        }

        [Fact]
        public void Unowned_fires_without_an_owner_only()
        {
            var (old, own, agent) = Copilot();
            Kit.None(Run(new[] { agent }, new[] { old, own }, R.AgentUnowned), R.AgentUnowned);
            agent.Owner = null;
            var f = Kit.Single(Run(new[] { agent }, new[] { old, own }, R.AgentUnowned), R.AgentUnowned, "NHI1", Severity.Medium);
            Assert.Contains("Register-NhiAgent -Owner", f.Remediation);
        }

        [Fact]
        public void Chained_fires_high_into_a_privileged_role_medium_into_a_plain_one_and_not_at_all_without_a_chain()
        {
            var passRole = Role("role-ci-passrole", Launch, Inline("pass-any-role", "*", "iam:PassRole"));
            var audit = Role("role-audit", Launch, Kit.Perm("ReadOnlyAccess"));
            var runtime = Role("role-ops-agent", Launch, Inline("assume", passRole.NativeId, "sts:AssumeRole"));
            var agent = Agent("ops-agent", Launch, runtime);

            var f = Kit.Single(Run(new[] { agent }, new[] { passRole, audit, runtime }, R.AgentChained), R.AgentChained, "NHI5", Severity.High);
            Assert.Contains(runtime.Id + " -> " + passRole.Id, f.Evidence);
            Assert.Contains("iam:PassRole", f.Evidence);

            runtime.Permissions = new[] { Inline("assume", audit.NativeId, "sts:AssumeRole") };
            Kit.Single(Run(new[] { agent }, new[] { passRole, audit, runtime }, R.AgentChained), R.AgentChained, "NHI5", Severity.Medium);

            runtime.Permissions = new[] { Inline("runtime", "*", "bedrock-agentcore:InvokeAgentRuntime") };
            Kit.None(Run(new[] { agent }, new[] { passRole, audit, runtime }, R.AgentChained), R.AgentChained);
        }

        [Fact]
        public void Agent_findings_score_with_the_ai_exposure_weight()
        {
            var (old, own, agent) = Copilot();
            var f = Run(new[] { agent }, new[] { old, own }, R.AgentUnscoped).Single();
            // Medium 40 + AI agent 10; owned, not privileged, one account.
            Assert.Equal(50, f.Score);
            agent.Owner = null;
            Assert.Equal(60, Run(new[] { agent }, new[] { old, own }, R.AgentUnscoped).Single().Score);
        }

        [Fact]
        public void No_agent_findings_without_agents_and_missing_identities_are_named_in_the_evidence()
        {
            var (old, own, agent) = Copilot();
            Assert.DoesNotContain(Run(Array.Empty<Agent>(), new[] { old, own }), f => f.Rule.StartsWith("NHI-AGENT-"));

            agent.Identities = agent.Identities.Concat(new[] { "aws:arn:aws:iam::" + Acct + ":role/not-exported" }).ToArray();
            var f2 = Run(new[] { agent }, new[] { old, own }, R.AgentUnscoped).Single();
            Assert.Contains("role/not-exported", f2.Evidence);
            Assert.Contains("may be larger", f2.Evidence);
        }

        [Fact]
        public void Resolved_agents_evaluate_without_identities_and_unresolved_ones_are_errors()
        {
            var (old, own, agent) = Copilot();
            var resolved = Resolve(new[] { agent }, new[] { old, own });
            var host = new RecordingHost();
            var engine = new FindingEngine(FindingPolicy.Default, host);
            var findings = engine.EvaluateAgents(resolved, Kit.AsOf).ToList();
            Assert.Contains(findings, f => f.Rule == R.AgentInherited);
            Assert.Contains(findings, f => f.Rule == R.AgentUnscoped);

            Assert.Empty(engine.EvaluateAgents(new[] { agent }, Kit.AsOf).ToList());
            Assert.Equal("NhiAgentNotResolved", Assert.Single(host.Errors).ErrorId);
        }

        [Fact]
        public void Agent_rules_are_in_the_catalog_and_can_be_disabled_by_policy()
        {
            foreach (var id in new[] { R.AgentInherited, R.AgentUnscoped, R.AgentUnowned, R.AgentChained })
                Assert.Contains(FindingEngine.Rules, r => r.Id == id && r.Owasp != null);
            var (old, own, agent) = Copilot();
            agent.Owner = null;
            var policy = FindingPolicy.Parse("@{ DisabledRules = 'NHI-AGENT-UNOWNED', 'NHI-AGENT-UNSCOPED', 'NHI-AGENT-INHERITED' }");
            var all = new FindingEngine(policy, NullHostContext.Instance).Evaluate(new[] { old, own }, Kit.AsOf, null, Severity.Info, new[] { agent }).ToList();
            Assert.DoesNotContain(all, f => f.Rule.StartsWith("NHI-AGENT-"));
        }
    }
}
