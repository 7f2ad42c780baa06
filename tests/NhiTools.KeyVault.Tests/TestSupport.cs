using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.KeyVault;

namespace NhiTools.KeyVault.Tests
{
    /// <summary>A host that records every message, so tests can search the streams for a value.</summary>
    internal sealed class RecordingHost : IHostContext
    {
        public ConcurrentQueue<string> Verbose { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<string> Warnings { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<string> Debug { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<NhiException> Errors { get; } = new ConcurrentQueue<NhiException>();
        public ConcurrentQueue<string> Progress { get; } = new ConcurrentQueue<string>();
        public CancellationToken CancellationToken { get; set; } = CancellationToken.None;
        public void WriteVerbose(string message) => Verbose.Enqueue(message);
        public void WriteWarning(string message) => Warnings.Enqueue(message);
        public void WriteDebug(string message) => Debug.Enqueue(message);
        public void WriteProgress(ProgressInfo progress) => Progress.Enqueue(progress.Activity + " " + progress.Status);
        public void WriteError(NhiException error) => Errors.Enqueue(error);
        public bool ShouldProcess(string target, string action) => true;
        public IEnumerable<string> All() => Verbose.Concat(Warnings).Concat(Debug).Concat(Progress).Concat(Errors.Select(e => e.ErrorId + " " + e.Message + " " + e));
    }

    internal sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext context, CancellationToken cancellationToken) =>
            new AccessToken("lab-token", DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext context, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(context, cancellationToken));
    }

    internal static class Lab
    {
        public static async Task<KeyVaultLab> StartAsync(KeyVaultLabOptions options = null)
        {
            var lab = new KeyVaultLab(options);
            await lab.StartAsync();
            return lab;
        }

        /// <summary>Fast retries: the lab sends Retry-After 0 or 1, and 5xx without one should not cost seconds.</summary>
        public static KeyVaultConnectOptions Options(KeyVaultLab lab) => new KeyVaultConnectOptions
        {
            VaultUri = new[] { new Uri(lab.BaseUrl + "/") },
            VaultHttpHandler = lab.CreateTrustingHandler(),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxAttempts = 6,
        };

        public static KeyVaultRotationVault Vault(KeyVaultLab lab, KeyVaultConnectOptions options = null) =>
            new KeyVaultRotationVault(new Uri(lab.BaseUrl + "/"), new FixedToken(), options ?? Options(lab));

        /// <summary>The lab logs a request after its response is written: wait until the log holds what the test expects.</summary>
        public static async Task<IReadOnlyList<RequestLogEntry>> LogAsync(KeyVaultLab lab, Func<RequestLogEntry, bool> match, int atLeast)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var found = lab.Log.Entries.Where(match).ToList();
                if (found.Count >= atLeast || DateTime.UtcNow > deadline) return found;
                await Task.Delay(20);
            }
        }
    }
}
