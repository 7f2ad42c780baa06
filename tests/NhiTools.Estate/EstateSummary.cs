using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NhiTools.Estate
{
    /// <summary>What a run wrote: counts per "Provider/Kind" and every file (relative to OutputDirectory, '/' separated).</summary>
    public sealed class EstateSummary
    {
        public string OutputDirectory { get; internal set; }
        public IReadOnlyDictionary<string, int> Counts { get; internal set; }
        public int AccessKeys { get; internal set; }
        public IReadOnlyList<string> Files { get; internal set; }

        public int Count(string providerKind) => Counts.TryGetValue(providerKind, out var n) ? n : 0;

        /// <summary>Identities as EstateOptions counts them (an app and its SP are one; IAM human users count, as
        /// they are IAM users; Entra users and Microsoft's own resource service principals do not).</summary>
        public int Identities =>
            Count("Aws/IamUser") + Count("Aws/Human") + Count("Aws/IamRole") + Count("Entra/Application") + Count("Entra/AgentIdentityBlueprint")
            + Count("Entra/ManagedIdentity") + Count("Entra/ThirdParty") + Count("Entra/Legacy") + Count("Entra/AgentIdentity")
            + Count("KeyVault/Secret");

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append("Wrote ").Append(Files.Count).Append(" files to ").AppendLine(OutputDirectory);
            foreach (var kv in Counts.OrderBy(k => k.Key, System.StringComparer.Ordinal))
                sb.Append("  ").Append(kv.Key.PadRight(30)).Append(kv.Value).AppendLine();
            sb.Append("  ").Append("AccessKeys".PadRight(30)).Append(AccessKeys).AppendLine();
            sb.Append("  ").Append("Identities".PadRight(30)).Append(Identities).AppendLine();
            return sb.ToString();
        }
    }

    internal sealed class Counter
    {
        public readonly Dictionary<string, int> Counts = new Dictionary<string, int>();
        public int Keys;
        public void Add(string key) { Counts.TryGetValue(key, out var n); Counts[key] = n + 1; }
        public void AddKeys(int n) { Keys += n; }
    }
}
