using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Azure.Core;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Hosting;

namespace NhiTools.Journal.Racer
{
    /// <summary>
    /// "--rotate": rotates one IAM user's access key into the lab vault through the engine's RotationRunner, on the
    /// journal the factory opens, after "go" on stdin. Says "won:&lt;stage&gt;" or "busy" (NhiRotationBusy).
    /// </summary>
    internal static class RotateRace
    {
        public static int Run(Func<string, string> arg)
        {
            string iamUrl = arg("--iam-url"), vaultUrl = arg("--vault-url"), thumbprint = arg("--vault-thumbprint");
            string userArn = arg("--user-arn"), secretName = arg("--secret-name"), holder = arg("--holder");
            // The lab's published test credentials (IamStore.AdminAccessKeyId/AdminSecretAccessKey), given by the test.
            string adminKeyId = arg("--admin-key-id"), adminSecret = Environment.GetEnvironmentVariable("RACER_ADMIN_SECRET");

            using IChangeJournal journal = JournalFactory.Open(null, arg("--store"));
            journal.List();
            using var aws = AwsConnector.Connect(new AwsConnectOptions
            {
                Endpoint = new Uri(iamUrl),
                Credentials = new BasicAWSCredentials(adminKeyId, adminSecret),
            }, NullHostContext.Instance);
            var vault = new KeyVaultRotationVault(new Uri(vaultUrl + "/"), new LabToken(), new KeyVaultConnectOptions
            {
                VaultUri = new[] { new Uri(vaultUrl + "/") },
                VaultHttpHandler = new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                        errors == System.Net.Security.SslPolicyErrors.None || (cert != null && string.Equals(cert.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase)),
                },
            });
            var options = new RotationOptions { GracePeriod = TimeSpan.Zero, Holder = holder, AwsProofTimeout = TimeSpan.FromSeconds(20) };
            var runner = new RotationRunner(journal, options, NullHostContext.Instance);
            var request = new RotationRequest { IdentityId = "aws:" + userArn, IdentityName = userArn.Substring(userArn.LastIndexOf('/') + 1), Provider = "Aws", SecretName = secretName, Reason = "race" };

            Console.WriteLine("ready");
            if (Console.ReadLine() != "go") return 2;
            try
            {
                var result = runner.Rotate(request, new AwsKeyRotation(aws, request.IdentityId, vault));
                Console.WriteLine("won:" + result.State);
                return 0;
            }
            catch (NhiException e) when (e.ErrorId == "NhiRotationBusy")
            {
                Console.WriteLine("busy");
                return 3;
            }
        }

        sealed class LabToken : TokenCredential
        {
            public override AccessToken GetToken(TokenRequestContext context, CancellationToken cancellationToken) => new AccessToken("lab-token", DateTimeOffset.UtcNow.AddHours(1));
            public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext context, CancellationToken cancellationToken) => new ValueTask<AccessToken>(GetToken(context, cancellationToken));
        }
    }
}
