using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Azure.Core;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph;
using NhiTools.Labs.Iam;
using NhiTools.Labs.KeyVault;

// N due credentials (half Entra application secrets, half IAM access keys) rotated end to end (grace 0: create,
// pending, prove, promote, retire) by the engine's RotationRunner, through the labs with a fixed latency per request,
// optionally with a share of requests answered 429. Counts every request the labs received, per operation.
int credentials = Arg("--credentials", 1000), latencyMs = Arg("--latency", 30), concurrency = Arg("--concurrency", 8);
double throttle = double.Parse(Str("--throttle", "0"), CultureInfo.InvariantCulture);
string journalKind = Str("--journal", "sqlite");

int entraCount = credentials / 2, awsCount = credentials - entraCount;
var latency = TimeSpan.FromMilliseconds(latencyMs);
var graph = new GraphLab(new GraphLabOptions { SeedAdminApp = true, Latency = { Fixed = latency } });
var iam = new IamLab(new IamLabOptions { Latency = { Fixed = latency } });
var vault = new KeyVaultLab(new KeyVaultLabOptions { Latency = { Fixed = latency } });
var now = DateTimeOffset.UtcNow;
var jobs = new List<(RotationRequest Request, string Provider)>();

lock (graph.Store.Gate)
{
    for (int i = 0; i < entraCount; i++)
    {
        string appId = Guid.NewGuid().ToString(), objectId = Guid.NewGuid().ToString(), keyId = Guid.NewGuid().ToString();
        string secret = "Old8Q~bench-" + i.ToString("D5", CultureInfo.InvariantCulture) + "-secret_0123456789abc";
        graph.Store.Applications.Upsert(new JsonObject
        {
            ["id"] = objectId, ["deletedDateTime"] = null, ["appId"] = appId, ["createdDateTime"] = Iso(now.AddDays(-400)),
            ["displayName"] = "svc-app-" + i, ["publisherDomain"] = GraphLabCredentials.TenantDomain, ["signInAudience"] = "AzureADMyOrg",
            ["tags"] = new JsonArray(), ["keyCredentials"] = new JsonArray(),
            ["passwordCredentials"] = new JsonArray(new JsonObject
            {
                ["customKeyIdentifier"] = null, ["displayName"] = "prod", ["endDateTime"] = Iso(now.AddDays(5)), ["hint"] = secret.Substring(0, 3),
                ["keyId"] = keyId, ["secretText"] = null, ["startDateTime"] = Iso(now.AddDays(-360)),
            }),
        });
        graph.Store.AddSecret(appId, Guid.Parse(keyId), secret, now.AddDays(-360), now.AddDays(5), DateTimeOffset.MinValue);
        string name = "app-" + i.ToString("D5", CultureInfo.InvariantCulture);
        vault.Store.Set(name, secret, null, new Dictionary<string, string> { [VaultTags.Credential] = keyId, [VaultTags.Identity] = "entra:app:" + appId });
        jobs.Add((new RotationRequest { IdentityId = "entra:app:" + appId, IdentityName = "svc-app-" + i, Provider = "Entra", CredentialId = keyId, SecretName = name, Reason = "bench" }, "Entra"));
    }
}
for (int i = 0; i < awsCount; i++)
{
    string user = "svc-key-" + i.ToString("D5", CultureInfo.InvariantCulture);
    string arn = iam.Store.AddUser(user).Arn;
    var key = iam.Store.AddKey(user, created: now.AddDays(-400));
    vault.Store.Set(user, "{\"AccessKeyId\":\"" + key.AccessKeyId + "\",\"SecretAccessKey\":\"" + key.SecretAccessKey + "\"}", "application/json",
        new Dictionary<string, string> { [VaultTags.Credential] = key.AccessKeyId, [VaultTags.Identity] = "aws:" + arn });
    jobs.Add((new RotationRequest { IdentityId = "aws:" + arn, IdentityName = user, Provider = "Aws", CredentialId = key.AccessKeyId, SecretName = user, Reason = "bench" }, "Aws"));
}
await graph.StartAsync();
await iam.StartAsync();
await vault.StartAsync();

var rotationVault = new KeyVaultRotationVault(new Uri(vault.BaseUrl + "/"), new LabToken(), new KeyVaultConnectOptions
{
    VaultUri = new[] { new Uri(vault.BaseUrl + "/") },
    VaultHttpHandler = vault.CreateTrustingHandler(),
});
using var entra = EntraSource.Connect(new EntraConnectOptions
{
    TenantId = GraphLabCredentials.TenantId,
    ClientId = GraphLabCredentials.AdminClientId,
    ClientSecret = Secure(GraphLabCredentials.AdminClientSecret),
    Endpoint = new Uri(graph.GraphBaseUrl),
    AuthorityHost = new Uri(graph.AuthorityHost),
    TokenHttpHandler = graph.CreateTrustingHandler(),
}, NullHostContext.Instance);
using var aws = AwsConnector.Connect(new AwsConnectOptions
{
    Endpoint = new Uri(iam.BaseUrl),
    Credentials = new BasicAWSCredentials(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey),
}, NullHostContext.Instance);

string dir = Path.Combine(Path.GetTempPath(), "nhitools-rotation-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
using IChangeJournal journal = journalKind == "table"
    ? new AzureTableChangeJournal(Environment.GetEnvironmentVariable("NHITOOLS_JOURNAL"))
    : new SqliteChangeJournal(Path.Combine(dir, "nhitools.db"));

// Count from here: seeding went straight into the stores, not through the labs.
foreach (var lab in new LabServer[] { graph, iam, vault }) lab.Log.Clear();
if (throttle > 0)
    foreach (var lab in new LabServer[] { graph, iam, vault })
        lab.Faults.Add("op=* status=429 p=" + throttle.ToString(CultureInfo.InvariantCulture) + " retryAfter=0");

string loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
var outcomes = new ConcurrentDictionary<string, int>();
var failures = new ConcurrentBag<string>();
var watch = Stopwatch.StartNew();
Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, job =>
{
    var options = new RotationOptions { GracePeriod = TimeSpan.Zero, Holder = "bench:" + Environment.CurrentManagedThreadId };
    RotationMachine machine = job.Provider == "Entra" ? new EntraSecretRotation(entra, rotationVault) : new AwsKeyRotation(aws, job.Request.IdentityId, rotationVault);
    string outcome;
    try
    {
        var result = new RotationRunner(journal, options, NullHostContext.Instance).Rotate(job.Request, machine);
        outcome = job.Provider + ":" + result.State;
        if (result.State != RotationStage.Retired) failures.Add(job.Request.IdentityName + ": " + result.State + ": " + result.Message);
    }
    catch (NhiException e) { outcome = job.Provider + ":" + e.ErrorId; }
    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
});
watch.Stop();
string loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

Console.WriteLine($"credentials={credentials} (Entra {entraCount}, AWS {awsCount}) latency={latencyMs}ms concurrency={concurrency} throttle={throttle:P0} journal={journalKind} cores={Environment.ProcessorCount}");
Console.WriteLine($"wall time: {watch.Elapsed.TotalSeconds:F1} s; load average before: {loadBefore}; after: {loadAfter}");
Console.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value)));
foreach (var f in failures.Take(10)) Console.WriteLine("  not retired: " + f);
// Each identity holds exactly one credential afterwards, the one its vault secret is tagged with (nothing duplicated).
int verified = 0, unchanged = 0;
foreach (var job in jobs)
{
    string tagged = vault.Store.Find(job.Request.SecretName)?.Latest?.Tags[VaultTags.Credential];
    List<string> held;
    if (job.Provider == "Aws") held = iam.Store.KeysOf(job.Request.IdentityName).Select(k => k.AccessKeyId).ToList();
    else lock (graph.Store.Gate)
        held = graph.Store.Applications.GetByAppId(job.Request.IdentityId.Substring("entra:app:".Length)).AsObject()["passwordCredentials"].AsArray()
            .Select(p => p["keyId"].GetValue<string>()).ToList();
    if (held.Count == 1 && held[0] == tagged && tagged != job.Request.CredentialId) verified++;
    else if (held.Count == 1 && held[0] == tagged) unchanged++;
}
Console.WriteLine($"one credential, the vault's new one: {verified}/{jobs.Count}; old one kept, untouched (rolled back): {unchanged}");
foreach (var (labName, lab, count) in new (string, LabServer, int)[] { ("Graph", graph, entraCount), ("IAM", iam, awsCount), ("Key Vault", vault, credentials) })
{
    var entries = lab.Log.Entries;
    int throttled = entries.Count(e => e.Status == 429 || e.FaultRule != null);
    Console.WriteLine($"{labName}: {entries.Count} requests ({throttled} throttled), {(double)entries.Count / Math.Max(1, count):F2} per rotation that uses it");
    foreach (var g in entries.GroupBy(e => e.Operation).OrderByDescending(g => g.Count()))
        Console.WriteLine($"  {g.Key,-34} {g.Count(),6}  {(double)g.Count() / Math.Max(1, count):F2}/rotation  ({g.Count(e => e.FaultRule != null)} throttled)");
}

await graph.DisposeAsync();
await iam.DisposeAsync();
await vault.DisposeAsync();
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
try { Directory.Delete(dir, true); } catch (IOException) { }
return 0;

int Arg(string name, int fallback) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback; }
string Str(string name, string fallback) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback; }
static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
static SecureString Secure(string s) { var ss = new SecureString(); foreach (var c in s) ss.AppendChar(c); ss.MakeReadOnly(); return ss; }

sealed class LabToken : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext context, CancellationToken cancellationToken) => new AccessToken("lab-token", DateTimeOffset.UtcNow.AddHours(1));
    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext context, CancellationToken cancellationToken) => new ValueTask<AccessToken>(GetToken(context, cancellationToken));
}
