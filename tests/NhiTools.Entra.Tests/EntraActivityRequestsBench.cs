using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Entra;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Entra.Tests
{
    /// <summary>
    /// Requests the live Entra activity path sends per identity (tests/bench/activity.md, "The live path"): one identity,
    /// many, the whole tenant, against a lab seeded with a synthetic tenant of 200 workloads. Counts are asserted
    /// (they are the design: 2 listings per identity up to the limit, 3 listings for the tenant); times only printed.
    /// </summary>
    [Trait("Category", "Bench")]
    public class EntraActivityRequestsBench
    {
        private const int Apps = 160, Managed = 40, SignInsEach = 50, AuditsEach = 5;
        private readonly ITestOutputHelper _out;

        public EntraActivityRequestsBench(ITestOutputHelper output) { _out = output; }

        private static string AppId(int n) => "00000000-0000-4000-8000-" + n.ToString("x12", CultureInfo.InvariantCulture);
        private static string SpId(int n) => "00000000-0000-4000-9000-" + n.ToString("x12", CultureInfo.InvariantCulture);

        private static Identity IdentityOf(int n) => n < Apps
            ? new Identity { Id = "entra:app:" + AppId(n), Provider = "Entra", Kind = IdentityKind.Application, Name = "app-" + n, NativeId = AppId(n) }
            : new Identity { Id = "entra:sp:" + SpId(n), Provider = "Entra", Kind = IdentityKind.ManagedIdentity, Name = "mi-" + n, NativeId = SpId(n) };

        private static (string signIns, string audits) Tenant()
        {
            var start = new DateTime(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc);
            var s = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns\",\"value\":[");
            var a = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits\",\"value\":[");
            int k = 0;
            for (int e = 0; e < SignInsEach; e++)
                for (int n = 0; n < Apps + Managed; n++, k++)
                {
                    var type = n < Apps ? "servicePrincipal" : "managedIdentity";
                    if (k > 0) s.Append(',');
                    s.Append("{\"id\":\"").Append(Guid.NewGuid()).Append("\",\"createdDateTime\":\"").Append(start.AddMinutes(-k).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                     .Append("\",\"appId\":\"").Append(AppId(n)).Append("\",\"servicePrincipalId\":\"").Append(SpId(n)).Append("\",\"servicePrincipalName\":\"w-").Append(n)
                     .Append("\",\"ipAddress\":\"10.0.").Append(n % 250).Append(".7\",\"resourceDisplayName\":\"Microsoft Graph\",\"signInEventTypes\":[\"").Append(type)
                     .Append("\"],\"status\":{\"errorCode\":0}}");
                }
            for (int e = 0, j = 0; e < AuditsEach; e++)
                for (int n = 0; n < Apps + Managed; n++, j++)
                {
                    if (j > 0) a.Append(',');
                    a.Append("{\"id\":\"Directory_").Append(Guid.NewGuid()).Append("\",\"category\":\"ApplicationManagement\",\"result\":\"success\",\"activityDisplayName\":\"Update application\",\"activityDateTime\":\"")
                     .Append(start.AddMinutes(-j).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\",\"loggedByService\":\"Core Directory\",\"initiatedBy\":{\"user\":null,\"app\":{\"appId\":\"")
                     .Append(AppId(n)).Append("\",\"servicePrincipalId\":\"").Append(SpId(n)).Append("\",\"displayName\":\"").Append(n < Apps ? "app-" : "mi-").Append(n).Append("\"}},\"targetResources\":[]}");
                }
            return (s.Append("]}").ToString(), a.Append("]}").ToString());
        }

        [Theory]
        [InlineData(1)]
        [InlineData(5)]
        [InlineData(20)]
        [InlineData(21)]
        [InlineData(200)]
        [InlineData(0)] // whole tenant
        public async Task Requests_per_identity(int identities)
        {
            await using var lab = await EntraLab.StartAsync();
            var (signIns, audits) = Tenant();
            lab.SeedJson(signIns);
            lab.SeedJson(audits);
            using var source = EntraLab.Connect(lab);
            // Spread the picks over apps and managed identities (every 10th is a managed identity).
            var picked = Enumerable.Range(0, identities).Select(i => IdentityOf(identities == 200 ? i : (i % 10 == 9 ? Apps + i : i))).ToArray();
            var q = new ActivityQuery { From = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), Identities = picked };
            lab.Log.Clear();

            var clock = Stopwatch.StartNew();
            var got = source.ReadActivity(new RecordingHost(), q).Count();
            clock.Stop();

            int requests = lab.Log.Entries.Count;
            int expectedEvents = (identities == 0 ? Apps + Managed : identities) * (SignInsEach + AuditsEach);
            Assert.Equal(expectedEvents, got);
            if (identities >= 1 && identities <= EntraSource.PerIdentityLimit) Assert.Equal(2 * identities, requests);
            else Assert.Equal((int)Math.Ceiling(Apps * SignInsEach / 999.0) + (int)Math.Ceiling(Managed * SignInsEach / 999.0) + (int)Math.Ceiling((Apps + Managed) * AuditsEach / 999.0), requests);
            var load = System.IO.File.Exists("/proc/loadavg") ? System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            _out.WriteLine($"| {(identities == 0 ? "whole tenant (200)" : identities.ToString(CultureInfo.InvariantCulture))} | {got} | {requests} | {(identities == 0 ? requests / 200.0 : requests / (double)identities):0.00} | {clock.ElapsedMilliseconds} ms | {load} |");
        }
    }
}
