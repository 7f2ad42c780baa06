using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>
    /// Get-NhiActivity's live AWS path: our CloudTrail LookupEvents client (JSON 1.1, SigV4) against the IAM lab's
    /// LookupEvents, seeded from the example estate's trail logs, compared with the offline reader on the same events.
    /// </summary>
    public class CloudTrailActivityTests
    {
        static readonly DateTime From = new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc);
        static readonly DateTime To = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        const string Account = "111122223333";

        internal static string Repo()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "NhiTools.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }

        internal static string TrailDir => Path.Combine(Repo(), "examples", "estate", "activity", "aws");

        internal static async Task<Lab> EstateLab(Action<IamLabOptions> configure = null)
        {
            var options = new IamLabOptions();
            configure?.Invoke(options);
            var server = new IamLab(options);
            IamSeeder.LoadDirectory(server.Store, Path.Combine(Repo(), "examples", "estate", "aws", Account));
            server.CloudTrail.LoadDirectory(TrailDir);
            await server.StartAsync();
            return new Lab(server);
        }

        static AwsLiveSource Connect(Lab lab, Action<AwsConnectOptions> configure = null) =>
            lab.Connect(o => { o.LookupEventsInterval = TimeSpan.Zero; configure?.Invoke(o); });

        static List<NhiTools.Activity> Live(AwsLiveSource source, IReadOnlyList<Identity> ids = null, DateTime? from = null, DateTime? to = null, IHostContext host = null) =>
            source.ReadActivity(host ?? NullHostContext.Instance, new ActivityQuery { From = from ?? From, To = to ?? To, Identities = ids ?? Array.Empty<Identity>() }).ToList();

        /// <summary>
        /// The estate's management events read offline: the trail records LookupEvents would serve (management events;
        /// data events such as s3:GetObject never reach the event history) written to a trail file, plus the
        /// lookup-events output, through the offline ActivityReader.
        /// </summary>
        internal static List<NhiTools.Activity> Offline(string tempDir, IdentityLinker linker = null)
        {
            var records = new List<string>();
            foreach (var gz in Directory.EnumerateFiles(TrailDir, "*.json.gz", SearchOption.AllDirectories))
            {
                using var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
                using var doc = JsonDocument.Parse(reader.ReadToEnd());
                foreach (var r in doc.RootElement.GetProperty("Records").EnumerateArray())
                    if (r.TryGetProperty("managementEvent", out var m) && m.ValueKind == JsonValueKind.True) records.Add(r.GetRawText());
            }
            Directory.CreateDirectory(tempDir);
            var trail = Path.Combine(tempDir, "management.json");
            File.WriteAllText(trail, "{\"Records\":[" + string.Join(",", records) + "]}");
            var lookup = Directory.EnumerateFiles(TrailDir, "lookup-events*.json", SearchOption.AllDirectories).Single();
            return new ActivityReader(null).Read(new[] { trail, lookup }, linker).ToList();
        }

        internal static string Canonical(NhiTools.Activity a)
        {
            var copy = JsonSerializer.Deserialize<NhiTools.Activity>(JsonSerializer.Serialize(a));
            copy.Source = null;
            return JsonSerializer.Serialize(copy);
        }

        static List<string> Sorted(IEnumerable<NhiTools.Activity> list) => list.Select(Canonical).OrderBy(s => s, StringComparer.Ordinal).ToList();

        static string Temp() => Path.Combine(Path.GetTempPath(), "nhitools-ct-" + Guid.NewGuid().ToString("N"));

        static int Requests(Lab lab) => lab.Server.Log.Entries.Count(e => e.Operation == "LookupEvents");

        [Fact]
        public async Task Whole_account_live_equals_offline_for_the_same_events_over_signed_pages()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab);
            lab.Server.Log.Clear();
            var live = Live(source);
            var temp = Temp();
            try
            {
                var offline = Offline(temp);
                Assert.True(offline.Count > 150, "offline events: " + offline.Count);
                Assert.Equal(Sorted(offline), Sorted(live));
            }
            finally { Directory.Delete(temp, true); }
            // 50 per page, every page asked for with the previous NextToken; all signed.
            Assert.Equal((live.Count + 49) / 50, Requests(lab));
            Assert.Equal(Requests(lab), source.ActivityStats.Requests);
            lab.AssertAllSigned();
            Assert.All(live, a => Assert.StartsWith("live:aws:cloudtrail:us-east-1:" + Account, a.Source));
            Assert.DoesNotContain(live, a => a.Action == "s3:GetObject"); // a data event: not in the event history
        }

        [Fact]
        public async Task A_user_is_filtered_server_side_by_Username_and_a_role_client_side()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab);
            var ids = lab.Read(includeHuman: true);
            var user = ids.Single(i => i.Name == "svc-bi-exporter");
            var role = ids.Single(i => i.Name == "role-github-deploy-main");
            // The estate's role only made data events; give it a management event in a session that happens to be
            // named like the user: LookupEvents' Username matches it for the user too, and only the client can tell.
            using (var rec = JsonDocument.Parse("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:svc-bi-exporter\","
                + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/role-github-deploy-main/svc-bi-exporter\",\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLESESSION01\","
                + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"" + role.NativeId + "\",\"accountId\":\"111122223333\",\"userName\":\"role-github-deploy-main\"}}},"
                + "\"eventTime\":\"2026-10-15T10:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"203.0.113.9\",\"userAgent\":\"aws-cli/2.17.0\",\"requestID\":\"r1\",\"eventID\":\"0000aaaa-role-session-event\",\"readOnly\":true,"
                + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}"))
                Assert.True(lab.Server.CloudTrail.AddRecord(rec.RootElement));

            var reads = new CloudTrailActivity(source).Plan(new ActivityQuery { Identities = new[] { user } }, NullHostContext.Instance);
            Assert.Equal("Username=svc-bi-exporter", Assert.Single(reads).Attribute.ToString());
            reads = new CloudTrailActivity(source).Plan(new ActivityQuery { Identities = new[] { user, role } }, NullHostContext.Instance);
            Assert.Null(Assert.Single(reads).Attribute); // a role has no server-side filter: one read of the account
            // An identity from an export that named no ARN is a user of the only connected account.
            var bare = new Identity { Id = "aws:user/svc-bi-exporter", Provider = "Aws", Kind = IdentityKind.IamUser, Name = "svc-bi-exporter" };
            reads = new CloudTrailActivity(source).Plan(new ActivityQuery { Identities = new[] { bare } }, NullHostContext.Instance);
            Assert.Equal("Username=svc-bi-exporter", Assert.Single(reads).Attribute.ToString());

            var temp = Temp();
            try
            {
                lab.Server.Log.Clear();
                var mine = Live(source, new[] { user });
                var expected = Offline(temp, IdentityLinker.From(new[] { user })).Where(a => a.IdentityId == user.Id).ToList();
                Assert.NotEmpty(mine);
                Assert.Equal(Sorted(expected), Sorted(mine));
                Assert.All(mine, a => Assert.Equal("svc-bi-exporter", a.IdentityName));
                Assert.Equal((mine.Count + 49) / 50, Requests(lab)); // only the user's events crossed the wire

                var roles = Live(source, new[] { role });
                var session = Assert.Single(roles);
                Assert.Equal(role.Id, session.IdentityId);
                Assert.Equal("ec2:DescribeInstances", session.Action);
                Assert.Equal("arn:aws:sts::111122223333:assumed-role/role-github-deploy-main/svc-bi-exporter", session.Principal);
            }
            finally { Directory.Delete(temp, true); }
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task The_time_window_is_sent_to_the_server()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab);
            var from = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
            var to = new DateTime(2026, 10, 10, 0, 0, 0, DateTimeKind.Utc);
            lab.Server.Log.Clear();
            var window = Live(source, from: from, to: to);
            Assert.NotEmpty(window);
            Assert.All(window, a => Assert.InRange(a.When, from, to));
            Assert.Equal((window.Count + 49) / 50, Requests(lab));
            Assert.True(window.Count < Live(source).Count);
        }

        [Fact]
        public async Task Each_activity_region_is_read_with_its_own_signature()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab, o => o.ActivityRegions = new[] { "us-east-1", "eu-west-1" });
            lab.Server.Log.Clear();
            var all = Live(source);
            Assert.All(all, a => Assert.Equal("us-east-1", a.Region)); // the estate's trail is us-east-1 only
            Assert.Equal((all.Count + 49) / 50 + 1, Requests(lab));  // eu-west-1 answers one empty page
            lab.AssertAllSigned();
        }

        [Fact]
        public async Task Throttling_waits_within_the_budget_and_loses_nothing()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab);
            var expected = Sorted(Live(source));
            lab.Server.Faults.Add(FaultRule.Throttle("LookupEvents").Limit(3));
            lab.Server.Faults.Add(FaultRule.Fail("LookupEvents", 503).OnNth(6));
            var host = new RecordingHost();
            var got = Live(source, host: host);
            Assert.Equal(expected, Sorted(got));
            Assert.True(source.ActivityStats.Throttled >= 3, "throttled: " + source.ActivityStats.Throttled);
            Assert.True(source.ActivityStats.Retries >= 4, "retries: " + source.ActivityStats.Retries);
            Assert.Contains(host.Messages, m => m.Contains("ThrottlingException") && m.Contains("LookupEvents"));
        }

        [Fact]
        public async Task A_page_that_keeps_failing_is_an_error_never_a_shorter_stream()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab);
            // Page 1 answers; every later request fails: the reader must throw after retrying page 2.
            lab.Server.Faults.Add(new FaultRule { Operation = "LookupEvents", Status = 500, After = 1 });
            var seen = new List<NhiTools.Activity>();
            var ex = Assert.ThrowsAny<NhiException>(() =>
            {
                foreach (var a in source.ReadActivity(NullHostContext.Instance, new ActivityQuery { From = From, To = To })) seen.Add(a);
            });
            Assert.Equal(50, seen.Count); // page 1 streamed, then the failure surfaced
            Assert.Contains("LookupEvents", ex.Message);
            Assert.True(Requests(lab) >= 1 + Lab.FastRetry().MaxAttempts);
        }

        [Fact]
        public async Task Requests_are_paced_to_the_regional_rate_limit()
        {
            await using var lab = await EstateLab();
            var source = lab.Connect(o => o.LookupEventsInterval = TimeSpan.FromMilliseconds(300));
            lab.Server.Log.Clear();
            Assert.NotEmpty(Live(source));
            var times = lab.Server.Log.Entries.Where(e => e.Operation == "LookupEvents").Select(e => e.Time).OrderBy(t => t).ToList();
            Assert.True(times.Count >= 3, "requests: " + times.Count);
            for (int i = 1; i < times.Count; i++)
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(250), "gap " + (times[i] - times[i - 1]).TotalMilliseconds + " ms");
        }

        [Fact]
        public async Task Throttling_past_the_budget_is_an_error()
        {
            await using var lab = await EstateLab();
            var source = Connect(lab, o => o.Retry = new BackoffPolicy(seed: 3) { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), MaxRequestWait = TimeSpan.FromMilliseconds(1) });
            lab.Server.Faults.Add(FaultRule.Throttle("LookupEvents", retryAfterSeconds: 1));
            var ex = Assert.ThrowsAny<NhiException>(() => Live(source));
            Assert.Equal("NhiAwsRetryBudgetExhausted", ex.ErrorId);
        }

        [Fact]
        public async Task The_lab_rejects_a_bad_signature_and_two_attributes()
        {
            await using var lab = await EstateLab();
            var http = new System.Net.Http.HttpClient();
            var wrong = new CloudTrailClient(http, new Uri(lab.Server.BaseUrl), "us-east-1",
                new Amazon.Runtime.BasicAWSCredentials(IamStore.AdminAccessKeyId, "not-the-secret"), Lab.FastRetry()) { MinInterval = TimeSpan.Zero };
            var ex = await Assert.ThrowsAsync<AwsServiceException>(() => wrong.LookupAsync(From, To, null, null));
            Assert.Equal("SignatureDoesNotMatch", ex.Code);
            Assert.Equal(403, ex.HttpStatus);

            var right = new CloudTrailClient(http, new Uri(lab.Server.BaseUrl), "us-east-1",
                new Amazon.Runtime.BasicAWSCredentials(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey), Lab.FastRetry()) { MinInterval = TimeSpan.Zero };
            var bad = await Assert.ThrowsAsync<AwsServiceException>(() => right.LookupAsync(From, To, null, "bm90LWEtdG9rZW4="));
            Assert.Equal("InvalidNextTokenException", bad.Code);
            using var page = await right.LookupAsync(From, To, new LookupAttribute("AccessKeyId", "AKIAFH35RG4TYEBDCV6D"), null);
            Assert.All(page.Events, e => Assert.Equal("AKIAFH35RG4TYEBDCV6D", e.GetProperty("AccessKeyId").GetString()));
            Assert.NotEmpty(page.Events);
        }
    }
}
