using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Labs.Tests.Iam
{
    /// <summary>
    /// Real IAM credential report behaviours the lab plays (issue 15): an old report is ReportExpired (410) until it is
    /// generated again; password_last_used survives the password's removal; the root row carries its access keys.
    /// </summary>
    public class IamReportBehaviourTests
    {
        const string Admin = IamStore.AdminAccessKeyId;
        const string AdminSecret = IamStore.AdminSecretAccessKey;

        static string[] Csv(QueryResponse r) =>
            Encoding.UTF8.GetString(Convert.FromBase64String(r.Value("Content"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        [Fact]
        public async Task An_expired_report_answers_ReportExpired_until_generated_again()
        {
            var clock = new ManualClock(DateTimeOffset.UtcNow); // a real 300 ms can pass between two calls on a loaded machine
            await using var lab = new IamLab(new IamLabOptions { CredentialReportExpiry = TimeSpan.FromMilliseconds(300), CredentialReportReuse = TimeSpan.FromMilliseconds(300), Clock = clock });
            lab.Store.AddUser("svc-a");
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            Assert.Equal("STARTED", (await q.SendAsync(Admin, AdminSecret, "GenerateCredentialReport")).Value("State"));
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "GetCredentialReport")).Status);
            clock.Advance(TimeSpan.FromMilliseconds(400));
            var expired = await q.SendAsync(Admin, AdminSecret, "GetCredentialReport");
            Assert.Equal((410, "ReportExpired"), (expired.Status, expired.ErrorCode));
            Assert.Equal("STARTED", (await q.SendAsync(Admin, AdminSecret, "GenerateCredentialReport")).Value("State"));
            Assert.Equal(200, (await q.SendAsync(Admin, AdminSecret, "GetCredentialReport")).Status);
        }

        [Fact]
        public async Task Password_last_used_is_kept_after_the_password_is_removed_and_root_keys_show()
        {
            await using var lab = new IamLab();
            var used = new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);
            var u = lab.Store.AddUser("svc-was-console");
            u.PasswordEnabled = false; // login profile deleted after it was used
            u.PasswordLastUsed = used;
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            await q.SendAsync(Admin, AdminSecret, "GenerateCredentialReport");
            var lines = Csv(await q.SendAsync(Admin, AdminSecret, "GetCredentialReport"));
            var row = lines.Single(l => l.StartsWith("svc-was-console,", StringComparison.Ordinal)).Split(',');
            Assert.Equal("false", row[3]);                        // password_enabled
            Assert.Equal(CredentialReportCsv.Ts(used), row[4]);   // password_last_used kept
            Assert.Equal("N/A", row[5]);                          // password_last_changed
            var root = lines[1].Split(',');
            Assert.Equal("<root_account>", root[0]);
            Assert.Equal("true", root[8]);                        // access_key_1_active: root has a key
        }
    }
}
