using System.Linq;
using NhiTools.Engine.Drift;
using NhiTools.Engine.Tests.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Drift
{
    public sealed class ComparerTests
    {
        [Fact]
        public void PermissionGained()
        {
            var before = DriftKit.User("svc-billing");
            var after = DriftKit.User("svc-billing");
            after.Permissions = after.Permissions.Append(new Permission { Name = "AdministratorAccess", Type = PermissionType.ManagedPolicy, Resource = "*", Via = "direct", AdminEquivalent = true }).ToArray();

            var change = Assert.Single(DriftKit.Diff(before, after));
            Assert.Equal(ChangeKind.Added, change.Change);
            Assert.Equal(ChangeProperty.Permissions, change.Property);
            Assert.Equal("gained AdministratorAccess (ManagedPolicy) [admin]", change.Detail);
            Assert.Null(change.Before);
            Assert.Equal("AdministratorAccess (ManagedPolicy) [admin]", change.After);
            Assert.Equal(before.Id, change.IdentityId);
            Assert.Equal("svc-billing", change.IdentityName);
            Assert.Equal("Aws", change.Provider);
            Assert.Equal("ref", change.ReferenceSnapshot);
            Assert.Equal("diff", change.DifferenceSnapshot);
        }

        [Fact]
        public void PermissionLostAndViaGroupIsAnotherGrant()
        {
            var before = DriftKit.User("svc-billing");
            var after = DriftKit.User("svc-billing");
            after.Permissions = new[]
            {
                before.Permissions[0],
                new Permission { Name = "billing-read", Type = PermissionType.InlinePolicy, Resource = "arn:aws:s3:::billing/*", Via = "group:billing" },
            };

            var changes = DriftKit.Diff(before, after);
            Assert.Equal(2, changes.Count);
            Assert.Equal("gained billing-read (InlinePolicy) on arn:aws:s3:::billing/* via group:billing", changes[0].Detail);
            Assert.Equal(ChangeKind.Removed, changes[1].Change);
            Assert.Equal("lost billing-read (InlinePolicy) on arn:aws:s3:::billing/*", changes[1].Detail);
        }

        [Fact]
        public void PermissionBecomingAdminIsModified()
        {
            var before = DriftKit.User("svc-billing");
            var after = DriftKit.User("svc-billing");
            after.Permissions[1].AdminEquivalent = true;
            var change = Assert.Single(DriftKit.Diff(before, after));
            Assert.Equal(ChangeKind.Modified, change.Change);
            Assert.StartsWith("now admin-equivalent: billing-read", change.Detail);
        }

        [Fact]
        public void OwnerChangedIsOneRemovedAndOneAdded()
        {
            var before = DriftKit.User("svc-billing");
            var after = DriftKit.User("svc-billing");
            after.Owners = new[] { "alice@contoso.com" };
            var changes = DriftKit.Diff(before, after);
            Assert.Equal(new[] { "owner added: alice@contoso.com", "owner removed: team-billing@contoso.com" }, changes.Select(c => c.Detail));
            Assert.All(changes, c => Assert.Equal(ChangeProperty.Owners, c.Property));
            Assert.Equal(ChangeKind.Added, changes[0].Change);
            Assert.Equal("team-billing@contoso.com", changes[1].Before);
        }

        [Fact]
        public void CredentialReplacedByAnotherIsARotation()
        {
            var before = DriftKit.User("svc-billing");
            var after = DriftKit.User("svc-billing");
            after.Credentials = new[] { new Credential { Id = "AKIANEW", Type = CredentialType.AccessKey, CreatedOn = DriftKit.AsOf.AddDays(-1), LastRotatedOn = DriftKit.AsOf.AddDays(-1) } };
            var change = Assert.Single(DriftKit.Diff(before, after));
            Assert.Equal(ChangeKind.Modified, change.Change);
            Assert.Equal(ChangeProperty.Credentials, change.Property);
            Assert.Equal("rotated: AKIAOLDSVC-BILLING replaced by AKIANEW", change.Detail);
            Assert.Equal("AKIAOLDSVC-BILLING (AccessKey, created 2026-04-15)", change.Before);
            Assert.Equal("AKIANEW (AccessKey, created 2026-10-31)", change.After);
        }

        [Fact]
        public void SameCredentialWithNewRotationDateIsARotationInPlace()
        {
            // A credential report alone names keys access_key_1/2: a rotation moves last_rotated.
            var before = DriftKit.User("svc-billing");
            before.Credentials[0].Id = "access_key_1";
            var after = DriftKit.User("svc-billing");
            after.Credentials[0].Id = "access_key_1";
            after.Credentials[0].LastRotatedOn = DriftKit.AsOf.AddDays(-3);
            var change = Assert.Single(DriftKit.Diff(before, after));
            Assert.Equal(ChangeKind.Modified, change.Change);
            Assert.Equal("rotated access_key_1 on 2026-10-29", change.Detail);
        }

        [Fact]
        public void CredentialAddedRemovedDisabledAndExpiryMoved()
        {
            var before = DriftKit.User("svc-billing");
            before.Credentials = before.Credentials.Append(new Credential { Id = "cert-1", Type = CredentialType.Certificate, CreatedOn = DriftKit.AsOf.AddDays(-10), ExpiresOn = DriftKit.AsOf.AddDays(10) }).ToArray();
            var after = DriftKit.User("svc-billing");
            after.Credentials = new[]
            {
                new Credential { Id = before.Credentials[0].Id, Type = CredentialType.AccessKey, CreatedOn = before.Credentials[0].CreatedOn, LastRotatedOn = before.Credentials[0].LastRotatedOn, Enabled = false },
                new Credential { Id = "AKIASECOND", Type = CredentialType.AccessKey, CreatedOn = DriftKit.AsOf },
                new Credential { Id = "secret-1", Type = CredentialType.ClientSecret, CreatedOn = DriftKit.AsOf, ExpiresOn = DriftKit.AsOf.AddDays(180) },
            };
            var details = DriftKit.Diff(before, after).Select(c => c.Change + " " + c.Detail).ToArray();
            Assert.Equal(new[]
            {
                "Modified disabled AKIAOLDSVC-BILLING",
                "Removed removed Certificate cert-1",
                "Added new AccessKey AKIASECOND",
                "Added new ClientSecret secret-1",
            }.OrderBy(x => x), details.OrderBy(x => x));

            var expiry = DriftKit.User("svc-billing");
            expiry.Credentials[0].ExpiresOn = DriftKit.AsOf.AddDays(90);
            Assert.Equal("expiry of AKIAOLDSVC-BILLING moved from never to 2027-01-30", Assert.Single(DriftKit.Diff(DriftKit.User("svc-billing"), expiry)).Detail);
        }

        [Fact]
        public void ScalarPropertiesAndSets()
        {
            var before = DriftKit.User("svc-billing");
            var after = DriftKit.User("svc-billing");
            after.Name = "svc-billing-v2";
            after.Kind = IdentityKind.IamRole;
            after.Enabled = false;
            after.Environment = "dev";
            after.Systems = new[] { "aws:444455556666" };
            after.AssumableBy = new[] { "arn:aws:iam::999988887777:root" };
            var changes = DriftKit.Diff(before, after);
            Assert.Equal(new[]
            {
                "Name Modified renamed from svc-billing to svc-billing-v2",
                "Kind Modified kind changed from IamUser to IamRole",
                "Enabled Modified disabled",
                "Environment Modified environment changed from prod to dev",
                "Systems Added can now reach aws:444455556666",
                "Systems Removed no longer reaches aws:111122223333",
                "AssumableBy Added now assumable by arn:aws:iam::999988887777:root",
            }, changes.Select(c => c.Property + " " + c.Change + " " + c.Detail));
            Assert.Equal("Enabled", changes[2].Before);
            Assert.Equal("Disabled", changes[2].After);
            Assert.All(changes, c => Assert.Equal("svc-billing-v2", c.IdentityName));
        }

        [Fact]
        public void IdentitiesAddedAndRemovedAndDuplicatesWarned()
        {
            var kept = DriftKit.User("kept");
            var gone = DriftKit.User("gone");
            var added = DriftKit.User("added");
            added.Owners = new string[0];
            var host = new RecordingHost();
            var changes = DriftComparer.Compare(
                new[] { DriftKit.Item(kept), DriftKit.Item(gone) },
                new[] { DriftKit.Item(added), DriftKit.Item(kept), DriftKit.Item(added) },
                "ref", null, host).ToList();

            Assert.Equal(2, changes.Count);
            Assert.Equal(ChangeKind.Added, changes[0].Change);
            Assert.Equal(ChangeProperty.Identity, changes[0].Property);
            Assert.Equal("new IamUser added (1 credential, 2 permissions, no owner)", changes[0].Detail);
            Assert.Equal(ChangeKind.Removed, changes[1].Change);
            Assert.Equal("gone: IamUser gone (1 credential, 2 permissions, owned by team-billing@contoso.com)", changes[1].Detail);
            Assert.Equal("IamUser gone", changes[1].Before);
            Assert.Null(changes[1].DifferenceSnapshot);
            Assert.Single(host.Warnings);
        }

        [Fact]
        public void IdsCompareCaseInsensitively()
        {
            var before = DriftKit.User("svc");
            var after = DriftKit.User("svc");
            after.Id = after.Id.ToUpperInvariant();
            Assert.Empty(DriftKit.Diff(before, after));
        }
    }
}
