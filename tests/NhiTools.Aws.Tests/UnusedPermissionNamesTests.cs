using NhiTools.Engine.Analysis.Rules;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>Which AWS policies a review item's Reduce hands to Revoke-NhiPermission (ReviewItem.UnusedPermissions).</summary>
    public class UnusedPermissionNamesTests
    {
        [Fact]
        public void Only_policies_held_directly_whose_every_service_went_unused_are_named()
        {
            var identity = new Identity
            {
                Id = "aws:arn:aws:iam::111122223333:user/svc-x", Provider = "Aws",
                Permissions = new[]
                {
                    new Permission { Name = "reports-s3", Actions = new[] { "s3:GetObject", "s3:PutObject" } },
                    new Permission { Name = "queue-and-metrics", Actions = new[] { "sqs:SendMessage", "cloudwatch:PutMetricData" } },
                    new Permission { Name = "queue-only", Actions = new[] { "sqs:*" } },
                    new Permission { Name = "team-s3", Actions = new[] { "s3:ListBucket" }, Via = "group:data" },
                    new Permission { Name = "AdministratorAccess", Actions = new[] { "*" }, AdminEquivalent = true },
                },
            };
            const string evidence = "AdministratorAccess grants every service (*); granted but unused: s3 (s3:GetObject, s3:ListBucket, s3:PutObject), sqs (sqs:*)."
                + " Used in the window: cloudwatch (12 calls: cloudwatch:PutMetricData). CloudTrail covers 2026-08-03 to 2026-10-31 (89 days), in the 90 days to 2026-11-01.";

            // queue-and-metrics also grants cloudwatch, which was used; team-s3 comes through a group; AdministratorAccess was used.
            Assert.Equal(new[] { "reports-s3", "queue-only" }, ActivityRules.UnusedPermissionNames(identity, evidence));
            Assert.Empty(ActivityRules.UnusedPermissionNames(identity, "AdministratorAccess grants every service (*). Used in the window: s3 (3 calls)."));
        }
    }
}
