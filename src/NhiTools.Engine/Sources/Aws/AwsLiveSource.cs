using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using NhiTools.Engine.Sources.Offline.Aws;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// A Connect-NhiAws session: one or more accounts read by Get-NhiIdentity -Provider Aws, and owner tags written
    /// by Set-NhiOwner. Every identity it yields carries Source[0] = "live:aws:&lt;IAM endpoint&gt;" and its account id.
    /// </summary>
    public sealed class AwsLiveSource : ILiveSource, IOwnerWriter, IPurposeWriter, NhiTools.Engine.Activity.ILiveActivitySource, IDisposable
    {
        private readonly HttpClient _http;
        private readonly List<IDisposable> _owned;
        private readonly AwsConnectOptions _options;

        internal AwsLiveSource(List<AwsAccount> accounts, AwsConnectOptions options, QueryEndpoint iam, QueryEndpoint sts, HttpClient http, QueryStats stats, List<IDisposable> owned)
        {
            Accounts = accounts;
            _options = options;
            IamEndpoint = iam;
            StsEndpoint = sts;
            _http = http;
            _owned = owned;
            Stats = stats;
            SourceName = IdentityOrigin.Live("aws", iam.Url.ToString());
        }

        public string Provider => "Aws";
        public IReadOnlyList<AwsAccount> Accounts { get; }
        public QueryEndpoint IamEndpoint { get; }
        public QueryEndpoint StsEndpoint { get; }
        /// <summary>Requests and retries of every client of this connection.</summary>
        public QueryStats Stats { get; }
        public string SourceName { get; }
        public string OwnerTagKey => _options.OwnerTagKey;
        internal AwsConnectOptions Options => _options;

        public string Description =>
            "account" + (Accounts.Count == 1 ? " " : "s ") + string.Join(", ", Accounts.Select(a => a.AccountId + " (" + a.Via + ")")) + " at " + IamEndpoint.Url;

        public AwsConnectionInfo Info => new AwsConnectionInfo
        {
            Endpoint = IamEndpoint.Url.ToString(),
            StsEndpoint = StsEndpoint.Url.ToString(),
            Region = StsEndpoint.SigningRegion,
            OwnerTagKey = _options.OwnerTagKey,
            Accounts = Accounts.Select(a => a.ToInfo()).ToArray(),
        };

        public AwsAccount Account(string accountId) =>
            Accounts.FirstOrDefault(a => a.AccountId == accountId)
            ?? throw new NhiException("NhiAwsAccountNotConnected", NhiErrorCategory.ObjectNotFound,
                "AWS account " + (accountId ?? "(unknown)") + " is not connected (connected: " + string.Join(", ", Accounts.Select(a => a.AccountId)) + ").", accountId);

        /// <summary>Access key primitives (create, verify, deactivate, reactivate, delete) in one account.</summary>
        public AwsAccessKeys AccessKeys(string accountId) => new AwsAccessKeys(Account(accountId), StsEndpoint, _options.Retry);

        public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options)
        {
            host = host ?? NullHostContext.Instance;
            options = options ?? new LiveReadOptions();
            _options.Retry?.BeginRun(); // each read has the whole run budget
            foreach (var account in Accounts)
                foreach (var id in new AwsInventory(account, _options, SourceName).Read(host, options))
                    yield return id;
        }

        public string[] SetOwners(Identity identity, IReadOnlyList<string> owners, bool replace, IHostContext host)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            var accountId = identity.Account ?? AwsIndex.AccountOf(identity.NativeId);
            return OwnerTags.Set(Account(accountId), _options.OwnerTagKey, identity, owners, replace, host ?? NullHostContext.Instance);
        }

        public bool HoldsPurpose(Identity identity) => PurposeTags.Holds(identity);

        /// <summary>Writes the IAM tag "purpose" on the user or role.</summary>
        public string SetPurpose(Identity identity, string purpose, IHostContext host)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            var accountId = identity.Account ?? AwsIndex.AccountOf(identity.NativeId);
            return PurposeTags.Set(Account(accountId), identity, purpose, host ?? NullHostContext.Instance);
        }

        /// <summary>Regions whose CloudTrail event history is read: -ActivityRegion, else the connection's region and the
        /// partition's global-service region (us-east-1), where IAM, STS and console sign-in events are logged.</summary>
        public IReadOnlyList<string> ActivityRegions =>
            _options.ActivityRegions != null && _options.ActivityRegions.Length > 0
                ? _options.ActivityRegions.Distinct(StringComparer.Ordinal).ToArray()
                : new[] { string.IsNullOrEmpty(_options.Region) ? "us-east-1" : _options.Region, GlobalRegion(_options.Region) }.Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>Where a partition's global services (IAM, STS global endpoint, console sign-in) log their events.</summary>
        private static string GlobalRegion(string region) =>
            region != null && region.StartsWith("cn-", StringComparison.Ordinal) ? "cn-north-1"
            : region != null && region.StartsWith("us-gov-", StringComparison.Ordinal) ? "us-gov-west-1" : "us-east-1";

        /// <summary>LookupEvents requests and retries of this connection (apart from the IAM and STS ones in <see cref="Stats"/>).</summary>
        public QueryStats ActivityStats { get; } = new QueryStats();

        private readonly Dictionary<string, CloudTrailClient> _cloudTrail = new Dictionary<string, CloudTrailClient>(StringComparer.Ordinal);

        /// <summary>The account's CloudTrail client in a region, kept so its pacing holds across reads.</summary>
        internal CloudTrailClient CloudTrail(AwsAccount account, string region)
        {
            lock (_cloudTrail)
            {
                var key = account.AccountId + "/" + region;
                if (!_cloudTrail.TryGetValue(key, out var c))
                {
                    c = new CloudTrailClient(_http, CloudTrailClient.EndpointFor(region, _options.Endpoint), region, account.Iam.Credentials, _options.Retry, ActivityStats)
                    {
                        AttemptTimeout = _options.AttemptTimeout,
                        MinInterval = _options.LookupEventsInterval,
                    };
                    _cloudTrail[key] = c;
                }
                return c;
            }
        }

        /// <summary>CloudTrail LookupEvents of every connected account and activity region (see <see cref="CloudTrailActivity"/>).</summary>
        public IEnumerable<NhiTools.Activity> ReadActivity(IHostContext host, NhiTools.Engine.Activity.ActivityQuery query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            return new CloudTrailActivity(this).ReadActivity(host, query);
        }

        public void Dispose()
        {
            foreach (var d in _owned) d.Dispose();
            _http.Dispose();
        }
    }
}
