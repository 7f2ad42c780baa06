using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Report;
using NhiTools.Engine.Sources.Offline;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>Privilege-escalation paths (issue 15 item 7) on cloudsplaining's example export and on Entra rights.</summary>
    public class EscalationPathTests
    {
        private static System.Collections.Generic.Dictionary<string, Identity> Export()
        {
            var host = new RecordingHost();
            return new OfflineSource(host).Read(new[] { CloudsplainingExportTests.File }).ToDictionary(i => i.Name);
        }

        [Theory]
        // The export's users (iam-vulnerable) named for the Rhino Security Labs method they hold, 1 to 21.
        [InlineData("privesc1-CreateNewPolicyVersion-user", "CreatePolicyVersion")]
        [InlineData("privesc2-SetExistingDefaultPolicyVersion-user", "SetDefaultPolicyVersion")]
        [InlineData("privesc3-CreateEC2WithExistingInstanceProfile-user", "PassRole+EC2")]
        [InlineData("privesc4-CreateAccessKey-user", "CreateAccessKey")]
        [InlineData("privesc5-CreateLoginProfile-user", "CreateLoginProfile")]
        [InlineData("privesc6-UpdateLoginProfile-user", "UpdateLoginProfile")]
        [InlineData("privesc7-AttachUserPolicy-user", "AttachUserPolicy")]
        [InlineData("privesc8-AttachGroupPolicy-user", "AttachGroupPolicy")]
        [InlineData("privesc9-AttachRolePolicy-user", "AttachRolePolicy")]
        [InlineData("privesc10-PutUserPolicy-user", "PutUserPolicy")]
        [InlineData("privesc11-PutGroupPolicy-user", "PutGroupPolicy")]
        [InlineData("privesc12-PutRolePolicy-user", "PutRolePolicy")]
        [InlineData("privesc13-AddUserToGroup-user", "AddUserToGroup")]
        [InlineData("privesc14-UpdatingAssumeRolePolicy-user", "UpdateAssumeRolePolicy")]
        [InlineData("privesc15-PassExistingRoleToNewLambdaThenInvoke-user", "PassRole+Lambda")]
        [InlineData("privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo-user", "PassRole+Lambda+EventSource")]
        [InlineData("privesc17-EditExistingLambdaFunctionWithRole-user", "UpdateFunctionCode")]
        [InlineData("privesc18-PassExistingRoleToNewGlueDevEndpoint-user", "PassRole+Glue")]
        [InlineData("privesc19-UpdateExistingGlueDevEndpoint-user", "UpdateDevEndpoint")]
        [InlineData("privesc20-PassExistingRoleToCloudFormation-user", "PassRole+CloudFormation")]
        [InlineData("privesc21-PassExistingRoleToNewDataPipeline-user", "PassRole+DataPipeline")]
        [InlineData("privesc-sageMakerCreateNotebookPassRole-user", "PassRole+SageMaker")]
        public void Rhino_methods_in_the_real_export_are_named(string user, string method)
        {
            var ids = Export();
            Assert.True(ids.ContainsKey(user), "the export has no " + user);
            var paths = EscalationPaths.Find(ids[user]);
            Assert.True(paths.Any(p => p.Method == method), user + ": " + string.Join(" | ", paths) + " / " + string.Join(" | ", ids[user].Permissions.SelectMany(p => p.Statements)));
            var f = Run(ids[user], R.Overprivileged).Single(x => x.Rule == R.Overprivileged);
            Assert.True(f.Severity >= Severity.High, f.Evidence);
            Assert.Contains(method + " (", f.Evidence);
        }

        [Fact]
        public void Pass_role_with_lambda_is_spelled_out_and_drawn_on_the_access_map()
        {
            var u = IamUser("svc-deployer");
            u.Permissions = new[] { Perm("deploy", PermissionType.InlinePolicy, "*", "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction") };
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            Assert.Contains("PassRole+Lambda (iam:PassRole on * + lambda:CreateFunction on * + lambda:InvokeFunction on *: creates and invokes a function running as a privileged role)", f.Evidence);
            var g = AccessGraph.Build(new[] { u });
            Assert.Contains(g.Edges, e => e.From == u.Id && e.To == "system:aws:" + Account && e.Kind == AccessEdge.CanEscalate);
        }

        [Fact]
        public void Pass_role_limited_to_one_role_opens_no_path_and_admin_needs_none()
        {
            var scoped = IamUser("svc-scoped");
            scoped.Permissions = new[] { Perm("deploy", PermissionType.InlinePolicy, "arn:aws:iam::123456789012:role/app-runtime", "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction") };
            Assert.True(EscalationPaths.Find(scoped).Count == 0, string.Join(" | ", EscalationPaths.Find(scoped)));
            Assert.DoesNotContain(AccessGraph.Build(new[] { scoped }).Edges, e => e.Kind == AccessEdge.CanEscalate);

            var admin = IamUser("svc-admin");
            admin.Permissions = new[] { Perm("all", PermissionType.InlinePolicy, "*", "*") };
            Assert.True(EscalationPaths.Find(admin).Count == 0, string.Join(" | ", EscalationPaths.Find(admin)));
        }

        [Fact]
        public void Entra_app_that_can_grant_itself_app_roles_or_add_secrets_to_other_apps()
        {
            var app = EntraApp("app-automation");
            app.Permissions = new[]
            {
                new Permission { Name = "AppRoleAssignment.ReadWrite.All", Type = PermissionType.AppRole, Resource = "Microsoft Graph", Via = "direct" },
                new Permission { Name = "Application.ReadWrite.All", Type = PermissionType.DelegatedScope, Resource = "Microsoft Graph", Via = "consent:Principal" },
            };
            var paths = EscalationPaths.Find(app);
            var p = Assert.Single(paths); // the delegated scope acts only with a user's rights
            Assert.Equal("GrantAppRoles", p.Method);
            var f = Single(Run(app, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            Assert.Contains("grants itself any app role", f.Evidence);
        }
    }
}
