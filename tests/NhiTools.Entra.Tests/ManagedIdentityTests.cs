using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Entra.Tests
{
    /// <summary>
    /// -ManagedIdentity in an Azure Automation sandbox: the sandbox sets IDENTITY_ENDPOINT and IDENTITY_HEADER and
    /// answers token requests on a local endpoint. A stand-in endpoint answers with a token the lab accepts.
    /// </summary>
    [Collection("environment")] // changes process environment variables
    public sealed class ManagedIdentityTests
    {
        [Fact]
        public async Task ManagedIdentity_uses_IDENTITY_ENDPOINT_and_IDENTITY_HEADER_as_Azure_Automation_sets_them()
        {
            int port;
            using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; probe.Stop(); }
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            string seenHeader = null, seenResource = null;
            using var stop = new CancellationTokenSource();
            var server = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    HttpListenerContext c;
                    try { c = await listener.GetContextAsync(); } catch { return; }
                    seenHeader = c.Request.Headers["X-IDENTITY-HEADER"];
                    seenResource = c.Request.QueryString["resource"];
                    var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
                    var body = Encoding.UTF8.GetBytes($"{{\"access_token\":\"{GraphLabCredentials.StaticToken}\",\"expires_on\":\"{expires}\",\"resource\":\"{seenResource}\",\"token_type\":\"Bearer\"}}");
                    c.Response.ContentType = "application/json";
                    await c.Response.OutputStream.WriteAsync(body);
                    c.Response.Close();
                }
            });

            var oldEndpoint = Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT");
            var oldHeader = Environment.GetEnvironmentVariable("IDENTITY_HEADER");
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", $"http://127.0.0.1:{port}/msi/token");
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", "automation-sandbox-header");
            try
            {
                await using var lab = await EntraLab.StartAsync(EntraLab.SeedDir);
                var host = new RecordingHost();
                using var source = EntraSource.Connect(new EntraConnectOptions { ManagedIdentity = true, Endpoint = new Uri(lab.GraphBaseUrl) }, host);
                Assert.Equal("ManagedIdentity", source.Connection.AuthenticationMethod);
                Assert.Equal(10, EntraLab.ReadLive(source, host).Count);
                Assert.Equal("automation-sandbox-header", seenHeader);
                Assert.Equal("https://graph.microsoft.com", seenResource);
                Assert.DoesNotContain(host.AllText(), t => t.Contains(GraphLabCredentials.StaticToken));
            }
            finally
            {
                Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", oldEndpoint);
                Environment.SetEnvironmentVariable("IDENTITY_HEADER", oldHeader);
                stop.Cancel();
                listener.Stop();
            }
        }
    }
}
