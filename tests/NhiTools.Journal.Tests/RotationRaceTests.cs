using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Journal.Tests.Support;
using NhiTools.Labs.Iam;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.Journal.Tests
{
    /// <summary>
    /// Two processes rotate one IAM user's access key at once, through the real engine against the IAM and Key Vault
    /// labs, sharing one journal: exactly one rotation happens; the other process fails fast with NhiRotationBusy and
    /// sends the labs nothing. Run on each back end.
    /// </summary>
    public abstract class RotationRaceTests
    {
        const string UserName = "svc-race";
        const string SecretName = "svc-race-aws";
        const string SoloUser = "svc-solo";
        const string SoloSecret = "svc-solo-aws";

        /// <summary>Environment and arguments that make a racer open this test's journal.</summary>
        protected abstract (Dictionary<string, string> Environment, string[] Arguments) JournalTarget();
        protected abstract IChangeJournal OpenJournal();

        [Fact]
        public async Task TwoProcesses_RotatingOneKey_MakeOneRotation_AndTheOtherIsBusyWithoutAWrite()
        {
            // Latency makes a rotation last seconds: the loser asks while the winner is mid-way.
            var iamOptions = new IamLabOptions();
            iamOptions.Latency.Fixed = TimeSpan.FromMilliseconds(100);
            await using var iam = new IamLab(iamOptions);
            await using var vault = new KeyVaultLab();
            string userArn = Seed(iam, vault, UserName, SecretName, out var oldKey);
            string soloArn = Seed(iam, vault, SoloUser, SoloSecret, out _);
            await iam.StartAsync();
            await vault.StartAsync();
            using (OpenJournal()) { } // the journal's storage exists before either racer opens it

            // The requests one rotation makes on its own, measured the same way: one racer, nobody to race.
            var solo = Start("solo", iam, vault, soloArn, SoloSecret);
            Dictionary<string, int> soloIam, soloVault;
            try
            {
                Assert.Equal("ready", ReadLine(solo, TimeSpan.FromSeconds(90)));
                iam.Log.Clear();
                vault.Log.Clear();
                solo.StandardInput.WriteLine("go");
                solo.StandardInput.Flush();
                Assert.Equal("won:Retired", ReadLine(solo, TimeSpan.FromSeconds(120)));
                Assert.True(solo.WaitForExit(60000));
                soloIam = ByOperation(iam);
                soloVault = ByOperation(vault);
            }
            finally
            {
                if (!solo.HasExited) solo.Kill(entireProcessTree: true);
                solo.Dispose();
            }

            var racers = new[] { Start("racer-a", iam, vault, userArn, SecretName), Start("racer-b", iam, vault, userArn, SecretName) };
            try
            {
                foreach (var r in racers) Assert.Equal("ready", ReadLine(r, TimeSpan.FromSeconds(90)));
                iam.Log.Clear();
                vault.Log.Clear();
                foreach (var r in racers) { r.StandardInput.WriteLine("go"); r.StandardInput.Flush(); }
                var outcomes = racers.Select(r => ReadLine(r, TimeSpan.FromSeconds(120))).ToArray();
                foreach (var r in racers) Assert.True(r.WaitForExit(60000), "a racer did not exit");

                Assert.Equal(new[] { "busy", "won:Retired" }, outcomes.OrderBy(o => o, StringComparer.Ordinal));
                string winner = outcomes[0] == "busy" ? "racer-b" : "racer-a";

                // One rotation: one key created, the old one deactivated and deleted; one key left, the new one.
                var iamOps = iam.Log.Entries.Where(e => e.IsWrite).Select(e => e.Operation).ToList();
                Assert.Equal(1, iamOps.Count(o => o == "CreateAccessKey"));
                Assert.Equal(1, iamOps.Count(o => o == "DeleteAccessKey"));
                var keys = iam.Store.KeysOf(UserName);
                Assert.NotEqual(oldKey.AccessKeyId, Assert.Single(keys).AccessKeyId);
                Assert.Equal(keys[0].AccessKeyId, vault.Store.Find(SecretName).Latest.Tags[VaultTags.Credential]);

                // Request for request, operation by operation, what one rotation alone sends: the loser sent nothing,
                // not even a read.
                Assert.Equal(soloIam.OrderBy(kv => kv.Key), ByOperation(iam).OrderBy(kv => kv.Key));
                Assert.Equal(soloVault.OrderBy(kv => kv.Key), ByOperation(vault).OrderBy(kv => kv.Key));
                Assert.Contains("CreateAccessKey", soloIam.Keys);

                using var journal = OpenJournal();
                var row = Assert.Single(journal.List(), r => r.IdentityId == "aws:" + userArn);
                Assert.Equal(RotationStates.Idle, row.State);
                Assert.Equal(winner, row.LeaseHolder);
                Assert.Single(journal.Changes(new ChangeQuery { IdentityId = "aws:" + userArn, Action = "CreateAccessKey" }));
            }
            finally
            {
                foreach (var r in racers)
                {
                    if (!r.HasExited) r.Kill(entireProcessTree: true);
                    r.Dispose();
                }
            }
        }

        static string Seed(IamLab iam, KeyVaultLab vault, string user, string secretName, out IamAccessKey key)
        {
            string arn = iam.Store.AddUser(user).Arn;
            key = iam.Store.AddKey(user);
            vault.Store.Set(secretName, "{\"AccessKeyId\":\"" + key.AccessKeyId + "\",\"SecretAccessKey\":\"" + key.SecretAccessKey + "\"}", "application/json",
                new Dictionary<string, string> { [VaultTags.Credential] = key.AccessKeyId, [VaultTags.Identity] = "aws:" + arn });
            return arn;
        }

        static Dictionary<string, int> ByOperation(NhiTools.Labs.Common.LabServer lab) =>
            lab.Log.Entries.GroupBy(e => e.Operation).ToDictionary(g => g.Key, g => g.Count());

        Process Start(string holder, IamLab iam, KeyVaultLab vault, string userArn, string secretName)
        {
            var (environment, arguments) = JournalTarget();
            var psi = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NhiTools.Journal.Racer.dll"));
            psi.ArgumentList.Add("--rotate");
            foreach (var (name, value) in new[] { ("--iam-url", iam.BaseUrl), ("--vault-url", vault.BaseUrl), ("--vault-thumbprint", vault.Certificate.Thumbprint),
                         ("--user-arn", userArn), ("--secret-name", secretName), ("--holder", holder), ("--admin-key-id", IamStore.AdminAccessKeyId) })
            {
                psi.ArgumentList.Add(name);
                psi.ArgumentList.Add(value);
            }
            foreach (var a in arguments) psi.ArgumentList.Add(a);
            psi.Environment.Remove("NHITOOLS_JOURNAL");
            psi.Environment["RACER_ADMIN_SECRET"] = IamStore.AdminSecretAccessKey;
            foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
            return Process.Start(psi);
        }

        static string ReadLine(Process p, TimeSpan timeout)
        {
            var line = Task.Run(() => p.StandardOutput.ReadLine());
            Assert.True(line.Wait(timeout), "the racer said nothing within " + timeout.TotalSeconds + " s");
            return line.Result;
        }

        static string DotnetHost()
        {
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }

    [Collection("Azurite")]
    public sealed class AzureTableRotationRaceTests : RotationRaceTests
    {
        readonly string _connectionString;
        public AzureTableRotationRaceTests(AzuriteFixture azurite) { _connectionString = azurite.ConnectionString(); }
        protected override (Dictionary<string, string> Environment, string[] Arguments) JournalTarget() =>
            (new Dictionary<string, string> { ["NHITOOLS_JOURNAL"] = _connectionString }, Array.Empty<string>());
        protected override IChangeJournal OpenJournal() => new AzureTableChangeJournal(_connectionString);
    }

    public sealed class SqliteRotationRaceTests : RotationRaceTests, IDisposable
    {
        readonly string _dir = Path.Combine(Path.GetTempPath(), "nhitools-race-" + Guid.NewGuid().ToString("N"));
        string StorePath => Path.Combine(_dir, "nhitools.db");
        public SqliteRotationRaceTests() { Directory.CreateDirectory(_dir); }
        protected override (Dictionary<string, string> Environment, string[] Arguments) JournalTarget() =>
            (new Dictionary<string, string>(), new[] { "--store", StorePath });
        protected override IChangeJournal OpenJournal() => new SqliteChangeJournal(StorePath);
        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
