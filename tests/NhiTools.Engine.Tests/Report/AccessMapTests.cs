using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NhiTools.Engine.Report;
using Xunit;

namespace NhiTools.Engine.Tests.Report
{
    public class AccessMapTests
    {
        private static AccessGraph Sample() { var ids = SampleEstate.Identities(); return AccessGraph.Build(ids, SampleEstate.Findings(ids)); }

        private static bool Has(AccessGraph g, string from, string to, string kind) => g.Edges.Any(e => e.From == from && e.To == to && e.Kind == kind);

        [Fact]
        public void BuildsOwnersCredentialsSystemsAndTrust()
        {
            AccessGraph g = Sample();
            const string billing = "entra:app:3f2a1b9c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
            const string role = "aws:arn:aws:iam::123456789012:role/github-deploy";
            Assert.True(Has(g, "owner:alice@contoso.com", billing, AccessEdge.Owns));
            Assert.Equal("alice@contoso.com (Disabled)", g.Find("owner:alice@contoso.com").Label);
            string cred = "credential:" + billing + "/0c9a2f1e-1111-4a2b-9c3d-000000000001";
            Assert.True(Has(g, billing, cred, AccessEdge.HasCredential));
            // the vault secret holding it is an identity of its own: the edge goes to that identity
            Assert.True(Has(g, cred, "keyvault:kv-prod/billing-api-secret", AccessEdge.StoredIn));
            Assert.True(Has(g, billing, "system:Microsoft Graph", AccessEdge.Reaches));
            Assert.True(Has(g, billing, "system:entra:72f988bf-86f1-41af-91ab-2d7cd011db47", AccessEdge.Reaches));
            Assert.True(Has(g, "aws:arn:aws:iam::123456789012:user/ci-admin", "system:aws:123456789012", AccessEdge.Reaches));
            Assert.True(Has(g, "entra:sp:9b8a7c6d-5e4f-4a3b-2c1d-0f9e8d7c6b5a", "system:keyvault:kv-prod", AccessEdge.Reaches));
            Assert.True(Has(g, "system:token.actions.githubusercontent.com", role, AccessEdge.CanAssume));
            Assert.True(Has(g, "system:aws:999988887777", role, AccessEdge.CanAssume));
            Assert.Equal("aws:999988887777 (foreign account)", g.Find("system:aws:999988887777").Label);
            Assert.Equal(AccessNodeKind.Agent, g.Find("entra:sp:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d").Kind);
            Assert.Equal(Severity.Critical, g.Find(billing).MaxSeverity);
            Assert.Equal(3, g.Find(billing).FindingCount);
            // "*" resources are not systems
            Assert.Null(g.Find("system:*"));
            // every edge end is a node
            Assert.All(g.Edges, e => { Assert.NotNull(g.Find(e.From)); Assert.NotNull(g.Find(e.To)); });
        }

        [Fact]
        public void OutputIsTheSameWhateverTheInputOrder()
        {
            var ids = SampleEstate.Identities();
            var f = SampleEstate.Findings(ids);
            AccessGraph a = AccessGraph.Build(ids, f);
            var shuffled = ids.OrderBy(i => i.Id.GetHashCode() ^ 0x5bd1e995).Reverse().ToList();
            AccessGraph b = AccessGraph.Build(shuffled, f.AsEnumerable().Reverse());
            Assert.Equal(AccessMapWriter.ToMermaid(a), AccessMapWriter.ToMermaid(b));
            Assert.Equal(AccessMapWriter.ToDot(a), AccessMapWriter.ToDot(b));
            Assert.Equal(AccessMapWriter.ToJson(a), AccessMapWriter.ToJson(b));
        }

        private static AccessGraph Nasty(string name) => AccessGraph.Build(new[]
        {
            new Identity { Id = "aws:arn:aws:iam::1:user/x\"];y", Provider = "Aws", Kind = IdentityKind.IamUser, Name = name, Owners = new[] { "o\"wner --> n0" },
                Credentials = new[] { new Credential { Id = "k|1", Type = CredentialType.AccessKey } }, Systems = new[] { "sys{1}\n" } },
        });

        [Theory]
        [InlineData("a\"b]c;d\n<e>{f}|g")]
        [InlineData("-->|x| n0[\"pwned\"]")]
        [InlineData("%%{init: {'theme':'dark'}}%%")]
        [InlineData("back\\slash \"quote\" \r\n end")]
        public void MermaidAndDotEscapeAnyName(string name)
        {
            AccessGraph g = Nasty(name);
            string mermaid = AccessMapWriter.ToMermaid(g);
            var lines = mermaid.Split('\n').Where(l => l.Length > 0).ToList();
            Assert.Equal("flowchart LR", lines[0]);
            var node = new Regex(@"^  n\d+(\[""|\(\[""|\[\(""|\(\(""|\{\{"")[A-Za-z0-9 .\-_:/@,#;]*(""\]|""\]\)|""\)\]|""\)\)|""\}\}):::[a-z]+$");
            var edge = new Regex(@"^  n\d+ (-->|-\.->)\|[a-z-]+\| n\d+$");
            var classDef = new Regex(@"^  classDef [a-z]+ [a-z:#0-9,]+$");
            Assert.All(lines.Skip(1), l => Assert.True(node.IsMatch(l) || edge.IsMatch(l) || classDef.IsMatch(l), "bad mermaid line: " + l));
            Assert.Equal(g.Nodes.Count, lines.Count(l => node.IsMatch(l)));
            Assert.Equal(g.Edges.Count, lines.Count(l => edge.IsMatch(l)));

            string dot = AccessMapWriter.ToDot(g);
            var dlines = dot.Split('\n').Where(l => l.Length > 0).ToList();
            Assert.Equal("digraph access {", dlines[0]);
            Assert.Equal("}", dlines[dlines.Count - 1]);
            var quoted = @"""(?:[^""\\\n]|\\.)*""";
            var dnode = new Regex(@"^  n\d+ \[label=" + quoted + @", shape=[a-z]+, tooltip=" + quoted + @"\];$");
            var dedge = new Regex(@"^  n\d+ -> n\d+ \[label=""[a-z-]+""(, style=dashed)?\];$");
            Assert.All(dlines.Skip(1).Take(dlines.Count - 2), l => Assert.True(l.StartsWith("  rankdir") || l.StartsWith("  node [") || dnode.IsMatch(l) || dedge.IsMatch(l), "bad dot line: " + l));
            Assert.Equal(g.Nodes.Count, dlines.Count(l => dnode.IsMatch(l)));
        }

        [Fact]
        public void JsonRoundTripsNodesAndEdges()
        {
            AccessGraph g = Nasty("x\"y<z>");
            using var doc = JsonDocument.Parse(AccessMapWriter.ToJson(g));
            Assert.Equal(g.Nodes.Count, doc.RootElement.GetProperty("nodes").GetArrayLength());
            Assert.Equal(g.Edges.Count, doc.RootElement.GetProperty("edges").GetArrayLength());
            Assert.Contains(doc.RootElement.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("label").GetString() == "x\"y<z>");
        }

        [Fact]
        public void NullIdentitiesIsAnArgumentError() => Assert.Throws<ArgumentNullException>(() => AccessGraph.Build(null));
    }
}
