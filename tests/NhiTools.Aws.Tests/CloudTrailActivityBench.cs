using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NhiTools.Engine.Activity;
using NhiTools.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Aws.Tests
{
    /// <summary>
    /// LookupEvents requests per identity on the live path (tests/bench/activity.md, "The live path"): the estate's trail plus
    /// 100 synthetic service users with 30 management events each, read for one identity, 100 identities and the
    /// whole account. Requests are counted by the lab; wall time is against loopback without the 2 TPS pacing.
    /// </summary>
    [Trait("Category", "Bench")]
    public class CloudTrailActivityBench
    {
        private readonly ITestOutputHelper _out;
        public CloudTrailActivityBench(ITestOutputHelper output) { _out = output; }

        const int Users = 100, EventsPerUser = 30;

        static Identity User(string name) => new Identity
        {
            Id = "aws:arn:aws:iam::111122223333:user/" + name, NativeId = "arn:aws:iam::111122223333:user/" + name,
            Provider = "Aws", Kind = IdentityKind.IamUser, Name = name, Account = "111122223333",
        };

        static string Record(string user, int i) =>
            "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDABENCH\",\"arn\":\"arn:aws:iam::111122223333:user/" + user
            + "\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIABENCH" + user.GetHashCode().ToString("X8") + "\",\"userName\":\"" + user + "\"},"
            + "\"eventTime\":\"" + new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 7 + user.Length).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\","
            + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.20.1.7\",\"userAgent\":\"aws-cli/2.17.0\","
            + "\"requestID\":\"r\",\"eventID\":\"bench-" + user + "-" + i + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
            + "\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";

        [Fact]
        public async Task Requests_per_identity()
        {
            await using var lab = await CloudTrailActivityTests.EstateLab();
            var names = Enumerable.Range(1, Users).Select(n => "svc-bench-" + n.ToString("000")).ToList();
            foreach (var n in names)
                for (int i = 0; i < EventsPerUser; i++)
                    using (var d = JsonDocument.Parse(Record(n, i))) lab.Server.CloudTrail.AddRecord(d.RootElement);
            var sb = new StringBuilder();
            sb.AppendLine("| read | identities | filter | events returned | LookupEvents requests | requests per identity | wall (loopback, no pacing) | at 2 TPS (AWS) |");
            sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");

            void Measure(string label, IReadOnlyList<Identity> ids, int maxUserFiltered)
            {
                var source = lab.Connect(o => { o.LookupEventsInterval = TimeSpan.Zero; o.MaxUserFilteredReads = maxUserFiltered; });
                lab.Server.Log.Clear();
                var clock = Stopwatch.StartNew();
                var got = source.ReadActivity(NullHostContext.Instance, new ActivityQuery
                {
                    From = new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), Identities = ids,
                }).Count();
                clock.Stop();
                int requests = lab.Server.Log.Entries.Count(e => e.Operation == "LookupEvents");
                string filter = ids.Count == 0 ? "none" : ids.Count > maxUserFiltered ? "none (client-side)" : "Username per user";
                double per = ids.Count == 0 ? double.NaN : (double)requests / ids.Count;
                sb.AppendLine($"| {label} | {(ids.Count == 0 ? "all" : ids.Count.ToString())} | {filter} | {got} | {requests} | {(double.IsNaN(per) ? "-" : per.ToString("0.00"))} | {clock.ElapsedMilliseconds} ms | ≥ {requests * 0.5:0.#} s |");
                source.Dispose();
            }

            Measure("one identity (svc-bi-exporter)", new[] { User("svc-bi-exporter") }, 20);
            Measure("one synthetic user", new[] { User(names[0]) }, 20);
            var hundred = names.Select(User).ToList();
            Measure("100 users, per-user reads", hundred, 1000);
            Measure("100 users, default (> 20 users: one account read)", hundred, 20);
            Measure("whole account", Array.Empty<Identity>(), 20);
            _out.WriteLine(sb.ToString());
            System.IO.File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nhitools-activity-live-bench.md"), sb.ToString());
        }
    }
}
