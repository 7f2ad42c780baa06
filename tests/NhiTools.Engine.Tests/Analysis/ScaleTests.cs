using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;
using Xunit;
using Xunit.Abstractions;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    /// <summary>100,000 synthesised identities through every rule: reports time and allocations, asserts counts (never time).</summary>
    public class ScaleTests
    {
        private readonly ITestOutputHelper _out;
        public ScaleTests(ITestOutputHelper output) { _out = output; }

        private const int N = 100_000;

        /// <summary>A mixed estate, generated lazily so the engine sees a stream, as from an importer.</summary>
        private static IEnumerable<Identity> Estate()
        {
            for (int n = 0; n < N; n++)
            {
                Identity i;
                switch (n % 4)
                {
                    case 0:
                        i = IamUser("svc-" + n, AccessKey("AKIA" + n.ToString("D16"), 30 + n % 300, n % 3 == 0 ? (double?)null : n % 200));
                        i.Permissions = n % 50 == 0 ? new[] { Perm("AdministratorAccess") } : new[] { Perm("s3-read", PermissionType.InlinePolicy, "arn:aws:s3:::b/*", "s3:GetObject") };
                        break;
                    case 1:
                        var secret = ClientSecret("key-" + n, n % 400, n % 2 == 0 ? 180 : 730, n % 5 == 0 ? (double?)null : 5);
                        secret.StoredIn = n % 20 == 1 ? new[] { "keyvault:kv-prod-" + (n % 7) + "/app-" + n, "keyvault:kv-dev-" + (n % 7) + "/app-" + n } : new[] { "keyvault:kv-prod-" + (n % 7) + "/app-" + n };
                        i = EntraApp("app-" + n, secret);
                        i.Id = "entra:app:" + n;
                        i.Permissions = new[] { Perm(n % 9 == 0 ? "Directory.ReadWrite.All" : "User.Read.All", PermissionType.AppRole, "Microsoft Graph") };
                        i.Environment = "prod";
                        break;
                    case 2:
                        i = IamRole("role-" + n);
                        i.AssumableBy = n % 10 == 2 ? new[] { "arn:aws:iam::999988887777:root" } : new[] { "lambda.amazonaws.com" };
                        i.LastUsedOn = DaysAgo(n % 365);
                        break;
                    default:
                        i = VaultSecret("kv-prod-" + (n % 7), "app-" + (n - 2), new Credential { Id = "v" + n, Type = CredentialType.Secret, CreatedOn = DaysAgo(n % 500), ExpiresOn = n % 2 == 0 ? (DateTime?)null : AsOf.AddDays(30) });
                        i.Tags["env"] = "prod";
                        break;
                }
                if (n % 10 == 0) i.Owners = Array.Empty<string>();
                if (n % 1000 == 7) { i.Tags["temporary"] = "true"; i.Tags["expires"] = "2026-06-30"; }
                yield return i;
            }
        }

        [Fact]
        [Trait("Category", "Bench")]
        public void Hundred_thousand_identities()
        {
            // Generating the estate alone, to tell its cost from the engine's.
            var gen = Stopwatch.StartNew();
            long genBefore = GC.GetAllocatedBytesForCurrentThread();
            int generated = 0;
            foreach (var _ in Estate()) generated++;
            gen.Stop();
            long genAllocated = GC.GetAllocatedBytesForCurrentThread() - genBefore;
            _out.WriteLine($"generating {generated:N0} identities alone: {gen.ElapsedMilliseconds} ms, {genAllocated / 1048576.0:F0} MB allocated");

            var engine = new FindingEngine(FindingPolicy.Default, NullHostContext.Instance);
            GC.Collect();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var counts = new Dictionary<string, int>();
            int total = 0;
            foreach (var f in engine.Evaluate(Estate(), AsOf))
            {
                counts[f.Rule] = counts.TryGetValue(f.Rule, out var c) ? c + 1 : 1;
                total++;
            }
            clock.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _out.WriteLine($"{N:N0} identities -> {total:N0} findings in {clock.ElapsedMilliseconds} ms; {allocated / 1048576.0:F0} MB allocated (incl. generating the identities); peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
            foreach (var kv in counts.OrderBy(k => k.Key)) _out.WriteLine($"  {kv.Key,-26} {kv.Value,8:N0}");

            Assert.Equal(N / 10, counts[R.Unowned]);
            int Count(Func<int, bool> planted) => Enumerable.Range(0, N).Count(planted);
            Assert.Equal(Count(n => n % 100 == 0) + Count(n => n % 4 == 1 && n % 9 == 0), counts[R.Overprivileged]);
            Assert.Equal(Count(n => n % 20 == 1), counts[R.EnvReuse]);
            Assert.Equal(Count(n => n % 20 == 1), counts[R.Shared]);
            Assert.Equal(Count(n => n % 1000 == 7), counts[R.TempAccessExpired]);
            Assert.Equal(Count(n => n % 4 == 2 && n % 10 == 2) + Count(n => n % 20 == 1), counts[R.CrossSystem]);
            Assert.Equal(Count(n => n % 4 == 2 && n % 10 == 2), counts[R.ThirdParty]); // 999988887777 is no account of this estate
        }
    }
}
