using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Analysis
{
    /// <summary>Builds identities the way the importers fill them, and runs the engine at the estate's reference date.</summary>
    internal static class Kit
    {
        public static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        public const string Account = "123456789012";

        public static DateTime DaysAgo(double days) => AsOf.AddDays(-days);

        public static Identity IamUser(string name, params Credential[] creds) => Owned(new Identity
        {
            Id = "aws:arn:aws:iam::" + Account + ":user/" + name, Provider = "Aws", Kind = IdentityKind.IamUser, Name = name,
            Account = Account, NativeId = "arn:aws:iam::" + Account + ":user/" + name, Credentials = Stamp(name, creds),
        });

        public static Identity IamRole(string name) => Owned(new Identity
        {
            Id = "aws:arn:aws:iam::" + Account + ":role/" + name, Provider = "Aws", Kind = IdentityKind.IamRole, Name = name, Account = Account,
        });

        public static Identity EntraApp(string name, params Credential[] creds) => Owned(new Identity
        {
            Id = "entra:app:" + Guid(name), Provider = "Entra", Kind = IdentityKind.Application, Name = name,
            Account = "tenant-contoso", Credentials = Stamp(name, creds),
        });

        public static Identity VaultSecret(string vault, string secret, params Credential[] creds) => Owned(new Identity
        {
            Id = "keyvault:" + vault + "/" + secret, Provider = "KeyVault", Kind = IdentityKind.Secret, Name = secret, Account = vault,
            Credentials = Stamp(secret, creds),
        });

        private static Identity Owned(Identity i) { i.Owners = new[] { "alice@contoso.com" }; return i; }

        private static Credential[] Stamp(string owner, Credential[] creds)
        {
            foreach (var c in creds) c.IdentityId = owner;
            return creds;
        }

        /// <summary>A deterministic GUID-looking id from a name.</summary>
        public static string Guid(string name)
        {
            var bytes = new byte[16];
            var b = System.Text.Encoding.UTF8.GetBytes(name);
            for (int i = 0; i < b.Length; i++) bytes[i % 16] ^= b[i];
            return new Guid(bytes).ToString();
        }

        public static Credential AccessKey(string id, double createdDaysAgo, double? lastUsedDaysAgo = null, bool neverUsed = false, bool enabled = true) => new Credential
        {
            Id = id, Type = CredentialType.AccessKey, CreatedOn = DaysAgo(createdDaysAgo),
            LastUsedOn = lastUsedDaysAgo.HasValue ? DaysAgo(lastUsedDaysAgo.Value) : (DateTime?)null, NeverUsed = neverUsed, Enabled = enabled,
        };

        public static Credential ClientSecret(string id, double createdDaysAgo, double lifetimeDays, double? lastUsedDaysAgo = null) => new Credential
        {
            Id = id, Type = CredentialType.ClientSecret, CreatedOn = DaysAgo(createdDaysAgo), ExpiresOn = DaysAgo(createdDaysAgo).AddDays(lifetimeDays),
            LastUsedOn = lastUsedDaysAgo.HasValue ? DaysAgo(lastUsedDaysAgo.Value) : (DateTime?)null, Hint = "abc",
        };

        public static Credential Certificate(string id, double createdDaysAgo, double lifetimeDays) => new Credential
        {
            Id = id, Type = CredentialType.Certificate, CreatedOn = DaysAgo(createdDaysAgo), ExpiresOn = DaysAgo(createdDaysAgo).AddDays(lifetimeDays),
        };

        public static Credential Federated(string id, string issuer, string subject) => new Credential
        {
            Id = id, Type = CredentialType.FederatedCredential, Issuer = issuer, Subject = subject,
        };

        public static Permission Perm(string name, PermissionType type = PermissionType.ManagedPolicy, string resource = "*", params string[] actions) => new Permission
        {
            Name = name, Type = type, Resource = resource, Actions = actions, Via = "direct",
        };

        public static List<Finding> Run(Identity identity, params string[] rules) => Run(new[] { identity }, null, rules);

        public static List<Finding> Run(IEnumerable<Identity> identities, FindingPolicy policy, params string[] rules)
        {
            var engine = new FindingEngine(policy ?? FindingPolicy.Default, NullHostContext.Instance);
            return engine.Evaluate(identities, AsOf, rules.Length == 0 ? null : new HashSet<string>(rules)).ToList();
        }

        /// <summary>Exactly one finding of the rule, with the rule's OWASP id and the expected severity.</summary>
        public static Finding Single(List<Finding> findings, string rule, string owasp, Severity severity)
        {
            var hits = findings.Where(f => f.Rule == rule).ToList();
            Assert.True(hits.Count == 1, "Expected one " + rule + " finding, got " + hits.Count + ": " + string.Join(" | ", hits.Select(h => h.Evidence)));
            var f = hits[0];
            Assert.Equal(owasp, f.Owasp);
            Assert.Equal(severity, f.Severity);
            Assert.Equal(AsOf, f.AsOf);
            Assert.InRange(f.Score, 0, 100);
            Assert.False(string.IsNullOrEmpty(f.Title));
            Assert.False(string.IsNullOrEmpty(f.Remediation));
            return f;
        }

        public static void None(List<Finding> findings, string rule) =>
            Assert.True(!findings.Exists(f => f.Rule == rule), "Expected no " + rule + " finding, got: " + string.Join(" | ", findings.Where(f => f.Rule == rule).Select(f => f.Evidence)));
    }

    /// <summary>A host that records what the engine tells it.</summary>
    internal sealed class RecordingHost : IHostContext
    {
        public List<NhiException> Errors { get; } = new List<NhiException>();
        public List<string> Verbose { get; } = new List<string>();
        public List<ProgressInfo> Progress { get; } = new List<ProgressInfo>();
        public System.Threading.CancellationToken CancellationToken { get; set; }
        public void WriteVerbose(string message) => Verbose.Add(message);
        public void WriteWarning(string message) { }
        public void WriteDebug(string message) { }
        public void WriteProgress(ProgressInfo progress) => Progress.Add(progress);
        public void WriteError(NhiException error) => Errors.Add(error);
        public bool ShouldProcess(string target, string action) => false;
    }
}
