using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Resolves credentials (explicit, named profiles, or AWSSDK.Core's default chain: environment, web identity,
    /// profile, container and instance metadata), assumes each role, and asks STS GetCallerIdentity who each
    /// session is. Several sessions on one account are read once. Nothing here prints or keeps a secret: the
    /// SDK credential objects hold them and only the signer asks.
    /// </summary>
    public static class AwsConnector
    {
        public static AwsLiveSource Connect(AwsConnectOptions options, IHostContext host)
        {
            host = host ?? NullHostContext.Instance;
            // The work runs on pool threads; the host is told on this (the pipeline) thread, afterwards.
            var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
            try
            {
                return Fanout.Wait(ConnectAsync(options, messages.Enqueue, host.CancellationToken), host, "Connecting to AWS", () => messages.Count + " step(s) done",
                    options.Retry = options.Retry ?? new BackoffPolicy());
            }
            finally
            {
                while (messages.TryDequeue(out var m)) host.WriteVerbose(m);
            }
        }

        private static async Task<AwsLiveSource> ConnectAsync(AwsConnectOptions options, Action<string> verbose, CancellationToken ct)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            Validate(options);
            var iamEndpoint = QueryEndpoint.Iam(options.Region, options.Endpoint);
            var stsEndpoint = QueryEndpoint.Sts(options.Region, options.Endpoint);
            var retry = options.Retry ?? new BackoffPolicy();
            var stats = new QueryStats();
            var http = CreateHttp(options.MaxConcurrency);
            var owned = new List<IDisposable>();
            try
            {
                var bases = BaseCredentials(options);
                var sessions = new List<(AWSCredentials Credentials, string Via)>();
                if (options.RoleArns != null && options.RoleArns.Length > 0)
                {
                    // The base credentials only sign AssumeRole; the roles are what is read.
                    var source = bases[0];
                    foreach (var arn in options.RoleArns)
                    {
                        var assumed = new AssumedRoleCredentials(source.Credentials, stsEndpoint, options.Endpoint != null, arn, options.RoleSessionName ?? "NhiTools", options.ExternalId);
                        owned.Add(assumed);
                        try { await assumed.GetCredentialsAsync().ConfigureAwait(false); }
                        catch (AwsServiceException) { throw; }
                        catch (Exception ex) when (ex is AmazonClientException || ex is AmazonServiceException)
                        {
                            throw new NhiException("NhiAwsAssumeRoleFailed", NhiErrorCategory.AuthenticationError, "AssumeRole " + arn + " failed: " + ex.Message, arn, ex);
                        }
                        sessions.Add((assumed, "role:" + arn));
                    }
                }
                else sessions.AddRange(bases);

                var accounts = new List<AwsAccount>();
                foreach (var s in sessions)
                {
                    ct.ThrowIfCancellationRequested();
                    var sts = new QueryClient(http, stsEndpoint, s.Credentials, retry, stats) { AttemptTimeout = options.AttemptTimeout };
                    var me = await sts.CallAsync("GetCallerIdentity", null, true, ct).ConfigureAwait(false);
                    string account = me.Text("Account"), arn = me.Text("Arn");
                    if (string.IsNullOrEmpty(account))
                        throw new NhiException("NhiAwsNoAccount", NhiErrorCategory.InvalidData, "GetCallerIdentity named no account for " + s.Via + ".", s.Via);
                    if (accounts.Any(a => a.AccountId == account))
                    {
                        verbose("AWS account " + account + " (" + s.Via + ") is already connected; read once.");
                        continue;
                    }
                    var iam = new QueryClient(http, iamEndpoint, s.Credentials, retry, stats) { AttemptTimeout = options.AttemptTimeout };
                    accounts.Add(new AwsAccount(account, arn, s.Via, iam, sts, http));
                    verbose("Connected to AWS account " + account + " as " + arn + " (" + s.Via + ").");
                }
                return new AwsLiveSource(accounts, options, iamEndpoint, stsEndpoint, http, stats, owned);
            }
            catch
            {
                foreach (var d in owned) d.Dispose();
                http.Dispose();
                throw;
            }
        }

        private static void Validate(AwsConnectOptions o)
        {
            if (o.ProfileNames != null && o.ProfileNames.Length > 1 && o.RoleArns != null && o.RoleArns.Length > 0)
                throw new NhiException("NhiAwsAmbiguousRoleSource", NhiErrorCategory.InvalidArgument,
                    "-RoleArn assumes roles with one identity: give at most one -ProfileName with it.", o.ProfileNames);
            if (string.IsNullOrWhiteSpace(o.OwnerTagKey) || o.OwnerTagKey.Length > 128)
                throw new NhiException("NhiAwsInvalidOwnerTagKey", NhiErrorCategory.InvalidArgument, "The owner tag key must be 1 to 128 characters.", o.OwnerTagKey);
            if (o.Endpoint != null && !(o.Endpoint.Scheme == Uri.UriSchemeHttps || o.Endpoint.Scheme == Uri.UriSchemeHttp))
                throw new NhiException("NhiAwsInvalidEndpoint", NhiErrorCategory.InvalidArgument, "The endpoint must be an http or https URL.", o.Endpoint);
            if (o.MaxConcurrency < 1 || o.MaxConcurrency > 64)
                throw new NhiException("NhiAwsInvalidConcurrency", NhiErrorCategory.InvalidArgument, "MaxConcurrency must be 1 to 64.", o.MaxConcurrency);
            foreach (var arn in o.RoleArns ?? Array.Empty<string>())
                if (!Arn.TryParse(arn, out var parsed) || !parsed.IsIamRole)
                    throw new NhiException("NhiAwsInvalidRoleArn", NhiErrorCategory.InvalidArgument, "'" + arn + "' is not a role ARN (arn:aws:iam::<account>:role/<name>).", arn);
        }

        private static List<(AWSCredentials Credentials, string Via)> BaseCredentials(AwsConnectOptions o)
        {
            var list = new List<(AWSCredentials, string)>();
            if (o.Credentials != null)
            {
                list.Add((o.Credentials, "explicit"));
                return list;
            }
            if (o.ProfileNames != null && o.ProfileNames.Length > 0)
            {
                // AWS_SHARED_CREDENTIALS_FILE is honoured here as the CLI does (the SDK caches its own view at start).
                var file = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
                var chain = string.IsNullOrEmpty(file) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(file);
                foreach (var name in o.ProfileNames.Distinct(StringComparer.Ordinal))
                {
                    AWSCredentials creds;
                    try
                    {
                        if (!chain.TryGetAWSCredentials(name, out creds))
                            throw new NhiException("NhiAwsProfileNotFound", NhiErrorCategory.ObjectNotFound,
                                "AWS profile '" + name + "' was not found in the shared credentials or config file.", name);
                    }
                    catch (Exception ex) when (ex is AmazonClientException || ex is InvalidOperationException)
                    {
                        throw new NhiException("NhiAwsProfileUnusable", NhiErrorCategory.AuthenticationError, "AWS profile '" + name + "' cannot be used: " + ex.Message, name, ex);
                    }
                    list.Add((creds, "profile:" + name));
                }
                return list;
            }
            try
            {
                list.Add((DefaultAWSCredentialsIdentityResolver.GetCredentials(), "default chain"));
            }
            catch (AmazonClientException ex)
            {
                throw new NhiException("NhiAwsNoCredentials", NhiErrorCategory.AuthenticationError,
                    "No AWS credentials found (environment, web identity, profile, container or instance metadata): " + ex.Message, null, ex);
            }
            return list;
        }

        private static HttpClient CreateHttp(int concurrency)
        {
            var handler = new HttpClientHandler();
            try { handler.MaxConnectionsPerServer = Math.Max(2, concurrency * 2); } catch (PlatformNotSupportedException) { }
            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
    }
}
