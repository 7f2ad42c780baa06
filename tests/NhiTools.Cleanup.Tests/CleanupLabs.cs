using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Hosting;
using NhiTools.Labs.Graph;
using NhiTools.Labs.Iam;

namespace NhiTools.Cleanup.Tests
{
    /// <summary>
    /// Graph and IAM labs seeded with the example estate, both connected as the process's live sessions (the cleanup
    /// runner finds its writers there), and a real SQLite journal in a temp file. Tests using it run one at a time
    /// (LiveSessions is process-wide): see the collection below.
    /// </summary>
    internal sealed class CleanupLabs : IAsyncDisposable
    {
        public static readonly string RepoRoot = FindRoot();
        public static string Estate => Path.Combine(RepoRoot, "examples", "estate");

        public GraphLab Graph { get; private set; }
        public IamLab Iam { get; private set; }
        public EntraSource Entra { get; private set; }
        public AwsLiveSource Aws { get; private set; }
        public string JournalPath { get; } = Path.Combine(Path.GetTempPath(), "nhitools-clean-" + Guid.NewGuid().ToString("N") + ".db");
        public IChangeJournal Journal { get; private set; }

        public static async Task<CleanupLabs> StartAsync()
        {
            var labs = new CleanupLabs();
            labs.Graph = new GraphLab(new GraphLabOptions { SeedAdminApp = false, SeedPath = Path.Combine(Estate, "entra") });
            await labs.Graph.StartAsync();
            labs.Iam = new IamLab(new IamLabOptions());
            IamSeeder.LoadDirectory(labs.Iam.Store, Path.Combine(Estate, "aws", "111122223333"));
            await labs.Iam.StartAsync();
            labs.Entra = EntraSource.Connect(new EntraConnectOptions
            {
                Endpoint = new Uri(labs.Graph.GraphBaseUrl),
                AccessToken = Secure(GraphLabCredentials.StaticToken),
                MaxAttempts = 3,
            }, NullHostContext.Instance);
            labs.Aws = AwsConnector.Connect(new AwsConnectOptions
            {
                Endpoint = new Uri(labs.Iam.BaseUrl),
                Credentials = new BasicAWSCredentials(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey),
                PollInterval = TimeSpan.FromMilliseconds(20),
                JobTimeout = TimeSpan.FromSeconds(10),
                Retry = new BackoffPolicy(seed: 7) { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50), MaxAttempts = 3 },
            }, NullHostContext.Instance);
            LiveSessions.Connect(labs.Entra);
            LiveSessions.Connect(labs.Aws);
            labs.Journal = new SqliteChangeJournal(labs.JournalPath);
            return labs;
        }

        public static SecureString Secure(string s)
        {
            var ss = new SecureString();
            foreach (var c in s) ss.AppendChar(c);
            ss.MakeReadOnly();
            return ss;
        }

        public List<Identity> Read(string provider) =>
            (provider == "Aws" ? (ILiveSource)Aws : Entra).Read(NullHostContext.Instance, new LiveReadOptions { IncludeHuman = true }).ToList();

        public Identity Find(string provider, string name) => Read(provider).Single(i => i.Name == name);

        public CleanupRunner Runner(IHostContext host, int max = 25) =>
            new CleanupRunner(Journal, null, host, "tester") { MaximumChanges = max, Verb = "disable" };

        public static PlannedStep DisablePlan(CleanupTarget t, Identity live, ICleanupWriter w) =>
            new PlannedStep { Action = CleanupActions.Disable, Description = "Disable" };

        /// <summary>Undo-NhiChange's plan: the reverse action, journaled as Undo of the change id.</summary>
        public static PlannedStep UndoPlan(CleanupTarget t, Identity live, ICleanupWriter w)
        {
            var c = t.Change;
            return new PlannedStep
            {
                Action = CleanupActions.ReverseOf(c.Action, c.Provider, out _),
                Target = c.Target,
                RestoreFrom = c.Before,
                JournalAction = CleanupActions.Undo,
                JournalTarget = c.Id,
                Description = "Undo",
            };
        }

        public List<Change> Undo(IEnumerable<Change> changes, IHostContext host = null)
        {
            var runner = new CleanupRunner(Journal, null, host ?? new RecordingHost(), "tester") { CheckReason = false, CheckProtection = false, ReadLive = false, Verb = "undo" };
            var targets = changes.Select(c => new CleanupTarget { IdentityId = c.IdentityId, Provider = c.Provider, IdentityName = c.IdentityName, Change = c }).ToList();
            return runner.Run(targets, UndoPlan).ToList();
        }

        /// <summary>accountEnabled of the service principal of an app (read straight from the lab store).</summary>
        public bool SpEnabled(string appId)
        {
            lock (Graph.Store.Gate)
            {
                var sp = Graph.Store.ServicePrincipals.All.First(e => e.GetString("appId") == appId);
                return sp.AsObject()["accountEnabled"]?.GetValue<bool>() ?? true;
            }
        }

        /// <summary>Whether the IAM user carries the quarantine policy (straight from the lab store).</summary>
        public bool Quarantined(string userName)
        {
            lock (Iam.Store.Gate)
                return Iam.Store.FindUser(userName).InlinePolicies.Any(p => p.PolicyName == AwsCleanupWriter.QuarantinePolicyName);
        }

        public async ValueTask DisposeAsync()
        {
            LiveSessions.Disconnect("Entra");
            LiveSessions.Disconnect("Aws");
            Journal?.Dispose();
            if (Graph != null) await Graph.DisposeAsync();
            if (Iam != null) await Iam.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { File.Delete(JournalPath); } catch (IOException) { }
        }

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "NhiTools.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (NhiTools.sln) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A host that records messages and answers ShouldProcess as told (false = -WhatIf).</summary>
    internal sealed class RecordingHost : IHostContext
    {
        public readonly List<string> Warnings = new List<string>();
        public readonly List<NhiException> Errors = new List<NhiException>();
        public readonly List<string> Messages = new List<string>();
        public bool Approve { get; set; } = true;
        public CancellationTokenSource Cancel { get; } = new CancellationTokenSource();
        public CancellationToken CancellationToken => Cancel.Token;
        public void WriteVerbose(string message) => Messages.Add("V " + message);
        public void WriteWarning(string message) { Warnings.Add(message); Messages.Add("W " + message); }
        public void WriteDebug(string message) => Messages.Add("D " + message);
        public void WriteProgress(ProgressInfo progress) { }
        public void WriteError(NhiException error) { Errors.Add(error); Messages.Add("E " + error.Message); }
        public bool ShouldProcess(string target, string action) { Messages.Add("? " + action + " " + target); return Approve; }
    }

    [Xunit.CollectionDefinition("LiveSessions", DisableParallelization = true)]
    public sealed class LiveSessionsCollection { }
}
