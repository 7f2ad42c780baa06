using System.Linq;
using NhiTools.Engine.Analysis;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class ReuseRuleTests
    {
        [Fact]
        public void Shared_fires_for_a_workloads_tag_with_several_names()
        {
            var u = IamUser("svc-common");
            u.Tags["workloads"] = "billing, reports;etl";
            var f = Single(Run(u, R.Shared), R.Shared, "NHI9", Severity.Medium);
            Assert.Contains("Used by 3 workloads (tag workloads=billing, reports;etl): billing, reports, etl", f.Evidence);
        }

        [Fact]
        public void Shared_quiet_for_a_single_workload()
        {
            var u = IamUser("svc-billing");
            u.Tags["workloads"] = "billing";
            u.Tags["agents"] = "billing, Billing"; // the same agent twice
            None(Run(u, R.Shared), R.Shared);
        }

        [Fact]
        public void Shared_fires_at_the_end_for_a_credential_stored_in_two_vaults()
        {
            var key = ClientSecret("9a1b-secret", 10, 180);
            key.StoredIn = new[] { "keyvault:kv-payments/app-secret", "keyvault:kv-reports/payments-app" };
            var app = EntraApp("app-payments", key);
            var other = IamUser("svc-unrelated");
            var findings = Run(new[] { app, other }, null, R.Shared);
            var f = Single(findings, R.Shared, "NHI9", Severity.Medium);
            Assert.Equal(app.Id, f.IdentityId);
            Assert.Equal("9a1b-secret", f.CredentialId);
            Assert.Contains("stored in 2 vaults/systems: keyvault:kv-payments/app-secret, keyvault:kv-reports/payments-app", f.Evidence);
        }

        [Fact]
        public void Shared_links_vault_copies_by_credential_tag_when_the_owner_is_not_in_the_set()
        {
            var a = VaultSecret("kv-east", "svc-key");
            a.Tags["CredentialId"] = "AKIALINKED0000000001";
            var b = VaultSecret("kv-west", "svc-key-copy");
            b.Tags["credentialid"] = "AKIALINKED0000000001";
            var f = Single(Run(new[] { a, b }, null, R.Shared), R.Shared, "NHI9", Severity.Medium);
            Assert.Equal(a.Id, f.IdentityId);
            Assert.Contains("keyvault:kv-east/svc-key, keyvault:kv-west/svc-key-copy", f.Evidence);
        }

        [Fact]
        public void Shared_fires_on_each_identity_holding_the_same_credential_id()
        {
            var k1 = AccessKey("AKIADUPLICATE0000001", 10, 1);
            var k2 = AccessKey("AKIADUPLICATE0000001", 10, 1);
            var findings = Run(new[] { IamUser("svc-a", k1), IamUser("svc-b", k2) }, null, R.Shared);
            Assert.Equal(2, findings.Count);
            Assert.All(findings, f => Assert.Contains("attached to 2 identities", f.Evidence));
        }

        [Fact]
        public void Shared_quiet_for_one_vault_copy_and_placeholder_key_ids()
        {
            var key = ClientSecret("only-copy", 10, 180);
            key.StoredIn = new[] { "keyvault:kv-payments/app-secret" };
            var a = new Credential { Id = "access_key_1", Type = CredentialType.AccessKey, CreatedOn = DaysAgo(5) };
            var b = new Credential { Id = "access_key_1", Type = CredentialType.AccessKey, CreatedOn = DaysAgo(5) };
            None(Run(new[] { EntraApp("app", key), IamUser("u1", a), IamUser("u2", b) }, null, R.Shared), R.Shared);
        }

        [Fact]
        public void Env_reuse_fires_for_tags_naming_both_environments()
        {
            var u = IamUser("svc-deploy-all");
            u.Environment = "prod";
            u.Tags["environments"] = "dev,test";
            var f = Single(Run(u, R.EnvReuse), R.EnvReuse, "NHI8", Severity.High);
            Assert.Contains("production (Environment=prod)", f.Evidence);
            Assert.Contains("non-production (tag environments=dev,test)", f.Evidence);
        }

        [Fact]
        public void Env_reuse_fires_for_a_prod_credential_stored_in_a_dev_vault_known_from_the_vault_identity()
        {
            var key = ClientSecret("k-prod", 10, 180);
            key.StoredIn = new[] { "keyvault:kv-shared-01/app-secret" };
            var app = EntraApp("app-orders", key);
            app.Environment = "production";
            var secret = VaultSecret("kv-shared-01", "app-secret");
            secret.Tags["env"] = "dev";
            // The vault secret arrives after the app: the rule must wait for the whole set.
            var f = Single(Run(new[] { app, secret }, null, R.EnvReuse), R.EnvReuse, "NHI8", Severity.High);
            Assert.Equal(app.Id, f.IdentityId);
            Assert.Equal("k-prod", f.CredentialId);
            Assert.Contains("keyvault:kv-shared-01/app-secret: tag env=dev", f.Evidence);
            Assert.Contains("Environment=production", f.Evidence);
        }

        [Fact]
        public void Env_reuse_reads_vault_names_and_account_map()
        {
            var key = AccessKey("AKIAENV0000000000001", 10, 1);
            key.StoredIn = new[] { "keyvault:kv-prod-01/k", "keyvault:kv-dev-01/k" };
            var u = IamUser("svc-x", key);
            var f = Single(Run(new[] { u }, null, R.EnvReuse), R.EnvReuse, "NHI8", Severity.High);
            Assert.Contains("vault name says 'prod'", f.Evidence);
            Assert.Contains("vault name says 'dev'", f.Evidence);

            var role = IamRole("role-x");
            role.AssumableBy = new[] { "arn:aws:iam::210987654321:role/ci" };
            var policy = FindingPolicy.Default;
            policy.AccountEnvironments["123456789012"] = "prod";
            policy.AccountEnvironments["210987654321"] = "dev";
            var g = Single(Run(new[] { role }, policy, R.EnvReuse), R.EnvReuse, "NHI8", Severity.High);
            Assert.Contains("account 123456789012 is prod (AccountEnvironments)", g.Evidence);
            Assert.Contains("assumable from account 210987654321 is dev (AccountEnvironments)", g.Evidence);
        }

        [Fact]
        public void Env_reuse_quiet_for_one_environment_unknown_words_and_fires_once_per_identity()
        {
            var key = ClientSecret("k", 10, 180);
            key.StoredIn = new[] { "keyvault:kv-prod/app", "keyvault:kv-payments/app" }; // 'payments' is no environment
            var app = EntraApp("app", key);
            app.Environment = "prod";
            None(Run(new[] { app }, null, R.EnvReuse), R.EnvReuse);

            // Own tags already mix environments AND a dev vault holds the key: one finding, not two.
            var both = EntraApp("app-both", ClientSecret("k2", 10, 180));
            both.Credentials[0].StoredIn = new[] { "keyvault:kv-dev/app" };
            both.Environment = "prod";
            both.Tags["env"] = "prod,qa";
            Assert.Single(Run(new[] { both }, null, R.EnvReuse), x => x.Rule == R.EnvReuse);
        }
    
        [Fact]
        public void Env_reuse_fires_on_the_dev_vault_copy_of_a_prod_key_but_not_on_the_prod_copy()
        {
            var key = AccessKey("AKIAX4343AY2C4IZXKNJ", 34, 1);
            key.StoredIn = new[] { "keyvault:kv-contoso-dev/aws-svc-payments-key", "keyvault:kv-contoso-prod/aws-svc-payments-key" };
            var user = IamUser("svc-payments", key);
            user.Environment = "prod";
            var prodCopy = VaultSecret("kv-contoso-prod", "aws-svc-payments-key");
            prodCopy.Environment = "prod";
            prodCopy.Tags["accessKeyId"] = key.Id;
            var devCopy = VaultSecret("kv-contoso-dev", "aws-svc-payments-key");
            devCopy.Environment = "dev";
            devCopy.Tags["accessKeyId"] = key.Id;

            var findings = Run(new[] { devCopy, user, prodCopy }, null, R.EnvReuse);
            Assert.Equal(new[] { user.Id, devCopy.Id }.OrderBy(x => x), findings.Select(f => f.IdentityId).OrderBy(x => x));
            var onCopy = findings.Single(f => f.IdentityId == devCopy.Id);
            Assert.Contains("Non-production copy of credential AKIAX4343AY2C4IZXKNJ (Environment=dev)", onCopy.Evidence);
            Assert.Contains(user.Id + ": Environment=prod", onCopy.Evidence);
            var onUser = findings.Single(f => f.IdentityId == user.Id);
            Assert.Contains("keyvault:kv-contoso-dev/aws-svc-payments-key: Environment=dev", onUser.Evidence);
        }
    }
}
