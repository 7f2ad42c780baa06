using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using NhiTools.Labs.Common;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Labs.Tests.Iam
{
    /// <summary>The real AmazonSecurityTokenServiceClient against the lab.</summary>
    public class IamStsClientTests
    {
        internal static AmazonSecurityTokenServiceClient Sts(IamLab lab, string accessKey, string secret, int maxErrorRetry = 0) =>
            new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(accessKey, secret), new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = lab.BaseUrl,
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = maxErrorRetry,
                Timeout = TimeSpan.FromSeconds(10),
            });

        [Fact]
        public async Task GetCallerIdentity_with_a_seeded_key_names_its_user()
        {
            await using var lab = new IamLab(new IamLabOptions { AccountId = "111122223333" });
            var user = lab.Store.AddUser("svc-deploy", "/automation/");
            var key = lab.Store.AddKey("svc-deploy");
            await lab.StartAsync();
            using var sts = Sts(lab, key.AccessKeyId, lab.SecretOf(key.AccessKeyId));
            var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal("arn:aws:iam::111122223333:user/automation/svc-deploy", me.Arn);
            Assert.Equal(user.UserId, me.UserId);
            Assert.Equal("111122223333", me.Account);
            var entry = Assert.Single(await LogWait.EntriesAsync(lab, 1));
            Assert.Equal("GetCallerIdentity", entry.Operation);
            Assert.Equal(200, entry.Status);
            Assert.False(entry.IsWrite);
        }

        [Fact]
        public async Task Session_token_issued_by_the_lab_signs_as_its_user_and_a_wrong_token_is_rejected()
        {
            await using var lab = new IamLab();
            lab.Store.AddUser("svc-batch");
            var key = lab.Store.AddKey("svc-batch");
            await lab.StartAsync();
            using var sts = Sts(lab, key.AccessKeyId, lab.SecretOf(key.AccessKeyId));
            var session = (await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 })).Credentials;
            Assert.StartsWith("ASIA", session.AccessKeyId);
            using var temp = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken),
                new AmazonSecurityTokenServiceConfig { ServiceURL = lab.BaseUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            Assert.EndsWith(":user/svc-batch", (await temp.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
            Assert.Single(lab.Store.KeysOf("svc-batch")); // a session is not an access key

            using var forged = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken + "x"),
                new AmazonSecurityTokenServiceConfig { ServiceURL = lab.BaseUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => forged.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
            Assert.Equal("InvalidClientTokenId", ex.ErrorCode);
        }

        [Fact]
        public async Task Admin_key_is_the_account_root()
        {
            await using var lab = new IamLab();
            await lab.StartAsync();
            using var sts = Sts(lab, IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey);
            var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal("arn:aws:iam::123456789012:root", me.Arn);
        }

        [Fact]
        public async Task Created_key_authenticates_only_after_the_propagation_delay()
        {
            // The lab's clock moves only when the test moves it: "inside the delay" and "after it" are facts, not timings.
            var clock = new ManualClock(DateTimeOffset.UtcNow);
            await using var lab = new IamLab(new IamLabOptions { KeyPropagationDelay = TimeSpan.FromMilliseconds(1500), Clock = clock });
            lab.Store.AddUser("svc-rotate");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var created = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, "CreateAccessKey", ("UserName", "svc-rotate"));
            Assert.Equal(200, created.Status);
            var ak = created.Result.Element(QueryResponse.Iam + "AccessKey");
            var id = ak.Element(QueryResponse.Iam + "AccessKeyId").Value;
            var secret = ak.Element(QueryResponse.Iam + "SecretAccessKey").Value;
            Assert.Equal(40, secret.Length);
            Assert.Equal("Active", ak.Element(QueryResponse.Iam + "Status").Value);

            using var sts = Sts(lab, id, secret);
            var early = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
            Assert.Equal("InvalidClientTokenId", early.ErrorCode);
            Assert.Equal(403, (int)early.StatusCode);

            clock.Advance(TimeSpan.FromMilliseconds(1600));
            var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.EndsWith(":user/svc-rotate", me.Arn);
        }

        [Fact]
        public async Task Throttling_fault_reaches_the_client_as_IAM_throttling_and_a_retry_gets_through()
        {
            await using var lab = new IamLab();
            await lab.StartAsync();
            lab.Faults.Add(FaultRule.Throttle("GetCallerIdentity").Limit(1));
            using (var retrying = Sts(lab, IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, maxErrorRetry: 2))
                Assert.EndsWith(":root", (await retrying.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
            var log = await LogWait.EntriesAsync(lab, "GetCallerIdentity", 2);
            Assert.Equal(2, log.Count);
            Assert.Equal(FaultKind.Status, log[0].Fault);
            Assert.Equal(400, log[0].Status); // IAM/STS throttle with 400 Throttling, not 429
            Assert.Equal(200, log[1].Status);

            lab.Faults.Add(FaultRule.Throttle("GetCallerIdentity"));
            using var plain = Sts(lab, IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey);
            var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => plain.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
            Assert.Equal("Throttling", ex.ErrorCode);
            Assert.Equal("Rate exceeded", ex.Message);
            Assert.Equal(400, (int)ex.StatusCode);
        }
    }

    /// <summary>A clock the test moves by hand.</summary>
    internal sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now;
        public ManualClock(DateTimeOffset now) { _now = now; }
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }
}
