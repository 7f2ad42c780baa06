using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Tests.Offline;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>
    /// IAM policy semantics statement by statement, through the real importer: shapes taken from cloudsplaining's
    /// example export (fp1-allow-and-deny, fn4-exploitableNotAction, fn5 conditions, the QuickSetup roles' PassRole)
    /// and AWS managed policies referenced without a document.
    /// </summary>
    public class PolicyStatementTests
    {
        private static Identity User(string statementsJson, string attached = "")
        {
            var json = "{\"UserDetailList\":[{\"UserName\":\"svc-x\",\"Arn\":\"arn:aws:iam::123456789012:user/svc-x\",\"CreateDate\":\"2026-01-01T00:00:00Z\","
                + "\"UserPolicyList\":[" + statementsJson + "],\"GroupList\":[],\"AttachedManagedPolicies\":[" + attached + "],\"Tags\":[{\"Key\":\"owner\",\"Value\":\"a@b.c\"}]}]}";
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, OfflineData.TempFile("authz.json", json));
            Assert.Empty(host.Errors);
            return Assert.Single(ids);
        }

        private static string Inline(string name, string statements) =>
            "{\"PolicyName\":\"" + name + "\",\"PolicyDocument\":{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}}";

        [Fact]
        public void Each_statement_keeps_its_own_resources_so_a_pass_role_limited_to_one_role_is_not_on_star()
        {
            // AWS-QuickSetup-CFGRecording-PolicyForAutomation: PassRole on one service role, describe calls on *.
            var u = User(Inline("quicksetup", "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"config:DescribeConfigurationRecorders\",\"iam:GetRole\"],\"Resource\":\"*\"}"));
            var p = Assert.Single(u.Permissions);
            Assert.Equal(2, p.Statements.Length);
            Assert.Equal("iam:PassRole", Assert.Single(p.Statements[0].Actions));
            None(Run(u, R.Overprivileged), R.Overprivileged);
        }

        [Fact]
        public void Allow_and_deny_of_iam_star_is_not_admin()
        {
            var u = User(Inline("fp1-allow-and-deny", "{\"Action\":\"iam:*\",\"Effect\":\"Allow\",\"Resource\":\"*\"},{\"Action\":\"iam:*\",\"Effect\":\"Deny\",\"Resource\":\"*\"}"));
            Assert.False(u.Permissions[0].AdminEquivalent);
            None(Run(u, R.Overprivileged), R.Overprivileged);
        }

        [Fact]
        public void A_deny_in_another_policy_subtracts_too_but_a_partial_deny_leaves_the_rest()
        {
            var all = User(Inline("allow-all", "{\"Action\":\"*\",\"Effect\":\"Allow\",\"Resource\":\"*\"}") + "," + Inline("deny-all", "{\"Action\":\"*\",\"Effect\":\"Deny\",\"Resource\":\"*\"}"));
            None(Run(all, R.Overprivileged), R.Overprivileged);

            var partial = User(Inline("iam-admin", "{\"Action\":\"iam:*\",\"Effect\":\"Allow\",\"Resource\":\"*\"}") + "," + Inline("no-passrole", "{\"Action\":\"iam:PassRole\",\"Effect\":\"Deny\",\"Resource\":\"*\"}"));
            var f = Single(Run(partial, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            Assert.Contains("high-risk action iam:* (grants iam:CreateAccessKey) on *", f.Evidence);
            Assert.Contains("explicit Deny of iam:PassRole subtracted", f.Evidence);
        }

        [Fact]
        public void Allow_not_action_on_star_is_broad_and_shows_what_it_excludes()
        {
            // fn4-exploitableNotAction: everything but iam:Update*, iam:Create*, iam:Attach* (iam:PutUserPolicy remains).
            var u = User(Inline("fn4-exploitableNotAction", "{\"Effect\":\"Allow\",\"NotAction\":[\"iam:Update*\",\"iam:Create*\",\"iam:Attach*\"],\"Resource\":\"*\"}"));
            var p = Assert.Single(u.Permissions);
            Assert.Equal(new[] { "*" }, p.Actions); // today's bug: no actions at all
            Assert.Equal(new[] { "iam:Update*", "iam:Create*", "iam:Attach*" }, p.Statements[0].NotActions);
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            Assert.Contains("NotAction iam:Update*, iam:Create*, iam:Attach*", f.Evidence);

            // Everything but IAM and Organizations: no longer admin, still broad (sts:AssumeRole on *).
            var power = User(Inline("power", "{\"Effect\":\"Allow\",\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"],\"Resource\":\"*\"}"));
            Assert.False(power.Permissions[0].AdminEquivalent);
            var g = Single(Run(power, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            Assert.Contains("(grants sts:AssumeRole) on * (NotAction iam:*, organizations:*, account:*)", g.Evidence);
        }

        [Fact]
        public void A_narrowing_condition_is_named_and_lowers_the_grade()
        {
            var open = User(Inline("create-version", "{\"Action\":\"iam:CreatePolicyVersion\",\"Effect\":\"Allow\",\"Resource\":\"*\"}"));
            var f0 = Single(Run(open, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            var narrowed = User(Inline("create-version", "{\"Action\":\"iam:CreatePolicyVersion\",\"Effect\":\"Allow\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1a2b3c\"}}}"));
            var f1 = Single(Run(narrowed, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Medium);
            Assert.Contains("only when Bool aws:MultiFactorAuthPresent=true and StringEquals aws:SourceVpc=vpc-1a2b3c", f1.Evidence);
            Assert.True(f1.Score < f0.Score, f1.Score + " !< " + f0.Score);
        }

        [Theory]
        [InlineData("PowerUserAccess", Severity.High, "high-risk action * (grants sts:AssumeRole) on * (NotAction iam:*, organizations:*, account:*)")]
        [InlineData("AmazonS3FullAccess", Severity.High, "every action of a service (s3:*) on *")]
        [InlineData("ReadOnlyAccess", Severity.Medium, "account-wide data action")]
        [InlineData("AdministratorAccess", Severity.Critical, "AdministratorAccess (ManagedPolicy, direct): admin-equivalent action * (grants ")]
        public void Aws_managed_policies_named_without_a_document_are_known_from_the_snapshot(string name, Severity level, string evidence)
        {
            var u = User("", "{\"PolicyName\":\"" + name + "\",\"PolicyArn\":\"arn:aws:iam::aws:policy/" + name + "\"}");
            var p = Assert.Single(u.Permissions);
            Assert.NotEmpty(p.Statements);
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", level);
            Assert.True(f.Evidence.Contains(evidence), f.Evidence);
        }

        [Fact]
        public void A_customer_policy_named_like_an_aws_one_is_not_taken_for_it()
        {
            var u = User("", "{\"PolicyName\":\"PowerUserAccess\",\"PolicyArn\":\"arn:aws:iam::123456789012:policy/PowerUserAccess\"}");
            Assert.Empty(Assert.Single(u.Permissions).Statements);
        }

        [Fact]
        public void The_snapshot_is_dated_and_large()
        {
            Assert.True(NhiTools.Engine.Sources.Offline.Aws.AwsManagedPolicies.Count > 1000);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", NhiTools.Engine.Sources.Offline.Aws.AwsManagedPolicies.SnapshotDate);
        }
    }
}
