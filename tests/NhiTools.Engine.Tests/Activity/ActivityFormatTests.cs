using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Engine.Tests.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>Each activity format, detected by content, with its quirks.</summary>
    public class ActivityFormatTests
    {
        [Theory]
        [InlineData("cloudtrail-records.json", OfflineFormat.CloudTrailLog)]
        [InlineData("lookup-events.json", OfflineFormat.CloudTrailLookupEvents)]
        [InlineData("lookup-events-v1.json", OfflineFormat.CloudTrailLookupEvents)]
        [InlineData("access-advisor.json", OfflineFormat.AwsServiceLastAccessed)]
        [InlineData("signins-beta.json", OfflineFormat.GraphSignIns)]
        [InlineData("signins-v1-nocontext.json", OfflineFormat.GraphSignIns)]
        [InlineData("directoryAudits.json", OfflineFormat.GraphDirectoryAudits)]
        [InlineData("records-not-cloudtrail.json", OfflineFormat.Unknown)]
        public void Formats_are_told_by_content(string file, OfflineFormat expected)
        {
            Assert.Equal(expected, FormatDetector.Detect(ActivityData.File(file)));
        }

        [Fact]
        public void Gzipped_trail_files_are_told_by_magic_bytes_whatever_their_name()
        {
            using (var t = new TempFolder())
            {
                string gz = t.File("trail.log"); // no .gz in the name: the magic bytes say it
                ActivityData.Gzip(ActivityData.File("cloudtrail-records.json"), gz);
                Assert.Equal(OfflineFormat.CloudTrailLog, FormatDetector.Detect(gz));
                var host = new RecordingHost();
                var list = ActivityData.Read(host, null, gz);
                Assert.Empty(host.Errors);
                Assert.Equal(7, list.Count);
            }
        }

        [Fact]
        public void CloudTrail_records_name_the_identity_not_the_session()
        {
            var list = ActivityData.Read("cloudtrail-records.json");
            var get = list[0];
            Assert.Equal("aws:arn:aws:iam::123456789012:user/svc-etl", get.IdentityId);
            Assert.Equal("svc-etl", get.IdentityName);
            Assert.Equal("s3:GetObject", get.Action);
            Assert.Equal("s3", get.Service);
            Assert.Equal("arn:aws:s3:::landing/a.csv", get.Resource);
            Assert.Equal("AKIAEXAMPLEKEY000001", get.CredentialId);
            Assert.Equal("198.51.100.5", get.From);
            Assert.Equal("eu-west-1", get.Region);
            Assert.Equal("Success", get.Result);
            Assert.Equal(new DateTime(2026, 10, 20, 10, 0, 0, DateTimeKind.Utc), get.When);
            Assert.Equal(DateTimeKind.Utc, get.When.Kind);
            Assert.Equal("CloudTrail", get.Origin);
            Assert.Equal("123456789012", get.Account);

            var assumed = list[1];
            Assert.Equal("aws:arn:aws:iam::123456789012:role/ci/deployer", assumed.IdentityId); // the role, with its path
            Assert.Equal("arn:aws:sts::123456789012:assumed-role/deployer/build-42", assumed.Principal);
            Assert.Equal("cloudwatch:PutMetricAlarm", assumed.Action); // monitoring.amazonaws.com is cloudwatch
            Assert.Equal("ASIAEXAMPLESESSION01", assumed.CredentialId);

            var root = list[2];
            Assert.Equal("aws:arn:aws:iam::123456789012:root", root.IdentityId);
            Assert.True(root.Interactive); // sessionCredentialFromConsole
            Assert.Equal("temp", root.Resource);

            var service = list[3];
            Assert.Null(service.IdentityId);
            Assert.Equal("codebuild.amazonaws.com", service.Principal);

            Assert.Equal("AccessDenied", list[4].Result);

            var failed = list[5];
            Assert.Equal("signin:ConsoleLogin", failed.Action);
            Assert.True(failed.Interactive);
            Assert.Equal("Failure", failed.Result); // no errorCode: the responseElements say it
            Assert.Equal("Success", list[6].Result);
        }

        [Fact]
        public void Lookup_events_parse_the_record_inside_the_json_string()
        {
            var a = ActivityData.Read("lookup-events.json").Single();
            Assert.Equal("aws:arn:aws:iam::123456789012:user/svc-etl", a.IdentityId);
            Assert.Equal("sqs:CreateQueue", a.Action);
            Assert.Equal(new DateTime(2026, 10, 25, 11, 12, 13, DateTimeKind.Utc), a.When);
            Assert.Equal("q1", a.Resource); // from requestParameters of the embedded record
            Assert.Equal("us-east-1", a.Region);
        }

        [Fact]
        public void Lookup_events_of_CLI_v1_have_epoch_times_and_fall_back_to_the_outer_fields()
        {
            var a = ActivityData.Read("lookup-events-v1.json").Single();
            Assert.Equal(new DateTime(2026, 10, 21, 9, 0, 0, DateTimeKind.Utc), a.When);
            Assert.Equal("ec2:DescribeInstances", a.Action);
            Assert.Equal("AKIAEXAMPLEKEY000001", a.CredentialId);
            Assert.Null(a.IdentityId); // only a user name: linked through the access key when identities are known
        }

        [Fact]
        public void Access_Advisor_reports_give_accessed_services_and_the_period_they_cover()
        {
            var list = ActivityData.Read("access-advisor.json");
            Assert.Equal(new[] { "s3:*", "s3:GetObject" }, list.Select(a => a.Action).ToArray()); // iam never accessed: no event
            var s3 = list[0];
            Assert.Equal("aws:arn:aws:iam::123456789012:user/svc-etl", s3.IdentityId);
            Assert.Equal("AccessAdvisor", s3.Origin);
            Assert.Equal(new DateTime(2026, 10, 31, 23, 51, 0, DateTimeKind.Utc), s3.PeriodEnd);
            Assert.Equal(s3.PeriodEnd.Value.AddDays(-400), s3.PeriodStart);
        }

        [Fact]
        public void A_truncated_or_unfinished_Access_Advisor_report_claims_no_coverage()
        {
            using (var t = new TempFolder())
            {
                string truncated = t.File("aa-truncated.json");
                File.WriteAllText(truncated, File.ReadAllText(ActivityData.File("access-advisor.json")).Replace("\"IsTruncated\": false", "\"IsTruncated\": true"));
                var host = new RecordingHost();
                var list = ActivityData.Read(host, null, truncated);
                Assert.All(list, a => Assert.Null(a.PeriodEnd));
                Assert.Contains(host.Warnings, w => w.Contains("truncated"));

                string running = t.File("aa-running.json");
                File.WriteAllText(running, File.ReadAllText(ActivityData.File("access-advisor.json")).Replace("\"COMPLETED\"", "\"IN_PROGRESS\""));
                host = new RecordingHost();
                Assert.Empty(ActivityData.Read(host, null, running));
                Assert.Contains(host.Errors, e => e.ErrorId == "NhiAccessAdvisorIncomplete");
            }
        }

        [Fact]
        public void Sign_ins_tell_workloads_from_people()
        {
            var list = ActivityData.Read("signins-beta.json");
            var sp = list[0];
            Assert.Equal("entra:app:11111111-1111-1111-1111-111111111111", sp.IdentityId);
            Assert.Equal("22222222-2222-2222-2222-222222222222", sp.PrincipalObjectId);
            Assert.Equal("33333333-3333-3333-3333-333333333333", sp.CredentialId);
            Assert.Equal("Microsoft Graph", sp.Service);
            Assert.Equal("Amsterdam, NL", sp.Region);
            Assert.False(sp.Interactive);
            Assert.Equal("Success", sp.Result);

            Assert.Equal("7000215", list[1].Result);
            Assert.Equal("203.0.113.66", list[1].From);

            var mi = list[2];
            Assert.Equal("entra:sp:55555555-5555-5555-5555-555555555555", mi.IdentityId);
            Assert.Equal("Sign-in (managed identity)", mi.Action);

            var user = list[3];
            Assert.True(user.Interactive);
            Assert.Null(user.IdentityId); // a person unless the inventory knows the account
            Assert.Equal("svc-sharepoint-sync@contoso.com", user.Principal);
            Assert.StartsWith("Graph Explorer", user.UserAgent);

            var v1 = ActivityData.Read("signins-v1-nocontext.json").Single();
            Assert.True(v1.Interactive);
            Assert.Equal("alice@contoso.com", v1.Principal);
        }

        [Fact]
        public void Directory_audits_name_the_initiating_app_or_user()
        {
            var list = ActivityData.Read("directoryAudits.json");
            var byApp = list[0];
            Assert.Equal("Add service principal credentials", byApp.Action);
            Assert.Equal("entra:app:11111111-1111-1111-1111-111111111111", byApp.IdentityId);
            Assert.Equal("app-hr (ServicePrincipal)", byApp.Resource);
            Assert.Equal("ApplicationManagement", byApp.Service);
            Assert.False(byApp.Interactive);

            var byUser = list[1];
            Assert.Equal("alice@contoso.com", byUser.Principal);
            Assert.True(byUser.Interactive);
            Assert.Equal("failure: Insufficient privileges", byUser.Result);
            Assert.Equal("192.0.2.81", byUser.From);
        }

        [Fact]
        public void Linking_uses_the_inventory_ids_object_ids_and_access_keys()
        {
            var app = new Identity { Id = "entra:app:11111111-1111-1111-1111-111111111111", Provider = "Entra", Name = "app-reports", NativeId = "11111111-1111-1111-1111-111111111111" };
            var mi = new Identity { Id = "entra:sp:55555555-5555-5555-5555-555555555555", Provider = "Entra", Name = "func-orders", NativeId = "55555555-5555-5555-5555-555555555555" };
            // A service principal with no app registration: sign-ins carry its appId, the inventory knows its object id.
            var lone = new Identity { Id = "entra:sp:22222222-2222-2222-2222-222222222222", Provider = "Entra", Name = "lone", NativeId = "22222222-2222-2222-2222-222222222222" };
            var user = new Identity
            {
                Id = "aws:arn:aws:iam::123456789012:user/svc-etl", Provider = "Aws", Name = "svc-etl",
                Credentials = new[] { new Credential { Id = "AKIAEXAMPLEKEY000001", Type = CredentialType.AccessKey } },
            };
            var linker = IdentityLinker.From(new[] { mi, lone, user });
            var host = new RecordingHost();
            var list = ActivityData.Read(host, linker, ActivityData.File("signins-beta.json"), ActivityData.File("lookup-events-v1.json"));
            Assert.Equal("entra:sp:22222222-2222-2222-2222-222222222222", list[0].IdentityId);
            Assert.Equal("lone", list[0].IdentityName);
            Assert.Equal("entra:sp:55555555-5555-5555-5555-555555555555", list[2].IdentityId);
            Assert.Equal("aws:arn:aws:iam::123456789012:user/svc-etl", list.Last().IdentityId); // by its access key

            linker = IdentityLinker.From(new[] { app });
            list = ActivityData.Read(host, linker, ActivityData.File("signins-beta.json"));
            Assert.Equal("entra:app:11111111-1111-1111-1111-111111111111", list[0].IdentityId);
        }
    }
}
