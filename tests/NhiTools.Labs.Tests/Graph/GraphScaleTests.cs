using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using NhiTools.Labs.Graph;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Labs.Tests.Graph
{
    /// <summary>100,000 applications written as page files, loaded, and paged through with the SDK.</summary>
    public class GraphScaleTests
    {
        private readonly ITestOutputHelper _output;
        public GraphScaleTests(ITestOutputHelper output) { _output = output; }

        [Fact]
        public async Task Hundred_thousand_apps_load_in_seconds_and_page_at_full_speed()
        {
            const int total = 100_000, perFile = 999;
            var dir = Directory.CreateTempSubdirectory("nhitools-graphlab-").FullName;
            try
            {
                for (int start = 0, page = 1; start < total; start += perFile, page++)
                    File.WriteAllText(Path.Combine(dir, $"applications-{page:000}.json"),
                        GraphTestClient.Applications(Math.Min(perFile, total - start), start));

                await using var lab = new GraphLab(new GraphLabOptions { SeedAdminApp = false });
                var load = Stopwatch.StartNew();
                var result = lab.Seed(dir);
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
                _output.WriteLine($"load {total} apps: {load.ElapsedMilliseconds} ms; page with SDK: {paging.ElapsedMilliseconds} ms over {lab.Log.Count("applications.list")} requests, of which lab time {serverMs:F0} ms");
                Assert.Equal(total, seen.Count);
                Assert.Equal(0, duplicates);
                Assert.Equal((total + 998) / 999, lab.Log.Count("applications.list"));
                // Generous bounds: CI shares two cores with other suites. Measured numbers go to the test output.
                Assert.True(load.Elapsed < TimeSpan.FromSeconds(30), $"load took {load.Elapsed}");
                Assert.True(serverMs < 20_000, $"the lab spent {serverMs} ms serving pages");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
