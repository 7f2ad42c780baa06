using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon.SecurityToken.Model;
using NhiTools.Estate;
using NhiTools.Labs.Iam;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Labs.Tests.Iam
{
    /// <summary>Seeding from the real export formats: the example estate, and 20,000 generated users.</summary>
    public class IamSeedingTests
    {
        static readonly XNamespace N = QueryResponse.Iam;
        readonly ITestOutputHelper _out;
        public IamSeedingTests(ITestOutputHelper output) { _out = output; }

        internal static string RepoPath(params string[] parts)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "examples", "estate")))
                    return Path.Combine(new[] { dir.FullName }.Concat(parts).ToArray());
            throw new DirectoryNotFoundException("examples/estate not found above " + AppContext.BaseDirectory);
        }

        [Fact]
        public async Task Example_estate_account_round_trips_through_the_lab_credential_report()
        {
            var dir = RepoPath("examples", "estate", "aws", "111122223333");
            await using var lab = new IamLab();
            Assert.Equal(3, IamSeeder.LoadDirectory(lab.Store, dir) >= 3 ? 3 : 0);
            Assert.Equal("111122223333", lab.Store.AccountId);
            var seededCsv = File.ReadAllText(Path.Combine(dir, "credential-report.csv")).Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var seededUsers = seededCsv.Skip(1).Where(l => !l.StartsWith("<root_account>")).ToList();
            Assert.Equal(seededUsers.Count, lab.Store.UserCount);
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            Assert.Equal("STARTED", (await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, "GenerateCredentialReport")).Value("State"));
            var report = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, "GetCredentialReport");
            var labRows = Encoding.UTF8.GetString(Convert.FromBase64String(report.Value("Content"))).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).ToDictionary(l => l.Split(',')[0]);
            var diffs = seededUsers.Where(l => labRows[l.Split(',')[0]] != l).ToList();
            foreach (var d in diffs.Take(5)) _out.WriteLine("seeded: " + d + "\nlab:    " + labRows[d.Split(',')[0]]);
            Assert.Empty(diffs);

            // The root row too: its one key is the lab's admin key, whose last use is live (it just signed the calls above).
            var seededRoot = seededCsv.Single(l => l.StartsWith("<root_account>,")).Split(',');
            var labRoot = labRows["<root_account>"].Split(',');
            if (seededRoot[8] == "true" && seededRoot[13] != "true")
            {
                Assert.Equal(seededRoot.Where((_, i) => i != 10), labRoot.Where((_, i) => i != 10));
                Assert.True(DateTimeOffset.Parse(labRoot[10]) > DateTimeOffset.Parse(seededRoot[10]));
            }

            // Every key named by the list-access-keys files is there, and its user can sign with the lab-derived secret.
            var listed = Directory.EnumerateFiles(Path.Combine(dir, "access-keys"), "*.json")
                .SelectMany(f => System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("AccessKeyMetadata").EnumerateArray()
                    .Select(k => (User: k.GetProperty("UserName").GetString(), Id: k.GetProperty("AccessKeyId").GetString(), Status: k.GetProperty("Status").GetString())))
                .ToList();
            Assert.NotEmpty(listed);
            foreach (var k in listed) Assert.Contains(lab.Store.KeysOf(k.User), x => x.AccessKeyId == k.Id);
            var active = listed.First(k => k.Status == "Active");
            using var sts = IamStsClientTests.Sts(lab, active.Id, lab.SecretOf(active.Id));
            var me = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Equal(lab.Store.FindUser(active.User).Arn, me.Arn);
        }

        [Fact]
        public async Task Example_estate_list_actions_agree_with_the_authorization_details_file()
        {
            var dir = RepoPath("examples", "estate", "aws", "111122223333");
            using var details = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "authorization-details.json")));
            var root = details.RootElement;
            await using var lab = new IamLab();
            IamSeeder.LoadDirectory(lab.Store, dir);
            await lab.StartAsync();
            using var q = new SignedQuery(lab.BaseUrl);
            const string A = IamStore.AdminAccessKeyId, S = IamStore.AdminSecretAccessKey;

            var roles = await q.SendAsync(A, S, "ListRoles", ("MaxItems", "1000"));
            Assert.Equal(root.GetProperty("RoleDetailList").GetArrayLength(), roles.Members("Roles").Count());
            var fileRole = root.GetProperty("RoleDetailList")[0];
            var wireRole = roles.Members("Roles").Single(r => r.Element(N + "RoleName").Value == fileRole.GetProperty("RoleName").GetString());
            Assert.Equal(fileRole.GetProperty("Arn").GetString(), wireRole.Element(N + "Arn").Value);
            var trust = System.Text.Json.JsonDocument.Parse(Uri.UnescapeDataString(wireRole.Element(N + "AssumeRolePolicyDocument").Value));
            Assert.Equal(fileRole.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement").GetRawText(), trust.RootElement.GetProperty("Statement").GetRawText());

            var groups = await q.SendAsync(A, S, "ListGroups");
            Assert.Equal(root.GetProperty("GroupDetailList").GetArrayLength(), groups.Members("Groups").Count());

            int checkedUsers = 0;
            foreach (var u in root.GetProperty("UserDetailList").EnumerateArray())
            {
                var name = u.GetProperty("UserName").GetString();
                var attached = u.TryGetProperty("AttachedManagedPolicies", out var ap) ? ap.EnumerateArray().Select(p => p.GetProperty("PolicyArn").GetString()).OrderBy(x => x, StringComparer.Ordinal).ToList() : new List<string>();
                var inline = u.TryGetProperty("UserPolicyList", out var ip) ? ip.EnumerateArray().Select(p => p.GetProperty("PolicyName").GetString()).OrderBy(x => x, StringComparer.Ordinal).ToList() : new List<string>();
                if (attached.Count == 0 && inline.Count == 0) continue;
                var wireAttached = (await q.SendAsync(A, S, "ListAttachedUserPolicies", ("UserName", name))).Members("AttachedPolicies").Select(m => m.Element(N + "PolicyArn").Value).ToList();
                var wireInline = (await q.SendAsync(A, S, "ListUserPolicies", ("UserName", name))).Members("PolicyNames").Select(m => m.Value).ToList();
                Assert.Equal(attached, wireAttached);
                Assert.Equal(inline, wireInline);
                var user = await q.SendAsync(A, S, "GetUser", ("UserName", name));
                Assert.Equal(u.GetProperty("Arn").GetString(), user.Result.Element(N + "User").Element(N + "Arn").Value);
                if (++checkedUsers == 5) break;
            }
            Assert.True(checkedUsers > 0);
        }

        /// <summary>The estate writes one file per user; on tmpfs (when there is one) creating and deleting 20,000 files is cheap.</summary>
        static string ScratchDirectory(string prefix)
        {
            const string shm = "/dev/shm";
            if (Directory.Exists(shm))
            {
                try
                {
                    var d = Path.Combine(shm, prefix + Guid.NewGuid().ToString("N"));
                    Directory.CreateDirectory(d);
                    return d;
                }
                catch (UnauthorizedAccessException) { }
                catch (IOException) { }
            }
            return Directory.CreateTempSubdirectory(prefix).FullName;
        }

        [Fact]
        public async Task Twenty_thousand_generated_users_load_and_page_exactly_once()
        {
            var tmp = ScratchDirectory("nhi-iamscale-");
            try
            {
                var watch = Stopwatch.StartNew();
                EstateGenerator.Write(tmp, new EstateOptions { AwsAccounts = 1, IamUsersPerAccount = 20000, IamRolesPerAccount = 0, VaultCount = 0, Seed = 7 });
                var generated = watch.Elapsed;
                var account = Directory.GetDirectories(Path.Combine(tmp, "aws")).Single();
                await using var lab = new IamLab();
                IamSeeder.LoadDirectory(lab.Store, account);
                var loaded = watch.Elapsed - generated;
                Assert.Equal(20000, lab.Store.UserCount);
                await lab.StartAsync();
                using var q = new SignedQuery(lab.BaseUrl);
                var seen = new HashSet<string>();
                int pages = 0, total = 0;
                string marker = null;
                do
                {
                    var p = new List<(string, string)> { ("MaxItems", "1000") };
                    if (marker != null) p.Add(("Marker", marker));
                    var r = await q.SendAsync(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey, "ListUsers", p.ToArray());
                    Assert.Equal(200, r.Status);
                    foreach (var m in r.Members("Users")) { seen.Add(m.Element(N + "UserName").Value); total++; }
                    pages++;
                    marker = r.Value("IsTruncated") == "true" ? r.Value("Marker") : null;
                } while (marker != null);
                Assert.Equal(20000, total);
                Assert.Equal(20000, seen.Count);
                Assert.Equal(20, pages);
                _out.WriteLine($"generate {generated.TotalMilliseconds:F0} ms, load {loaded.TotalMilliseconds:F0} ms, list {(watch.Elapsed - generated - loaded).TotalMilliseconds:F0} ms");
            }
            finally
            {
                var w = Stopwatch.StartNew();
                Directory.Delete(tmp, true);
                _out.WriteLine($"delete {w.ElapsedMilliseconds} ms");
            }
        }
    }
}
