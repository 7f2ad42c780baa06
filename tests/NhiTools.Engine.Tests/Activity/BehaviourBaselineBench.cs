using System;
using System.Diagnostics;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>
    /// How fast the behaviour baseline folds events, and how much it keeps: 2 million CloudTrail-shaped events over
    /// 20,000 identities, one in a thousand planted with a new network. Prints the numbers; asserts what it found.
    /// </summary>
    public class BehaviourBaselineBench
    {
        private readonly ITestOutputHelper _out;
        public BehaviourBaselineBench(ITestOutputHelper output) { _out = output; }

        [Fact]
        [Trait("Category", "Bench")]
        public void Two_million_events_over_20000_identities()
        {
            const int identities = 20000, events = 2000000;
            var asOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
            var ids = Enumerable.Range(0, identities).Select(i => "aws:arn:aws:iam::111122223333:user/svc-" + i).ToArray();
            var ips = Enumerable.Range(0, identities).Select(i => "10." + (i / 256 % 256) + "." + (i % 256) + ".7").ToArray();
            var keys = Enumerable.Range(0, identities).Select(i => "AKIA" + i.ToString("D16")).ToArray();
            long before = GC.GetTotalMemory(true);
            var b = new BehaviourBaseline();
            var a = new NhiTools.Activity { Provider = "Aws", Origin = ActivityOrigins.CloudTrail, Action = "s3:GetObject", Region = "us-east-1", Result = "Success" };
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (int n = 0; n < events; n++)
            {
                int i = n % identities;
                a.IdentityId = ids[i];
                a.CredentialId = keys[i];
                a.When = asOf.AddDays(-90).AddSeconds((double)n * 90 * 86400 / events);
                a.From = i % 1000 == 0 && n >= events - identities ? "203.0.113.9" : ips[i];
                b.Observe(a);
            }
            clock.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            long after = GC.GetTotalMemory(true);
            var found = b.Anomalies(asOf);
            // CPU time too: on a shared machine the wall clock mostly measures the others.
            _out.WriteLine(events + " events in " + clock.ElapsedMilliseconds + " ms wall, " + (long)cpu.TotalMilliseconds + " ms CPU: " + (long)(events / clock.Elapsed.TotalSeconds) + " events/s wall, "
                + (long)(events / cpu.TotalSeconds) + " events/s CPU; load average " + LoadAverage() + "; baseline holds "
                + (after - before) / (1024 * 1024) + " MB for " + b.Identities + " identities; " + found.Count + " anomalies.");
            Assert.Equal(identities, b.Identities);
            Assert.Equal(identities / 1000, found.Count(x => x.Kind == AnomalyKind.NewNetwork));
            GC.KeepAlive(b);
        }

        private static string LoadAverage()
        {
            try { return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { return "unknown"; }
        }
    }
}
