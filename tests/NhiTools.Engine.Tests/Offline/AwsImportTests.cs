using System;
using System.Linq;
using NhiTools.Engine.Sources.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    public class AwsImportTests
    {
        private const string Acct = "123456789012";
        private static DateTime Utc(string s) => DateTime.Parse(s, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);

        [Fact]
        public void Report_keys_and_authorization_details_merge_into_one_user()
        {
            var all = OfflineData.ReadGood(out var host);
            Assert.Empty(host.Errors);
            var u = all["aws:arn:aws:iam::123456789012:user/svc-billing"];
            Assert.Equal(IdentityKind.IamUser, u.Kind);
            Assert.Equal("Aws", u.Provider);
            Assert.Equal("svc-billing", u.Name);
            Assert.Equal(Acct, u.Account);
            Assert.Contains("aws:" + Acct, u.Systems);

            // Slot 1 is the older key (CreateDate = access_key_1_last_rotated), whatever the file order.
            Assert.Equal(new[] { "AKIAEXAMPLEBILLING01", "AKIAEXAMPLEBILLING02" }, u.Credentials.Select(c => c.Id).ToArray());
            var k1 = u.Credentials[0];
            Assert.Equal(CredentialType.AccessKey, k1.Type);
            Assert.Equal(Utc("2024-02-01T10:00:00Z"), k1.LastRotatedOn);
            Assert.Equal(Utc("2024-02-01T10:00:00Z"), k1.CreatedOn);
            Assert.Equal(Utc("2026-10-30T07:15:00Z"), k1.LastUsedOn);
            Assert.Equal("dynamodb", k1.LastUsedService);
            Assert.Equal("eu-west-1", k1.LastUsedRegion);
            Assert.False(k1.NeverUsed);
            var k2 = u.Credentials[1];
            Assert.True(k2.NeverUsed);     // 22-column report says N/A for a key that exists
            Assert.Null(k2.LastUsedOn);
            Assert.Null(k2.LastUsedService);
            Assert.All(u.Credentials, c => Assert.Equal(u.Id, c.IdentityId));
            Assert.Equal(Utc("2026-10-30T07:15:00Z"), u.LastUsedOn);

            Assert.Equal(new[] { "deployers" }, u.Groups);
            Assert.Equal("arn:aws:iam::123456789012:policy/service-boundary", u.PermissionsBoundary);
            Assert.Equal(new[] { "billing-team@example.com" }, u.Owners); // tag key "Owner": case-insensitive
            Assert.Equal("prod", u.Environment);
            Assert.Equal("prod", u.Tags["env"]);
            Assert.Equal(3, u.Source.Length); // report, list-access-keys, authorization details

            var inline = u.Permissions.Single(p => p.Name == "billing-table");
            Assert.Equal(PermissionType.InlinePolicy, inline.Type);
            Assert.Equal(new[] { "dynamodb:GetItem", "dynamodb:PutItem" }, inline.Actions);
            Assert.Equal("arn:aws:dynamodb:eu-west-1:123456789012:table/billing", inline.Resource);
            Assert.False(inline.AdminEquivalent);
            Assert.Contains(u.Permissions, p => p.Name == "ReadOnlyAccess" && p.Type == PermissionType.ManagedPolicy && p.Via == "direct" && !p.AdminEquivalent);
            // Group policies: inline iam:* (admin) and the customer managed policy's default version (not v1's "*").
            var groupInline = u.Permissions.Single(p => p.Name == "iam-admin");
            Assert.Equal(PermissionType.GroupPolicy, groupInline.Type);
            Assert.Equal("group:deployers", groupInline.Via);
            Assert.True(groupInline.AdminEquivalent);
            var groupManaged = u.Permissions.Single(p => p.Name == "deploy-managed");
            Assert.Equal("group:deployers", groupManaged.Via);
            Assert.Equal(new[] { "s3:PutObject", "iam:PassRole" }, groupManaged.Actions);
            Assert.Equal("*", groupManaged.Resource);
            Assert.False(groupManaged.AdminEquivalent);
        }

        [Fact]
        public void Administrator_access_and_url_encoded_policies()
        {
            var all = OfflineData.ReadGood(out _);
            var deploy = all["aws:arn:aws:iam::123456789012:user/ci/svc-deploy-prod"];
            Assert.True(deploy.Permissions.Single(p => p.Name == "AdministratorAccess").AdminEquivalent);
            Assert.True(deploy.HasPassword);
            Assert.False(deploy.MfaActive);
            Assert.Null(deploy.PasswordLastUsedOn); // no_information
            Assert.Equal(IdentityKind.IamUser, deploy.Kind);
            var key = Assert.Single(deploy.Credentials);
            Assert.Equal("AKIAEXAMPLEDEPLOY001", key.Id); // from the second value of a concatenated list-access-keys file
            Assert.False(key.Enabled);
            Assert.Equal("prod", deploy.Environment); // from the name: svc-deploy-prod

            // Only in authorization details: still appears, with key ids from list-access-keys.
            var orphan = all["aws:arn:aws:iam::123456789012:user/svc-orphan"];
            Assert.Equal(IdentityKind.IamUser, orphan.Kind);
            var ok = Assert.Single(orphan.Credentials);
            Assert.Equal("AKIAEXAMPLEORPHAN001", ok.Id);
            Assert.False(ok.Enabled);
            Assert.False(ok.NeverUsed); // no report: usage unknown
            Assert.Null(ok.LastUsedOn);
            var ml = orphan.Permissions.Single(p => p.Name == "ml-runner");
            Assert.Contains("iam:PassRole", ml.Actions);
            Assert.Contains("bedrock:*", ml.Actions);
            Assert.Equal("*", ml.Resource);
            Assert.False(ml.AdminEquivalent); // the Deny * is not a grant
        }

        [Fact]
        public void Quoted_user_names_and_the_older_16_column_report()
        {
            var all = OfflineData.ReadGood(out _);
            var comma = all["aws:arn:aws:iam::123456789012:user/svc,reports"];
            Assert.Equal("svc,reports", comma.Name);
            Assert.True(Assert.Single(comma.Credentials).NeverUsed);

            var legacy = all["aws:arn:aws:iam::210987654321:user/legacy-etl"];
            Assert.Equal("210987654321", legacy.Account);
            var key = legacy.Credentials.Single(c => c.Type == CredentialType.AccessKey);
            Assert.Equal("access_key_1", key.Id);       // no list-access-keys for it
            Assert.True(key.Enabled);                   // TRUE in upper case
            Assert.False(key.NeverUsed);                // 16 columns: usage unknown, never "never used"
            Assert.Null(key.LastUsedOn);
            Assert.Equal(Utc("2016-04-05T00:00:00Z"), key.LastRotatedOn);
            var cert = legacy.Credentials.Single(c => c.Type == CredentialType.Certificate);
            Assert.Equal("cert_1", cert.Id);
        }

        [Fact]
        public void People_are_left_out_unless_asked_for()
        {
            var all = OfflineData.ReadGood(out _);
            Assert.False(all.ContainsKey("aws:arn:aws:iam::123456789012:user/alice"));
            var with = OfflineData.ReadGood(out _, new OfflineOptions { IncludeHuman = true });
            var alice = with["aws:arn:aws:iam::123456789012:user/alice"];
            Assert.Equal(IdentityKind.Human, alice.Kind);
            Assert.True(alice.HasPassword && alice.MfaActive);
            Assert.Equal(Utc("2026-10-31T09:00:00Z"), alice.PasswordLastUsedOn);
            Assert.Equal(Utc("2026-10-31T09:00:00Z"), alice.LastUsedOn);
        }

        [Fact]
        public void Root_is_reported_when_it_has_access_keys()
        {
            var all = OfflineData.ReadGood(out _);
            var root = all["aws:arn:aws:iam::123456789012:root"];
            Assert.Equal(IdentityKind.RootAccount, root.Kind);
            Assert.Equal(Acct, root.Account);
            var key = Assert.Single(root.Credentials);
            Assert.True(key.Enabled);
            Assert.Equal(Utc("2026-09-30T11:00:00Z"), key.LastUsedOn);

            var noKeys = OfflineData.TempFile("r.csv",
                "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n" +
                "<root_account>,arn:aws:iam::123456789012:root,2019-01-10T08:00:00+00:00,not_supported,2026-10-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,false,N/A,false,N/A,false,N/A\n");
            var host = new RecordingHost();
            Assert.Empty(OfflineData.Read(host, null, noKeys));
            Assert.Empty(host.Errors);
        }

        [Fact]
        public void Roles_come_with_their_trust_policy_summarised()
        {
            var all = OfflineData.ReadGood(out _);
            var gh = all["aws:arn:aws:iam::123456789012:role/gh-deploy"];
            Assert.Equal(IdentityKind.IamRole, gh.Kind);
            Assert.Equal("gh-deploy", gh.Name);
            var trust = Assert.Single(gh.AssumableBy);
            Assert.StartsWith("oidc:token.actions.githubusercontent.com (", trust);
            Assert.Contains("sub StringLike repo:acme/deploy:ref:refs/heads/main", trust);
            Assert.Equal(Utc("2026-10-29T12:00:00Z"), gh.LastUsedOn);
            Assert.Equal(new[] { "platform@example.com" }, gh.Owners);
            Assert.Contains(gh.Permissions, p => p.Name == "deploy-managed" && p.Actions.Contains("iam:PassRole") && p.Via == "direct");
            Assert.Empty(gh.Credentials);

            var lambda = all["aws:arn:aws:iam::123456789012:role/service-role/lambda-exec"]; // URL-encoded trust, Statement object
            Assert.Contains("service:lambda.amazonaws.com", lambda.AssumableBy);
            Assert.Contains("account:999988887777", lambda.AssumableBy);
            Assert.Null(lambda.LastUsedOn); // RoleLastUsed {}
            Assert.True(lambda.Permissions.Single(p => p.Name == "star").AdminEquivalent);

            var okta = all["aws:arn:aws:iam::123456789012:role/okta-admins"];
            Assert.StartsWith("saml:Okta (SAML:aud StringEquals", Assert.Single(okta.AssumableBy));
        }
    }
}
