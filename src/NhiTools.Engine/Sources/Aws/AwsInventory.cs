using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Sources.Offline.Aws;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// One account's identities the fast way: the credential report (GenerateCredentialReport, poll,
    /// GetCredentialReport), GetAccountAuthorizationDetails (paged), and ListAccessKeys only for users the report
    /// shows with keys. The answers go through the same importers as export files (AwsIndex, AwsBuilder): the
    /// report is the same CSV, and each XML member is turned into the JSON the CLI prints. So a live read and a
    /// read of the same data exported agree by construction.
    /// </summary>
    internal sealed class AwsInventory
    {
        private static readonly string[] DetailLists = { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" };
        private readonly AwsAccount _account;

        // Requests so far and how many were throttled (retried after a wait), for the progress line.
        private string Requests() =>
            "; " + _account.Iam.Stats.Requests + " requests, " + _account.Iam.Stats.Throttled + " throttled";
        private readonly AwsConnectOptions _options;
        private readonly string _source;

        public AwsInventory(AwsAccount account, AwsConnectOptions options, string source)
        {
            _account = account;
            _options = options;
            _source = source;
        }

        public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions read)
        {
            var ct = host.CancellationToken;
            var activity = "Reading AWS account " + _account.AccountId;

            host.WriteVerbose("AWS " + _account.AccountId + ": credential report.");
            var report = Fanout.Wait(CredentialReportAsync(ct), host, activity, () => "credential report" + Requests(), _account.Iam.Retry);
            if (report.Generated.HasValue && read.AsOf - report.Generated.Value > TimeSpan.FromHours(1))
                host.WriteWarning("AWS " + _account.AccountId + ": the credential report is from " + report.Generated.Value.ToString("u")
                    + " (IAM reuses a report for up to 4 hours); keys created since then show without last-used data.");

            // RoleDetail has no Description; ListRoles does (one request per 1,000 roles).
            host.WriteVerbose("AWS " + _account.AccountId + ": roles and authorization details.");
            var descriptions = Fanout.Wait(RoleDescriptionsAsync(ct), host, activity, () => "roles" + Requests(), _account.Iam.Retry);
            var index = new AwsIndex();
            int pages = 0;
            Fanout.Wait(AuthorizationDetailsAsync(index, descriptions, () => Interlocked.Increment(ref pages), ct), host, activity, () => "authorization details, page " + Volatile.Read(ref pages) + Requests(), _account.Iam.Retry);

            // Key ids: only users the report shows with a key, plus users newer than the report.
            // A user deleted after the report was made (IAM reuses a report for up to 4 hours; Remove-NhiIdentity deletes
            // users) is in the report but not in the authorization details read after it: it is gone, so its row is dropped.
            var existing = new HashSet<string>(index.UsersByArn.Values.Where(u => u.Name != null).Select(u => u.Name), StringComparer.Ordinal);
            report.Csv = DropDeleted(report.Csv, existing, out var dropped);
            if (dropped > 0) host.WriteVerbose("AWS " + _account.AccountId + ": " + dropped + " user(s) in the credential report no longer exist; left out.");
            var reportUsers = ReportUsers(report.Csv, out var withKeys);
            var users = withKeys.Concat(index.UsersByArn.Values.Where(u => u.Name != null && !reportUsers.Contains(u.Name)).Select(u => u.Name))
                .Distinct(StringComparer.Ordinal).ToList();
            host.WriteVerbose("AWS " + _account.AccountId + ": ListAccessKeys for " + users.Count + " users.");
            int done = 0;
            var keys = Fanout.Wait(Fanout.RunAsync(users, _options.MaxConcurrency,
                    (u, t) => _account.Iam.ListAllAsync("ListAccessKeys", new[] { QueryClient.P("UserName", u) }, "AccessKeyMetadata", t),
                    () => Interlocked.Increment(ref done), ct),
                host, activity, () => "access keys " + Volatile.Read(ref done) + "/" + users.Count, _account.Iam.Retry);
            foreach (var member in keys.SelectMany(k => k))
                using (var doc = QueryXmlJson.ToJson(member))
                    index.AddAccessKeys(new JsonItem { Container = "AccessKeyMetadata", Element = doc.RootElement }, _source);

            var builder = new AwsBuilder(index, new OfflineOptions { IncludeHuman = read.IncludeHuman, OwnerTagKey = _options.OwnerTagKey });
            var identities = builder.ReadReport(new StringReader(report.Csv), _source, host).Concat(builder.Remaining(host));
            if (!read.IncludeActivity) return identities;
            return AccessAdvisor.Attach(_account, _options, identities.ToList(), host);
        }

        internal struct Report
        {
            public string Csv;
            public DateTime? Generated;
        }

        /// <summary>Generates (or reuses) the report and waits for it, bounded by JobTimeout.</summary>
        internal async Task<Report> CredentialReportAsync(CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + _options.JobTimeout;
            while (true)
            {
                var state = (await _account.Iam.CallAsync("GenerateCredentialReport", null, true, ct).ConfigureAwait(false)).Text("State");
                if (state == "COMPLETE")
                {
                    try
                    {
                        var r = await _account.Iam.CallAsync("GetCredentialReport", null, true, ct).ConfigureAwait(false);
                        var content = r.Text("Content") ?? "";
                        return new Report { Csv = Encoding.UTF8.GetString(Convert.FromBase64String(content)), Generated = r.Time("GeneratedTime") };
                    }
                    catch (AwsServiceException ex) when (ex.Code == "ReportInProgress" || ex.Code == "ReportNotPresent" || ex.Code == "ReportExpired")
                    {
                        // Regenerated between the two calls: poll again.
                    }
                    catch (FormatException)
                    {
                        throw new NhiException("NhiAwsMalformedReport", NhiErrorCategory.InvalidData, "GetCredentialReport returned content that is not base64.", "GetCredentialReport");
                    }
                }
                if (DateTime.UtcNow >= deadline)
                    throw new NhiException("NhiAwsReportTimeout", NhiErrorCategory.OperationTimeout,
                        "The IAM credential report of account " + _account.AccountId + " was not ready within " + _options.JobTimeout + ".", _account.AccountId);
                await Task.Delay(_options.PollInterval, ct).ConfigureAwait(false);
            }
        }

        private async Task<Dictionary<string, string>> RoleDescriptionsAsync(CancellationToken ct)
        {
            var roles = await _account.Iam.ListAllAsync("ListRoles", null, "Roles", ct).ConfigureAwait(false);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in roles)
            {
                string arn = r.Text("Arn"), description = r.Text("Description");
                if (arn != null && !string.IsNullOrEmpty(description)) map[arn] = description;
            }
            return map;
        }

        private async Task<bool> AuthorizationDetailsAsync(AwsIndex index, Dictionary<string, string> descriptions, Action pageRead, CancellationToken ct)
        {
            await _account.Iam.PagesAsync("GetAccountAuthorizationDetails", null, page =>
            {
                pageRead();
                foreach (var list in DetailLists)
                    foreach (var member in page.Members(list))
                    {
                        var arn = member.Text("Arn");
                        if (list == "RoleDetailList" && arn != null && member.Child("Description") == null && descriptions.TryGetValue(arn, out var d))
                            member.Add(new XElement(member.Name.Namespace + "Description", d));
                        using (var doc = QueryXmlJson.ToJson(member))
                            index.AddAuthorizationDetail(new JsonItem { Container = list, Element = doc.RootElement }, _source);
                    }
            }, ct).ConfigureAwait(false);
            return true;
        }

        /// <summary>The report without rows of users that are not in <paramref name="existing"/> (the root row is kept).</summary>
        internal static string DropDeleted(string csv, HashSet<string> existing, out int dropped)
        {
            dropped = 0;
            var sb = new StringBuilder(csv.Length);
            using (var reader = new StringReader(csv))
            {
                var headerLine = reader.ReadLine();
                if (headerLine == null) return csv;
                sb.Append(headerLine).Append('\n');
                var header = Csv.Split(headerLine);
                int user = header == null ? -1 : header.IndexOf("user");
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    var f = user < 0 ? null : Csv.Split(line);
                    if (f != null && f.Count == header.Count && f[user] != "<root_account>" && !existing.Contains(f[user]))
                    {
                        dropped++;
                        continue;
                    }
                    sb.Append(line).Append('\n');
                }
            }
            return dropped == 0 ? csv : sb.ToString();
        }

        /// <summary>User names in the report, and those with a key in either slot (the root row aside: its keys
        /// cannot be listed by name, the report's slots stand for them).</summary>
        internal static HashSet<string> ReportUsers(string csv, out List<string> withKeys)
        {
            var all = new HashSet<string>(StringComparer.Ordinal);
            withKeys = new List<string>();
            using (var reader = new StringReader(csv))
            {
                var header = Csv.Split(reader.ReadLine() ?? "");
                if (header == null) return all;
                int user = header.IndexOf("user"), k1 = header.IndexOf("access_key_1_last_rotated"), k2 = header.IndexOf("access_key_2_last_rotated");
                int a1 = header.IndexOf("access_key_1_active"), a2 = header.IndexOf("access_key_2_active");
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    var f = Csv.Split(line);
                    if (f == null || user < 0 || f.Count != header.Count) continue;
                    var name = f[user];
                    if (name == "<root_account>") continue;
                    all.Add(name);
                    bool has(int i) => i >= 0 && Values.Time(f[i]) != null;
                    bool active(int i) => i >= 0 && Values.Bool(f[i]) == true;
                    if (has(k1) || has(k2) || active(a1) || active(a2)) withKeys.Add(name);
                }
            }
            return all;
        }
    }
}
