using System.Linq;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class ScoringTests
    {
        private static Identity AdminBridgeUnowned()
        {
            var role = IamRole("role-partner-admin");
            role.Owners = new string[0];
            role.AssumableBy = new[] { "arn:aws:iam::999988887777:root" };
            role.Permissions = new[] { Perm("AdministratorAccess") };
            return role;
        }

        private static Identity LoneStaleSecret()
        {
            var app = EntraApp("app-stale", ClientSecret("stale", 120, 180, lastUsedDaysAgo: 1));
            return app;
        }

        [Fact]
        public void Admin_cross_account_unowned_outranks_a_lone_stale_secret()
        {
            var findings = Run(new[] { LoneStaleSecret(), AdminBridgeUnowned() }, null);
            var ranked = findings.OrderByDescending(f => f.Score).ToList();
            Assert.Equal(R.Overprivileged, ranked[0].Rule);
            Assert.Equal(100, ranked[0].Score); // 80 + 15 privileged + 10 cross + 10 unowned, capped
            var stale = findings.Single(f => f.Rule == R.RotationOverdue);
            Assert.Equal(40, stale.Score); // Medium base, no exposure
            // Every finding of the admin bridge outranks the stale secret.
            Assert.All(findings.Where(f => f.IdentityId == AdminBridgeUnowned().Id), f => Assert.True(f.Score > stale.Score, f.Rule + " " + f.Score));
        }

        [Fact]
        public void Each_exposure_adds_its_documented_weight()
        {
            int Score(Identity i) => Run(new[] { i }, null, R.RotationOverdue).Single().Score;
            var plain = LoneStaleSecret();
            Assert.Equal(40, Score(plain));

            var prod = LoneStaleSecret(); prod.Environment = "prod";
            Assert.Equal(50, Score(prod));

            var unowned = LoneStaleSecret(); unowned.Owners = new string[0];
            Assert.Equal(50, Score(unowned));

            var agent = LoneStaleSecret(); agent.Kind = IdentityKind.AgentIdentity;
            Assert.Equal(50, Score(agent));

            var pipeline = LoneStaleSecret(); pipeline.Name = "app-ci-release";
            Assert.Equal(45, Score(pipeline));

            var admin = LoneStaleSecret(); admin.Permissions = new[] { Perm("Application.ReadWrite.All", PermissionType.AppRole, "Microsoft Graph") };
            Assert.Equal(55, Score(admin));

            var all = LoneStaleSecret();
            all.Environment = "prod"; all.Owners = new string[0]; all.Kind = IdentityKind.AgentIdentity;
            all.Permissions = admin.Permissions; all.Systems = new[] { "entra:other-tenant" };
            Assert.Equal(95, Score(all)); // 40 + 10 + 10 + 10 + 15 + 10
        }

        [Fact]
        public void Scores_are_deterministic_and_bounded()
        {
            var a = Run(new[] { LoneStaleSecret(), AdminBridgeUnowned() }, null).Select(f => f.Rule + f.IdentityId + f.Score + f.Evidence).ToList();
            var b = Run(new[] { LoneStaleSecret(), AdminBridgeUnowned() }, null).Select(f => f.Rule + f.IdentityId + f.Score + f.Evidence).ToList();
            Assert.Equal(a, b);
        }
    }
}
