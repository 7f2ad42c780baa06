using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.Runtime;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Access key primitives for rotation, by key id only (never "the oldest key"): list, create (the secret goes
    /// to the caller alone), prove a key works with sts:GetCallerIdentity (retrying InvalidClientTokenId while IAM
    /// propagates the key, bounded), deactivate, reactivate, delete.
    /// </summary>
    public sealed class AwsAccessKeys
    {
        private readonly AwsAccount _account;
        private readonly QueryEndpoint _sts;
        private readonly BackoffPolicy _retry;

        internal AwsAccessKeys(AwsAccount account, QueryEndpoint sts, BackoffPolicy retry)
        {
            _account = account;
            _sts = sts;
            _retry = retry ?? new BackoffPolicy();
        }

        public string AccountId => _account.AccountId;

        /// <summary>A failed list throws; it is never an empty list.</summary>
        public async Task<IReadOnlyList<AccessKeyMetadata>> ListAsync(string userName, CancellationToken cancellationToken = default)
        {
            RequireName(userName, nameof(userName));
            var members = await _account.Iam.ListAllAsync("ListAccessKeys", new[] { QueryClient.P("UserName", userName) }, "AccessKeyMetadata", cancellationToken).ConfigureAwait(false);
            return members.Select(m => new AccessKeyMetadata
            {
                UserName = m.Text("UserName"),
                AccessKeyId = m.Text("AccessKeyId"),
                Status = m.Text("Status"),
                CreateDate = m.Time("CreateDate"),
            }).ToList();
        }

        /// <summary>
        /// CreateAccessKey. Not retried on a lost response (that could make a second key): the caller re-lists and
        /// treats an unknown new key as its own. IAM allows two keys per user (LimitExceeded beyond).
        /// </summary>
        public async Task<NewAccessKey> CreateAsync(string userName, CancellationToken cancellationToken = default)
        {
            RequireName(userName, nameof(userName));
            var r = await _account.Iam.CallAsync("CreateAccessKey", new[] { QueryClient.P("UserName", userName) }, idempotent: false, cancellationToken).ConfigureAwait(false);
            var k = r.Child("AccessKey");
            var secretElement = k?.Child("SecretAccessKey");
            if (k == null || secretElement == null || string.IsNullOrEmpty(k.Text("AccessKeyId")))
                throw new NhiException("NhiAwsMalformedResponse", NhiErrorCategory.InvalidData, "CreateAccessKey answered without a key id or secret.", userName);
            var key = new NewAccessKey
            {
                UserName = k.Text("UserName") ?? userName,
                AccessKeyId = k.Text("AccessKeyId"),
                Status = k.Text("Status"),
                CreateDate = k.Time("CreateDate"),
                Secret = new AccessKeySecret(secretElement.Value.ToCharArray()),
            };
            secretElement.Value = string.Empty; // drop the parsed copy from the response tree
            return key;
        }

        /// <summary>
        /// Signs sts:GetCallerIdentity with the key until it answers, retrying InvalidClientTokenId (IAM is
        /// eventually consistent; a new key can take seconds to work) with backoff for at most
        /// <paramref name="maxWait"/>. Any other error, or the wait running out, throws.
        /// </summary>
        public async Task<CallerIdentity> VerifyAsync(string accessKeyId, AccessKeySecret secret, TimeSpan maxWait, CancellationToken cancellationToken = default)
        {
            RequireName(accessKeyId, nameof(accessKeyId));
            if (secret == null) throw new ArgumentNullException(nameof(secret));
            var deadline = DateTime.UtcNow + maxWait;
            var once = new BackoffPolicy { MaxAttempts = 3, BaseDelay = _retry.BaseDelay, MaxDelay = _retry.MaxDelay, Delay = _retry.Delay };
            var client = new QueryClient(_account.Http, _sts, new BasicAWSCredentials(accessKeyId, secret.Reveal()), once);
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    var me = await client.CallAsync("GetCallerIdentity", null, true, cancellationToken).ConfigureAwait(false);
                    return new CallerIdentity { Account = me.Text("Account"), Arn = me.Text("Arn"), UserId = me.Text("UserId"), Attempts = attempt };
                }
                catch (AwsServiceException ex) when (ex.Code == "InvalidClientTokenId" && DateTime.UtcNow < deadline)
                {
                    var wait = Min(_retry.Backoff(attempt) + TimeSpan.FromMilliseconds(100 * attempt), deadline - DateTime.UtcNow);
                    if (wait > TimeSpan.Zero) await _retry.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// GetAccessKeyLastUsed: when the key last signed a request (null: never, or before IAM started tracking).
        /// A failure throws; it is never "unused".
        /// </summary>
        public async Task<DateTime?> LastUsedAsync(string accessKeyId, CancellationToken cancellationToken = default)
        {
            RequireName(accessKeyId, nameof(accessKeyId));
            var r = await _account.Iam.CallAsync("GetAccessKeyLastUsed", new[] { QueryClient.P("AccessKeyId", accessKeyId) }, true, cancellationToken).ConfigureAwait(false);
            return r.Child("AccessKeyLastUsed")?.Time("LastUsedDate");
        }

        public Task DeactivateAsync(string userName, string accessKeyId, CancellationToken cancellationToken = default) =>
            UpdateAsync(userName, accessKeyId, "Inactive", cancellationToken);

        public Task ReactivateAsync(string userName, string accessKeyId, CancellationToken cancellationToken = default) =>
            UpdateAsync(userName, accessKeyId, "Active", cancellationToken);

        /// <summary>DeleteAccessKey of exactly this key id. NoSuchEntity is thrown; a resuming caller may count it as done.</summary>
        public async Task DeleteAsync(string userName, string accessKeyId, CancellationToken cancellationToken = default)
        {
            RequireName(userName, nameof(userName));
            RequireName(accessKeyId, nameof(accessKeyId));
            await _account.Iam.CallAsync("DeleteAccessKey", new[] { QueryClient.P("UserName", userName), QueryClient.P("AccessKeyId", accessKeyId) }, true, cancellationToken).ConfigureAwait(false);
        }

        private async Task UpdateAsync(string userName, string accessKeyId, string status, CancellationToken cancellationToken)
        {
            RequireName(userName, nameof(userName));
            RequireName(accessKeyId, nameof(accessKeyId));
            await _account.Iam.CallAsync("UpdateAccessKey", new[]
            {
                QueryClient.P("UserName", userName), QueryClient.P("AccessKeyId", accessKeyId), QueryClient.P("Status", status),
            }, true, cancellationToken).ConfigureAwait(false);
        }

        private static void RequireName(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new NhiException("NhiAwsMissingArgument", NhiErrorCategory.InvalidArgument, name + " is required.", name);
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }
}
