using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Credentials of a role, from STS AssumeRole (AWSSDK.SecurityToken's client) signed with base credentials;
    /// refreshed by AWSSDK.Core before they expire, so a long inventory never runs on an expired session.
    /// </summary>
    internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
    {
        private readonly AmazonSecurityTokenServiceClient _sts;
        private readonly string _roleArn, _sessionName, _externalId;

        public AssumedRoleCredentials(AWSCredentials source, QueryEndpoint sts, bool explicitEndpoint, string roleArn, string sessionName, string externalId)
        {
            var config = new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 3, Timeout = TimeSpan.FromSeconds(60) };
            if (explicitEndpoint)
            {
                config.ServiceURL = sts.Url.ToString();
                config.AuthenticationRegion = sts.SigningRegion;
            }
            else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(sts.SigningRegion);
            _sts = new AmazonSecurityTokenServiceClient(source, config);
            _roleArn = roleArn;
            _sessionName = sessionName;
            _externalId = externalId;
        }

        public string RoleArn => _roleArn;

        protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            AssumeRoleResponse r;
            try
            {
                r = await _sts.AssumeRoleAsync(new AssumeRoleRequest
                {
                    RoleArn = _roleArn,
                    RoleSessionName = _sessionName,
                    ExternalId = _externalId,
                    DurationSeconds = 3600,
                }).ConfigureAwait(false);
            }
            catch (AmazonServiceException ex)
            {
                throw new AwsServiceException("AssumeRole", ex.ErrorCode ?? "Error", (int)ex.StatusCode, ex.Message, ex.RequestId, _roleArn);
            }
            var c = r.Credentials;
            DateTime expires = c.Expiration.HasValue ? c.Expiration.Value.ToUniversalTime() : DateTime.UtcNow.AddMinutes(15);
            return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), expires);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _sts.Dispose();
            base.Dispose(disposing);
        }
    }
}
