using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Hosting;
using NhiTools.Labs.Iam;
using Xunit;

namespace NhiTools.Aws.Tests
{
    /// <summary>An IamLab seeded from the test estate, and an engine connection to it as the account root.</summary>
    internal sealed class Lab : IAsyncDisposable
    {
        public static readonly string SeedDir = Path.Combine(AppContext.BaseDirectory, "TestData", "estate-aws");
        public static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        public IamLab Server { get; }
        public AwsLiveSource Source { get; private set; }

        public Lab(IamLab server) { Server = server; }

        public static async Task<Lab> StartAsync(Action<IamLabOptions> configure = null, bool seed = true)
        {
            var options = new IamLabOptions();
            configure?.Invoke(options);
            var server = new IamLab(options);
            if (seed) IamSeeder.LoadDirectory(server.Store, SeedDir);
            await server.StartAsync();
            return new Lab(server);
        }

        public static AwsConnectOptions Options(IamLab server, string accessKey = IamStore.AdminAccessKeyId, string secret = IamStore.AdminSecretAccessKey) => new AwsConnectOptions
        {
            Endpoint = new Uri(server.BaseUrl),
            Credentials = new BasicAWSCredentials(accessKey, secret),
            PollInterval = TimeSpan.FromMilliseconds(20),
            JobTimeout = TimeSpan.FromSeconds(10),
            Retry = FastRetry(),
        };

        public static BackoffPolicy FastRetry() => new BackoffPolicy(seed: 7) { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };

        public AwsLiveSource Connect(Action<AwsConnectOptions> configure = null, IHostContext host = null)
        {
            var o = Options(Server);
            configure?.Invoke(o);
            Source = AwsConnector.Connect(o, host ?? NullHostContext.Instance);
            return Source;
        }

        public List<Identity> Read(bool includeHuman = false, bool includeActivity = false, IHostContext host = null) =>
            (Source ?? Connect()).Read(host ?? NullHostContext.Instance, new LiveReadOptions { IncludeHuman = includeHuman, IncludeActivity = includeActivity, AsOf = AsOf }).ToList();

        /// <summary>Every request the lab saw was signed correctly: nothing answered 403 (SignatureDoesNotMatch, bad key...).</summary>
        public void AssertAllSigned()
        {
            var entries = Server.Log.Entries;
            Assert.NotEmpty(entries);
            Assert.All(entries, e => Assert.NotEqual(403, e.Status));
        }

        public async ValueTask DisposeAsync()
        {
            Source?.Dispose();
            await Server.DisposeAsync();
        }
    }

    /// <summary>A host that records what the engine tells it (to prove no secret reaches a stream).</summary>
    internal sealed class RecordingHost : IHostContext
    {
        public readonly List<string> Messages = new List<string>();
        public readonly List<NhiException> Errors = new List<NhiException>();
        public System.Threading.CancellationToken CancellationToken => default;
        public void WriteVerbose(string message) => Messages.Add("V " + message);
        public void WriteWarning(string message) => Messages.Add("W " + message);
        public void WriteDebug(string message) => Messages.Add("D " + message);
        public void WriteProgress(ProgressInfo progress) => Messages.Add("P " + progress.Activity + " " + progress.Status);
        public void WriteError(NhiException error) { Errors.Add(error); Messages.Add("E " + error.Message); }
        public bool ShouldProcess(string target, string action) => true;
    }
}
