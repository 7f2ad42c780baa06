using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Tests.Offline;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>Activity logs among inventory exports: recognised (no error), and used only to move last use later.</summary>
    public class InventoryLastUseTests
    {
        private readonly ITestOutputHelper _out;
        public InventoryLastUseTests(ITestOutputHelper output) { _out = output; }

        private static string Record(string user, string key, string time, string source, string name, string outcome = null) =>
            "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/" + user + "\",\"accountId\":\"123456789012\""
            + (key != null ? ",\"accessKeyId\":\"" + key + "\"" : "") + ",\"userName\":\"" + user.Substring(user.LastIndexOf('/') + 1) + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"" + source
            + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-central-1\",\"sourceIPAddress\":\"198.51.100.1\",\"userAgent\":\"x\""
            + (outcome != null ? ",\"responseElements\":{\"ConsoleLogin\":\"" + outcome + "\"}" : "") + ",\"recipientAccountId\":\"123456789012\"}";

        [Fact]
        public void Trail_use_moves_last_use_later_and_never_invents_never_used()
        {
            using (var t = new TempFolder())
            {
                foreach (var f in new[] { "credential-report.csv", "keys-svc-billing.json" })
                    File.Copy(OfflineData.File("good/aws/" + f), t.File(f));
                string trail = t.File("trail.json.gz");
                File.WriteAllText(t.File("plain.json"), "{\"Records\":[" + string.Join(",",
                    Record("svc-billing", "AKIAEXAMPLEBILLING02", "2026-10-31T12:00:00Z", "dynamodb.amazonaws.com", "GetItem"),
                    Record("svc-billing", "AKIAEXAMPLEBILLING01", "2026-10-20T12:00:00Z", "dynamodb.amazonaws.com", "GetItem"),
                    Record("ci/svc-deploy-prod", null, "2026-10-25T08:00:00Z", "signin.amazonaws.com", "ConsoleLogin", "Success"),
                    Record("ci/svc-deploy-prod", null, "2026-10-26T08:00:00Z", "signin.amazonaws.com", "ConsoleLogin", "Failure")) + "]}");
                ActivityData.Gzip(t.File("plain.json"), trail);
                File.Delete(t.File("plain.json"));

                var host = new RecordingHost();
                var before = OfflineData.Read(host, new OfflineOptions { SkipActivity = true }, t.Path).ToDictionary(i => i.Name);
                var ids = OfflineData.Read(host, null, t.Path).ToDictionary(i => i.Name);
                Assert.Empty(host.Errors);

                var billing = ids["svc-billing"];
                var key2 = billing.Credentials.Single(c => c.Id == "AKIAEXAMPLEBILLING02");
                Assert.True(before["svc-billing"].Credentials.Single(c => c.Id == "AKIAEXAMPLEBILLING02").NeverUsed); // the report: N/A
                Assert.Equal(new DateTime(2026, 10, 31, 12, 0, 0, DateTimeKind.Utc), key2.LastUsedOn);
                Assert.False(key2.NeverUsed);
                Assert.Equal("dynamodb", key2.LastUsedService);
                Assert.Equal("eu-central-1", key2.LastUsedRegion);
                // An older event leaves the report's later last use alone.
                var key1 = billing.Credentials.Single(c => c.Id == "AKIAEXAMPLEBILLING01");
                Assert.Equal(before["svc-billing"].Credentials.Single(c => c.Id == "AKIAEXAMPLEBILLING01").LastUsedOn, key1.LastUsedOn);
                Assert.Equal(new DateTime(2026, 10, 31, 12, 0, 0, DateTimeKind.Utc), billing.LastUsedOn);
                // A successful console login moves the password's last use; the failed one does not.
                Assert.Equal(new DateTime(2026, 10, 25, 8, 0, 0, DateTimeKind.Utc), ids["svc-deploy-prod"].PasswordLastUsedOn);
                // Identities the trail does not name keep exactly what the reports say.
                foreach (var name in before.Keys.Where(n => n != "svc-billing" && n != "svc-deploy-prod"))
                {
                    Assert.Equal(before[name].LastUsedOn, ids[name].LastUsedOn);
                    Assert.Equal(before[name].Credentials.Select(c => c.NeverUsed), ids[name].Credentials.Select(c => c.NeverUsed));
                }
            }
        }

        [Fact]
        public void The_example_estate_with_its_activity_reads_without_errors()
        {
            var host = new RecordingHost();
            var ids = new OfflineSource(host).Read(new[] { Analysis.PolicyFileTests.RepoFile(Path.Combine("examples", "estate")) }).ToList();
            Assert.Empty(host.Errors.Select(e => e.ErrorId + ": " + e.Message));
            Assert.Contains(host.Verbose, v => v.StartsWith("Last use from ", StringComparison.Ordinal));
            Assert.Contains(ids, i => i.Name == "svc-bi-exporter");
        }

        /// <summary>A 100,000-event gzipped trail streams through the reader and the index; prints events/s.</summary>
        [Fact]
        [Trait("Category", "Bench")]
        public void A_100k_event_trail_streams()
        {
            const int N = 100_000;
            using (var t = new TempFolder())
            {
                string path = t.File("big.json.gz");
                using (var fs = File.Create(path))
                using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
                using (var w = new Utf8JsonWriter(gz))
                {
                    w.WriteStartObject();
                    w.WriteStartArray("Records");
                    var start = new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);
                    string[] services = { "s3", "sqs", "dynamodb", "kms", "sts", "ec2" };
                    for (int i = 0; i < N; i++)
                    {
                        int user = i % 500;
                        w.WriteStartObject();
                        w.WriteString("eventVersion", "1.09");
                        w.WriteStartObject("userIdentity");
                        w.WriteString("type", "IAMUser");
                        w.WriteString("principalId", "AIDA" + user.ToString("D17"));
                        w.WriteString("arn", "arn:aws:iam::123456789012:user/svc-" + user);
                        w.WriteString("accountId", "123456789012");
                        w.WriteString("accessKeyId", "AKIA" + user.ToString("D16"));
                        w.WriteString("userName", "svc-" + user);
                        w.WriteEndObject();
                        w.WriteString("eventTime", start.AddSeconds(i * 77).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
                        string svc = services[i % services.Length];
                        w.WriteString("eventSource", svc + ".amazonaws.com");
                        w.WriteString("eventName", i % 3 == 0 ? "GetObject" : "List");
                        w.WriteString("awsRegion", "us-east-1");
                        w.WriteString("sourceIPAddress", "198.51.100." + (i % 250));
                        w.WriteString("userAgent", "aws-sdk-java/2.25.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17");
                        w.WriteStartObject("requestParameters");
                        w.WriteString("bucketName", "bucket-" + (i % 40));
                        w.WriteString("key", "data/" + i + ".parquet");
                        w.WriteEndObject();
                        w.WriteNull("responseElements");
                        w.WriteString("requestID", i.ToString("X16"));
                        w.WriteString("eventID", Guid.NewGuid().ToString());
                        w.WriteBoolean("readOnly", true);
                        w.WriteString("eventType", "AwsApiCall");
                        w.WriteBoolean("managementEvent", true);
                        w.WriteString("recipientAccountId", "123456789012");
                        w.WriteEndObject();
                        if (w.BytesPending > 1 << 16) w.Flush();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                // Twice: the first read pays for JIT and a cold file cache.
                for (int run = 1; run <= 2; run++)
                {
                    var host = new RecordingHost();
                    var index = new ActivityIndex();
                    long before = GC.GetTotalMemory(true);
                    var sw = Stopwatch.StartNew();
                    foreach (var a in new ActivityReader(host).Read(new[] { path }, IdentityLinker.From(null))) index.Add(a);
                    sw.Stop();
                    long after = GC.GetTotalMemory(true);
                    Assert.Empty(host.Errors);
                    Assert.Equal(N, index.Count);
                    _out.WriteLine("run " + run + ": " + N + " events (" + new FileInfo(path).Length / 1024 + " KiB gzipped) in " + sw.ElapsedMilliseconds + " ms: "
                        + (int)(N / sw.Elapsed.TotalSeconds) + " events/s; index holds " + (after - before) / 1024 + " KiB after");
                    // Memory is reported, not asserted: GC.GetTotalMemory counts every test running in parallel.
                    GC.KeepAlive(index);
                }
            }
        }
    }
}
