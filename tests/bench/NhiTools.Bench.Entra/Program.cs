using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading.Tasks;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Entra.Tests;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph;

// dotnet run -c Release --project tests/bench/NhiTools.Bench.Entra -- [--apps 5000,50000] [--latency-ms 30] [--baseline-limit N]
// For each size: GraphLab with fixed latency, n apps + their service principals (1% with 25 owners), then
//  1. NhiTools (EntraSource.Read, the engine behind Get-NhiIdentity -Provider Entra), and
//  2. the baseline: tests/bench/Baseline-ExpiringSecrets.ps1 (Invoke-RestMethod per app, the pattern of Microsoft's
//     expiring-secrets sample) in a fresh pwsh - optionally on the first N apps only, extrapolated linearly.
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var sizes = new[] { 5000, 50000 };
        int latency = 30, baselineLimit = int.MaxValue;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--apps") sizes = args[++i].Split(',').Select(int.Parse).ToArray();
            else if (args[i] == "--latency-ms") latency = int.Parse(args[++i]);
            else if (args[i] == "--baseline-limit") baselineLimit = int.Parse(args[++i]);
        }
        var repo = FindRepo();
        Console.WriteLine($"| apps | tool | requests | wall time | notes |");
        Console.WriteLine($"|---:|---|---:|---:|---|");
        foreach (var n in sizes)
        {
            var options = new GraphLabOptions { SeedAdminApp = false, Latency = new LatencyOptions { Fixed = TimeSpan.FromMilliseconds(latency) } };
            await using var lab = new GraphLab(options);
            await lab.StartAsync();
            Synthetic.Seed(lab, n, wideOwnerApps: n / 100, ownersEach: 25);

            // 1. NhiTools
            var token = new SecureString();
            foreach (var c in GraphLabCredentials.StaticToken) token.AppendChar(c);
            using var source = EntraSource.Connect(new EntraConnectOptions { Endpoint = new Uri(lab.GraphBaseUrl), AccessToken = token }, NullHostContext.Instance);
            lab.Log.Clear();
            var sw = Stopwatch.StartNew();
            int count = source.Read(NullHostContext.Instance, new LiveReadOptions()).Count();
            sw.Stop();
            int top = lab.Log.Count(e => e.Parent == null), items = lab.Log.Count(e => e.Parent != null);
            int batches = lab.Log.Count("batch");
            Console.WriteLine($"| {n:N0} | NhiTools | {top:N0} | {sw.Elapsed.TotalSeconds:0.0} s | {count:N0} identities; {batches} $batch requests carrying {items} owner lookups |");

            // 2. Baseline, in a fresh pwsh
            lab.Log.Clear();
            var limit = Math.Min(n, baselineLimit);
            var psi = new ProcessStartInfo("dotnet", $"pwsh -NoLogo -NoProfile -NonInteractive -File \"{Path.Combine(repo, "tests/bench/Baseline-ExpiringSecrets.ps1")}\" -Graph {lab.GraphBaseUrl} -Token {GraphLabCredentials.StaticToken} -Limit {limit}")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            sw.Restart();
            using (var p = Process.Start(psi))
            {
                var output = await p.StandardOutput.ReadToEndAsync();
                await p.WaitForExitAsync();
                sw.Stop();
                var rows = output.Trim().Split('\n').LastOrDefault()?.Trim();
                int requests = lab.Log.Count();
                if (limit < n)
                {
                    // Per-app owner calls dominate: scale that part linearly from the apps measured.
                    var listPages = lab.Log.Count("applications.list");
                    var perApp = (sw.Elapsed.TotalSeconds) / limit;
                    Console.WriteLine($"| {n:N0} | baseline (per-app Invoke-RestMethod) | {listPages + n:N0} (est.) | {perApp * n:0} s (est.) | measured {limit:N0} apps in {sw.Elapsed.TotalSeconds:0.0} s ({requests:N0} requests), scaled to {n:N0} |");
                }
                else
                    Console.WriteLine($"| {n:N0} | baseline (per-app Invoke-RestMethod) | {requests:N0} | {sw.Elapsed.TotalSeconds:0.0} s | {rows} |");
            }
        }
        return 0;
    }

    private static string FindRepo()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "NhiTools.psd1"))) d = d.Parent;
        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
