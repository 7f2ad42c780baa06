using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Graph
{
    /// <summary>Graph in the standalone host: http on --port, the token endpoint (TLS) on --port + 3.</summary>
    public sealed class GraphStandalone : IStandaloneLab
    {
        public int PortOffset => 0;

        public async Task<LabServer> StartAsync(StandaloneLabContext context, CancellationToken cancellationToken)
        {
            var options = new GraphLabOptions
            {
                Port = context.BasePort,
                SecondaryHttpsPort = context.BasePort == 0 ? 0 : context.BasePort + 3,
                Seed = context.Seed,
            };
            var lab = new GraphLab(options);
            if (!string.IsNullOrEmpty(context.SeedPath))
            {
                var result = lab.Seed(context.SeedPath);
                context.Out.WriteLine($"Graph: seeded {result.Total} objects from {result.Files} file(s) under {context.SeedPath}" +
                                      (result.Skipped.Count > 0 ? $" ({result.Skipped.Count} non-Graph file(s) skipped)" : ""));
            }
            foreach (var rule in context.FaultRules) lab.Faults.Add(rule);
            await lab.StartAsync(cancellationToken).ConfigureAwait(false);
            return lab;
        }

        public IEnumerable<string> Describe(LabServer server)
        {
            var lab = (GraphLab)server;
            yield return $"Graph v1.0 : {lab.GraphBaseUrl}";
            yield return $"Graph beta : {lab.BetaBaseUrl}";
            yield return $"Authority  : {lab.AuthorityHost}   (token: {lab.AuthorityHost}/{lab.TenantId}/oauth2/v2.0/token; TLS cert thumbprint {lab.Certificate?.Thumbprint})";
            yield return $"  tenant id     : {lab.TenantId}";
            yield return $"  client id     : {GraphLabCredentials.AdminClientId}   (NhiTools Lab Admin)";
            yield return $"  client secret : {GraphLabCredentials.AdminClientSecret}";
            yield return $"  static bearer : {GraphLabCredentials.StaticToken}";
            var pem = Path.Combine(Path.GetTempPath(), $"nhitools-lab-{lab.Port}.pem");
            File.WriteAllText(pem, LabCertificate.ExportPublicPem(lab.Certificate));
            yield return $"  TLS cert (PEM): {pem}";
        }
    }
}
