using System;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class PrivilegeRuleTests
    {
        [Fact]
        public void Administrator_access_is_critical_and_named()
        {
            var u = IamUser("svc-admin");
            u.Permissions = new[] { Perm("AdministratorAccess", resource: null) };
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            Assert.Contains("AdministratorAccess (ManagedPolicy, direct): admin-equivalent", f.Evidence);
        }

        [Theory]
        [InlineData("*")]
        [InlineData("*:*")]
        [InlineData("iam:*")]
        [InlineData("organizations:*")]
        public void Admin_equivalent_actions_are_critical(string action)
        {
            var u = IamUser("svc-inline");
            u.Permissions = new[] { Perm("inline-ops", PermissionType.InlinePolicy, "*", action) };
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            Assert.Contains("admin-equivalent action " + action, f.Evidence);
        }

        [Fact]
        public void Pass_role_on_star_is_high_but_scoped_to_one_role_is_not()
        {
            var u = IamUser("svc-deploy-x");
            u.Permissions = new[] { Perm("deploy-policy", PermissionType.InlinePolicy, "*", "iam:PassRole", "ec2:RunInstances") };
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            Assert.Contains("high-risk action iam:PassRole on *", f.Evidence);
            Assert.Contains("deploy-policy", f.Evidence);

            u.Permissions = new[] { Perm("deploy-policy", PermissionType.InlinePolicy, "arn:aws:iam::123456789012:role/app-runtime", "iam:PassRole") };
            None(Run(u, R.Overprivileged), R.Overprivileged);
        }

        [Theory]
        [InlineData("*", true)]
        [InlineData("arn:aws:iam::123456789012:role/*", true)]
        [InlineData("arn:aws:iam::*:role/deploy", true)]
        [InlineData("arn:aws:iam::123456789012:*", true)]
        [InlineData("arn:aws:iam::123456789012:role/app-*", false)]
        [InlineData("arn:aws:iam::123456789012:role/app", false)]
        public void Pass_role_is_high_only_on_all_roles(string resource, bool fires)
        {
            var u = IamUser("svc-pass");
            u.Permissions = new[] { Perm("pass", PermissionType.InlinePolicy, resource, "iam:PassRole") };
            Assert.Equal(fires, Run(u, R.Overprivileged).Exists(f => f.Severity == Severity.High));
        }

        [Theory]
        [InlineData("arn:aws:s3:::*", true)]
        [InlineData("arn:aws:s3:::*/*", true)]
        [InlineData("arn:aws:s3:::reports/*", false)]
        public void Data_actions_are_account_wide_only_on_every_bucket(string resource, bool fires)
        {
            var u = IamUser("svc-data");
            u.Permissions = new[] { Perm("read", PermissionType.InlinePolicy, resource, "s3:Get*") };
            Assert.Equal(fires, Run(u, R.Overprivileged).Exists(f => f.Severity == Severity.Medium));
        }

        [Fact]
        public void A_granted_wildcard_covers_the_risky_action_it_matches()
        {
            var u = IamUser("svc-sts");
            u.Permissions = new[] { Perm("assume-any", PermissionType.InlinePolicy, "*", "sts:Assume*") };
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            Assert.Contains("sts:Assume* (grants sts:AssumeRole)", f.Evidence);
        }

        [Fact]
        public void Graph_roles_are_graded_and_the_strongest_sets_severity()
        {
            var app = EntraApp("app-graph");
            app.Permissions = new[]
            {
                Perm("Mail.ReadWrite", PermissionType.AppRole, "Microsoft Graph"),
                Perm("RoleManagement.ReadWrite.Directory", PermissionType.AppRole, "Microsoft Graph"),
            };
            var f = Single(Run(app, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            Assert.True(f.Evidence.IndexOf("RoleManagement", StringComparison.Ordinal) < f.Evidence.IndexOf("Mail.ReadWrite", StringComparison.Ordinal), f.Evidence);

            app.Permissions = new[] { Perm("Files.ReadWrite.All", PermissionType.AppRole, "Microsoft Graph") };
            var g = Single(Run(app, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Medium);
            Assert.Contains("Files.ReadWrite.All on Microsoft Graph", g.Evidence);
        }

        [Fact]
        public void Directory_roles_and_importer_admin_flag_are_critical()
        {
            var sp = EntraApp("sp-sync");
            sp.Permissions = new[] { Perm("Privileged Role Administrator", PermissionType.DirectoryRole, "/") };
            Single(Run(sp, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            sp.Permissions = new[] { new Permission { Name = "custom-everything", Type = PermissionType.Other, AdminEquivalent = true, Actions = new[] { "ec2:*", "iam:Create*" } } };
            var f = Single(Run(sp, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
            Assert.Contains("admin-equivalent (as the source marks it: ec2:*, iam:Create*)", f.Evidence);
        }

        [Fact]
        public void Least_privilege_permissions_and_unknown_resources_do_not_fire()
        {
            var u = IamUser("svc-reader");
            u.Permissions = new[]
            {
                Perm("User.Read", PermissionType.DelegatedScope, "Microsoft Graph"),
                Perm("s3-read-bucket", PermissionType.InlinePolicy, "arn:aws:s3:::reports/*", "s3:GetObject"),
                Perm("pass-unknown", PermissionType.InlinePolicy, null, "iam:PassRole"), // unknown resource is not evidence of *
            };
            None(Run(u, R.Overprivileged), R.Overprivileged);
        }

        [Fact]
        public void Policy_lists_change_what_is_privileged()
        {
            var u = IamUser("svc-x");
            u.Permissions = new[] { Perm("MyHomeGrownAdmin") };
            None(Run(new[] { u }, null, R.Overprivileged), R.Overprivileged);
            var policy = Engine.Analysis.FindingPolicy.Default;
            policy.PrivilegedPermissions = new[] { "MyHomeGrownAdmin" };
            Single(Run(new[] { u }, policy, R.Overprivileged), R.Overprivileged, "NHI5", Severity.Critical);
        }

        [Fact]
        public void Third_party_app_with_high_risk_rights_fires()
        {
            var app = EntraApp("vendor-crm");
            app.Id = "entra:sp:0f7e0c2a-1111-4222-8333-944445555666";
            app.Kind = IdentityKind.ServicePrincipal;
            app.ThirdParty = true;
            app.Permissions = new[] { Perm("Directory.ReadWrite.All", PermissionType.AppRole, "Microsoft Graph") };
            var f = Single(Run(app, R.ThirdParty), R.ThirdParty, "NHI3", Severity.High);
            Assert.Contains("another organisation", f.Evidence);
            Assert.Contains("Directory.ReadWrite.All", f.Evidence);

            app.Permissions = new[] { Perm("Mail.Read", PermissionType.AppRole, "Microsoft Graph") };
            Single(Run(app, R.ThirdParty), R.ThirdParty, "NHI3", Severity.Medium);
        }

        [Fact]
        public void Third_party_app_with_only_user_read_or_own_app_does_not_fire()
        {
            var vendor = EntraApp("vendor-sso");
            vendor.ThirdParty = true;
            vendor.Permissions = new[] { Perm("User.Read", PermissionType.DelegatedScope, "Microsoft Graph") };
            None(Run(vendor, R.ThirdParty), R.ThirdParty);

            var own = EntraApp("own-admin");
            own.Permissions = new[] { Perm("Directory.ReadWrite.All", PermissionType.AppRole, "Microsoft Graph") };
            None(Run(own, R.ThirdParty), R.ThirdParty);
        }

        [Fact]
        public void Cross_system_fires_for_a_role_assumable_from_another_account()
        {
            var role = IamRole("role-partner");
            role.AssumableBy = new[] { "arn:aws:iam::999988887777:root", "arn:aws:iam::123456789012:role/local", "ec2.amazonaws.com" };
            var f = Single(Run(role, R.CrossSystem), R.CrossSystem, "NHI5", Severity.Medium);
            Assert.Contains("assumable from other AWS account: 999988887777 (arn:aws:iam::999988887777:root)", f.Evidence);
            Assert.DoesNotContain("123456789012", f.Evidence);
        }

        [Fact]
        public void Cross_system_is_high_for_any_principal_and_names_oidc_issuers()
        {
            var role = IamRole("role-public");
            role.AssumableBy = new[] { "*" };
            Single(Run(role, R.CrossSystem), R.CrossSystem, "NHI5", Severity.High);

            var gh = IamRole("role-gh");
            gh.AssumableBy = new[] { "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" };
            var f = Single(Run(gh, R.CrossSystem), R.CrossSystem, "NHI5", Severity.Medium); // no sub condition: not pinned
            Assert.Contains("OIDC issuer token.actions.githubusercontent.com", f.Evidence);

            // Federation pinned to one repository and branch is the recommended bridge: reported, at Low.
            gh.AssumableBy = new[] { "oidc:token.actions.githubusercontent.com (sub StringEquals repo:contoso/api:ref:refs/heads/main)" };
            Single(Run(gh, R.CrossSystem), R.CrossSystem, "NHI5", Severity.Low);
        }

        [Fact]
        public void Cross_system_fires_for_a_credential_in_two_vaults_and_for_rights_in_two_resource_apps()
        {
            var key = ClientSecret("k-shared", 10, 180);
            key.StoredIn = new[] { "keyvault:kv-app/client-secret", "keyvault:kv-ops/app-secret" };
            var app = EntraApp("app-bridge", key);
            var f = Single(Run(app, R.CrossSystem), R.CrossSystem, "NHI5", Severity.Medium);
            Assert.Contains("credential k-shared is stored in 2 places: keyvault:kv-app, keyvault:kv-ops", f.Evidence);

            var multi = EntraApp("app-multi");
            multi.Permissions = new[]
            {
                Perm("User.Read.All", PermissionType.AppRole, "Microsoft Graph"),
                Perm("Sites.Selected", PermissionType.AppRole, "Office 365 SharePoint Online"),
            };
            var g = Single(Run(multi, R.CrossSystem), R.CrossSystem, "NHI5", Severity.Medium);
            Assert.Contains("holds rights in 2 resource apps: Microsoft Graph, Office 365 SharePoint Online", g.Evidence);
        }

        [Fact]
        public void Cross_system_quiet_for_a_same_account_role_one_vault_and_one_resource_app()
        {
            var role = IamRole("role-local");
            role.AssumableBy = new[] { "arn:aws:iam::123456789012:user/dev", "lambda.amazonaws.com" };
            role.Systems = new[] { "aws:123456789012" };
            None(Run(role, R.CrossSystem), R.CrossSystem);

            var key = ClientSecret("k1", 10, 180);
            key.StoredIn = new[] { "keyvault:kv-app/a", "keyvault:kv-app/b" };
            var app = EntraApp("app-one", key);
            app.Permissions = new[] { Perm("User.Read.All", PermissionType.AppRole, "Microsoft Graph"), Perm("Group.Read.All", PermissionType.AppRole, "Microsoft Graph") };
            None(Run(app, R.CrossSystem), R.CrossSystem);
        }

        [Fact]
        public void Cross_system_fires_when_systems_span_two_accounts()
        {
            var u = IamUser("svc-x");
            u.Systems = new[] { "aws:123456789012", "aws:210987654321", "keyvault:kv-ops" };
            var f = Single(Run(u, R.CrossSystem), R.CrossSystem, "NHI5", Severity.Medium);
            Assert.Contains("reaches 2 accounts/tenants: aws:123456789012, aws:210987654321", f.Evidence);
        }
    
        [Fact]
        public void Every_action_of_a_service_on_every_resource_is_high()
        {
            var u = IamUser("agent-claims-triage");
            u.Permissions = new[] { Perm("bedrock-agent", PermissionType.InlinePolicy, "*", "bedrock:*") };
            var f = Single(Run(u, R.Overprivileged), R.Overprivileged, "NHI5", Severity.High);
            Assert.Contains("every action of a service (bedrock:*) on *", f.Evidence);
            u.Permissions = new[] { Perm("bedrock-agent", PermissionType.InlinePolicy, "arn:aws:bedrock:us-east-1:123456789012:agent/claims", "bedrock:*") };
            None(Run(u, R.Overprivileged), R.Overprivileged);
        }

        [Fact]
        public void Root_account_access_key_is_critical_and_root_gets_no_human_findings()
        {
            var root = IamUser("root", new Credential { Id = "access_key_1", Type = CredentialType.AccessKey, CreatedOn = new System.DateTime(2021, 5, 10), LastUsedOn = DaysAgo(12) });
            root.Id = "aws:arn:aws:iam::123456789012:root";
            root.Kind = IdentityKind.RootAccount;
            root.Owners = new string[0];
            root.HasPassword = true;
            var findings = Run(root);
            var f = Single(findings, R.Overprivileged, "NHI5", Severity.Critical);
            Assert.Contains("Root account of 123456789012 has active access key access_key_1 (created 2021-05-10, last used 2026-10-20)", f.Evidence);
            None(findings, R.Unowned);
            None(findings, R.HumanUse);
            None(findings, R.WeakAuth);
            Assert.Contains(findings, x => x.Rule == R.RotationOverdue);

            root.Credentials[0].Enabled = false;
            None(Run(root, R.Overprivileged), R.Overprivileged);
        }

        [Fact]
        public void Third_party_fires_for_a_role_trusted_by_an_account_outside_the_estate()
        {
            var role = IamRole("role-partner-audit");
            role.AssumableBy = new[] { "account:999988887777" };
            var f = Single(Run(new[] { role }, null, R.ThirdParty), R.ThirdParty, "NHI3", Severity.High);
            Assert.Contains("trusted by AWS account account:999988887777", f.Evidence);
            Assert.Contains("no sts:ExternalId condition", f.Evidence);

            role.AssumableBy = new[] { "account:999988887777 (sts:ExternalId StringEquals 8f2k)" };
            Single(Run(new[] { role }, null, R.ThirdParty), R.ThirdParty, "NHI3", Severity.Medium);
        }

        [Fact]
        public void Third_party_quiet_for_a_trust_between_your_own_accounts()
        {
            var role = IamRole("role-from-dev");
            role.AssumableBy = new[] { "arn:aws:iam::444455556666:role/ci" };
            var dev = IamUser("svc-dev");
            dev.Account = "444455556666";
            None(Run(new[] { role, dev }, null, R.ThirdParty), R.ThirdParty); // dev account is in the run
            var policy = Engine.Analysis.FindingPolicy.Default;
            policy.TrustedAccounts = new[] { "444455556666" };
            None(Run(new[] { role }, policy, R.ThirdParty), R.ThirdParty); // or named in the policy
            Single(Run(new[] { role }, null, R.ThirdParty), R.ThirdParty, "NHI3", Severity.High);
        }
    }
}
