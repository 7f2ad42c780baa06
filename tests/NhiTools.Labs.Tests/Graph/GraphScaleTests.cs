using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using NhiTools.Estate;
using NhiTools.Labs.Graph;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>The lab seeded from the estate generator's files: the committed example and 100,000 apps.</summary>
    public class GraphScaleTests
    {
        private readonly ITestOutputHelper _output;
        public GraphScaleTests(ITestOutputHelper output) { _output = output; }

        internal static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "NhiTools.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("NhiTools.sln not found above the test output.");
        }

        private static int ItemsIn(string dir, string prefix) =>
            Directory.EnumerateFiles(dir, prefix + "*.json")
                .Sum(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("value").GetArrayLength());

        [Fact]
        public async Task The_example_estate_loads_and_reads_back_through_the_SDK()
        {
            var estate = Path.Combine(RepoRoot(), "examples", "estate");
            var entra = Path.Combine(estate, "entra");
            await using var lab = await GraphLab.StartNewAsync(new GraphLabOptions { SeedPath = estate });
            Assert.Equal(ItemsIn(entra, "applications") + 1, lab.Store.Applications.Count);
            var client = GraphTestClient.Create(lab);

            var sps = new List<ServicePrincipal>();
            var first = await client.ServicePrincipals.GetAsync(rc => rc.QueryParameters.Top = 25);
            await PageIterator<ServicePrincipal, ServicePrincipalCollectionResponse>.CreatePageIterator(client, first, s => { sps.Add(s); return true; }).IterateAsync();
            Assert.Equal(ItemsIn(entra, "servicePrincipals") + 1, sps.Count);
            Assert.Contains(sps, s => s.ServicePrincipalType == "ManagedIdentity");
            Assert.Contains(sps, s => s.ServicePrincipalType == "Legacy");

            // Every owner the export expanded is readable through /owners.
            var apps = (await client.Applications.GetAsync(rc => { rc.QueryParameters.Top = 999; rc.QueryParameters.Expand = new[] { "owners" }; })).Value;
            var expanded = apps.Sum(a => a.Owners.Count);
            Assert.True(expanded > 0);
            var listed = 0;
            foreach (var app in apps.Where(a => a.Owners.Count > 0).Take(10))
                listed += (await client.Applications[app.Id].Owners.GetAsync()).Value.Count(o => app.Owners.Any(x => x.Id == o.Id));
            Assert.Equal(apps.Where(a => a.Owners.Count > 0).Take(10).Sum(a => a.Owners.Count), listed);
            Assert.Equal(ItemsIn(Path.Combine(entra, "reports"), "servicePrincipalSignInActivities"), lab.Store.ServicePrincipalSignInActivities.Count);
            // The estate's Entra activity logs (activity/entra) are served as auditLogs too.
            Assert.Equal(ItemsIn(Path.Combine(estate, "activity", "entra"), "signIns"), lab.Store.SignIns.Count);
            Assert.Equal(ItemsIn(Path.Combine(estate, "activity", "entra"), "directoryAudits"), lab.Store.DirectoryAudits.Count);
        }

        [Fact]
        [Trait("Category", "Bench")]
        public async Task Hundred_thousand_generated_apps_load_in_seconds_and_page_at_full_speed()
        {
            const int total = 100_000;
            var dir = Directory.CreateTempSubdirectory("nhitools-graphlab-").FullName;
            try
            {
                var generate = Stopwatch.StartNew();
                EstateGenerator.Write(dir, new EstateOptions { EntraApps = total, AwsAccounts = 0, VaultCount = 0 });
                generate.Stop();

                await using var lab = new GraphLab(new GraphLabOptions { SeedAdminApp = false });
                // The application page files only: service principals, users and reports would add ~400,000 objects
                // to a suite that must stay fast (the full estate loads the same way, through lab.Seed(dir)).
                var load = Stopwatch.StartNew();
                var result = new NhiTools.Labs.Graph.Store.GraphSeedResult();
                foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "entra"), "applications-*.json").OrderBy(f => f))
                    NhiTools.Labs.Graph.Store.GraphSeeder.LoadFile(lab.Store, file, result);
                load.Stop();
                Assert.Equal(total, result.Items["applications"]);
                await lab.StartAsync();

                var client = GraphTestClient.Create(lab);
                var paging = Stopwatch.StartNew();
                var first = await client.Applications.GetAsync(rc =>
                {
                    rc.QueryParameters.Top = 999;
                    rc.QueryParameters.Select = new[] { "id", "displayName" };
                });
                var seen = new HashSet<string>();
                var duplicates = 0;
                await PageIterator<Application, ApplicationCollectionResponse>.CreatePageIterator(client, first, a =>
                {
                    if (!seen.Add(a.Id)) duplicates++;
                    return true;
                }).IterateAsync();
                paging.Stop();

                var serverMs = lab.Log.Where("applications.list").Sum(e => e.Duration.TotalMilliseconds);
                _output.WriteLine($"generate {generate.ElapsedMilliseconds} ms; load {result.Total} objects ({total} apps) in {result.Files} files: {load.ElapsedMilliseconds} ms; " +
                                  $"page with SDK: {paging.ElapsedMilliseconds} ms over {lab.Log.Count("applications.list")} requests, of which lab time {serverMs:F0} ms");
                Assert.Equal(total, seen.Count);
                Assert.Equal(0, duplicates);
                Assert.Equal((total + 998) / 999, lab.Log.Count("applications.list"));
                // Times are figures in the test output, not assertions: performance is measured, never asserted.
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
