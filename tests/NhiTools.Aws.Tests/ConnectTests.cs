using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Hosting;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>Credentials and sessions: explicit keys, AssumeRole, one read per account, nothing secret in any message.</summary>
    public class ConnectTests
    {
        [Fact]
        public async Task Connect_names_the_account_and_caller()
        {
            await using var lab = await Lab.StartAsync();
            var host = new RecordingHost();
            var info = lab.Connect(host: host).Info;
            var account = Assert.Single(info.Accounts);
            Assert.Equal("123456789012", account.AccountId);
            Assert.Equal("arn:aws:iam::123456789012:root", account.CallerArn);
            Assert.Equal("explicit", account.Via);
            Assert.Equal(lab.Server.BaseUrl + "/", info.Endpoint);
            Assert.Equal("owner", info.OwnerTagKey);
            Assert.DoesNotContain(host.Messages, m => m.Contains(IamStore.AdminSecretAccessKey) || m.Contains(IamStore.AdminAccessKeyId));
        }

        [Fact]
        public async Task Roles_are_assumed_with_STS_and_read_with_session_credentials()
        {
            await using var lab = await Lab.StartAsync();
            var roles = new[] { "arn:aws:iam::123456789012:role/partner-audit", "arn:aws:iam::123456789012:role/github-deploy" };
            var source = lab.Connect(o => o.RoleArns = roles);
            var account = Assert.Single(source.Accounts); // both roles reach one account: read once
            Assert.Equal("role:" + roles[0], account.Via);
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/partner-audit/NhiTools", account.CallerArn);
            Assert.Equal(2, lab.Server.Log.Count("AssumeRole"));

            lab.Server.Log.Clear();
            Assert.Equal(9, lab.Read().Count);
            lab.AssertAllSigned();
            // Session credentials signed the reads (the lab checks the token against the session it issued).
            Assert.Equal(0, lab.Server.Log.Count("AssumeRole"));
        }

        [Fact]
        public async Task An_unknown_role_fails_the_connection()
        {
            await using var lab = await Lab.StartAsync();
            var ex = Assert.Throws<AwsServiceException>(() => lab.Connect(o => o.RoleArns = new[] { "arn:aws:iam::123456789012:role/nope" }));
            Assert.Equal("AccessDenied", ex.Code);
            Assert.Equal(NhiErrorCategory.PermissionDenied, ex.Category);
        }

        [Theory]
        [InlineData("not-an-arn", "NhiAwsInvalidRoleArn")]
        [InlineData("arn:aws:iam::123456789012:user/bob", "NhiAwsInvalidRoleArn")]
        public void Bad_input_is_refused_before_any_request(string role, string errorId)
        {
            var ex = Assert.Throws<NhiException>(() => AwsConnector.Connect(new AwsConnectOptions { RoleArns = new[] { role }, Endpoint = new Uri("http://127.0.0.1:1") }, null));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(NhiErrorCategory.InvalidArgument, ex.Category);
            var two = Assert.Throws<NhiException>(() => AwsConnector.Connect(new AwsConnectOptions { ProfileNames = new[] { "a", "b" }, RoleArns = new[] { "arn:aws:iam::1:role/r" } }, null));
            Assert.Equal("NhiAwsAmbiguousRoleSource", two.ErrorId);
        }

        [Fact]
        public void A_missing_profile_is_a_clear_error()
        {
            var dir = System.IO.Directory.CreateTempSubdirectory().FullName;
            var previousCreds = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
            var previousConfig = Environment.GetEnvironmentVariable("AWS_CONFIG_FILE");
            try
            {
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", System.IO.Path.Combine(dir, "credentials"));
                Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", System.IO.Path.Combine(dir, "config"));
                var ex = Assert.Throws<NhiException>(() => AwsConnector.Connect(new AwsConnectOptions { ProfileNames = new[] { "no-such-profile" }, Endpoint = new Uri("http://127.0.0.1:1") }, null));
                Assert.Equal("NhiAwsProfileNotFound", ex.ErrorId);
            }
            finally
            {
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", previousCreds);
                Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", previousConfig);
            }
        }

        [Fact]
        public async Task A_named_profile_is_read_from_the_shared_credentials_file()
        {
            await using var lab = await Lab.StartAsync();
            var dir = System.IO.Directory.CreateTempSubdirectory().FullName;
            var file = System.IO.Path.Combine(dir, "credentials");
            System.IO.File.WriteAllText(file, "[lab]\naws_access_key_id = " + IamStore.AdminAccessKeyId + "\naws_secret_access_key = " + IamStore.AdminSecretAccessKey + "\n");
            var previous = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
            try
            {
                Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", file);
                var o = Lab.Options(lab.Server);
                o.Credentials = null;
                o.ProfileNames = new[] { "lab" };
                using var source = AwsConnector.Connect(o, null);
                Assert.Equal("profile:lab", source.Accounts[0].Via);
                Assert.Equal("123456789012", source.Accounts[0].AccountId);
            }
            finally { Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", previous); }
        }
    }
}
