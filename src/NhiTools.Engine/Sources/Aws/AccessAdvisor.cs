using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// IAM Access Advisor: for each user and role, GenerateServiceLastAccessedDetails then
    /// GetServiceLastAccessedDetails (polled until COMPLETED, paged): the services its policies grant and when
    /// each was last used. Services granted and never used are what least privilege removes.
    /// </summary>
    internal static class AccessAdvisor
    {
        public static IEnumerable<Identity> Attach(AwsAccount account, AwsConnectOptions options, List<Identity> identities, IHostContext host)
        {
            var targets = identities.Where(i => (i.Kind == IdentityKind.IamUser || i.Kind == IdentityKind.IamRole || i.Kind == IdentityKind.Human)
                                                && i.NativeId != null && i.NativeId.StartsWith("arn:", StringComparison.Ordinal)).ToList();
            host.WriteVerbose("AWS " + account.AccountId + ": Access Advisor for " + targets.Count + " identities.");
            int done = 0;
            var results = Fanout.Wait(Fanout.RunAsync(targets, options.MaxConcurrency, (id, ct) => ForArnAsync(account, options, id.NativeId, ct),
                    () => Interlocked.Increment(ref done), host.CancellationToken),
                host, "Reading AWS account " + account.AccountId, () => "Access Advisor " + Volatile.Read(ref done) + "/" + targets.Count, account.Iam.Retry);
            for (int i = 0; i < targets.Count; i++) targets[i].ServicesLastAccessed = results[i];
            return identities;
        }

        public static async Task<ServiceLastAccessed[]> ForArnAsync(AwsAccount account, AwsConnectOptions options, string arn, CancellationToken ct)
        {
            var job = (await account.Iam.CallAsync("GenerateServiceLastAccessedDetails", new[] { QueryClient.P("Arn", arn) }, true, ct).ConfigureAwait(false)).Text("JobId");
            if (string.IsNullOrEmpty(job))
                throw new NhiException("NhiAwsMalformedResponse", NhiErrorCategory.InvalidData, "GenerateServiceLastAccessedDetails returned no JobId for " + arn + ".", arn);
            var deadline = DateTime.UtcNow + options.JobTimeout;
            var list = new List<ServiceLastAccessed>();
            string marker = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var p = new List<KeyValuePair<string, string>> { QueryClient.P("JobId", job), QueryClient.P("MaxItems", "1000") };
                if (marker != null) p.Add(QueryClient.P("Marker", marker));
                var r = await account.Iam.CallAsync("GetServiceLastAccessedDetails", p, true, ct).ConfigureAwait(false);
                var status = r.Text("JobStatus");
                if (status == "IN_PROGRESS")
                {
                    if (marker != null)
                        throw new NhiException("NhiAwsMalformedResponse", NhiErrorCategory.InvalidData, "An Access Advisor job went back to IN_PROGRESS while paging.", arn);
                    if (DateTime.UtcNow >= deadline)
                        throw new NhiException("NhiAwsJobTimeout", NhiErrorCategory.OperationTimeout, "The Access Advisor job for " + arn + " did not finish within " + options.JobTimeout + ".", arn);
                    await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
                    continue;
                }
                if (status != "COMPLETED")
                    throw new NhiException("NhiAwsJobFailed", NhiErrorCategory.InvalidOperation,
                        "The Access Advisor job for " + arn + " ended " + (status ?? "without a status") + ": " + (r.Child("Error")?.Text("Message") ?? "no reason given") + ".", arn);
                foreach (var m in r.Members("ServicesLastAccessed"))
                {
                    int.TryParse(m.Text("TotalAuthenticatedEntities"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total);
                    list.Add(new ServiceLastAccessed
                    {
                        ServiceName = m.Text("ServiceName"),
                        ServiceNamespace = m.Text("ServiceNamespace"),
                        LastAuthenticated = m.Time("LastAuthenticated"),
                        LastAuthenticatedEntity = m.Text("LastAuthenticatedEntity"),
                        LastAuthenticatedRegion = m.Text("LastAuthenticatedRegion"),
                        TotalAuthenticatedEntities = total,
                    });
                }
                if (!r.Flag("IsTruncated")) return list.ToArray();
                marker = r.Text("Marker");
                if (string.IsNullOrEmpty(marker) || !seen.Add(marker))
                    throw new NhiException("NhiAwsPagingBroken", NhiErrorCategory.InvalidData, "GetServiceLastAccessedDetails said more results remain but gave no new Marker.", arn);
            }
        }
    }
}
