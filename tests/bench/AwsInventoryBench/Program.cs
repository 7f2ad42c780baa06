using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Hosting;
using NhiTools.Labs.Iam;

// Live AWS inventory of N users with two keys each, against IamLab with a fixed latency per request:
// the fast path (credential report + authorization details + ListAccessKeys for users with keys) beside the
// per-user baseline (ListUsers, ListAccessKeys per user, GetAccessKeyLastUsed per key).
int users = Arg("--users", 5000), latencyMs = Arg("--latency", 30), concurrency = Arg("--concurrency", 8);
int sequentialSample = Arg("--sequential-sample", 500);

Console.WriteLine($"users={users} keys/user=2 latency={latencyMs}ms concurrency={concurrency} cores={Environment.ProcessorCount}");
Console.WriteLine("| Approach | Users | Concurrency | Requests | Wall time | Identities | Keys with ids | Keys with last use |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
await FastPath(users, concurrency);
await FastPath(users, 1);
await Baseline(users, concurrency);
await Baseline(sequentialSample, 1);
return 0;

async Task<IamLab> Lab(int n)
{
    var lab = new IamLab(new IamLabOptions { Latency = { Fixed = TimeSpan.FromMilliseconds(latencyMs) } });
    var created = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    for (int i = 0; i < n; i++)
    {
        var name = "svc-" + i.ToString("D5", CultureInfo.InvariantCulture);
        lab.Store.AddUser(name, "/", created);
        lab.Store.AddKey(name, created: created.AddDays(1));
        lab.Store.AddKey(name, created: created.AddDays(200));
    }
    await lab.StartAsync();
    return lab;
}

AwsLiveSource Connect(IamLab lab, int c) => AwsConnector.Connect(new AwsConnectOptions
{
    Endpoint = new Uri(lab.BaseUrl),
    Credentials = new BasicAWSCredentials(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey),
    MaxConcurrency = c,
    PollInterval = TimeSpan.FromMilliseconds(100),
}, NullHostContext.Instance);

async Task FastPath(int n, int c)
{
    await using var lab = await Lab(n);
    using var source = Connect(lab, c);
    lab.Log.Clear();
    var clock = Stopwatch.StartNew();
    var ids = source.Read(NullHostContext.Instance, new LiveReadOptions()).ToList();
    clock.Stop();
    var keys = ids.SelectMany(i => i.Credentials).Where(k => k.Id.StartsWith("AKIA", StringComparison.Ordinal) && k.Id != IamStore.AdminAccessKeyId).ToList();
    Row("Fast path (report + authorization details + ListAccessKeys)", n, c, lab.Log.Count(), clock.Elapsed, ids.Count(i => i.Kind == NhiTools.IdentityKind.IamUser),
        keys.Count, keys.Count(k => k.LastUsedOn.HasValue || k.NeverUsed));
}

async Task Baseline(int n, int c)
{
    await using var lab = await Lab(n);
    using var source = Connect(lab, c);
    var iam = source.Accounts[0].Iam;
    iam.PageSize = 100; // what Get-IAMUser / list-users page by default
    lab.Log.Clear();
    var clock = Stopwatch.StartNew();
    var userList = await iam.ListAllAsync("ListUsers", null, "Users");
    var names = userList.Select(u => u.Elements().First(e => e.Name.LocalName == "UserName").Value).ToList();
    var keyLists = await ForEach(names, c, u => iam.ListAllAsync("ListAccessKeys", new[] { QueryClient.P("UserName", u) }, "AccessKeyMetadata"));
    var keyIds = keyLists.SelectMany(k => k).Select(k => k.Elements().First(e => e.Name.LocalName == "AccessKeyId").Value).ToList();
    var lastUsed = await ForEach(keyIds, c, id => iam.CallAsync("GetAccessKeyLastUsed", new[] { QueryClient.P("AccessKeyId", id) }));
    clock.Stop();
    Row("Per-user baseline (ListUsers, ListAccessKeys, GetAccessKeyLastUsed)", n, c, lab.Log.Count(), clock.Elapsed, names.Count, keyIds.Count, lastUsed.Length);
}

static async Task<T[]> ForEach<TIn, T>(IReadOnlyList<TIn> items, int c, Func<TIn, Task<T>> body)
{
    var results = new T[items.Count];
    using var gate = new SemaphoreSlim(c);
    await Task.WhenAll(items.Select(async (item, i) =>
    {
        await gate.WaitAsync();
        try { results[i] = await body(item); } finally { gate.Release(); }
    }));
    return results;
}

static void Row(string name, int n, int c, int requests, TimeSpan wall, int identities, int keys, int lastUse) =>
    Console.WriteLine($"| {name} | {n} | {c} | {requests} | {wall.TotalSeconds:F1} s | {identities} | {keys} | {lastUse} |");

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
