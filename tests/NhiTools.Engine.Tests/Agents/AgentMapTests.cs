using System;
using System.Linq;
using NhiTools.Engine.Report;
using Xunit;
using static NhiTools.Engine.Tests.Agents.AgentKit;

namespace NhiTools.Engine.Tests.Agents
{
    public class AgentMapTests
    {
        private static readonly DateTime When = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void An_agent_is_one_node_acting_through_its_identities_with_its_owner_and_findings()
        {
            var a = User("svc-a", When);
            var b = Role("role-b", When);
            var agent = Agent("bot", When, a, b);
            agent.Identities = agent.Identities.Concat(new[] { "aws:arn:aws:iam::1:role/not-here" }).ToArray();
            var finding = new Finding { IdentityId = "agent:bot", Rule = "NHI-AGENT-UNSCOPED", Severity = Severity.High };

            var g = AccessGraph.Build(new[] { a, b }, new[] { finding }, new[] { agent });

            var node = g.Find("agent:bot");
            Assert.Equal(AccessNodeKind.Agent, node.Kind);
            Assert.Equal(Severity.High, node.MaxSeverity);
            var acts = g.Edges.Where(e => e.Kind == AccessEdge.ActsThrough).ToList();
            Assert.Equal(new[] { a.Id, b.Id }.OrderBy(x => x, StringComparer.Ordinal), acts.Select(e => e.To));
            Assert.All(acts, e => Assert.Equal("agent:bot", e.From));
            Assert.Contains(g.Edges, e => e.From == "owner:ai-team@contoso.com" && e.To == "agent:bot" && e.Kind == AccessEdge.Owns);
            Assert.Null(g.Find("aws:arn:aws:iam::1:role/not-here"));

            Assert.Contains("acts-through", AccessMapWriter.ToMermaid(g));
            Assert.Contains("shape=hexagon", AccessMapWriter.ToDot(g));
            Assert.Contains("\"kind\":\"acts-through\"", AccessMapWriter.ToJson(g).Replace(" ", ""));
        }

        [Fact]
        public void A_resolved_agents_chains_become_can_assume_edges()
        {
            var target = Role("role-target", When);
            var runtime = Role("role-runtime", When, Inline("assume", target.NativeId, "sts:AssumeRole"));
            var agent = ResolveOne(Agent("bot", When, runtime), runtime, target);
            var g = AccessGraph.Build(new[] { runtime, target }, null, new[] { agent });
            Assert.Contains(g.Edges, e => e.From == runtime.Id && e.To == target.Id && e.Kind == AccessEdge.CanAssume);
            Assert.DoesNotContain(AccessGraph.Build(new[] { runtime, target }).Edges, e => e.Kind == AccessEdge.CanAssume);
        }

        [Fact]
        public void The_html_report_lists_agents_and_draws_them_over_their_identities()
        {
            var a = User("svc-a", When, Inline("mail", "*", "ses:SendEmail"));
            var agent = ResolveOne(Agent("bot", When, a), a);
            var html = new System.IO.StringWriter();
            ReportWriter.WriteHtml(html, new ReportData { Identities = new[] { a }, Agents = new[] { agent }, AsOf = When });
            var text = html.ToString();
            Assert.Contains("<section id=\"agents\">", text);
            Assert.Contains("edge acts", text);
            Assert.Contains("mail <span class=\"muted\">via " + a.Id, text);
        }
    }
}
