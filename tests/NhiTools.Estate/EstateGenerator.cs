using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NhiTools.Estate.Formats;

namespace NhiTools.Estate
{
    /// <summary>Writes estates in the real export formats NhiTools imports offline.</summary>
    public static class EstateGenerator
    {
        private static readonly string[] OwnedFolders = { "aws", "entra", "keyvault" };

        /// <summary>A synthetic estate with a realistic spread of problems (benchmarks, lab seeding).</summary>
        public static EstateSummary Write(string outDir, EstateOptions o)
        {
            if (o == null) throw new ArgumentNullException(nameof(o));
            o.Validate();
            var syn = new Synthetic(o.Seed, o.AsOf, healthy: false) { UserPool = Math.Max(10, o.EntraApps / 8 + 5) };
            var estate = new Estate { AsOf = o.AsOf, GraphPageSize = o.GraphPageSize, IndentGraph = false };
            for (int a = 0; a < o.AwsAccounts; a++) estate.Accounts.Add(syn.Account(a, o.IamUsersPerAccount, o.IamRolesPerAccount));

            var graph = syn.GraphResource();
            int users = syn.UserPool;
            estate.Tenant = new Tenant
            {
                TenantId = Catalog.TenantId, Domain = Catalog.Domain,
                AppCount = o.EntraApps, Apps = () => Enumerable.Range(0, o.EntraApps).Select(syn.App),
                OtherSpCount = 1 + o.ManagedIdentities + o.ThirdPartyApps,
                OtherSps = () => new[] { graph }
                    .Concat(Enumerable.Range(0, o.ManagedIdentities).Select(i => syn.ManagedIdentity(i)))
                    .Concat(Enumerable.Range(0, o.ThirdPartyApps).Select(syn.ThirdParty)),
                UserCount = users, Users = () => Enumerable.Range(0, users).Select(syn.EntraUserAt),
            };
            for (int v = 0; v < o.VaultCount; v++) estate.Vaults.Add(syn.Vault(v, o.SecretsPerVault));
            return WriteEstate(outDir, estate);
        }

        /// <summary>The committed example estate (examples/estate): healthy filler plus every planted case.</summary>
        public static EstateSummary WriteExample(string outDir) => WriteEstate(outDir, new ExampleEstate().Build());

        /// <summary>The example estate's answer key (what NhiTools should report at 2026-11-01).</summary>
        public static IReadOnlyList<PlantedCase> ExamplePlanted()
        {
            var ex = new ExampleEstate();
            ex.Build();
            return ex.Planted;
        }

        public static void WritePlantedJson(string path, IEnumerable<PlantedCase> cases)
        {
            var options = new JsonSerializerOptions
            {
                WriteIndented = true,
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                NewLine = "\n",
            };
            File.WriteAllText(path, JsonSerializer.Serialize(cases.ToList(), options) + "\n", new UTF8Encoding(false));
        }

        /// <summary>Markdown table of the answer key, for examples/README.md.</summary>
        public static string PlantedMarkdown(IEnumerable<PlantedCase> cases)
        {
            var sb = new StringBuilder();
            sb.Append("| Name | Identity id | File | What is wrong | Rules (at least) | Rotation |\n");
            sb.Append("|---|---|---|---|---|---|\n");
            foreach (var c in cases)
            {
                sb.Append("| `").Append(c.Name).Append("` | `").Append(c.IdentityId).Append("` | `").Append(c.File).Append("` | ")
                  .Append(c.Note.Replace("|", "\\|")).Append(" | ")
                  .Append(c.Rules.Count == 0 ? "none (control)" : string.Join(", ", c.Rules)).Append(" | ")
                  .Append(c.RotationStatus ?? "").Append(" |\n");
            }
            return sb.ToString();
        }

        internal static EstateSummary WriteEstate(string outDir, Estate estate)
        {
            if (string.IsNullOrWhiteSpace(outDir)) throw new ArgumentException("An output directory is required.", nameof(outDir));
            Directory.CreateDirectory(outDir);
            // Only our own folders are cleared, so a smaller re-run never leaves stale page files behind.
            foreach (var f in OwnedFolders)
            {
                string p = Path.Combine(outDir, f);
                if (Directory.Exists(p)) Directory.Delete(p, true);
            }
            var output = new Output(outDir);
            var counter = new Counter();
            foreach (var a in estate.Accounts) AwsWriter.Write(output, a, counter);
            if (estate.Tenant != null) GraphWriter.Write(output, estate, counter);
            foreach (var v in estate.Vaults) KeyVaultWriter.Write(output, v, counter);
            counter.Counts["Aws/Account"] = estate.Accounts.Count;
            counter.Counts["KeyVault/Vault"] = estate.Vaults.Count;
            return new EstateSummary
            {
                OutputDirectory = output.Root,
                Counts = new SortedDictionary<string, int>(counter.Counts, StringComparer.Ordinal),
                AccessKeys = counter.Keys,
                Files = output.Files.ToList(),
            };
        }
    }
}
