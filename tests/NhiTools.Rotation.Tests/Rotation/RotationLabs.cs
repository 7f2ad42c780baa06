using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Microsoft.Data.Sqlite;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Engine.Sources.KeyVault;
using Azure.Core;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.Graph;
using NhiTools.Labs.Iam;
using NhiTools.Labs.KeyVault;

namespace NhiTools.Rotation.Tests.Rotation
{
    /// <summary>
    /// Graph, IAM and Key Vault labs with one Entra app and one IAM user whose current credentials sit in the vault,
    /// tagged as rotation expects; real engine clients connected to them; a SQLite journal in a temp dir on a clock
    /// the test can move (to let a killed run's lease expire).
    /// </summary>
    internal sealed class RotationLabs : IAsyncDisposable
    {
        public const string AppId = "5e1f0000-0000-4000-8000-0000000000a1";
        public const string AppObjectId = "5e1f0000-0000-4000-8000-0000000000a2";
        public const string OldKeyId = "5e1f0000-0000-4000-8000-0000000000a3";
        public const string ForeignKeyId = "5e1f0000-0000-4000-8000-0000000000a4";
        public const string OldSecret = "Old8Q~rotation-lab-secret_0123456789abcd";
        public const string ForeignSecret = "For8Q~foreign-lab-secret_0123456789abcde";
        public const string UserName = "svc-rotate";
        public const string OtherUser = "svc-other";
        public const string EntraSecretName = "svc-rotate-entra";
        public const string AwsSecretName = "svc-rotate-aws";
        public static string EntraId => "entra:app:" + AppId;

        public GraphLab Graph { get; private set; }
        public IamLab Iam { get; private set; }
        public KeyVaultLab Vault { get; private set; }
        public EntraSource Entra { get; private set; }
        public AwsLiveSource Aws { get; private set; }
        public KeyVaultRotationVault RotationVault { get; private set; }
        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "nhi-rot-" + Guid.NewGuid().ToString("N"));
        public string StorePath => Path.Combine(Directory, "nhitools.db");
        public DateTime Now { get; set; } = DateTime.UtcNow;
        public string OldAccessKeyId { get; private set; }
        public string OtherAccessKeyId { get; private set; }
        public string UserArn { get; private set; }
        public string AwsId => "aws:" + UserArn;

        public static async Task<RotationLabs> StartAsync(Action<GraphLabOptions> graph = null, Action<IamLabOptions> iam = null)
        {
            var labs = new RotationLabs();
            System.IO.Directory.CreateDirectory(labs.Directory);
            var g = new GraphLabOptions { SeedAdminApp = true };
            graph?.Invoke(g);
            labs.Graph = new GraphLab(g);
            var i = new IamLabOptions();
            iam?.Invoke(i);
            labs.Iam = new IamLab(i);
            labs.Vault = new KeyVaultLab();
            labs.SeedEntra();
            labs.SeedAws();
            await labs.Graph.StartAsync();
            await labs.Iam.StartAsync();
            await labs.Vault.StartAsync();
            labs.RotationVault = new KeyVaultRotationVault(new Uri(labs.Vault.BaseUrl + "/"), new FixedToken(), new KeyVaultConnectOptions
            {
                VaultUri = new[] { new Uri(labs.Vault.BaseUrl + "/") },
                VaultHttpHandler = labs.Vault.CreateTrustingHandler(),
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
                PollInterval = TimeSpan.FromMilliseconds(20),
                MaxAttempts = 6,
                NetworkTimeout = TimeSpan.FromSeconds(10),
            });
            labs.Entra = EntraSource.Connect(new EntraConnectOptions
            {
                TenantId = GraphLabCredentials.TenantId,
                ClientId = GraphLabCredentials.AdminClientId,
                ClientSecret = Secure(GraphLabCredentials.AdminClientSecret),
                Endpoint = new Uri(labs.Graph.GraphBaseUrl),
                AuthorityHost = new Uri(labs.Graph.AuthorityHost),
                TokenHttpHandler = labs.Graph.CreateTrustingHandler(),
                MaxAttempts = 4,
            }, NullHostContext.Instance);
            labs.Aws = AwsConnector.Connect(new AwsConnectOptions
            {
                Endpoint = new Uri(labs.Iam.BaseUrl),
                Credentials = new BasicAWSCredentials(IamStore.AdminAccessKeyId, IamStore.AdminSecretAccessKey),
                Retry = new BackoffPolicy(seed: 7) { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) },
            }, NullHostContext.Instance);
            return labs;
        }

        private void SeedEntra()
        {
            var now = DateTimeOffset.UtcNow;
            JsonObject Password(string keyId, string name, string secret) => new JsonObject
            {
                ["customKeyIdentifier"] = null, ["displayName"] = name, ["endDateTime"] = Iso(now.AddDays(30)),
                ["hint"] = secret.Substring(0, 3), ["keyId"] = keyId, ["secretText"] = null, ["startDateTime"] = Iso(now.AddDays(-300)),
            };
            lock (Graph.Store.Gate)
            {
                Graph.Store.Applications.Upsert(new JsonObject
                {
                    ["id"] = AppObjectId, ["deletedDateTime"] = null, ["appId"] = AppId, ["createdDateTime"] = Iso(now.AddDays(-400)),
                    ["displayName"] = "svc-rotate", ["publisherDomain"] = GraphLabCredentials.TenantDomain, ["signInAudience"] = "AzureADMyOrg",
                    ["tags"] = new JsonArray(), ["keyCredentials"] = new JsonArray(),
                    ["passwordCredentials"] = new JsonArray(Password(OldKeyId, "prod", OldSecret), Password(ForeignKeyId, "legacy", ForeignSecret)),
                });
                Graph.Store.AddSecret(AppId, Guid.Parse(OldKeyId), OldSecret, now.AddDays(-300), now.AddDays(30), DateTimeOffset.MinValue);
                Graph.Store.AddSecret(AppId, Guid.Parse(ForeignKeyId), ForeignSecret, now.AddDays(-300), now.AddDays(30), DateTimeOffset.MinValue);
            }
            Vault.Store.Set(EntraSecretName, OldSecret, null, new Dictionary<string, string>
            {
                [VaultTags.Credential] = OldKeyId, [VaultTags.Identity] = EntraId,
            });
        }

        private void SeedAws()
        {
            UserArn = Iam.Store.AddUser(UserName).Arn;
            var key = Iam.Store.AddKey(UserName);
            OldAccessKeyId = key.AccessKeyId;
            Iam.Store.AddUser(OtherUser);
            OtherAccessKeyId = Iam.Store.AddKey(OtherUser).AccessKeyId;
            Vault.Store.Set(AwsSecretName, "{\"AccessKeyId\":\"" + key.AccessKeyId + "\",\"SecretAccessKey\":\"" + key.SecretAccessKey + "\"}", "application/json",
                new Dictionary<string, string> { [VaultTags.Credential] = key.AccessKeyId, [VaultTags.Identity] = AwsId });
        }

        public SqliteChangeJournal OpenJournal() => new SqliteChangeJournal(StorePath, () => Now);

        public RotationOptions Options(Action<string> onBoundary = null) => new RotationOptions
        {
            GracePeriod = TimeSpan.Zero,
            Clock = () => Now,
            EntraProofTimeout = TimeSpan.FromSeconds(3),
            AwsProofTimeout = TimeSpan.FromSeconds(3),
            OnBoundary = onBoundary,
            Delay = (d, ct) => Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(d.TotalMilliseconds, 50))),
            Holder = "test:" + Guid.NewGuid().ToString("N").Substring(0, 6),
        };

        public RotationMachine Machine(string provider) => provider == "Entra"
            ? new EntraSecretRotation(Entra, RotationVault)
            : (RotationMachine)new AwsKeyRotation(Aws, AwsId, RotationVault);

        public RotationRequest Request(string provider) => provider == "Entra"
            ? new RotationRequest { IdentityId = EntraId, IdentityName = "svc-rotate", Provider = "Entra", SecretName = EntraSecretName, Reason = "test" }
            : new RotationRequest { IdentityId = AwsId, IdentityName = UserName, Provider = "Aws", SecretName = AwsSecretName, Reason = "test" };

        public string SecretName(string provider) => provider == "Entra" ? EntraSecretName : AwsSecretName;

        /// <summary>I1: the vault's current value authenticates against the lab.</summary>
        public async Task<bool> CurrentValueAuthenticatesAsync(string provider)
        {
            var latest = Vault.Store.Find(SecretName(provider))?.Latest;
            if (latest == null) return false;
            if (provider == "Entra")
            {
                using (var http = new HttpClient(Graph.CreateTrustingHandler()))
                {
                    var form = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["grant_type"] = "client_credentials", ["client_id"] = AppId, ["client_secret"] = latest.Value, ["scope"] = GraphLabCredentials.GraphScope,
                    });
                    var response = await http.PostAsync(Graph.AuthorityHost + "/" + GraphLabCredentials.TenantId + "/oauth2/v2.0/token", form);
                    return response.IsSuccessStatusCode;
                }
            }
            using (var doc = JsonDocument.Parse(latest.Value))
            {
                var id = doc.RootElement.GetProperty("AccessKeyId").GetString();
                var secret = doc.RootElement.GetProperty("SecretAccessKey").GetString();
                try
                {
                    using (var s = AccessKeySecret.FromChars(secret.ToCharArray()))
                    {
                        var me = await Aws.AccessKeys(Iam.Store.AccountId).VerifyAsync(id, s, TimeSpan.FromSeconds(5));
                        return me.Arn == UserArn;
                    }
                }
                catch (NhiException) { return false; }
            }
        }

        /// <summary>The credential ids the provider holds now for the rotated identity.</summary>
        public List<string> Credentials(string provider)
        {
            if (provider == "Aws") return Iam.Store.KeysOf(UserName).Select(k => k.AccessKeyId).ToList();
            lock (Graph.Store.Gate)
            {
                var app = Graph.Store.Applications.GetByAppId(AppId);
                return app.AsObject()["passwordCredentials"].AsArray().Select(p => p["keyId"].GetValue<string>()).ToList();
            }
        }

        public bool ForeignIntact(string provider) => provider == "Aws"
            ? Iam.Store.KeysOf(OtherUser).Any(k => k.AccessKeyId == OtherAccessKeyId && k.Status == "Active")
            : Credentials("Entra").Contains(ForeignKeyId);

        private static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        public static SecureString Secure(string s)
        {
            var ss = new SecureString();
            foreach (var c in s) ss.AppendChar(c);
            ss.MakeReadOnly();
            return ss;
        }

        public async ValueTask DisposeAsync()
        {
            Entra?.Dispose();
            Aws?.Dispose();
            await Graph.DisposeAsync();
            await Iam.DisposeAsync();
            await Vault.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    internal sealed class FixedToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext context, CancellationToken cancellationToken) =>
            new AccessToken("lab-token", DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext context, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(context, cancellationToken));
    }

    /// <summary>Records every host message (to search them for secrets).</summary>
    internal sealed class RecordingHost : IHostContext
    {
        public readonly List<string> Lines = new List<string>();
        public readonly List<NhiException> Errors = new List<NhiException>();
        public CancellationToken CancellationToken { get; set; }
        public void WriteVerbose(string message) { lock (Lines) Lines.Add("V " + message); }
        public void WriteWarning(string message) { lock (Lines) Lines.Add("W " + message); }
        public void WriteDebug(string message) { lock (Lines) Lines.Add("D " + message); }
        public void WriteProgress(ProgressInfo progress) { lock (Lines) Lines.Add("P " + progress.Activity + " " + progress.Status); }
        public void WriteError(NhiException error) { lock (Lines) { Errors.Add(error); Lines.Add("E " + error.Message); } }
        public bool ShouldProcess(string target, string action) => true;
    }
}
