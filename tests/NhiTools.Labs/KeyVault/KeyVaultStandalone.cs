using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.KeyVault
{
    /// <summary>Key Vault (HTTPS) in the standalone host, on --port + 2, seeded with the first vault of seed/keyvault.</summary>
    public sealed class KeyVaultStandalone : IStandaloneLab
    {
        public int PortOffset => 2;

        public async Task<LabServer> StartAsync(StandaloneLabContext context, CancellationToken cancellationToken)
        {
            var lab = new KeyVaultLab(new KeyVaultLabOptions
            {
                Port = context.BasePort == 0 ? 0 : context.BasePort + PortOffset,
                Seed = context.Seed,
                // The Graph lab's tenant: a client-secret sign-in at the lab's token endpoint then also reaches the vault.
                TenantId = NhiTools.Labs.Graph.GraphLabCredentials.TenantId,
            });
            var dir = string.IsNullOrEmpty(context.SeedPath) ? null
                : Directory.Exists(Path.Combine(context.SeedPath, "keyvault")) ? Path.Combine(context.SeedPath, "keyvault") : context.SeedPath;
            if (dir != null && Directory.Exists(dir))
            {
                var vault = FirstVault(dir);
                lab.VaultOptions.VaultName = vault; // ids name the seeded vault, as its az export does
                var n = vault == null ? 0 : KeyVaultSeeder.LoadDirectory(lab.Store, dir, vault);
                context.Out.WriteLine($"KeyVault: seeded {n} secrets of vault {vault ?? "(none)"} from {dir} (values invented)");
            }
            foreach (var rule in context.FaultRules) lab.Faults.Add(rule);
            await lab.StartAsync(cancellationToken).ConfigureAwait(false);
            return lab;
        }

        static string FirstVault(string dir)
        {
            foreach (var f in Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories).OrderBy(x => x, StringComparer.Ordinal))
            {
                try
                {
                    using var doc = JsonDocument.Parse(File.ReadAllText(f));
                    if (doc.RootElement.ValueKind != JsonValueKind.Array) continue;
                    foreach (var e in doc.RootElement.EnumerateArray())
                        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                            && Uri.TryCreate(id.GetString(), UriKind.Absolute, out var u) && u.AbsolutePath.StartsWith("/secrets/", StringComparison.OrdinalIgnoreCase))
                            return u.Host.Split('.')[0];
                }
                catch (JsonException) { }
            }
            return null;
        }

        public IEnumerable<string> Describe(LabServer server)
        {
            var lab = (KeyVaultLab)server;
            yield return $"Key Vault  : {lab.BaseUrl}/   (HTTPS, TLS cert thumbprint {lab.Certificate?.Thumbprint}; any bearer token; SecretClientOptions.DisableChallengeResourceVerification = true)";
            yield return $"  challenge tenant : {lab.VaultOptions.TenantId}";
            if (lab.VaultOptions.VaultName != null) yield return $"  plays vault      : {lab.VaultOptions.VaultName} (ids https://{lab.VaultOptions.VaultName}.vault.azure.net/secrets/...)";
            var pem = Path.Combine(Path.GetTempPath(), $"nhitools-lab-{lab.Port}.pem");
            File.WriteAllText(pem, LabCertificate.ExportPublicPem(lab.Certificate));
            yield return $"  TLS cert (PEM)   : {pem}";
        }
    }
}
