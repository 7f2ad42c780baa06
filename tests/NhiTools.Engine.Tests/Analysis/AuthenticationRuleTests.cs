using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class AuthenticationRuleTests
    {
        [Fact]
        public void Human_use_is_high_when_the_console_password_was_used()
        {
            var u = IamUser("svc-console");
            u.HasPassword = true;
            u.PasswordLastUsedOn = DaysAgo(20);
            var f = Single(Run(u, R.HumanUse), R.HumanUse, "NHI10", Severity.High);
            Assert.Contains("last used 2026-10-12 (20 days before 2026-11-01)", f.Evidence);
            Assert.Contains("no MFA", f.Evidence);
        }

        [Fact]
        public void Human_use_is_medium_when_only_enabled_and_quiet_without_password()
        {
            var u = IamUser("svc-console");
            u.HasPassword = true;
            u.MfaActive = true;
            var f = Single(Run(u, R.HumanUse), R.HumanUse, "NHI10", Severity.Medium);
            Assert.Contains("MFA on", f.Evidence);
            None(Run(IamUser("svc-api", AccessKey("AKIAAPI0000000000001", 10, 1)), R.HumanUse), R.HumanUse);
        }

        [Fact]
        public void Human_and_root_rows_are_not_evaluated()
        {
            var root = IamUser("root");
            root.Kind = IdentityKind.RootAccount;
            root.HasPassword = true;
            root.Owners = new string[0];
            Assert.Empty(Run(root));
        }

        [Fact]
        public void Weak_auth_fires_for_an_entra_client_secret_and_an_iam_user_key()
        {
            var app = EntraApp("app-secret", ClientSecret("sec-1", 10, 180));
            var f = Single(Run(app, R.WeakAuth), R.WeakAuth, "NHI4", Severity.Low);
            Assert.Contains("client secret (sec-1)", f.Evidence);
            Assert.Contains("certificate, federated credential or managed identity", f.Evidence);
            Assert.Equal("sec-1", f.CredentialId);

            var u = IamUser("svc-keys", AccessKey("AKIAWEAK000000000001", 10, 1));
            var g = Single(Run(u, R.WeakAuth), R.WeakAuth, "NHI4", Severity.Low);
            Assert.Contains("access key AKIAWEAK000000000001", g.Evidence);
            Assert.Contains("assumable role", g.Evidence);
        }

        [Fact]
        public void Weak_auth_quiet_for_certificates_federation_roles_expired_secrets_and_vendors()
        {
            var app = EntraApp("app-cert", Certificate("c1", 10, 365), Federated("f1", "https://token.actions.githubusercontent.com", "repo:org/app:environment:prod"),
                ClientSecret("old", 400, 100));
            None(Run(app, R.WeakAuth), R.WeakAuth);
            None(Run(IamRole("role-x"), R.WeakAuth), R.WeakAuth);
            var vendor = EntraApp("vendor", ClientSecret("v", 10, 100));
            vendor.ThirdParty = true;
            None(Run(vendor, R.WeakAuth), R.WeakAuth);
        }

        [Theory]
        [InlineData(null, "sets no subject (sub) condition")]
        [InlineData("", "sets no subject (sub) condition")]
        [InlineData("*", "accepts any subject")]
        [InlineData("repo:contoso/*", "matches more than one repository")]
        [InlineData("repo:*", "matches more than one repository")]
        [InlineData("repo:contoso/app-*:ref:refs/heads/main", "matches more than one repository")]
        [InlineData("system:serviceaccount:payments:*", "wildcard subject")]
        public void Insecure_deploy_fires_for_unrestricted_oidc_subjects(string subject, string expected)
        {
            var role = IamRole("role-gh-deploy");
            role.Credentials = new[] { Federated("trust-1", "token.actions.githubusercontent.com", subject) };
            var f = Single(Run(role, R.InsecureDeploy), R.InsecureDeploy, "NHI6", Severity.High);
            Assert.Contains(expected, f.Evidence);
            Assert.Contains("token.actions.githubusercontent.com", f.Evidence);
            Assert.Equal("trust-1", f.CredentialId);
        }

        [Theory]
        [InlineData("repo:contoso/app:ref:refs/heads/main")]
        [InlineData("repo:contoso/app:environment:prod")]
        [InlineData("repo:contoso/app:*")] // one repository, any ref: pinned to the repo
        [InlineData("system:serviceaccount:payments:api")]
        public void Insecure_deploy_quiet_for_restricted_subjects(string subject)
        {
            var app = EntraApp("app-fic", Federated("fic", "https://token.actions.githubusercontent.com", subject));
            None(Run(app, R.InsecureDeploy), R.InsecureDeploy);
        }

        [Fact]
        public void Insecure_deploy_fires_for_static_keys_of_a_pipeline_identity()
        {
            var u = IamUser("svc-github-deploy", AccessKey("AKIAPIPE000000000001", 10, 1));
            var f = Single(Run(u, R.InsecureDeploy), R.InsecureDeploy, "NHI6", Severity.Medium);
            Assert.Contains("AKIAPIPE000000000001", f.Evidence);
            Assert.Contains("'github' in name svc-github-deploy", f.Evidence);

            var tagged = IamUser("svc-upload", AccessKey("AKIAPIPE000000000002", 10, 1));
            tagged.Tags["used-in"] = "Jenkins";
            Assert.Contains("tag used-in=Jenkins", Single(Run(tagged, R.InsecureDeploy), R.InsecureDeploy, "NHI6", Severity.Medium).Evidence);

            var noted = EntraApp("app-release", ClientSecret("s", 10, 90));
            noted.Notes = "Used by the nightly CI job.";
            Single(Run(noted, R.InsecureDeploy), R.InsecureDeploy, "NHI6", Severity.Medium);
        }

        [Fact]
        public void Insecure_deploy_quiet_for_pipeline_words_in_owner_tags_or_substrings_and_for_keyless_pipeline_roles()
        {
            var u = IamUser("svc-cider-import", AccessKey("AKIAQUIET00000000001", 10, 1)); // 'ci' only inside a word
            u.Tags["owner"] = "devops-team";
            None(Run(u, R.InsecureDeploy), R.InsecureDeploy);
            var role = IamRole("role-github-deploy"); // federation, no static key
            None(Run(role, R.InsecureDeploy), R.InsecureDeploy);
        }
    
        [Fact]
        public void Weak_auth_fires_for_a_console_password_without_mfa_only()
        {
            var u = IamUser("svc-reporting-bi");
            u.HasPassword = true;
            u.PasswordLastUsedOn = DaysAgo(3);
            var f = Single(Run(u, R.WeakAuth), R.WeakAuth, "NHI4", Severity.Medium);
            Assert.Contains("without MFA (last used 2026-10-29", f.Evidence);
            u.MfaActive = true;
            None(Run(u, R.WeakAuth), R.WeakAuth);
        }

        [Theory]
        [InlineData("oidc:token.actions.githubusercontent.com (sub StringLike repo:contoso/*; aud StringEquals sts.amazonaws.com)", "repo:contoso/*")]
        [InlineData("oidc:token.actions.githubusercontent.com (aud StringEquals sts.amazonaws.com)", "sets no subject")]
        [InlineData("oidc:token.actions.githubusercontent.com", "sets no subject")]
        [InlineData("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "sets no subject")]
        [InlineData("oidc:token.actions.githubusercontent.com (sub StringLike repo:contoso/api:ref:refs/heads/main|repo:*)", "repo:*")]
        public void Insecure_deploy_reads_role_trusts_as_the_importer_writes_them(string trust, string expected)
        {
            var role = IamRole("role-gh");
            role.AssumableBy = new[] { trust };
            var f = Single(Run(role, R.InsecureDeploy), R.InsecureDeploy, "NHI6", Severity.High);
            Assert.Contains(expected, f.Evidence);
            Assert.Contains("token.actions.githubusercontent.com", f.Evidence);
        }

        [Theory]
        [InlineData("oidc:token.actions.githubusercontent.com (sub StringEquals repo:contoso/payments-api:ref:refs/heads/main; aud StringEquals sts.amazonaws.com)")]
        [InlineData("oidc:token.actions.githubusercontent.com (token.actions.githubusercontent.com:sub StringLike repo:contoso/api:environment:prod)")]
        [InlineData("oidc:cognito-identity.amazonaws.com (aud StringEquals us-east-1:pool)")]
        [InlineData("service:lambda.amazonaws.com")]
        public void Insecure_deploy_quiet_for_pinned_role_trusts(string trust)
        {
            var role = IamRole("role-gh");
            role.AssumableBy = new[] { trust };
            None(Run(role, R.InsecureDeploy), R.InsecureDeploy);
        }

        [Fact]
        public void Federated_credentials_filled_only_in_display_name_are_read()
        {
            var wide = new Credential { Id = "fic-1", Type = CredentialType.FederatedCredential, DisplayName = "https://token.actions.githubusercontent.com repo:contoso/*" };
            var f = Single(Run(EntraApp("app-fic", wide), R.InsecureDeploy), R.InsecureDeploy, "NHI6", Severity.High);
            Assert.Equal("fic-1", f.CredentialId);
            var pinned = new Credential { Id = "fic-2", Type = CredentialType.FederatedCredential, DisplayName = "https://token.actions.githubusercontent.com repo:contoso/app:environment:prod" };
            None(Run(EntraApp("app-fic", pinned), R.InsecureDeploy), R.InsecureDeploy);
            var unknown = new Credential { Id = "fic-3", Type = CredentialType.FederatedCredential };
            None(Run(EntraApp("app-fic", unknown), R.InsecureDeploy), R.InsecureDeploy);
        }
    }
}
