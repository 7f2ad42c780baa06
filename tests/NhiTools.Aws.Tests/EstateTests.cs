using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>The example estate's AWS accounts: IamLab seeded from each account's exports, read live, equals the Offline import of those files.</summary>
    public class EstateTests
    {
        private static string Repo()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "NhiTools.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }

        [Theory]
        [InlineData("111122223333")]
        [InlineData("444455556666")]
        public async Task Live_read_of_an_estate_account_equals_its_export_files(string account)
        {
            var seed = Path.Combine(Repo(), "examples", "estate", "aws", account);
            Assert.True(Directory.Exists(seed), seed);
            var server = new IamLab();
            IamSeeder.LoadDirectory(server.Store, seed);
            await server.StartAsync();
            await using var lab = new Lab(server);
            lab.Connect();
            Assert.Equal(account, lab.Source.Accounts[0].AccountId);

            var live = lab.Read(includeHuman: true).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
            var offline = new OfflineSource(null, new OfflineOptions { IncludeHuman = true }).Read(new[] { seed }).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();

            // The lab's root holds the admin key NhiTools signs with, not the estate's root key: compared apart.
            Assert.NotEmpty(Assert.Single(live, i => i.Kind == IdentityKind.RootAccount).Credentials);
            live.RemoveAll(i => i.Kind == IdentityKind.RootAccount);
            offline.RemoveAll(i => i.Kind == IdentityKind.RootAccount);

            Assert.True(live.Count > 10, "identities: " + live.Count);
            Assert.Equal(offline.Select(i => i.Id), live.Select(i => i.Id));
            int idsOnlyLive = 0;
            for (int i = 0; i < live.Count; i++)
            {
                // A report slot whose key is missing from the list-access-keys exports is "access_key_N" offline;
                // live, ListAccessKeys names it. That is the only difference allowed.
                var lc = live[i].Credentials;
                var oc = offline[i].Credentials;
                for (int k = 0; k < Math.Min(lc.Length, oc.Length); k++)
                    if (oc[k].Id.StartsWith("access_key_", StringComparison.Ordinal) && lc[k].Id.StartsWith("AKIA", StringComparison.Ordinal))
                    {
                        lc[k].Id = oc[k].Id;
                        idsOnlyLive++;
                    }
                Assert.Equal(InventoryTests.Canonical(offline[i]), InventoryTests.Canonical(live[i]));
            }
            Assert.True(idsOnlyLive < 5, "placeholders: " + idsOnlyLive);
            Assert.All(live, i => Assert.Equal(account, i.Account));
            Assert.Contains(live, i => i.Kind == IdentityKind.IamRole && i.AssumableBy.Length > 0);
            Assert.Contains(live, i => i.Owners.Length > 0);
            lab.AssertAllSigned();
        }
    }
}
