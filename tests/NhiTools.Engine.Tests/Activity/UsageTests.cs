using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Tests.Analysis;
using NhiTools.Engine.Tests.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>UsageBuilder folding, workload clustering, and the trail fast path against the general reader.</summary>
    public class UsageTests
    {
        private static string EstateActivity => PolicyFileTests.RepoFile(Path.Combine("examples", "estate", "activity"));

        private static NhiTools.Activity Ev(string id, string from, string agent, string when, string action = "s3:GetObject", string key = "AKIA1", string result = "Success") => new NhiTools.Activity
        {
            IdentityId = id, IdentityName = id.Substring(id.LastIndexOf('/') + 1), Provider = "Aws", Origin = ActivityOrigins.CloudTrail, Account = "1", RecipientAccount = "1",
            When = DateTime.Parse(when, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
            From = from, UserAgent = agent, Action = action, Service = action.Substring(0, action.IndexOf(':')), CredentialId = key, Result = result, Source = "f" + when.Substring(0, 7),
        };

        [Fact]
        public void Addresses_of_one_network_with_one_agent_family_are_one_workload()
        {
            const string id = "aws:arn:aws:iam::1:user/svc-a";
            var b = new UsageBuilder(new[] { new Identity { Id = id, Name = "svc-a", Provider = "Aws" } });
            b.Add(Ev(id, "10.20.1.7", "aws-cli/2.17.20 Python/3.11.6 Linux/5.10", "2026-10-01T00:00:00Z"));
            b.Add(Ev(id, "10.20.1.7", "aws-cli/2.17.3 Python/3.11.6", "2026-10-30T00:00:00Z"));
            b.Add(Ev(id, "10.20.4.11", "python-requests/2.31.0", "2026-10-02T00:00:00Z", key: "AKIA2"));
            b.Add(Ev(id, "10.20.4.12", "python-requests/2.32.3", "2026-10-03T00:00:00Z", key: "AKIA2"));
            b.Add(Ev(id, "2001:db8:1:2::5", "Boto3/1.34.2 md/Botocore#1.34.2", "2026-10-04T00:00:00Z"));
            b.Add(Ev(id, "10.20.4.13", "python-requests/2.32.3", "2026-10-05T00:00:00Z", action: "iam:CreateUser", result: "AccessDenied"));
            var u = b.Results().Single();
            Assert.True(u.Known);
            Assert.Equal(6, u.Events);
            var w = u.Workloads.ToDictionary(x => x.Label);
            Assert.Equal(new[] { "10.20.1.7 aws-cli/2.17", "10.20.4.0/24 python-requests", "2001:db8:1:2::5 Boto3/1.34" }, w.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(3, w["10.20.4.0/24 python-requests"].Addresses);
            Assert.Equal("10.20.1.7 aws-cli/2.17 (2 events, last 2026-10-30)", w["10.20.1.7 aws-cli/2.17"].ToString());
            Assert.Equal(new[] { "AKIA1", "AKIA2" }, w["10.20.4.0/24 python-requests"].CredentialIds);
            // The denied call is a workload trying, not use.
            Assert.Equal(new[] { "s3" }, u.Services.Select(s => s.Name));
            Assert.Equal(5, u.Services[0].Count);
            Assert.Equal("used by 3 workloads in the last 30 days: 10.20.1.7 aws-cli/2.17, 10.20.4.0/24 python-requests, 2001:db8:1:2::5 Boto3/1.34",
                u.Summary(new DateTime(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc), 30));
        }

        [Fact]
        public void An_identity_no_log_names_is_unknown_not_unused()
        {
            var b = new UsageBuilder(new[] { new Identity { Id = "aws:arn:aws:iam::1:user/quiet", Name = "quiet", Provider = "Aws" } });
            b.Add(Ev("aws:arn:aws:iam::1:user/busy", "10.0.0.1", "aws-cli/2.17.20", "2026-10-01T00:00:00Z"));
            var u = b.Results().Single();
            Assert.False(u.Known);
            Assert.Null(u.WindowStart);
            Assert.Empty(u.Workloads);
            Assert.Equal("no log covers it: usage unknown", u.Summary(DateTime.UtcNow, 30));
        }

        [Fact]
        public void Memory_is_bounded_per_identity_not_by_events()
        {
            const string id = "aws:arn:aws:iam::1:user/svc-many";
            var b = new UsageBuilder(null);
            for (int i = 0; i < 5000; i++)
            {
                var a = Ev(id, "10." + (i % 250) + "." + (i / 250) + ".1", "aws-cli/2.17.20", "2026-10-01T00:00:00Z", action: "s3:Op" + i);
                a.Resource = "arn:aws:dynamodb:us-east-1:1:table/t" + i;
                b.Add(a);
            }
            var u = b.Results().Single();
            Assert.Equal(5000, u.Events);
            Assert.True(u.Workloads.Length <= 257, u.Workloads.Length.ToString());
            Assert.Equal(5000, u.Workloads.Sum(w => w.Events));
            Assert.True(u.Actions.Length <= 512);
            Assert.True(u.ResourcesCapped);
            Assert.True(u.Resources.Length <= 100);
        }

        [Fact]
        public void Trail_fast_path_gives_the_usage_the_general_reader_gives_on_the_estate()
        {
            var host = new RecordingHost();
            var fast = new UsageBuilder(null);
            UsageReader.Fill(fast, host, new[] { EstateActivity }, IdentityLinker.From(null), workers: 2);
            var slow = new UsageBuilder(null);
            foreach (var a in new ActivityReader(host).Read(new[] { EstateActivity }, IdentityLinker.From(null))) slow.Add(a);
            Assert.Empty(host.Errors.Select(e => e.Message));
            Assert.Equal(slow.Read, fast.Read);
            string Json(UsageBuilder b) => JsonSerializer.Serialize(b.Results().OrderBy(u => u.IdentityId, StringComparer.Ordinal)
                .Select(u => new { u, w = u.Workloads.OrderBy(w => w.Label, StringComparer.Ordinal).ToArray() }).ToList(), new JsonSerializerOptions { WriteIndented = true });
            var expected = Json(slow);
            Assert.Contains("svc-bi-exporter", expected);
            Assert.Equal(expected, Json(fast));
        }

        [Fact]
        public void A_broken_trail_file_is_an_error_record_and_the_others_still_count()
        {
            using (var t = new TempFolder())
            {
                File.WriteAllText(t.File("good.json"), "{\"Records\":[{\"eventTime\":\"2026-10-01T00:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                    + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::1:user/a\",\"userName\":\"a\",\"accountId\":\"1\"},\"sourceIPAddress\":\"10.0.0.1\",\"userAgent\":\"aws-cli/2.17.20\",\"recipientAccountId\":\"1\"}]}");
                File.WriteAllText(t.File("broken.json"), "{\"Records\":[{\"eventTime\":\"2026-10-01T00:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::1:user/b\"}},{\"eventTime\":");
                var host = new RecordingHost();
                var b = new UsageBuilder(null);
                UsageReader.Fill(b, host, new[] { t.Path }, IdentityLinker.From(null), workers: 2);
                var u = b.Results().ToDictionary(x => x.Name ?? x.IdentityId);
                Assert.True(u.ContainsKey("a"));
                Assert.Contains(host.Errors, e => e.ErrorId == "NhiMalformedInput" || e.Message.Contains("broken.json"));
            }
        }
    }
}
