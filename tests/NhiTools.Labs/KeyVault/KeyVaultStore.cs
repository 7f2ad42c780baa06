using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.KeyVault
{
    public sealed partial class KeyVaultLabOptions : LabServerOptions
    {
        public KeyVaultLabOptions() { Https = true; }

        /// <summary>Tenant named in the 401 challenge's authorization URI.</summary>
        public string TenantId { get; set; } = "00000000-0000-4000-8000-00000000ab1e";
        /// <summary>When set, only this bearer token is accepted; otherwise any bearer token is.</summary>
        public string RequiredToken { get; set; }
        public int RecoverableDays { get; set; } = 90;
        /// <summary>Seed of the invented values of seeded secrets.</summary>
        public string ValueSeed { get; set; } = "nhitools-lab";
    }

    public sealed partial class SecretVersion
    {
        public string Version { get; set; }
        public string Value { get; set; }
        public string ContentType { get; set; }
        public bool Enabled { get; set; } = true;
        public DateTimeOffset? NotBefore { get; set; }
        public DateTimeOffset? Expires { get; set; }
        public DateTimeOffset Created { get; set; }
        public DateTimeOffset Updated { get; set; }
        public Dictionary<string, string> Tags { get; set; }
    }

    public sealed class StoredSecret
    {
        public string Name { get; set; }
        /// <summary>Oldest first; the last is the current version.</summary>
        public List<SecretVersion> Versions { get; } = new List<SecretVersion>();
        public SecretVersion Latest => Versions.Count == 0 ? null : Versions[Versions.Count - 1];
        public DateTimeOffset? DeletedDate { get; set; }
        public DateTimeOffset? ScheduledPurgeDate { get; set; }
    }

    /// <summary>The secrets of one vault (names are case-insensitive, as in Key Vault). Lock <see cref="Gate"/> to read.</summary>
    public sealed class KeyVaultStore
    {
        public object Gate { get; } = new object();
        public KeyVaultLabOptions Options { get; }
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
        internal readonly SortedDictionary<string, StoredSecret> Secrets = new SortedDictionary<string, StoredSecret>(StringComparer.OrdinalIgnoreCase);
        internal readonly SortedDictionary<string, StoredSecret> Deleted = new SortedDictionary<string, StoredSecret>(StringComparer.OrdinalIgnoreCase);
        int _versionCounter;

        public KeyVaultStore(KeyVaultLabOptions options) { Options = options; }

        public string RecoveryLevel => "Recoverable+Purgeable";

        /// <summary>Adds a new current version (what PUT /secrets/{name} does).</summary>
        public SecretVersion Set(string name, string value, string contentType = null, IDictionary<string, string> tags = null,
            bool enabled = true, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, DateTimeOffset? created = null)
        {
            lock (Gate)
            {
                if (!Secrets.TryGetValue(name, out var s)) Secrets[name] = s = new StoredSecret { Name = name };
                var now = created ?? Clock();
                var v = new SecretVersion
                {
                    Version = NewVersion(name), Value = value, ContentType = contentType, Enabled = enabled,
                    NotBefore = notBefore, Expires = expires, Created = now, Updated = now,
                    Tags = tags == null ? null : new Dictionary<string, string>(tags),
                };
                s.Versions.Add(v);
                return v;
            }
        }

        public StoredSecret Find(string name) { lock (Gate) return Secrets.TryGetValue(name, out var s) ? s : null; }
        public StoredSecret FindDeleted(string name) { lock (Gate) return Deleted.TryGetValue(name, out var s) ? s : null; }
        public int Count { get { lock (Gate) return Secrets.Count; } }

        /// <summary>The deterministic value a seeded secret gets (never from a file).</summary>
        public string InventedValue(string name)
        {
            using (var h = new HMACSHA256(Encoding.UTF8.GetBytes("nhitools-kv:" + Options.ValueSeed)))
                return "lab-" + Convert.ToBase64String(h.ComputeHash(Encoding.UTF8.GetBytes(name.ToLowerInvariant()))).Substring(0, 24);
        }

        string NewVersion(string name)
        {
            using (var sha = SHA256.Create())
            {
                var b = sha.ComputeHash(Encoding.UTF8.GetBytes(Options.ValueSeed + "/" + name + "/" + (++_versionCounter)));
                return string.Concat(b.Take(16).Select(x => x.ToString("x2")));
            }
        }
    }
}
