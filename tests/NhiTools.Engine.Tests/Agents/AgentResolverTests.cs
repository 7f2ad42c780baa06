using System;
using System.Linq;
using NhiTools.Engine.Agents;
using NhiTools.Engine.Tests.Analysis;
using Xunit;
using static NhiTools.Engine.Tests.Agents.AgentKit;

namespace NhiTools.Engine.Tests.Agents
{
    public class AgentResolverTests
    {
        private static readonly DateTime Launch = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void Effective_access_is_the_union_of_its_identities_deduplicated_with_every_granting_identity()
        {
            var shared = Inline("read-bucket", "arn:aws:s3:::tickets/*", "s3:GetObject");
            var a = User("svc-a", Launch, shared, Inline("mail", "*", "ses:SendEmail"));
            var b = Role("role-b", Launch, Inline("read-bucket", "arn:aws:s3:::tickets/*", "s3:GetObject"), Inline("model", "*", "bedrock:InvokeModel"));
            var other = User("svc-unrelated", Launch, Inline("admin", "*", "*"));

            var r = ResolveOne(Agent("bot", Launch, a, b), a, b, other);

            Assert.True(r.Resolved);
            Assert.Equal(new[] { "read-bucket", "mail", "model" }, r.EffectivePermissions.Select(p => p.Name));
            var read = r.EffectivePermissions.Single(p => p.Name == "read-bucket");
            Assert.Equal(new[] { a.Id, b.Id }, read.Via);
            Assert.Equal(new[] { "aws:" + Acct }, r.EffectiveSystems);
            Assert.Empty(r.MissingIdentities);
            Assert.DoesNotContain(r.EffectivePermissions, p => p.Name == "admin");
        }

        [Fact]
        public void A_registered_identity_absent_from_the_input_is_reported_missing_never_read_as_rightless()
        {
            var a = User("svc-a", Launch, Inline("mail", "*", "ses:SendEmail"));
            var agent = Agent("bot", Launch, a);
            agent.Identities = agent.Identities.Concat(new[] { "aws:arn:aws:iam::" + Acct + ":role/gone" }).ToArray();
            var r = ResolveOne(agent, a);
            Assert.Equal(new[] { "aws:arn:aws:iam::" + Acct + ":role/gone" }, r.MissingIdentities);
            Assert.Single(r.EffectivePermissions);
        }

        [Fact]
        public void Identities_can_be_registered_by_arn_without_the_aws_prefix()
        {
            var b = Role("role-b", Launch, Inline("model", "*", "bedrock:InvokeModel"));
            var agent = new Agent { Name = "bot", Identities = new[] { b.NativeId }, RegisteredOn = Launch };
            var r = ResolveOne(agent, b);
            Assert.Empty(r.MissingIdentities);
            Assert.Equal(b.Id, r.EffectivePermissions.Single().Via.Single());
        }

        [Fact]
        public void Undeclared_permissions_honour_wildcards_in_the_declarations()
        {
            var a = User("svc-a", Launch,
                Inline("reads", "arn:aws:s3:::tickets/*", "s3:GetObject", "s3:GetObjectTagging"),
                Inline("writes", "arn:aws:dynamodb:us-east-1:" + Acct + ":table/t", "dynamodb:Query", "dynamodb:PutItem"),
                Inline("model", "*", "bedrock:*"),
                Kit.Perm("User.Read.All", NhiTools.PermissionType.AppRole, "Microsoft Graph"));
            var agent = Agent("bot", Launch, a);
            agent.AllowedPermissions = new[] { "s3:Get*", "dynamodb:Query", "bedrock:InvokeModel", "User.Read.*" };

            var r = ResolveOne(agent, a);

            var undeclared = r.UndeclaredPermissions.ToDictionary(p => p.Name, p => p.Reason);
            Assert.Equal(new[] { "writes", "model" }, undeclared.Keys);
            Assert.Contains("dynamodb:PutItem", undeclared["writes"]);
            Assert.DoesNotContain("dynamodb:Query", undeclared["writes"]);
            // A granted bedrock:* is broader than the declared bedrock:InvokeModel.
            Assert.Contains("bedrock:*", undeclared["model"]);
        }

        [Fact]
        public void Undeclared_systems_come_from_resource_accounts_and_the_home_account()
        {
            var a = User("svc-a", Launch,
                Inline("local", "arn:aws:sqs:us-east-1:" + Acct + ":q", "sqs:SendMessage"),
                Inline("foreign", "arn:aws:sqs:us-east-1:999988887777:q", "sqs:SendMessage"),
                Inline("everything", "*", "cloudwatch:PutMetricData"));
            var agent = Agent("bot", Launch, a);
            agent.AllowedSystems = new[] { "aws:" + Acct };

            var r = ResolveOne(agent, a);

            var u = Assert.Single(r.UndeclaredPermissions);
            Assert.Equal("foreign", u.Name);
            Assert.Contains("999988887777", u.Reason);
            Assert.Empty(r.UndeclaredSystems);

            agent.AllowedSystems = new[] { "aws:9999*" };
            r = ResolveOne(agent, a);
            Assert.Equal(new[] { "local", "everything" }, r.UndeclaredPermissions.Select(p => p.Name));
            Assert.Equal(new[] { "aws:" + Acct }, r.UndeclaredSystems);
        }

        [Fact]
        public void An_agent_that_declares_nothing_has_every_right_undeclared()
        {
            var a = User("svc-a", Launch, Inline("mail", "*", "ses:SendEmail"));
            var r = ResolveOne(Agent("bot", Launch, a), a);
            Assert.Contains("declares no allowed", Assert.Single(r.UndeclaredPermissions).Reason);
        }

        [Fact]
        public void Inherited_when_older_than_the_agent_with_rights_but_not_within_the_grace_period()
        {
            var old = User("svc-old", new DateTime(2023, 3, 14, 0, 0, 0, DateTimeKind.Utc), Inline("tickets", "*", "dynamodb:PutItem"));
            var fresh = Role("role-new", Launch.AddDays(-20), Inline("model", "*", "bedrock:InvokeModel"));
            var oldButEmpty = User("svc-empty", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var unknownAge = User("svc-unknown", Launch, Inline("x", "*", "sqs:SendMessage"));
            unknownAge.CreatedOn = null;

            var r = ResolveOne(Agent("bot", Launch, old, fresh, oldButEmpty, unknownAge), old, fresh, oldButEmpty, unknownAge);

            var h = Assert.Single(r.InheritedIdentities);
            Assert.Equal(old.Id, h.IdentityId);
            Assert.True(h.PredatesAgent);
            Assert.Contains("2023-03-14", h.Reason);
            Assert.Contains("tickets [dynamodb:PutItem] on *", h.Rights);
        }

        [Fact]
        public void Inherited_when_shared_with_another_agent_or_a_workload_tag()
        {
            var shared = User("svc-shared", Launch, Inline("mail", "*", "ses:SendEmail"));
            var tagged = User("svc-tagged", Launch);
            tagged.Tags["workloads"] = "helpdesk-portal, bot";
            var own = User("svc-own", Launch);
            own.Tags["workloads"] = "bot";
            var bot = Agent("bot", Launch, shared, tagged, own);
            var other = Agent("other-bot", Launch, shared);

            var r = Resolve(new[] { bot, other }, new[] { shared, tagged, own });

            var inherited = r[0].InheritedIdentities.ToDictionary(h => h.IdentityId);
            Assert.Equal(new[] { "agent:other-bot" }, inherited[shared.Id].SharedWith);
            Assert.Equal(new[] { "helpdesk-portal" }, inherited[tagged.Id].SharedWith);
            Assert.False(inherited.ContainsKey(own.Id)); // tagged with its own agent only
            Assert.Equal(new[] { "agent:bot" }, r[1].InheritedIdentities.Single().SharedWith);
        }

        [Fact]
        public void Chains_through_assume_role_on_estate_roles_wildcards_and_trust_policies()
        {
            var admin = Role("role-admin", Launch, Kit.Perm("AdministratorAccess", NhiTools.PermissionType.ManagedPolicy, "*", "*"));
            var reader = Role("role-reader", Launch, Kit.Perm("ReadOnlyAccess"));
            var trusting = Role("role-trusting", Launch);
            var runtime = Role("role-runtime", Launch, Inline("assume", "arn:aws:iam::" + Acct + ":role/role-a*,arn:aws:iam::" + Acct + ":role/role-elsewhere", "sts:AssumeRole"));
            trusting.AssumableBy = new[] { runtime.NativeId };
            var anyRole = User("svc-any", Launch, Inline("assume-any", "*", "sts:*"));

            var r = ResolveOne(Agent("bot", Launch, runtime, anyRole), admin, reader, trusting, runtime, anyRole);

            var to = r.Chains.ToDictionary(c => c.To);
            Assert.True(to[admin.Id].Broad);                 // role-a* matches role-admin, which is admin-equivalent
            Assert.Contains("AdministratorAccess", to[admin.Id].Via);
            Assert.False(to.ContainsKey(reader.Id));         // role-a* does not match role-reader
            Assert.Contains("not among the identities given", to["arn:aws:iam::" + Acct + ":role/role-elsewhere"].Via);
            Assert.Contains("trust policy of role-trusting", to[trusting.Id].Via);
            Assert.True(to["*"].Broad);
            Assert.Equal(anyRole.Id, to["*"].FromIdentity);
        }

        [Fact]
        public void Chains_into_identities_whose_credential_sits_in_a_vault_secret_it_reads()
        {
            var key = Kit.AccessKey("AKIAEXAMPLEKEY000001", 10, 1);
            key.StoredIn = new[] { "keyvault:kv-prod/payments-key" };
            var payments = User("svc-payments", Launch, Kit.Perm("AdministratorAccess", NhiTools.PermissionType.ManagedPolicy, "*", "*"));
            payments.Credentials = new[] { key };
            var secret = Kit.VaultSecret("kv-prod", "payments-key");
            var app = Kit.EntraApp("app-bot");
            app.Permissions = new[] { Kit.Perm("Key Vault Secrets User", NhiTools.PermissionType.AzureRole, "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv-prod") };

            var direct = ResolveOne(Agent("bot", Launch, secret), secret, payments);
            var c = Assert.Single(direct.Chains);
            Assert.Equal(payments.Id, c.To);
            Assert.Equal(secret.Id, c.FromIdentity);
            Assert.Contains("AKIAEXAMPLEKEY000001", c.Via);
            Assert.True(c.Broad);

            var viaRole = ResolveOne(Agent("bot2", Launch, app), app, secret, payments);
            Assert.Equal(payments.Id, Assert.Single(viaRole.Chains).To);

            // Its own identity's credential in the vault is not a chain.
            var self = ResolveOne(Agent("bot3", Launch, secret, payments), secret, payments);
            Assert.DoesNotContain(self.Chains, x => x.To == payments.Id);
        }

        [Fact]
        public void A_disabled_identity_adds_no_access_and_is_not_missing()
        {
            var a = User("svc-a", Launch, Inline("mail", "*", "ses:SendEmail"));
            a.Enabled = false;
            var r = ResolveOne(Agent("bot", Launch, a), a);
            Assert.Empty(r.EffectivePermissions);
            Assert.Empty(r.MissingIdentities);
        }

        [Fact]
        public void Resolving_leaves_the_registration_unchanged()
        {
            var a = User("svc-a", Launch, Inline("mail", "*", "ses:SendEmail"));
            var agent = Agent("bot", Launch, a);
            ResolveOne(agent, a);
            Assert.False(agent.Resolved);
            Assert.Empty(agent.EffectivePermissions);
        }
    }
}
