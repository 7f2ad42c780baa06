using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Offline.Aws;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Live activity of a Connect-NhiAws session: CloudTrail LookupEvents (management events of the last 90 days)
    /// in every activity region of every connected account, mapped by the same <see cref="CloudTrailEvents"/> code
    /// that reads lookup-events output offline.
    /// <para>Server-side: the time window always; an IAM user by LookupAttribute Username (its console sign-ins and
    /// the calls of all its access keys in one stream, never more requests than one AccessKeyId read per key); the
    /// root user by Username "root". Client-side: roles (LookupEvents names an assumed-role session by its session
    /// name, which the caller chooses, so a role cannot be filtered server-side: the account is read once and events
    /// are kept whose session issuer is the role), and every event is checked against the query's identities (a
    /// Username filter also matches a role session that happens to carry the user's name).</para>
    /// </summary>
    internal sealed class CloudTrailActivity
    {
        private readonly AwsLiveSource _source;

        public CloudTrailActivity(AwsLiveSource source) { _source = source; }

        /// <summary>One planned read: an account, a region and at most one attribute (null = the whole account).</summary>
        internal sealed class Read
        {
            public AwsAccount Account;
            public string Region;
            public LookupAttribute Attribute;
            public override string ToString() => Account.AccountId + " " + Region + " " + (Attribute?.ToString() ?? "all events");
        }

        /// <summary>The reads a query costs, in order: what the benchmark counts and the tests check.</summary>
        internal List<Read> Plan(ActivityQuery query, IHostContext host)
        {
            var reads = new List<Read>();
            var identities = query.Identities ?? Array.Empty<Identity>();
            foreach (var account in _source.Accounts)
            {
                List<LookupAttribute> attributes;
                if (identities.Count == 0) attributes = new List<LookupAttribute> { null };
                else
                {
                    var mine = identities.Where(i => AccountOf(i) == account.AccountId).ToList();
                    if (mine.Count == 0) continue;
                    attributes = new List<LookupAttribute>();
                    bool whole = false;
                    foreach (var i in mine)
                    {
                        var a = AttributeOf(i);
                        if (a == null) { whole = true; break; }
                        if (!attributes.Any(x => x.Key == a.Key && x.Value == a.Value)) attributes.Add(a);
                    }
                    if (whole || attributes.Count > Math.Max(1, _source.Options.MaxUserFilteredReads)) attributes = new List<LookupAttribute> { null };
                }
                foreach (var region in _source.ActivityRegions)
                    foreach (var a in attributes)
                        reads.Add(new Read { Account = account, Region = region, Attribute = a });
            }
            foreach (var i in identities.Where(i => !_source.Accounts.Any(a => a.AccountId == AccountOf(i))))
                host.WriteWarning("No activity read for " + (i.Name ?? i.Id) + ": its AWS account " + (AccountOf(i) ?? "(unknown)") + " is not connected.");
            return reads;
        }

        /// <summary>The identity's account; an export that named no ARN (id aws:user/&lt;name&gt;) belongs to the only connected account, if one.</summary>
        private string AccountOf(Identity i) =>
            i.Account ?? AwsIndex.AccountOf(i.NativeId ?? (i.Id != null && i.Id.StartsWith("aws:", StringComparison.Ordinal) ? i.Id.Substring(4) : null))
            ?? (_source.Accounts.Count == 1 ? _source.Accounts[0].AccountId : null);

        /// <summary>The server-side filter of one identity, or null when it has none (roles, anything not a user).</summary>
        internal static LookupAttribute AttributeOf(Identity i)
        {
            if (i.Kind == IdentityKind.RootAccount) return new LookupAttribute("Username", "root");
            var arn = i.NativeId ?? (i.Id != null && i.Id.StartsWith("aws:", StringComparison.Ordinal) ? i.Id.Substring(4) : null);
            bool user = arn != null && (arn.IndexOf(":user/", StringComparison.Ordinal) >= 0 || arn.StartsWith("user/", StringComparison.Ordinal));
            if (!user) return null;
            var name = arn.Substring(arn.LastIndexOf('/') + 1);
            return name.Length == 0 ? null : new LookupAttribute("Username", name);
        }

        public IEnumerable<NhiTools.Activity> ReadActivity(IHostContext host, ActivityQuery query)
        {
            host = host ?? NullHostContext.Instance;
            var identities = query.Identities ?? Array.Empty<Identity>();
            var linker = identities.Count > 0 ? IdentityLinker.From(identities) : null;
            var reads = Plan(query, host);
            var retry = _source.Options.Retry;
            retry?.BeginRun(); // each read has the whole run budget
            long events = 0, kept = 0;
            int done = 0;
            foreach (var read in reads)
            {
                var client = _source.CloudTrail(read.Account, read.Region);
                string sourceName = "live:aws:cloudtrail:" + read.Region + ":" + read.Account.AccountId;
                string token = null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                int pages = 0;
                do
                {
                    host.CancellationToken.ThrowIfCancellationRequested();
                    var current = token;
                    var task = client.LookupAsync(query.From, query.To, read.Attribute, current, host.CancellationToken);
                    // Progress and retry notices are written on this (the pipeline) thread while the page loads.
                    using (var page = Fanout.Wait(task, host, "Reading CloudTrail event history",
                        () => (done + 1) + "/" + reads.Count + " " + read + ", page " + (pages + 1) + ", " + kept + " event(s)", retry))
                    {
                        pages++;
                        foreach (var e in page.Events)
                        {
                            events++;
                            var a = CloudTrailEvents.FromLookupEvent(e, sourceName);
                            if (a == null) continue;
                            if (linker != null && !(linker.Link(a) && linker.Knows(a.IdentityId))) continue;
                            kept++;
                            yield return a;
                        }
                        token = page.NextToken;
                    }
                    if (token != null && !seen.Add(token))
                        throw new NhiException("NhiAwsPagingBroken", NhiErrorCategory.InvalidData,
                            "LookupEvents (" + read + ") gave a NextToken it gave before; the activity is incomplete.", "LookupEvents");
                } while (token != null);
                done++;
            }
            host.WriteVerbose("CloudTrail: " + kept + " of " + events + " event(s) from " + reads.Count + " read(s) (" + string.Join("; ", reads) + "), "
                + _source.ActivityStats.Requests + " request(s) this session.");
        }
    }
}
