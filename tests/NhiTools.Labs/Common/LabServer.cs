using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace NhiTools.Labs.Common
{
    /// <summary>
    /// Base of every lab: Kestrel on 127.0.0.1 (port given or 0), optional HTTPS with a certificate made at start,
    /// latency and fault injection around each operation, and a request log. A lab supplies two things:
    /// <see cref="ResolveAsync"/> (request → operation name + handler) and <see cref="WriteErrorAsync"/> (its
    /// protocol's error shape). Start with <see cref="StartAsync"/>; dispose to stop.
    /// </summary>
    public abstract class LabServer : IAsyncDisposable, IDisposable
    {
        private readonly object _latencyGate = new object();
        private readonly Random _latencyRandom;
        private WebApplication _app;
        private X509Certificate2 _certificate;

        protected LabServer(LabServerOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            Faults = new FaultInjector(options.Seed);
            _latencyRandom = new Random(unchecked(options.Seed * 7919 + 17));
        }

        public LabServerOptions Options { get; }
        public RequestLog Log { get; } = new RequestLog();
        public FaultInjector Faults { get; }
        public TimeProvider Clock => Options.Clock ?? TimeProvider.System;

        /// <summary>Primary listener, e.g. "http://127.0.0.1:5100" (no trailing slash). Set once started.</summary>
        public string BaseUrl { get; private set; }
        /// <summary>The HTTPS listener (primary when <see cref="LabServerOptions.Https"/>, else the secondary one), or null.</summary>
        public string HttpsBaseUrl { get; private set; }
        public int Port { get; private set; }
        /// <summary>The run-time TLS certificate, or null when the lab has no HTTPS listener.</summary>
        public X509Certificate2 Certificate => _certificate;
        public bool IsRunning => _app != null;

        /// <summary>Short name for logs and the standalone host ("Graph", "IAM", "KeyVault").</summary>
        public abstract string Name { get; }

        /// <summary>Maps a request to an operation. Called once per request (and per $batch item).</summary>
        protected abstract ValueTask<LabOperation> ResolveAsync(HttpContext context);

        /// <summary>Writes an error in the lab's protocol shape (status, headers, body).</summary>
        protected abstract Task WriteErrorAsync(HttpContext context, LabError error);

        /// <summary>Extra services for the lab's Kestrel host (rarely needed).</summary>
        protected virtual void ConfigureServices(IServiceCollection services) { }

        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (_app != null) throw new InvalidOperationException($"{Name} lab is already running.");
            if (Options.Https || Options.SecondaryHttpsPort.HasValue) _certificate = Options.Certificate ?? LabCertificate.Shared;

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
                k.Listen(IPAddress.Loopback, Options.Port, lo => { if (Options.Https) lo.UseHttps(_certificate); });
                if (Options.SecondaryHttpsPort.HasValue)
                    k.Listen(IPAddress.Loopback, Options.SecondaryHttpsPort.Value, lo => lo.UseHttps(_certificate));
            });
            ConfigureServices(builder.Services);
            var app = builder.Build();
            app.Run(HandleTopLevelAsync);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _app = app;

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses
                .Select(a => a.TrimEnd('/')).ToList();
            var primaryScheme = Options.Https ? "https://" : "http://";
            // With both listeners on https, the primary is the one bound first.
            BaseUrl = addresses.First(a => a.StartsWith(primaryScheme, StringComparison.OrdinalIgnoreCase));
            Port = new Uri(BaseUrl).Port;
            if (Options.Https) HttpsBaseUrl = BaseUrl;
            else if (Options.SecondaryHttpsPort.HasValue)
                HttpsBaseUrl = addresses.First(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
            OnStarted();
        }

        /// <summary>Called once the listeners are bound and the URLs are known.</summary>
        protected virtual void OnStarted() { }

        public async Task StopAsync()
        {
            var app = Interlocked.Exchange(ref _app, null);
            if (app == null) return;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try { await app.StopAsync(timeout.Token).ConfigureAwait(false); }
            finally { await app.DisposeAsync().ConfigureAwait(false); }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
            GC.SuppressFinalize(this);
        }

        public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

        /// <summary>An HttpClientHandler that trusts this lab's certificate (and only it, beyond the normal chain).</summary>
        public HttpClientHandler CreateTrustingHandler()
        {
            if (_certificate == null) return new HttpClientHandler();
            return LabCertificate.CreateTrustingHandler(_certificate);
        }

        private Task HandleTopLevelAsync(HttpContext context)
        {
            if (Options.AdminEndpoints && context.Request.Path.StartsWithSegments("/_lab"))
                return HandleAdminAsync(context);
            return ExecuteAsync(context, parent: null, batchItemId: null);
        }

        /// <summary>
        /// Runs one request through latency, faults, the handler and the log. A lab that dispatches sub-requests
        /// (Graph $batch) calls it with a <see cref="NestedRequest"/> context; a reset/timeout/commit-drop there
        /// marks the nested context aborted, and the lab decides what that does to the outer response.
        /// Returns the log entry it added.
        /// </summary>
        protected async Task<RequestLogEntry> ExecuteAsync(HttpContext context, string parent, string batchItemId)
        {
            var stopwatch = Stopwatch.StartNew();
            var entry = new RequestLogEntry
            {
                Time = Clock.GetUtcNow(),
                Method = context.Request.Method,
                PathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value,
                Parent = parent,
                BatchItemId = batchItemId,
            };
            LabOperation operation = null;
            bool abort = false;
            // Buffer the answer so the log entry exists before the client can see the response: a test that
            // reads the log right after a call always finds that call.
            var wire = context.Response.Body;
            var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                operation = await ResolveAsync(context).ConfigureAwait(false);
                entry.Operation = operation.Name;
                entry.IsWrite = operation.IsWrite;
                FaultRule fault = null;
                if (!operation.Exempt)
                {
                    await DelayAsync(context.RequestAborted).ConfigureAwait(false);
                    fault = Faults.Evaluate(operation.Name, context.Request.Method, context.Request.Path.Value);
                }
                if (fault == null)
                {
                    await operation.Handler(context).ConfigureAwait(false);
                }
                else
                {
                    entry.Fault = fault.Kind;
                    entry.FaultRule = fault.Name ?? fault.ToString();
                    abort = await ApplyFaultAsync(context, operation, fault, entry).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                entry.Dropped = true;
            }
            catch (Exception ex) when (!context.Response.HasStarted && !entry.Dropped)
            {
                entry.Operation ??= "unresolved";
                context.Response.Clear();
                await WriteErrorAsync(context, new LabError(500, null, "Lab handler failed: " + ex.GetType().Name + ": " + ex.Message))
                    .ConfigureAwait(false);
            }
            finally
            {
                context.Response.Body = wire;
            }
            entry.Status = entry.Dropped && entry.Fault != FaultKind.CommitThenDrop ? 0 : context.Response.StatusCode;
            entry.Duration = stopwatch.Elapsed;
            Log.Add(entry);
            // Drop the connection only once the entry is logged: the client sees the drop at once, and a test
            // that counts requests right after its call failed must find this one.
            if (abort || context.Items.ContainsKey(DropKey)) context.Abort();
            if (!entry.Dropped && buffer.Length > 0)
            {
                buffer.Position = 0;
                try { await buffer.CopyToAsync(wire, context.RequestAborted).ConfigureAwait(false); }
                catch (Exception ex) when (ex is OperationCanceledException || ex is IOException) { }
            }
            return entry;
        }

        private static readonly object DropKey = new object();

        /// <summary>For a handler that must drop the connection: it is dropped once the request is logged.</summary>
        protected static void DropAfterLogging(HttpContext context) => context.Items[DropKey] = true;

        /// <summary>Applies a fault; returns true when the connection must be dropped (after logging).</summary>
        private async Task<bool> ApplyFaultAsync(HttpContext context, LabOperation operation, FaultRule fault, RequestLogEntry entry)
        {
            switch (fault.Kind)
            {
                case FaultKind.Status:
                    await WriteErrorAsync(context, new LabError(fault.Status, fault.ErrorCode, fault.ErrorMessage, fault.RetryAfterSeconds))
                        .ConfigureAwait(false);
                    break;
                case FaultKind.Reset:
                    entry.Dropped = true;
                    return true;
                case FaultKind.Timeout:
                    entry.Dropped = true;
                    try { await Task.Delay(fault.Hang ?? Options.DefaultHang, context.RequestAborted).ConfigureAwait(false); }
                    catch (OperationCanceledException) { }
                    return true;
                case FaultKind.CommitThenDrop:
                    // Keep the handler's answer off the wire: buffer it, then drop the connection.
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try { await operation.Handler(context).ConfigureAwait(false); }
                    finally { context.Response.Body = original; }
                    entry.Dropped = true;
                    return true;
            }
            return false;
        }

        private Task DelayAsync(CancellationToken cancellationToken)
        {
            var latency = Options.Latency;
            if (latency == null || latency.IsZero) return Task.CompletedTask;
            double jitter;
            lock (_latencyGate) jitter = _latencyRandom.NextDouble();
            var delay = latency.Fixed + TimeSpan.FromTicks((long)(latency.Jitter.Ticks * jitter));
            return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
        }

        // /_lab/log (GET, DELETE) and /_lab/faults (GET, POST one rule per line, DELETE): for scripts against the standalone host.
        private async Task HandleAdminAsync(HttpContext context)
        {
            var path = context.Request.Path.Value.TrimEnd('/');
            var method = context.Request.Method;
            context.Response.ContentType = "application/json";
            if (path.Equals("/_lab/log", StringComparison.OrdinalIgnoreCase))
            {
                if (HttpMethods.IsDelete(method)) { Log.Clear(); context.Response.StatusCode = 204; return; }
                var entries = Log.Entries.Select(e => new
                {
                    e.Sequence, e.Time, e.Operation, e.Method, e.PathAndQuery, e.Status, e.IsWrite,
                    Fault = e.Fault?.ToString(), e.FaultRule, e.Parent, e.BatchItemId, e.Dropped,
                    DurationMs = (long)e.Duration.TotalMilliseconds,
                });
                await JsonSerializer.SerializeAsync(context.Response.Body, new { counts = Log.CountByOperation(), entries });
                return;
            }
            if (path.Equals("/_lab/faults", StringComparison.OrdinalIgnoreCase))
            {
                if (HttpMethods.IsDelete(method)) { Faults.Clear(); context.Response.StatusCode = 204; return; }
                if (HttpMethods.IsPost(method))
                {
                    using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                    var text = await reader.ReadToEndAsync();
                    try
                    {
                        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#")))
                            Faults.Add(FaultRule.Parse(line));
                    }
                    catch (FormatException ex)
                    {
                        context.Response.StatusCode = 400;
                        await JsonSerializer.SerializeAsync(context.Response.Body, new { error = ex.Message });
                        return;
                    }
                }
                await JsonSerializer.SerializeAsync(context.Response.Body, Faults.Rules.Select(r => new
                {
                    rule = r.ToString(), matched = r.MatchedCount, fired = r.FiredCount,
                }));
                return;
            }
            context.Response.StatusCode = 404;
            await JsonSerializer.SerializeAsync(context.Response.Body, new { error = "Unknown lab admin path." });
        }
    }
}
