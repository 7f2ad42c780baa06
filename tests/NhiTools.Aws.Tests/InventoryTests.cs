using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>The live inventory against IamLab seeded from export files, compared with the Offline source on those files.</summary>
    public class InventoryTests
    {
        internal static List<Identity> Offline(bool includeHuman = false) =>
            new OfflineSource(null, new OfflineOptions { IncludeHuman = includeHuman }).Read(new[] { Lab.SeedDir }).ToList();

        /// <summary>Everything but where it was read from.</summary>
        internal static string Canonical(Identity id)
        {
            var copy = JsonSerializer.Deserialize<Identity>(JsonSerializer.Serialize(id));
            copy.Source = Array.Empty<string>();
            return JsonSerializer.Serialize(copy);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Live_identities_equal_the_offline_import_of_the_seed_files(bool includeHuman)
        {
            await using var lab = await Lab.StartAsync();
            var live = lab.Read(includeHuman).Where(i => i.Kind != IdentityKind.RootAccount).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
            var offline = Offline(includeHuman).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();

            Assert.Equal(offline.Select(i => i.Id), live.Select(i => i.Id));
            for (int i = 0; i < live.Count; i++) Assert.Equal(Canonical(offline[i]), Canonical(live[i]));
            Assert.All(live, i => Assert.Equal("live:aws:" + lab.Server.BaseUrl + "/", Assert.Single(i.Source)));
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task Every_seeded_user_key_role_and_owner_is_there()
        {
            await using var lab = await Lab.StartAsync();
            var ids = lab.Read().ToDictionary(i => i.Name);

            Assert.Equal(new[] { "<root_account>", "bob-ci", "github-deploy", "lambda-orders", "okta-readonly", "partner-audit", "svc-billing", "svc-deploy", "svc-legacy" },
                ids.Keys.OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(ids.Values, i => Assert.Equal("123456789012", i.Account));

            var billing = ids["svc-billing"];
            Assert.Equal("aws:arn:aws:iam::123456789012:user/automation/svc-billing", billing.Id);
            Assert.Equal(new[] { "AKIAEXAMPLEBILL00001", "AKIAEXAMPLEBILL00002" }, billing.Credentials.Select(c => c.Id));
            var old = billing.Credentials[0];
            Assert.Equal(new DateTime(2023, 1, 10, 9, 0, 0, DateTimeKind.Utc), old.CreatedOn);
            Assert.Equal(new DateTime(2026, 10, 31, 23, 59, 0, DateTimeKind.Utc), old.LastUsedOn);
            Assert.Equal("ce", old.LastUsedService);
            Assert.Equal("us-east-1", old.LastUsedRegion);
            Assert.True(billing.Credentials[1].NeverUsed);
            Assert.Equal(new[] { "finance-team@example.com" }, billing.Owners);
            Assert.Equal("prod", billing.Environment);
            Assert.Contains(billing.Permissions, p => p.Name == "AdministratorAccess" && p.AdminEquivalent);
            Assert.Equal("arn:aws:iam::123456789012:policy/billing-boundary", billing.PermissionsBoundary);

            Assert.False(Assert.Single(ids["svc-legacy"].Credentials).Enabled);
            Assert.Contains(ids["svc-legacy"].Permissions, p => p.Name == "everything" && p.AdminEquivalent);
            Assert.Equal(new[] { "bob@example.com" }, ids["bob-ci"].Owners);
            Assert.Equal("AKIAEXAMPLEBOBCI0001", Assert.Single(ids["bob-ci"].Credentials).Id);

            var deploy = ids["svc-deploy"];
            Assert.Equal(new[] { "deployers" }, deploy.Groups);
            Assert.Contains(deploy.Permissions, p => p.Via == "group:deployers" && p.Actions.Contains("iam:PassRole"));
            Assert.Contains(deploy.Permissions, p => p.Name == "deploy-readonly" && !p.AdminEquivalent && p.Actions.Contains("ec2:Describe*"));
            Assert.Empty(deploy.Owners);

            Assert.Equal(new[] { "service:lambda.amazonaws.com" }, ids["lambda-orders"].AssumableBy);
            Assert.Equal(new[] { "orders-team@example.com" }, ids["lambda-orders"].Owners);
            Assert.Equal(new[] { "account:210987654321 (sts:ExternalId StringEquals audit-7731)" }, ids["partner-audit"].AssumableBy);
            var gh = ids["github-deploy"];
            Assert.StartsWith("oidc:token.actions.githubusercontent.com (", Assert.Single(gh.AssumableBy));
            Assert.Contains("sub StringLike repo:acme/api:*", gh.AssumableBy[0]);
            Assert.Contains(gh.Permissions, p => p.Name == "IAMFullAccess" && p.AdminEquivalent);
            Assert.Equal(new[] { "platform@example.com" }, gh.Owners);
            Assert.StartsWith("saml:okta", Assert.Single(ids["okta-readonly"].AssumableBy));
            Assert.Equal(IdentityKind.IamRole, ids["okta-readonly"].Kind);

            // The lab's account root holds the admin key NhiTools connected with: root keys are reported.
            var root = ids["<root_account>"];
            Assert.Equal(IdentityKind.RootAccount, root.Kind);
            Assert.True(Assert.Single(root.Credentials).Enabled);
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task A_person_is_left_out_unless_asked_for()
        {
            await using var lab = await Lab.StartAsync();
            Assert.DoesNotContain(lab.Read(), i => i.Name == "alice");
            var alice = Assert.Single(lab.Read(includeHuman: true), i => i.Name == "alice");
            Assert.Equal(IdentityKind.Human, alice.Kind);
            Assert.Contains(alice.Permissions, p => p.Via == "group:admins" && p.AdminEquivalent);
            // bob-ci has a console password without MFA and a key: an NHI, not a person.
            Assert.Equal(IdentityKind.IamUser, Assert.Single(lab.Read(), i => i.Name == "bob-ci").Kind);
        }

        [Fact]
        public async Task Fast_path_lists_keys_only_for_users_with_keys()
        {
            await using var lab = await Lab.StartAsync();
            lab.Read();
            var ops = lab.Server.Log.CountByOperation();
            Assert.Equal(4, ops["ListAccessKeys"]); // bob-ci, svc-billing, svc-deploy, svc-legacy; not alice, not root
            Assert.Equal(1, ops["GetCredentialReport"]);
            Assert.False(ops.ContainsKey("ListUsers"));
            Assert.False(ops.ContainsKey("GetAccessKeyLastUsed"));
            Assert.Equal(0, lab.Server.Log.Writes());
        }

        [Fact]
        public async Task Short_pages_still_give_every_identity()
        {
            // The lab records the root key's last use as "now" when the read signs with it: both labs share one
            // stopped clock, or the two reads differ whenever a second ticks between them (the old flake:
            // the root row).
            var clock = new StoppedClock(DateTimeOffset.UtcNow);
            await using var full = await Lab.StartAsync(o => o.Clock = clock);
            var expected = full.Read(includeHuman: true).Select(InventoryTests.Canonical).OrderBy(s => s, StringComparer.Ordinal).ToList();

            await using var lab = await Lab.StartAsync(o => { o.ShortPages = true; o.Clock = clock; });
            lab.Connect();
            foreach (var a in lab.Source.Accounts) a.Iam.PageSize = 4;
            var got = lab.Read(includeHuman: true).Select(InventoryTests.Canonical).OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, got);
            // Short pages (at most half of MaxItems) while more remain: many pages, each followed.
            Assert.True(lab.Server.Log.Count("GetAccountAuthorizationDetails") >= 6, "pages: " + lab.Server.Log.Count("GetAccountAuthorizationDetails"));
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task A_report_still_generating_is_polled_until_ready()
        {
            await using var lab = await Lab.StartAsync(o => o.CredentialReportDelay = TimeSpan.FromMilliseconds(300));
            var ids = lab.Read();
            Assert.Contains(ids, i => i.Name == "svc-billing");
            Assert.True(lab.Server.Log.Count("GenerateCredentialReport") >= 2);
        }

        [Fact]
        public async Task Access_advisor_gives_services_used_versus_granted()
        {
            await using var lab = await Lab.StartAsync(o => o.ServiceLastAccessedDelay = TimeSpan.FromMilliseconds(100));
            var deployArn = "arn:aws:iam::123456789012:user/svc-deploy";
            lab.Server.Store.SetServiceAccess(deployArn, new[]
            {
                new ServiceAccess { ServiceName = "AWS CloudFormation", ServiceNamespace = "cloudformation", LastAuthenticated = new DateTimeOffset(2026, 10, 15, 11, 0, 0, TimeSpan.Zero),
                                    LastAuthenticatedEntity = deployArn, LastAuthenticatedRegion = "us-west-2", TotalAuthenticatedEntities = 1 },
                new ServiceAccess { ServiceName = "AWS Identity and Access Management", ServiceNamespace = "iam" },
            });
            Assert.All(lab.Read(), i => Assert.Null(i.ServicesLastAccessed));

            var ids = lab.Read(includeActivity: true).ToDictionary(i => i.Name);
            var deploy = ids["svc-deploy"].ServicesLastAccessed;
            Assert.Equal(new[] { "cloudformation", "iam" }, deploy.Select(s => s.ServiceNamespace));
            Assert.Equal(new DateTime(2026, 10, 15, 11, 0, 0, DateTimeKind.Utc), deploy[0].LastAuthenticated);
            Assert.Equal("us-west-2", deploy[0].LastAuthenticatedRegion);
            Assert.False(deploy[1].Used);
            Assert.Contains(ids["lambda-orders"].ServicesLastAccessed, s => s.ServiceNamespace == "dynamodb");
            Assert.Null(ids["<root_account>"].ServicesLastAccessed);
            Assert.Equal(ids.Count - 1, lab.Server.Log.Count("GenerateServiceLastAccessedDetails"));
            lab.AssertAllSigned();
        }
    }

    /// <summary>A clock that does not move: two labs built on it answer "now" with the same instant.</summary>
    internal sealed class StoppedClock : TimeProvider
    {
        private readonly DateTimeOffset _now;
        public StoppedClock(DateTimeOffset now) { _now = now; }
        public override DateTimeOffset GetUtcNow() => _now;
    }
}
