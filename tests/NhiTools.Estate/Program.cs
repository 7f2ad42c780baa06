using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace NhiTools.Estate
{
    internal static class Program
    {
        private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

        private const string Usage =
            "Usage:\n" +
            "  NhiTools.Estate --out <dir> --identities <N> [--seed <S>] [--page-size <n>]\n" +
            "  NhiTools.Estate --out <dir> [--identities <N>] [--aws-accounts n] [--iam-users n] [--iam-roles n] [--entra-apps n]\n" +
            "                  [--managed-identities n] [--third-party n] [--vaults n] [--secrets n]   (per account / per vault; override the split)\n" +
            "  NhiTools.Estate --example --out <dir> [--planted <planted.json>] [--planted-md <table.md>]\n";

        private static int Main(string[] args)
        {
            string outDir = null, planted = null, plantedMd = null;
            int identities = -1, seed = 1, pageSize = 999;
            bool example = false;
            var overrides = new System.Collections.Generic.List<Action<EstateOptions>>();
            try
            {
                for (int i = 0; i < args.Length; i++)
                {
                    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value.");
                    switch (args[i])
                    {
                        case "--out": outDir = Next(); break;
                        case "--identities": identities = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--page-size": pageSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                        case "--example": example = true; break;
                        case "--aws-accounts": { int v = Int(Next()); overrides.Add(o => o.AwsAccounts = v); break; }
                        case "--iam-users": { int v = Int(Next()); overrides.Add(o => o.IamUsersPerAccount = v); break; }
                        case "--iam-roles": { int v = Int(Next()); overrides.Add(o => o.IamRolesPerAccount = v); break; }
                        case "--entra-apps": { int v = Int(Next()); overrides.Add(o => o.EntraApps = v); break; }
                        case "--managed-identities": { int v = Int(Next()); overrides.Add(o => o.ManagedIdentities = v); break; }
                        case "--third-party": { int v = Int(Next()); overrides.Add(o => o.ThirdPartyApps = v); break; }
                        case "--vaults": { int v = Int(Next()); overrides.Add(o => o.VaultCount = v); break; }
                        case "--secrets": { int v = Int(Next()); overrides.Add(o => o.SecretsPerVault = v); break; }
                        case "--planted": planted = Next(); break;
                        case "--planted-md": plantedMd = Next(); break;
                        case "-h": case "--help": Console.Out.Write(Usage); return 0;
                        default: throw new ArgumentException("Unknown argument " + args[i]);
                    }
                }
                if (outDir == null || (!example && identities < 0 && overrides.Count == 0)) throw new ArgumentException("--out and --identities or counts (or --example) are required.");

                var sw = Stopwatch.StartNew();
                EstateSummary summary;
                if (example)
                {
                    summary = EstateGenerator.WriteExample(outDir);
                    var cases = EstateGenerator.ExamplePlanted();
                    if (planted != null) EstateGenerator.WritePlantedJson(planted, cases);
                    if (plantedMd != null) File.WriteAllText(plantedMd, EstateGenerator.PlantedMarkdown(cases));
                }
                else
                {
                    var o = EstateOptions.ForTotal(Math.Max(0, identities), seed);
                    o.GraphPageSize = pageSize;
                    foreach (var apply in overrides) apply(o);
                    summary = EstateGenerator.Write(outDir, o);
                }
                sw.Stop();
                Console.Out.Write(summary.ToString());
                Console.Out.WriteLine("Elapsed " + sw.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s, peak working set "
                    + (Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is IOException)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.Write(Usage);
                return 2;
            }
        }
    }
}
