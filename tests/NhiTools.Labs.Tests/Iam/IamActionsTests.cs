using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Labs.Tests.Iam
{
    public class IamActionsTests
    {
        static readonly XNamespace N = QueryResponse.Iam;
        const string Admin = IamStore.AdminAccessKeyId;
        const string AdminSecret = IamStore.AdminSecretAccessKey;

        [Fact]
        public async Task Third_key_gives_LimitExceeded_409_and_nothing_changes()
        {
            await using var lab = new IamLab();
            lab.Store.AddUser("svc-a");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "CreateAccessKey", ("UserName", "svc-a"))).Status);
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "CreateAccessKey", ("UserName", "svc-a"))).Status);
            var third = await q.SendAsync(Admin, AdminSecret, "CreateAccessKey", ("UserName", "svc-a"));
            Assert.Equal(409, third.Status);
            Assert.Equal("LimitExceeded", third.ErrorCode);
            Assert.Equal("Cannot exceed quota for AccessKeysPerUser: 2", third.Xml.Root.Element(N + "Error").Element(N + "Message").Value);
            Assert.Equal(2, lab.Store.KeysOf("svc-a").Count);

            var noUser = await q.SendAsync(Admin, AdminSecret, "CreateAccessKey", ("UserName", "ghost"));
            Assert.Equal(404, noUser.Status);
            Assert.Equal("NoSuchEntity", noUser.ErrorCode);
        }

        [Fact]
        public async Task Update_and_delete_key_and_the_log_says_read_or_write()
        {
            await using var lab = new IamLab();
            lab.Store.AddUser("svc-a");
            var key = lab.Store.AddKey("svc-a");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var upd = await q.SendAsync(Admin, AdminSecret, "UpdateAccessKey", ("UserName", "svc-a"), ("AccessKeyId", key.AccessKeyId), ("Status", "Inactive"));
            Assert.Equal(200, upd.Status);
            Assert.Equal("UpdateAccessKeyResponse", upd.Xml.Root.Name.LocalName);
            Assert.Null(upd.Result); // no result element for an operation without output
            var list = await q.SendAsync(Admin, AdminSecret, "ListAccessKeys", ("UserName", "svc-a"));
            Assert.Equal("Inactive", list.Members("AccessKeyMetadata").Single().Element(N + "Status").Value);
            Assert.Equal(404, (await q.SendAsync(Admin, AdminSecret, "DeleteAccessKey", ("UserName", "svc-a"), ("AccessKeyId", "AKIANOSUCHKEY0000000"))).Status);
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "DeleteAccessKey", ("UserName", "svc-a"), ("AccessKeyId", key.AccessKeyId))).Status);
            var empty = await q.SendAsync(Admin, AdminSecret, "ListAccessKeys", ("UserName", "svc-a"));
            Assert.Contains("<AccessKeyMetadata />", empty.Body.Replace("<AccessKeyMetadata/>", "<AccessKeyMetadata />"));

            var ops = (await LogWait.EntriesAsync(lab, 5)).Select(e => (e.Operation, e.IsWrite, e.Status)).ToList();
            Assert.Equal(new[]
            {
                ("UpdateAccessKey", true, 200), ("ListAccessKeys", false, 200), ("DeleteAccessKey", true, 404),
                ("DeleteAccessKey", true, 200), ("ListAccessKeys", false, 200),
            }, ops);
        }

        [Fact]
        public async Task Short_pages_with_opaque_markers_reach_every_user_exactly_once()
        {
            await using var lab = new IamLab(new IamLabOptions { ShortPages = true });
            for (int i = 0; i < 237; i++) lab.Store.AddUser($"svc-{i:D4}");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var seen = new List<string>();
            string marker = null;
            int pages = 0, shortWhileTruncated = 0;
            while (true)
            {
                var p = new List<(string, string)> { ("MaxItems", "100") };
                if (marker != null) p.Add(("Marker", marker));
                var r = await q.SendAsync(Admin, AdminSecret, "ListUsers", p.ToArray());
                Assert.Equal(200, r.Status);
                var names = r.Members("Users").Select(m => m.Element(N + "UserName").Value).ToList();
                seen.AddRange(names);
                pages++;
                if (r.Value("IsTruncated") != "true") { Assert.Null(r.Value("Marker")); break; }
                if (names.Count < 100) shortWhileTruncated++;
                marker = r.Value("Marker");
                Assert.DoesNotContain("svc-", marker); // opaque
            }
            Assert.Equal(237, seen.Count);
            Assert.Equal(237, seen.Distinct().Count());
            Assert.True(shortWhileTruncated > 0);
            Assert.Equal(pages, (await LogWait.EntriesAsync(lab, "ListUsers", pages)).Count);
        }

        [Fact]
        public async Task Credential_report_flow_and_live_state_in_the_22_column_csv()
        {
            // The lab's clock moves only when the test says so: on a loaded machine a real 300 ms can pass between two calls.
            var clock = new ManualClock(DateTimeOffset.UtcNow);
            await using var lab = new IamLab(new IamLabOptions { CredentialReportDelay = TimeSpan.FromMilliseconds(300), CredentialReportReuse = TimeSpan.Zero, Clock = clock });
            lab.Store.AddUser("svc-a");
            lab.Store.AddUser("svc-b");
            var key = lab.Store.AddKey("svc-a");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);

            var none = await q.SendAsync(Admin, AdminSecret, "GetCredentialReport");
            Assert.Equal((410, "ReportNotPresent"), (none.Status, none.ErrorCode));
            var gen = await q.SendAsync(Admin, AdminSecret, "GenerateCredentialReport");
            Assert.Equal("STARTED", gen.Value("State"));
            var again = await q.SendAsync(Admin, AdminSecret, "GenerateCredentialReport");
            Assert.Equal("INPROGRESS", again.Value("State"));
            var inProgress = await q.SendAsync(Admin, AdminSecret, "GetCredentialReport");
            Assert.Equal((404, "ReportInProgress"), (inProgress.Status, inProgress.ErrorCode));
            clock.Advance(TimeSpan.FromMilliseconds(350));
            var report = await q.SendAsync(Admin, AdminSecret, "GetCredentialReport");
            Assert.Equal(200, report.Status);
            Assert.Equal("text/csv", report.Value("ReportFormat"));
            var lines = Csv(report);
            Assert.Equal(CredentialReportCsv.Header, lines[0]);
            Assert.Equal(22, lines[0].Split(',').Length);
            Assert.StartsWith("<root_account>,arn:aws:iam::123456789012:root,", lines[1]);
            var a = Row(lines, "svc-a");
            Assert.Equal("true", a[8]);                               // access_key_1_active
            Assert.EndsWith("+00:00", a[9]);                          // access_key_1_last_rotated
            Assert.Equal("N/A", a[10]);                               // never used
            Assert.Equal("false", a[13]);                             // no second key
            Assert.Equal("N/A", Row(lines, "svc-b")[4]);              // no password → password_last_used N/A

            // Deactivate the key, add one to svc-b: a fresh report shows both.
            await q.SendAsync(Admin, AdminSecret, "UpdateAccessKey", ("UserName", "svc-a"), ("AccessKeyId", key.AccessKeyId), ("Status", "Inactive"));
            await q.SendAsync(Admin, AdminSecret, "CreateAccessKey", ("UserName", "svc-b"));
            Assert.Equal("STARTED", (await q.SendAsync(Admin, AdminSecret, "GenerateCredentialReport")).Value("State"));
            clock.Advance(TimeSpan.FromMilliseconds(350));
            var lines2 = Csv(await q.SendAsync(Admin, AdminSecret, "GetCredentialReport"));
            Assert.Equal("false", Row(lines2, "svc-a")[8]);
            Assert.Equal("true", Row(lines2, "svc-b")[8]);
        }

        static string[] Csv(QueryResponse r) =>
            Encoding.UTF8.GetString(Convert.FromBase64String(r.Value("Content"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        static string[] Row(string[] lines, string user) => lines.Single(l => l.StartsWith(user + ",", StringComparison.Ordinal)).Split(',');

        [Fact]
        public async Task Authorization_details_are_paged_filtered_and_carry_url_encoded_policies()
        {
            await using var lab = new IamLab();
            for (int i = 0; i < 5; i++)
            {
                var u = lab.Store.AddUser("u" + i);
                u.InlinePolicies.Add(new InlinePolicy { PolicyName = "inline", Document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}" });
                u.Tags.Add(new IamTag("owner", "team-" + i));
            }
            lab.Store.AddRole("deployer");
            lab.Store.AddGroup("admins");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);

            var users = new List<string>();
            int roles = 0, groups = 0;
            string marker = null;
            do
            {
                var p = new List<(string, string)> { ("MaxItems", "3") };
                if (marker != null) p.Add(("Marker", marker));
                var r = await q.SendAsync(Admin, AdminSecret, "GetAccountAuthorizationDetails", p.ToArray());
                Assert.Equal(200, r.Status);
                foreach (var u in r.Members("UserDetailList"))
                {
                    users.Add(u.Element(N + "UserName").Value);
                    var doc = u.Element(N + "UserPolicyList").Element(N + "member").Element(N + "PolicyDocument").Value;
                    Assert.StartsWith("%7B%22Version%22", doc);
                    Assert.Contains("s3:GetObject", Uri.UnescapeDataString(doc));
                }
                roles += r.Members("RoleDetailList").Count();
                groups += r.Members("GroupDetailList").Count();
                marker = r.Value("IsTruncated") == "true" ? r.Value("Marker") : null;
            } while (marker != null);
            Assert.Equal(new[] { "u0", "u1", "u2", "u3", "u4" }, users);
            Assert.Equal(1, roles);
            Assert.Equal(1, groups);

            var onlyRoles = await q.SendAsync(Admin, AdminSecret, "GetAccountAuthorizationDetails", ("Filter.member.1", "Role"));
            Assert.Empty(onlyRoles.Members("UserDetailList"));
            Assert.Contains("<UserDetailList />", onlyRoles.Body.Replace("<UserDetailList/>", "<UserDetailList />"));
            var role = Assert.Single(onlyRoles.Members("RoleDetailList"));
            Assert.StartsWith("%7B", role.Element(N + "AssumeRolePolicyDocument").Value);
        }

        [Fact]
        public async Task Tags_on_users_and_roles_round_trip()
        {
            await using var lab = new IamLab();
            lab.Store.AddUser("svc-a");
            lab.Store.AddRole("deployer");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "TagUser", ("UserName", "svc-a"),
                ("Tags.member.1.Key", "owner"), ("Tags.member.1.Value", "alice@example.com"),
                ("Tags.member.2.Key", "env"), ("Tags.member.2.Value", "prod"))).Status);
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "UntagUser", ("UserName", "svc-a"), ("TagKeys.member.1", "env"))).Status);
            var tags = await q.SendAsync(Admin, AdminSecret, "ListUserTags", ("UserName", "svc-a"));
            var t = Assert.Single(tags.Members("Tags"));
            Assert.Equal(("owner", "alice@example.com"), (t.Element(N + "Key").Value, t.Element(N + "Value").Value));
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "TagRole", ("RoleName", "deployer"), ("Tags.member.1.Key", "owner"), ("Tags.member.1.Value", "bob"))).Status);
            Assert.Equal("bob", lab.Store.FindRole("deployer").Tags.Single().Value);
            var missing = await q.SendAsync(Admin, AdminSecret, "ListUserTags", ("UserName", "ghost"));
            Assert.Equal((404, "NoSuchEntity"), (missing.Status, missing.ErrorCode));
        }

        [Fact]
        public async Task Service_last_accessed_job_goes_from_in_progress_to_completed()
        {
            var clock = new ManualClock(DateTimeOffset.UtcNow);
            await using var lab = new IamLab(new IamLabOptions { ServiceLastAccessedDelay = TimeSpan.FromMilliseconds(200), Clock = clock });
            var u = lab.Store.AddUser("svc-a");
            u.InlinePolicies.Add(new InlinePolicy { PolicyName = "p", Document = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"sqs:SendMessage\"],\"Resource\":\"*\"}}" });
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var job = await q.SendAsync(Admin, AdminSecret, "GenerateServiceLastAccessedDetails", ("Arn", u.Arn));
            var jobId = job.Value("JobId");
            Assert.True(Guid.TryParse(jobId, out _));
            Assert.Equal("IN_PROGRESS", (await q.SendAsync(Admin, AdminSecret, "GetServiceLastAccessedDetails", ("JobId", jobId))).Value("JobStatus"));
            clock.Advance(TimeSpan.FromMilliseconds(250));
            var done = await q.SendAsync(Admin, AdminSecret, "GetServiceLastAccessedDetails", ("JobId", jobId));
            Assert.Equal("COMPLETED", done.Value("JobStatus"));
            Assert.Equal(new[] { "s3", "sqs" }, done.Members("ServicesLastAccessed").Select(m => m.Element(N + "ServiceNamespace").Value));
            Assert.Equal(404, (await q.SendAsync(Admin, AdminSecret, "GenerateServiceLastAccessedDetails", ("Arn", "arn:aws:iam::123456789012:user/ghost"))).Status);
        }

        [Fact]
        public async Task Users_are_created_and_deleted_only_once_nothing_hangs_off_them()
        {
            await using var lab = new IamLab();
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var created = await q.SendAsync(Admin, AdminSecret, "CreateUser", ("UserName", "svc-new"), ("Path", "/automation/"),
                ("Tags.member.1.Key", "owner"), ("Tags.member.1.Value", "ops"));
            Assert.Equal("arn:aws:iam::123456789012:user/automation/svc-new", created.Result.Element(N + "User").Element(N + "Arn").Value);
            var dup = await q.SendAsync(Admin, AdminSecret, "CreateUser", ("UserName", "SVC-NEW")); // names are case-insensitive
            Assert.Equal((409, "EntityAlreadyExists"), (dup.Status, dup.ErrorCode));
            var key = await q.SendAsync(Admin, AdminSecret, "CreateAccessKey", ("UserName", "svc-new"));
            var keyId = key.Result.Element(N + "AccessKey").Element(N + "AccessKeyId").Value;
            var conflict = await q.SendAsync(Admin, AdminSecret, "DeleteUser", ("UserName", "svc-new"));
            Assert.Equal((409, "DeleteConflict"), (conflict.Status, conflict.ErrorCode));
            Assert.NotNull(lab.Store.FindUser("svc-new"));
            await q.SendAsync(Admin, AdminSecret, "DeleteAccessKey", ("UserName", "svc-new"), ("AccessKeyId", keyId));
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "DeleteUser", ("UserName", "svc-new"))).Status);
            Assert.Null(lab.Store.FindUser("svc-new"));
            Assert.Equal(404, (await q.SendAsync(Admin, AdminSecret, "GetUser", ("UserName", "svc-new"))).Status);
        }

        [Fact]
        public async Task Role_and_policy_reads()
        {
            await using var lab = new IamLab();
            var role = lab.Store.AddRole("deployer");
            role.AttachedPolicies.Add(new AttachedPolicy { PolicyName = "AdministratorAccess", PolicyArn = "arn:aws:iam::aws:policy/AdministratorAccess" });
            role.InlinePolicies.Add(new InlinePolicy { PolicyName = "extra", Document = "{}" });
            lab.Store.AddPolicy(new ManagedPolicy { PolicyName = "AdministratorAccess", Arn = "arn:aws:iam::aws:policy/AdministratorAccess", PolicyId = "ANPAADMIN", AttachmentCount = 1 });
            lab.Store.AddPolicy(new ManagedPolicy { PolicyName = "local", Arn = "arn:aws:iam::123456789012:policy/local", PolicyId = "ANPALOCAL" });
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            Assert.Equal("deployer", (await q.SendAsync(Admin, AdminSecret, "GetRole", ("RoleName", "deployer"))).Result.Element(N + "Role").Element(N + "RoleName").Value);
            Assert.Equal("arn:aws:iam::aws:policy/AdministratorAccess",
                (await q.SendAsync(Admin, AdminSecret, "ListAttachedRolePolicies", ("RoleName", "deployer"))).Members("AttachedPolicies").Single().Element(N + "PolicyArn").Value);
            Assert.Equal("extra", (await q.SendAsync(Admin, AdminSecret, "ListRolePolicies", ("RoleName", "deployer"))).Members("PolicyNames").Single().Value);
            Assert.Equal(new[] { "local" }, (await q.SendAsync(Admin, AdminSecret, "ListPolicies", ("Scope", "Local"))).Members("Policies").Select(p => p.Element(N + "PolicyName").Value));
            Assert.Equal(new[] { "AdministratorAccess" }, (await q.SendAsync(Admin, AdminSecret, "ListPolicies", ("OnlyAttached", "true"))).Members("Policies").Select(p => p.Element(N + "PolicyName").Value));
            Assert.Equal(404, (await q.SendAsync(Admin, AdminSecret, "GetRole", ("RoleName", "ghost"))).Status);
        }

        [Fact]
        public async Task Unknown_action_and_bad_MaxItems_are_client_errors()
        {
            await using var lab = new IamLab();
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            var unknown = await q.SendAsync(Admin, AdminSecret, "ListFoos");
            Assert.Equal((400, "InvalidAction"), (unknown.Status, unknown.ErrorCode));
            var bad = await q.SendAsync(Admin, AdminSecret, "ListUsers", ("MaxItems", "1001"));
            Assert.Equal((400, "ValidationError"), (bad.Status, bad.ErrorCode));
        }
    }
}
