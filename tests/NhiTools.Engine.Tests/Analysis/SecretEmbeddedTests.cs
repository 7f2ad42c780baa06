using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;

namespace NhiTools.Engine.Tests.Analysis
{
    public class SecretEmbeddedTests
    {
        private static readonly SecretFinding[] Hits =
        {
            new SecretFinding { Path = "deploy/release.ps1", Line = 12, Column = 9, Kind = "AwsSecretKey", Masked = "wJal************************************ (40)", Fingerprint = "3f9a0c1d2e4b5a69", IdentityId = "aws:arn:aws:iam::123456789012:user/svc-release" },
            new SecretFinding { Path = "app/settings.json", Line = 4, Kind = "AwsAccessKeyId", Masked = "AKIA**************** (20)", Fingerprint = "77aa00bb11cc22dd" },
            new SecretFinding { Path = "bad-scanner.txt", Line = 1, Kind = "EntraClientSecret", Masked = "Q~abcdefghijklmnop", Fingerprint = "00ff" },
        };

        [Fact]
        public void A_hit_from_history_names_its_commit_and_says_it_was_removed()
        {
            var hit = new SecretFinding { Path = "deploy.ps1", Line = 2, Kind = "AwsAccessKeyId", Masked = "AKIA**************** (20)", Fingerprint = "77aa00bb11cc22dd",
                Commit = "0123456789abcdef0123456789abcdef01234567", Author = "Build Bot <bot@example.invalid>", InWorkingTree = false };
            var f = Assert.Single(new FindingEngine(FindingPolicy.Default, NullHostContext.Instance).EvaluateSecrets(new[] { hit }, AsOf));
            Assert.Contains("deploy.ps1:2 in commit 0123456789ab by Build Bot <bot@example.invalid> (removed from the files since, still in the history)", f.Evidence);
        }

        [Fact]
        public void One_finding_per_hit_with_location_kind_mask_and_fingerprint()
        {
            var engine = new FindingEngine(FindingPolicy.Default, NullHostContext.Instance);
            var findings = engine.EvaluateSecrets(Hits, AsOf).ToList();
            Assert.Equal(3, findings.Count);
            Assert.All(findings, f => { Assert.Equal(RuleIds.SecretEmbedded, f.Rule); Assert.Equal("NHI2", f.Owasp); Assert.Equal(AsOf, f.AsOf); });

            var linked = findings[0];
            Assert.Equal(Severity.High, linked.Severity);
            Assert.Equal("aws:arn:aws:iam::123456789012:user/svc-release", linked.IdentityId);
            Assert.Equal("Aws", linked.Provider);
            Assert.Contains("AwsSecretKey at deploy/release.ps1:12:9", linked.Evidence);
            Assert.Contains("wJal****", linked.Evidence);
            Assert.Contains("fingerprint 3f9a0c1d2e4b5a69", linked.Evidence);
            Assert.StartsWith("Rotate the credential of 'aws:arn:aws:iam::123456789012:user/svc-release'", linked.Remediation);

            var unlinked = findings[1];
            Assert.Null(unlinked.IdentityId);
            Assert.Equal(Severity.Medium, unlinked.Severity); // an access key id identifies, it does not authenticate
            Assert.Contains("not linked", unlinked.Evidence);
            Assert.StartsWith("Revoke the secret", unlinked.Remediation);
        }

        [Fact]
        public void A_masked_form_without_mask_characters_is_never_repeated()
        {
            var engine = new FindingEngine(FindingPolicy.Default, NullHostContext.Instance);
            var f = engine.EvaluateSecrets(Hits, AsOf).Last();
            Assert.DoesNotContain("Q~abcdefghijklmnop", f.Evidence);
            Assert.Contains("withheld", f.Evidence);
        }

        [Fact]
        public void Disabled_rule_yields_nothing()
        {
            var policy = FindingPolicy.Default;
            policy.DisabledRules = new[] { RuleIds.SecretEmbedded };
            Assert.Empty(new FindingEngine(policy, NullHostContext.Instance).EvaluateSecrets(Hits, AsOf));
        }
    }
}
