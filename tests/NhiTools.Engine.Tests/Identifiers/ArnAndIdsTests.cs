using NhiTools.Engine;
using NhiTools.Engine.Rotation;
using Xunit;

namespace NhiTools.Engine.Tests.Identifiers
{
    /// <summary>ARNs are parsed once by the real grammar; identity ids are built and read in one place.</summary>
    public class ArnAndIdsTests
    {
        [Theory]
        [InlineData("arn:aws:iam::123456789012:user/svc-billing", "aws", "iam", "", "123456789012", "user", "svc-billing", "/")]
        [InlineData("arn:aws-cn:iam::123456789012:role/ops/team/deploy", "aws-cn", "iam", "", "123456789012", "role", "deploy", "/ops/team/")]
        [InlineData("arn:aws-us-gov:iam::123456789012:user/ci/svc", "aws-us-gov", "iam", "", "123456789012", "user", "svc", "/ci/")]
        [InlineData("arn:aws:s3:::reports/2026/q1.csv", "aws", "s3", "", "", "reports", "q1.csv", null)]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*", "aws", "logs", "us-east-1", "123456789012", "log-group", "x:*", null)]
        public void Parses_partition_service_account_and_resource(string text, string partition, string service, string region, string account, string type, string name, string path)
        {
            Assert.True(Arn.TryParse(text, out var arn));
            Assert.Equal(partition, arn.Partition);
            Assert.Equal(service, arn.Service);
            Assert.Equal(region, arn.Region);
            Assert.Equal(account, arn.Account);
            Assert.Equal(type, arn.ResourceType);
            Assert.Equal(name, arn.Name);
            Assert.Equal(path, arn.Path);
            Assert.Equal(text, arn.ToString());
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("svc-billing")]
        [InlineData("arn:aws:iam::123456789012")]           // no resource
        [InlineData("arn:azure:iam::123456789012:user/x")]  // not an AWS partition
        [InlineData("arn:aws-:iam::123456789012:user/x")]
        [InlineData("arn:aws:iam::123456789012:user/")]     // names nothing
        [InlineData("arn:aws:sts::123456789012:assumed-role/OnlyRole")]
        public void Rejects_what_is_not_an_arn(string text)
        {
            Assert.False(Arn.TryParse(text, out var arn));
            Assert.Null(arn);
            Assert.Null(Arn.AccountOf(text));
        }

        [Fact]
        public void An_assumed_role_session_maps_to_its_role()
        {
            var session = Arn.Parse("arn:aws-us-gov:sts::123456789012:assumed-role/Deploy/ci-run-42");
            Assert.True(session.IsAssumedRoleSession);
            Assert.Equal("arn:aws-us-gov:iam::123456789012:role/Deploy", session.RoleArn());
            Assert.Equal("aws:arn:aws-us-gov:iam::123456789012:role/Deploy", NhiTools.Engine.Ids.Aws(session.ToString()));
            // Anything else keeps its ARN.
            Assert.Equal("aws:arn:aws:iam::123456789012:user/ops/svc", NhiTools.Engine.Ids.Aws("arn:aws:iam::123456789012:user/ops/svc"));
        }

        [Fact]
        public void Account_root_is_recognised_in_every_partition()
        {
            Assert.True(Arn.Parse("arn:aws:iam::123456789012:root").IsAccountRoot);
            Assert.True(Arn.Parse("arn:aws-cn:iam::123456789012:root").IsAccountRoot);
            Assert.False(Arn.Parse("arn:aws:iam::123456789012:user/root").IsAccountRoot);
        }

        [Fact]
        public void Identity_and_system_ids_are_built_and_read_back()
        {
            Assert.Equal("entra:app:11111111-2222-3333-4444-555555555555", NhiTools.Engine.Ids.EntraApp("11111111-2222-3333-4444-555555555555"));
            Assert.Equal("abc", NhiTools.Engine.Ids.EntraAppId("ENTRA:APP:abc"));
            Assert.Null(NhiTools.Engine.Ids.EntraAppId("entra:sp:abc"));
            Assert.Equal("oid", NhiTools.Engine.Ids.EntraSpObjectId(NhiTools.Engine.Ids.EntraSp("oid")));
            Assert.True(NhiTools.Engine.Ids.TryKeyVaultSecret(NhiTools.Engine.Ids.KeyVaultSecret("kv-prod", "db-password"), out var vault, out var name));
            Assert.Equal(("kv-prod", "db-password"), (vault, name));
            Assert.False(NhiTools.Engine.Ids.TryKeyVaultSecret("keyvault:kv-prod/", out _, out _));
            Assert.False(NhiTools.Engine.Ids.TryKeyVaultSecret("keyvault:/x", out _, out _));
            Assert.Equal("Aws", NhiTools.Engine.Ids.ProviderOf("aws:arn:aws:iam::1:user/x"));
            Assert.Equal("Entra", NhiTools.Engine.Ids.ProviderOf("entra:sp:x"));
            Assert.Equal("KeyVault", NhiTools.Engine.Ids.ProviderOf("keyvault:kv/x"));
            Assert.Null(NhiTools.Engine.Ids.ProviderOf("gcp:x"));
            Assert.Equal("aws:123456789012", NhiTools.Engine.Ids.SystemOf("Aws", "123456789012"));
            Assert.Equal("entra:tenant", NhiTools.Engine.Ids.SystemOf("entra", "tenant"));
            Assert.Equal("keyvault:kv", NhiTools.Engine.Ids.SystemOf("KeyVault", "kv"));
            Assert.Null(NhiTools.Engine.Ids.SystemOf("Gcp", "x"));
        }

        [Theory]
        [InlineData("aws:arn:aws:iam::123456789012:user/svc-deploy", "123456789012", "svc-deploy")]
        [InlineData("aws:arn:aws-cn:iam::123456789012:user/ops/svc-deploy", "123456789012", "svc-deploy")]
        public void Rotation_reads_iam_users_with_paths_and_partitions(string id, string account, string user)
        {
            Assert.True(AwsKeyRotation.TryParseUser(id, out var a, out var u));
            Assert.Equal((account, user), (a, u));
        }

        [Theory]
        [InlineData("aws:arn:aws:iam::123456789012:role/svc-deploy")]
        [InlineData("aws:arn:aws:iam::123456789012:user/")]
        [InlineData("entra:app:x")]
        public void Rotation_refuses_what_is_not_an_iam_user(string id) => Assert.False(AwsKeyRotation.TryParseUser(id, out _, out _));

        [Theory]
        [InlineData("arn:aws:s3:::bucket/key", null)]
        [InlineData("arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/t", "123456789012")]
        [InlineData("*", null)]
        public void Agent_resources_read_the_account_by_the_same_grammar(string resource, string account) =>
            Assert.Equal(account, NhiTools.Engine.Agents.AgentResolver.ArnAccount(resource));
    }
}
