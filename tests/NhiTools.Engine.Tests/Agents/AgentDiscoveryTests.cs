using System;
using System.Linq;
using NhiTools.Engine.Agents;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Tests.Analysis;
using Xunit;
using static NhiTools.Engine.Tests.Agents.AgentKit;

namespace NhiTools.Engine.Tests.Agents
{
    public class AgentDiscoveryTests
    {
        private static readonly DateTime When = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

        private static AgentDiscovery Discover(Agent[] registered, params Identity[] identities)
        {
            var d = new AgentDiscovery(FindingPolicy.Default, registered);
            foreach (var i in identities) d.Add(i);
            return d;
        }

        [Fact]
        public void Finds_agent_identities_tags_model_endpoints_and_names()
        {
            var agentId = Kit.EntraApp("Claims Agent Blueprint");
            agentId.Kind = IdentityKind.AgentIdentity;
            var tagged = User("svc-x", When);
            tagged.Tags["agent"] = "true";
            var openAi = Kit.EntraApp("app-summarizer");
            openAi.Permissions = new[] { Kit.Perm("Cognitive Services OpenAI User", PermissionType.AzureRole, "/subscriptions/s/providers/Microsoft.CognitiveServices/accounts/oai") };
            var bedrock = Role("role-runner", When, Inline("p", "*", "bedrock-agentcore:*"));
            var named = User("svc-chat-bot", When);
            var admin = User("svc-admin", When, Inline("all", "*", "*"));
            var plain = User("svc-billing", When, Inline("q", "*", "sqs:SendMessage"));

            var c = Discover(Array.Empty<Agent>(), agentId, tagged, openAi, bedrock, named, admin, plain).Candidates().ToDictionary(a => a.Name);

            Assert.Equal(5, c.Count);
            Assert.All(c.Values, a => Assert.True(a.IsCandidate));
            Assert.Contains("AgentIdentity", c["Claims Agent Blueprint"].CandidateReason);
            Assert.Contains("tag agent=true", c["svc-x"].CandidateReason);
            Assert.Contains("Cognitive Services OpenAI User", c["app-summarizer"].CandidateReason);
            Assert.Contains("bedrock-agentcore:*", c["role-runner"].CandidateReason);
            Assert.Contains("'bot'", c["svc-chat-bot"].CandidateReason);
            Assert.Contains("weak", c["svc-chat-bot"].CandidateReason);
            Assert.False(c.ContainsKey("svc-admin")); // a bare * is an admin, not an agent
            Assert.False(c.ContainsKey("svc-billing"));
        }

        [Fact]
        public void Identities_tagged_with_one_agent_name_form_one_candidate()
        {
            var a = User("svc-a", When);
            a.Tags["agent"] = "claims-bot";
            var b = Role("role-b", When, Inline("m", "*", "bedrock:InvokeModel"));
            b.Tags["ai"] = "claims-bot";

            var c = Assert.Single(Discover(Array.Empty<Agent>(), a, b).Candidates());
            Assert.Equal("claims-bot", c.Name);
            Assert.Equal(new[] { a.Id, b.Id }, c.Identities);
            Assert.Contains("bedrock:InvokeModel", c.CandidateReason);
        }

        [Fact]
        public void Registered_disabled_and_false_tagged_identities_are_not_candidates()
        {
            var registered = User("svc-agent-a", When);
            var disabled = User("svc-agent-b", When);
            disabled.Enabled = false;
            var notAgent = User("svc-q", When);
            notAgent.Tags["ai"] = "false";
            var agent = new Agent { Name = "a", Identities = new[] { registered.Id } };

            Assert.Empty(Discover(new[] { agent }, registered, disabled, notAgent).Candidates());
        }
    }
}
