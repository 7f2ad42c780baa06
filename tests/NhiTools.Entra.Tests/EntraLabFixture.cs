using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading.Tasks;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Labs.Graph;

namespace NhiTools.Entra.Tests
{
    internal static class EntraLab
    {
        public static string SeedDir => Path.Combine(AppContext.BaseDirectory, "TestData", "entra-seed");

        public static async Task<GraphLab> StartAsync(string seed = null, Action<GraphLabOptions> configure = null)
        {
            var options = new GraphLabOptions { SeedAdminApp = false, SeedPath = seed };
            configure?.Invoke(options);
            var lab = new GraphLab(options);
            try { await lab.StartAsync(); }
            catch { await lab.DisposeAsync(); throw; }
            return lab;
        }

        public static SecureString Secure(string s)
        {
            var ss = new SecureString();
            foreach (var c in s) ss.AppendChar(c);
            ss.MakeReadOnly();
            return ss;
        }

        public static EntraSource Connect(GraphLab lab, RecordingHost host = null, Action<EntraConnectOptions> configure = null)
        {
            var options = new EntraConnectOptions
            {
                Endpoint = new Uri(lab.GraphBaseUrl),
                AccessToken = Secure(GraphLabCredentials.StaticToken),
            };
            configure?.Invoke(options);
            return EntraSource.Connect(options, host ?? new RecordingHost());
        }

        public static List<Identity> ReadLive(EntraSource source, RecordingHost host = null) =>
            source.Read(host ?? new RecordingHost(), new LiveReadOptions()).ToList();

        public static List<Identity> ReadOffline(string path) =>
            new OfflineSource(new RecordingHost()).Read(new[] { path }).Where(i => i.Provider == "Entra").ToList();

        /// <summary>Everything an identity says except where it was read from, as comparable text.</summary>
        public static string Describe(Identity i)
        {
            string D(DateTime? d) => d?.ToString("o") ?? "-";
            var lines = new List<string>
            {
                $"{i.Id} kind={i.Kind} name={i.Name} account={i.Account} native={i.NativeId} enabled={i.Enabled} thirdParty={i.ThirdParty} env={i.Environment} created={D(i.CreatedOn)} lastUsed={D(i.LastUsedOn)} notes={i.Notes}",
                "  owners=" + string.Join(",", i.Owners.OrderBy(o => o, StringComparer.OrdinalIgnoreCase)),
                "  states=" + string.Join(",", i.OwnerStates.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase).Select(k => k.Key + ":" + k.Value)),
                "  tags=" + string.Join(",", i.Tags.OrderBy(k => k.Key, StringComparer.OrdinalIgnoreCase).Select(k => k.Key + "=" + k.Value)),
                "  systems=" + string.Join(",", i.Systems),
            };
            foreach (var c in i.Credentials.OrderBy(c => c.Id))
                lines.Add($"  cred {c.Id} {c.Type} '{c.DisplayName}' hint={c.Hint} created={D(c.CreatedOn)} expires={D(c.ExpiresOn)} lastUsed={D(c.LastUsedOn)} never={c.NeverUsed}");
            foreach (var p in i.Permissions.OrderBy(p => p.Name).ThenBy(p => p.Resource))
                lines.Add($"  perm {p.Name} on {p.Resource} {p.Type} via={p.Via} admin={p.AdminEquivalent}");
            return string.Join("\n", lines);
        }

        public static string DescribeAll(IEnumerable<Identity> ids) =>
            string.Join("\n", ids.OrderBy(i => i.Id, StringComparer.Ordinal).Select(Describe));
    }
}
