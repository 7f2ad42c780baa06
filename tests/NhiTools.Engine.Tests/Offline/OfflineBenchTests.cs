using System;
using System.Diagnostics;
using System.Linq;
using NhiTools.Engine.Sources.Offline;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Offline
{
    /// <summary>
    /// Figures, not a timed assertion. Point NHI_BENCH_DIR at a generated estate
    /// (dotnet run --project tests/NhiTools.Estate -c Release -- --out /tmp/e100k --identities 100000) and run
    /// dotnet test --filter Category=Bench --logger "console;verbosity=detailed". Without it, the example estate is read.
    /// </summary>
    public class OfflineBenchTests
    {
        private readonly ITestOutputHelper _out;
        public OfflineBenchTests(ITestOutputHelper output) { _out = output; }

        [Fact]
        [Trait("Category", "Bench")]
        public void Streams_an_estate_and_reports_time_and_memory()
        {
            var dir = Environment.GetEnvironmentVariable("NHI_BENCH_DIR") ?? EstateTests.EstateDir();
            var host = new RecordingHost();
            GC.Collect();
            long allocatedBefore = GC.GetTotalAllocatedBytes();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            int identities = 0, credentials = 0;
            foreach (var id in new OfflineSource(host).Read(new[] { dir }))
            {
                identities++;
                credentials += id.Credentials.Length;
            }
            sw.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            _out.WriteLine($"{dir}: {identities} identities, {credentials} credentials, {host.Errors.Count} errors, {host.Warnings.Count} warnings");
            _out.WriteLine($"wall {sw.Elapsed.TotalSeconds:F2} s, cpu {cpuUsed.TotalSeconds:F2} s, allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576} MB, peak working set of the test host {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
            Assert.Empty(host.Errors);
            Assert.True(identities > 0);
        }
    }
}
