using System;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Labs.Tests.Iam
{
    /// <summary>SigV4 as the lab checks it: recomputed from the received request, with the secret the lab issued.</summary>
    public class IamSignatureTests
    {
        static async Task<IamLab> StartAsync(Action<IamLab> seed = null)
        {
            var lab = new IamLab();
            lab.Store.AddUser("svc-billing");
            seed?.Invoke(lab);
            await lab.StartAsync();
            return lab;
        }

        [Fact]
        public async Task Request_signed_by_the_public_AWSSDK_signer_is_accepted_and_answered_in_query_xml()
        {
            await using var lab = await StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var r = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, "ListUsers");
            Assert.Equal(200, r.Status);
            Assert.Equal(QueryResponse.Iam + "ListUsersResponse", r.Xml.Root.Name);
            Assert.Equal("ListUsersResult", r.Result.Name.LocalName);
            Assert.Equal("svc-billing", Assert.Single(r.Members("Users")).Element(QueryResponse.Iam + "UserName").Value);
            Assert.Equal("false", r.Value("IsTruncated"));
            Assert.False(string.IsNullOrEmpty(r.Xml.Root.Element(QueryResponse.Iam + "ResponseMetadata").Element(QueryResponse.Iam + "RequestId").Value));
        }

        [Fact]
        public async Task One_byte_of_the_body_changed_after_signing_gives_SignatureDoesNotMatch()
        {
            await using var lab = await StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var form = SignedQuery.Form("ListUsers", ("MaxItems", "100"));
            var r = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, form,
                tamper: b => { var c = (byte[])b.Clone(); c[c.Length - 1] = (byte)'9'; return c; }); // MaxItems=109
            Assert.Equal(403, r.Status);
            Assert.Equal("SignatureDoesNotMatch", r.ErrorCode);
            Assert.Equal("ErrorResponse", r.Xml.Root.Name.LocalName);
            Assert.Equal("Sender", r.Xml.Root.Element(QueryResponse.Iam + "Error").Element(QueryResponse.Iam + "Type").Value);
            Assert.NotNull(r.Xml.Root.Element(QueryResponse.Iam + "RequestId"));
        }

        [Fact]
        public async Task Wrong_secret_gives_SignatureDoesNotMatch_and_unknown_key_gives_InvalidClientTokenId()
        {
            await using var lab = await StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var wrong = await q.SendAsync(IamStore.AdminAccessKeyId, "x" + IamStore.AdminSecretAccessKey.Substring(1), "ListUsers");
            Assert.Equal(403, wrong.Status);
            Assert.Equal("SignatureDoesNotMatch", wrong.ErrorCode);
            var unknown = await q.SendAsync("AKIAUNKNOWNUNKNOWN00", IamStore.AdminSecretAccessKey, "ListUsers");
            Assert.Equal(403, unknown.Status);
            Assert.Equal("InvalidClientTokenId", unknown.ErrorCode);
        }

        [Fact]
        public async Task Inactive_key_is_rejected_and_iam_requires_us_east_1()
        {
            IamAccessKey key = null;
            await using var lab = await StartAsync(l => key = l.Store.AddKey("svc-billing", status: "Inactive"));
            using var q = new SignedQuery(lab.BaseUrl);
            var inactive = await q.SendAsync(key.AccessKeyId, lab.SecretOf(key.AccessKeyId), "ListUsers");
            Assert.Equal("InvalidClientTokenId", inactive.ErrorCode);

            var wrongRegion = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, SignedQuery.Form("ListUsers"), region: "eu-west-1");
            Assert.Equal(403, wrongRegion.Status);
            Assert.Equal("SignatureDoesNotMatch", wrongRegion.ErrorCode);
            var wrongService = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, SignedQuery.Form("ListUsers"), service: "sts");
            Assert.Equal("SignatureDoesNotMatch", wrongService.ErrorCode);
        }

        [Fact]
        public async Task Stale_signature_date_gives_RequestExpired()
        {
            await using var lab = await StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var r = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, SignedQuery.Form("ListUsers"),
                signedAt: DateTime.UtcNow.AddMinutes(-20));
            Assert.Equal(400, r.Status);
            Assert.Equal("RequestExpired", r.ErrorCode);
        }

        [Fact]
        public async Task Seeded_user_signs_with_the_lab_derived_secret_and_its_use_is_recorded()
        {
            IamAccessKey key = null;
            await using var lab = await StartAsync(l => key = l.Store.AddKey("svc-billing"));
            Assert.Equal(IamIds.SecretFor(key.AccessKeyId, lab.IamOptions.SecretSeed), lab.SecretOf(key.AccessKeyId));
            using var q = new SignedQuery(lab.BaseUrl);
            var r = await q.SendAsync(key.AccessKeyId, lab.SecretOf(key.AccessKeyId), "ListAccessKeys");
            Assert.Equal(200, r.Status);
            Assert.Equal(key.AccessKeyId, Assert.Single(r.Members("AccessKeyMetadata")).Element(QueryResponse.Iam + "AccessKeyId").Value);
            var lastUsed = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, "GetAccessKeyLastUsed", ("AccessKeyId", key.AccessKeyId));
            Assert.Equal("iam", lastUsed.Result.Element(QueryResponse.Iam + "AccessKeyLastUsed").Element(QueryResponse.Iam + "ServiceName").Value);
            Assert.Equal("us-east-1", lastUsed.Result.Element(QueryResponse.Iam + "AccessKeyLastUsed").Element(QueryResponse.Iam + "Region").Value);
        }

        [Fact]
        public void Verifier_matches_the_AWS_documented_example_signature()
        {
            // The IAM ListUsers GET example of the AWS SigV4 documentation (signing-key example secret).
            var req = new ReceivedRequest
            {
                Method = "GET", RawPath = "/", RawQuery = "Action=ListUsers&Version=2010-05-08",
                Body = Array.Empty<byte>(),
            };
            req.Headers["Content-Type"] = new[] { "application/x-www-form-urlencoded; charset=utf-8" };
            req.Headers["Host"] = new[] { "iam.amazonaws.com" };
            req.Headers["X-Amz-Date"] = new[] { "20150830T123600Z" };
            req.Headers["Authorization"] = new[] { "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7" };
            Assert.Null(SigV4Verifier.TryParse(req, out var auth));
            var at = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
            Assert.Null(SigV4Verifier.Verify(req, auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", at));
            Assert.Equal("SignatureDoesNotMatch", SigV4Verifier.Verify(req, auth, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz", at).Code);
        }
    }
}
