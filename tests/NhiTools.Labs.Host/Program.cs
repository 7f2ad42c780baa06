using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Host
{
    /// <summary>
    /// dotnet run --project tests/NhiTools.Labs.Host -- --port 5100 --seed-path examples/estate [--seed 1] [--fault "op=... status=429"]
    /// Starts every registered lab, prints its URLs and fixed credentials, and runs until Ctrl+C.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            var context = new StandaloneLabContext { BasePort = 5100 };
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--port": context.BasePort = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed-path": context.SeedPath = Next(); break;
                    case "--seed": context.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--fault": context.FaultRules.Add(Next()); break;
                    case "-h": case "--help":
                        Console.WriteLine("NhiTools.Labs.Host --port 5100 [--seed-path DIR] [--seed N] [--fault RULE]...");
                        return 0;
                    default: Console.Error.WriteLine($"Unknown argument '{args[i]}'."); return 2;
                }
            }

            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            var started = new List<LabServer>();
            try
            {
                foreach (var lab in StandaloneLabs.Discover())
                {
                    var server = await lab.StartAsync(context, stop.Token);
                    started.Add(server);
                    foreach (var line in lab.Describe(server)) Console.WriteLine(line);
                }
                Console.WriteLine($"{started.Count} lab(s) running. Admin: <base>/_lab/log, <base>/_lab/faults. Ctrl+C to stop.");
                try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
                return 0;
            }
            finally
            {
                foreach (var server in started) await server.DisposeAsync();
            }
        }
    }
}
