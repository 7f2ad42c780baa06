using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    /// <summary>
    /// The live Entra ID source (Connect-NhiEntra): reads applications and service principals (see
    /// <see cref="EntraReader"/>), writes owners (<see cref="IOwnerWriter"/>), and offers the rotation
    /// primitives (add a marked password credential, remove one, find marked ones).
    /// </summary>
    public sealed partial class EntraSource : ILiveSource, IOwnerWriter, IDisposable
    {
        public const string DefaultEndpoint = "https://graph.microsoft.com/v1.0";
        private static readonly string[] LoopbackHosts = { "localhost", "127.0.0.1", "::1", "[::1]" };

        private readonly EntraGraph _graph;
        private readonly EntraConnectOptions _options;
        private readonly string _source;

        private EntraSource(EntraGraph graph, EntraConnectOptions options, EntraConnectionInfo info)
        {
            _graph = graph;
            _options = options;
            Connection = info;
            _source = IdentityOrigin.Live("entra", graph.BaseUrl);
        }

        public string Provider => "Entra";
        public EntraConnectionInfo Connection { get; }
        public string Description => Connection.ToString() + " (" + Connection.AuthenticationMethod + ")";

        /// <summary>Source[0] of every identity this source yields.</summary>
        public string SourceTag => _source;

        /// <summary>
        /// Builds the credential, gets one token (so a wrong secret or missing consent fails here, not in the
        /// middle of a read) and returns a connected source. Register it with <see cref="LiveSessions.Connect"/>.
        /// Host calls happen on the calling thread only (the device-code prompt is queued and written here).
        /// </summary>
        public static EntraSource Connect(EntraConnectOptions options, IHostContext host)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            host = host ?? NullHostContext.Instance;
            var endpoint = NormalizeEndpoint(options.Endpoint);
            var baseUri = new Uri(endpoint);
            if (options.AuthorityHost != null && !options.AuthorityHost.IsAbsoluteUri)
                throw EntraErrors.BadArgument("-AuthorityHost must be an absolute URI such as https://login.microsoftonline.us.", options.AuthorityHost);

            if (options.TokenHttpHandler == null && options.TrustedServerCertificate != null)
                options.TokenHttpHandler = KeyVault.KeyVaultCalls.Handler(null, options.TrustedServerCertificate);
            var prompts = new ConcurrentQueue<string>();
            var credential = EntraCredentials.Create(options, prompts.Enqueue, out var method);
            // Real Graph hosts use their own resource; a lab on loopback stands in for graph.microsoft.com.
            var scope = IsLoopback(baseUri.Host) ? "https://graph.microsoft.com/.default" : baseUri.Scheme + "://" + baseUri.Host + "/.default";

            AccessToken token;
            var task = Task.Run(() => credential.GetTokenAsync(new TokenRequestContext(new[] { scope }, tenantId: options.TenantId), host.CancellationToken).AsTask());
            try
            {
                while (!task.Wait(200))
                {
                    while (prompts.TryDequeue(out var p)) host.WriteWarning(p);
                    host.CancellationToken.ThrowIfCancellationRequested();
                }
                while (prompts.TryDequeue(out var p)) host.WriteWarning(p);
                token = task.Result;
            }
            catch (AggregateException ex) when (ex.InnerException is AuthenticationFailedException || ex.InnerException is CredentialUnavailableException)
            {
                // Azure.Identity messages name the failing credential and the reason; they never carry the secret.
                throw new NhiException(EntraErrors.AuthenticationFailed, NhiErrorCategory.AuthenticationError,
                    "Could not get a Microsoft Graph token (" + method + "): " + ex.InnerException.Message, options.TenantId, ex.InnerException);
            }
            catch (AggregateException ex) when (ex.InnerException is OperationCanceledException oce)
            {
                throw oce;
            }

            var claims = JwtClaims.Read(token.Token);
            var info = new EntraConnectionInfo
            {
                TenantId = claims?.TenantId ?? options.TenantId,
                ClientId = claims?.ClientId ?? options.ClientId,
                Endpoint = endpoint,
                AuthenticationMethod = method,
                Roles = claims?.Roles ?? Array.Empty<string>(),
                ConnectedOn = DateTime.UtcNow,
            };
            // Tokens go only to the Graph host itself (the SDK drops them for any other host).
            var auth = new AzureIdentityAuthenticationProvider(credential, new[] { baseUri.Host }, null, false, new[] { scope });
            var client = new GraphServiceClient(auth, endpoint);
            host.WriteVerbose("Connected to " + info + " with " + method + (info.Roles.Length > 0 ? "; roles: " + string.Join(", ", info.Roles) : "") + ".");
            return new EntraSource(new EntraGraph(client, endpoint), options, info);
        }

        /// <summary>https://graph.microsoft.com/v1.0 by default. The path must be the version root (/v1.0): $batch URLs are built relative to it.</summary>
        internal static string NormalizeEndpoint(Uri endpoint)
        {
            if (endpoint == null) return DefaultEndpoint;
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != "https" && endpoint.Scheme != "http"))
                throw EntraErrors.BadArgument($"-Endpoint '{endpoint}' must be an absolute http(s) URL such as https://graph.microsoft.com/v1.0.", endpoint);
            if (endpoint.Scheme == "http" && !IsLoopback(endpoint.Host))
                throw EntraErrors.BadArgument($"-Endpoint '{endpoint}' must use https (plain http is allowed for loopback test servers only).", endpoint);
            var path = endpoint.AbsolutePath.TrimEnd('/');
            if (path.Length == 0) path = "/v1.0";
            if (path != "/v1.0")
                throw EntraErrors.BadArgument($"-Endpoint '{endpoint}' must end in /v1.0 (the Graph version root), with no other path.", endpoint);
            return endpoint.GetLeftPart(UriPartial.Authority) + path;
        }

        private static bool IsLoopback(string host) =>
            LoopbackHosts.Contains(host, StringComparer.OrdinalIgnoreCase) || IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);

        public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options) =>
            new EntraReader(_graph, _options, _source).Read(host, options ?? new LiveReadOptions());

        private RetryBudget WriteBudget() => new RetryBudget(TimeSpan.FromMinutes(2), _options.MaxAttempts, _options.MaxRequestWait);

        /// <summary>Runs async Graph work on the calling (pipeline) thread; retry notices go to the host as verbose lines afterwards.</summary>
        private T Sync<T>(Func<Action<RetryNotice>, CancellationToken, Task<T>> work, IHostContext host)
        {
            host = host ?? NullHostContext.Instance;
            var notices = new ConcurrentQueue<RetryNotice>();
            try
            {
                return Task.Run(() => work(notices.Enqueue, host.CancellationToken)).GetAwaiter().GetResult();
            }
            finally
            {
                while (notices.TryDequeue(out var r))
                {
                    if (r.Trace != null) host.WriteDebug(r.Trace);
                    else if (r.Delay > RetryNotice.WarnAfter) host.WriteWarning(r.Describe());
                    else host.WriteVerbose(r.Describe());
                }
            }
        }

        public void Dispose() => _graph.Dispose();
    }
}
