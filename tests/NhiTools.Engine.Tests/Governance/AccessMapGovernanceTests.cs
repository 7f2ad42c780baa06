using System;
using System.Linq;
using NhiTools.Engine.Report;
using Xunit;

namespace NhiTools.Engine.Tests.Governance
{
    public sealed class AccessMapGovernanceTests
    {
        [Fact]
        public void Identity_nodes_carry_purpose_review_and_excused_findings_apart()
        {
            var reviewed = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
            var id = new Identity { Id = "aws:arn:aws:iam::1:user/a", Name = "a", Provider = "Aws", Kind = IdentityKind.IamUser, Purpose = "exports invoices", LastReviewedOn = reviewed, Owners = new[] { "o" } };
            var tagged = new Identity { Id = "keyvault:kv/s", Name = "s", Provider = "KeyVault", Kind = IdentityKind.Secret };
            tagged.Tags["purpose"] = "db password for billing";
            var findings = new[]
            {
                new Finding { IdentityId = id.Id, Rule = "NHI-ROTATION-OVERDUE", Severity = Severity.High, Suppressed = true },
                new Finding { IdentityId = id.Id, Rule = "NHI-UNOWNED", Severity = Severity.Medium },
            };
            var g = AccessGraph.Build(new[] { id, tagged }, findings);
            var n = g.Nodes.Single(x => x.Id == id.Id);
            Assert.Equal("exports invoices", n.Purpose);
            Assert.Equal(reviewed, n.LastReviewedOn);
            Assert.Equal(1, n.ExceptedCount);
            Assert.Equal(1, n.FindingCount);
            Assert.Equal(Severity.Medium, n.MaxSeverity);
            Assert.Equal("db password for billing", g.Nodes.Single(x => x.Id == tagged.Id).Purpose);
            var json = AccessMapWriter.ToJson(g);
            Assert.Matches("\"purpose\":\\s*\"exports invoices\"", json);
            Assert.Matches("\"lastReviewedOn\":\\s*\"2026-10-01\"", json);
        }
    }
}
