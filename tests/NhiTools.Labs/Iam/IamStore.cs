using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Iam
{
    /// <summary>Knobs of the IAM lab that tests turn; all safe to change while the lab runs.</summary>
    public sealed class IamLabOptions : LabServerOptions
    {
        public string AccountId { get; set; } = "123456789012";
        /// <summary>Seed of the deterministic secrets of seeded keys (see <see cref="IamIds.SecretFor"/>).</summary>
        public string SecretSeed { get; set; } = "nhitools-lab";
        /// <summary>A created key authenticates only this long after CreateAccessKey (eventual consistency).</summary>
        public TimeSpan KeyPropagationDelay { get; set; } = TimeSpan.Zero;
        /// <summary>GenerateCredentialReport stays STARTED/INPROGRESS this long.</summary>
        public TimeSpan CredentialReportDelay { get; set; } = TimeSpan.Zero;
        /// <summary>A finished report is reused for this long (IAM: 4 hours); set to zero to always regenerate.</summary>
        public TimeSpan CredentialReportReuse { get; set; } = TimeSpan.FromHours(4);
        /// <summary>GetCredentialReport answers 410 ReportExpired once the report is older than this (IAM: 4 hours).</summary>
        public TimeSpan CredentialReportExpiry { get; set; } = TimeSpan.FromHours(4);
        /// <summary>GetServiceLastAccessedDetails reports IN_PROGRESS this long.</summary>
        public TimeSpan ServiceLastAccessedDelay { get; set; } = TimeSpan.Zero;
        /// <summary>When true, list pages hold fewer items than MaxItems while more remain (IAM does this).</summary>
        public bool ShortPages { get; set; }
        /// <summary>When false, SigV4 is not checked (never in tests that exercise auth).</summary>
        public bool VerifySignatures { get; set; } = true;
    }

    /// <summary>
    /// The IAM account state behind the lab. Handlers lock <see cref="Gate"/> for every read and write, so the
    /// lab is safe under concurrent clients.
    /// </summary>
    public sealed class IamStore
    {
        /// <summary>The lab's admin credential: the account root's access key (not a user, so it never shows in ListUsers).</summary>
        public const string AdminAccessKeyId = "AKIANHITOOLSLABADMIN";
        public const string AdminSecretAccessKey = "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";

        public object Gate { get; } = new object();
        public IamLabOptions Options { get; }
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
        public DateTimeOffset Now => Clock();

        // Sorted by name (case-insensitive, as IAM names are unique case-insensitively).
        internal readonly SortedDictionary<string, IamUser> Users = new SortedDictionary<string, IamUser>(StringComparer.OrdinalIgnoreCase);
        internal readonly SortedDictionary<string, IamRole> Roles = new SortedDictionary<string, IamRole>(StringComparer.OrdinalIgnoreCase);
        internal readonly SortedDictionary<string, IamGroup> Groups = new SortedDictionary<string, IamGroup>(StringComparer.OrdinalIgnoreCase);
        internal readonly SortedDictionary<string, ManagedPolicy> Policies = new SortedDictionary<string, ManagedPolicy>(StringComparer.Ordinal);
        internal readonly Dictionary<string, IamAccessKey> Keys = new Dictionary<string, IamAccessKey>(StringComparer.Ordinal);
        // Keys per user name ("" = root), kept with Keys by PutKey/RemoveKey.
        readonly Dictionary<string, List<IamAccessKey>> _keysByUser = new Dictionary<string, List<IamAccessKey>>(StringComparer.OrdinalIgnoreCase);
        // Temporary credentials from GetSessionToken and AssumeRole: never listed, never counted against the two-key limit.
        internal readonly Dictionary<string, IamAccessKey> Sessions = new Dictionary<string, IamAccessKey>(StringComparer.Ordinal);
        internal readonly Dictionary<string, List<ServiceAccess>> ServiceAccessByArn = new Dictionary<string, List<ServiceAccess>>(StringComparer.Ordinal);
        internal readonly Dictionary<string, ServiceAccessJob> Jobs = new Dictionary<string, ServiceAccessJob>(StringComparer.Ordinal);
        internal CredentialReportState Report;
        /// <summary>The root row's own facts (creation, console use, MFA), from a seeded report or defaults.</summary>
        public IamUser Root { get; } = new IamUser { UserName = "<root_account>", CreateDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        int _keyCounter;

        public IamStore(IamLabOptions options = null)
        {
            Options = options ?? new IamLabOptions();
            PutKey(new IamAccessKey
            {
                AccessKeyId = AdminAccessKeyId, UserName = null, Status = "Active",
                CreateDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                SecretAccessKey = AdminSecretAccessKey, UsableFrom = DateTimeOffset.MinValue,
            });
        }

        /// <summary>Caller holds Gate.</summary>
        internal void PutKey(IamAccessKey k)
        {
            if (Keys.TryGetValue(k.AccessKeyId, out var old)) RemoveKey(old);
            Keys[k.AccessKeyId] = k;
            var owner = k.UserName ?? "";
            if (!_keysByUser.TryGetValue(owner, out var list)) _keysByUser[owner] = list = new List<IamAccessKey>();
            list.Add(k);
        }

        /// <summary>Caller holds Gate.</summary>
        internal void RemoveKey(IamAccessKey k)
        {
            Keys.Remove(k.AccessKeyId);
            if (_keysByUser.TryGetValue(k.UserName ?? "", out var list)) list.Remove(k);
        }

        /// <summary>Caller holds Gate. The keys of a user (null = root), oldest first.</summary>
        internal List<IamAccessKey> UserKeys(string userName) =>
            _keysByUser.TryGetValue(userName ?? "", out var list)
                ? list.OrderBy(k => k.CreateDate).ThenBy(k => k.AccessKeyId, StringComparer.Ordinal).ToList()
                : new List<IamAccessKey>();

        /// <summary>Takes the account id from a seeded ARN while the store is still empty.</summary>
        internal void AdoptAccountFrom(string arn)
        {
            if (arn == null || Users.Count > 0 || Roles.Count > 0) return;
            var parts = arn.Split(':');
            if (parts.Length > 4 && parts[4].Length == 12) Options.AccountId = parts[4];
        }

        public string AccountId => Options.AccountId;
        public string RootArn => "arn:aws:iam::" + AccountId + ":root";
        /// <summary>The admin (root) access key; seeding from a report may set its dates and last use.</summary>
        public IamAccessKey AdminKey { get { lock (Gate) return Keys[AdminAccessKeyId]; } }

        public int UserCount { get { lock (Gate) return Users.Count; } }

        public IamUser AddUser(string userName, string path = "/", DateTimeOffset? created = null)
        {
            lock (Gate)
            {
                var u = new IamUser
                {
                    UserName = userName, Path = path ?? "/",
                    UserId = IamIds.UserId(AccountId + "/user/" + userName),
                    Arn = "arn:aws:iam::" + AccountId + ":user" + (path ?? "/") + userName,
                    CreateDate = created ?? Now,
                };
                Users[userName] = u;
                return u;
            }
        }

        public IamUser FindUser(string userName) { lock (Gate) return userName != null && Users.TryGetValue(userName, out var u) ? u : null; }
        public IamRole FindRole(string roleName) { lock (Gate) return roleName != null && Roles.TryGetValue(roleName, out var r) ? r : null; }
        public IamGroup FindGroup(string groupName) { lock (Gate) return groupName != null && Groups.TryGetValue(groupName, out var g) ? g : null; }

        /// <summary>Adds a key with a lab-derived secret, usable at once (seeding) unless a propagation delay is asked for.</summary>
        public IamAccessKey AddKey(string userName, string accessKeyId = null, string status = "Active", DateTimeOffset? created = null, bool propagate = false)
        {
            lock (Gate)
            {
                var id = accessKeyId ?? NewKeyId(userName);
                var k = new IamAccessKey
                {
                    AccessKeyId = id, UserName = userName, Status = status ?? "Active", CreateDate = created ?? Now,
                    SecretAccessKey = IamIds.SecretFor(id, Options.SecretSeed),
                };
                k.UsableFrom = propagate ? Now + Options.KeyPropagationDelay : DateTimeOffset.MinValue;
                PutKey(k);
                return k;
            }
        }

        internal string NewKeyId(string userName)
        {
            string id;
            do { id = IamIds.AccessKeyId(Options.SecretSeed + "/new/" + userName + "/" + (++_keyCounter)); } while (Keys.ContainsKey(id));
            return id;
        }

        /// <summary>The secret of any key the lab knows (seeded or created), or null. For tests that sign as that key.</summary>
        public string SecretOf(string accessKeyId) { lock (Gate) return Keys.TryGetValue(accessKeyId, out var k) ? k.SecretAccessKey : null; }

        public IReadOnlyList<IamAccessKey> KeysOf(string userName)
        {
            lock (Gate) return UserKeys(userName);
        }

        public IamRole AddRole(string roleName, string path = "/", DateTimeOffset? created = null, string trustPolicy = null)
        {
            lock (Gate)
            {
                var r = new IamRole
                {
                    RoleName = roleName, Path = path ?? "/", RoleId = IamIds.RoleId(AccountId + "/role/" + roleName),
                    Arn = "arn:aws:iam::" + AccountId + ":role" + (path ?? "/") + roleName, CreateDate = created ?? Now,
                    AssumeRolePolicyDocument = trustPolicy ?? "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
                    MaxSessionDuration = 3600,
                };
                Roles[roleName] = r;
                return r;
            }
        }

        public IamGroup AddGroup(string groupName, string path = "/", DateTimeOffset? created = null)
        {
            lock (Gate)
            {
                var g = new IamGroup
                {
                    GroupName = groupName, Path = path ?? "/", GroupId = IamIds.GroupId(AccountId + "/group/" + groupName),
                    Arn = "arn:aws:iam::" + AccountId + ":group" + (path ?? "/") + groupName, CreateDate = created ?? Now,
                };
                Groups[groupName] = g;
                return g;
            }
        }

        public void AddPolicy(ManagedPolicy p) { lock (Gate) Policies[p.Arn] = p; }

        /// <summary>Sets what GetServiceLastAccessedDetails reports for an entity ARN.</summary>
        public void SetServiceAccess(string arn, IEnumerable<ServiceAccess> services)
        {
            lock (Gate) ServiceAccessByArn[arn] = services.ToList();
        }
    }

    internal sealed class CredentialReportState
    {
        public DateTimeOffset StartedAt;
        public DateTimeOffset ReadyAt;
        public byte[] Content; // built when first read after ReadyAt, from the live state
    }

    internal sealed class ServiceAccessJob
    {
        public string JobId;
        public string Arn;
        public string Granularity;
        public DateTimeOffset CreatedAt;
        public DateTimeOffset ReadyAt;
    }
}
