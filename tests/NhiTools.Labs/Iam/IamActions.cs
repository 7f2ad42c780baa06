using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NhiTools.Labs.Iam
{
    /// <summary>
    /// The IAM and STS actions the lab implements, as plain functions of the store and one authenticated call.
    /// Each returns the response XML or throws <see cref="IamError"/>.
    /// </summary>
    public static partial class IamActions
    {
        public const string IamVersion = "2010-05-08";
        public const string StsVersion = "2011-06-15";

        static readonly Dictionary<string, Func<IamStore, IamCall, string>> Iam = new Dictionary<string, Func<IamStore, IamCall, string>>(StringComparer.Ordinal)
        {
            ["ListUsers"] = ListUsers,
            ["GetUser"] = GetUser,
            ["ListRoles"] = ListRoles,
            ["ListGroups"] = ListGroups,
            ["ListAccessKeys"] = ListAccessKeys,
            ["GetAccessKeyLastUsed"] = GetAccessKeyLastUsed,
            ["CreateAccessKey"] = CreateAccessKey,
            ["UpdateAccessKey"] = UpdateAccessKey,
            ["DeleteAccessKey"] = DeleteAccessKey,
            ["ListAttachedUserPolicies"] = ListAttachedUserPolicies,
            ["ListUserPolicies"] = ListUserPolicies,
            ["ListUserTags"] = ListUserTags,
            ["TagUser"] = TagUser,
            ["UntagUser"] = UntagUser,
            ["ListRoleTags"] = ListRoleTags,
            ["TagRole"] = TagRole,
            ["UntagRole"] = UntagRole,
            ["GetAccountAuthorizationDetails"] = GetAccountAuthorizationDetails,
            ["GenerateCredentialReport"] = GenerateCredentialReport,
            ["GetCredentialReport"] = GetCredentialReport,
            ["GenerateServiceLastAccessedDetails"] = GenerateServiceLastAccessedDetails,
            ["GetServiceLastAccessedDetails"] = GetServiceLastAccessedDetails,
        };

        static readonly Dictionary<string, Func<IamStore, IamCall, string>> Sts = new Dictionary<string, Func<IamStore, IamCall, string>>(StringComparer.Ordinal)
        {
            ["GetCallerIdentity"] = GetCallerIdentity,
            ["GetSessionToken"] = GetSessionToken,
            ["AssumeRole"] = AssumeRole,
        };

        static IamActions() { RegisterEntityActions(); RegisterCleanupActions(); }

        /// <summary>The signing service an action belongs to ("iam" or "sts"), or null if the lab does not know it.</summary>
        public static string ServiceOf(string action, string version)
        {
            if (version == StsVersion && action != null && Sts.ContainsKey(action)) return "sts";
            if (version == IamVersion && action != null && Iam.ContainsKey(action)) return "iam";
            return null;
        }

        public static string Invoke(IamStore store, IamCall call)
        {
            var table = call.Version == StsVersion ? Sts : call.Version == IamVersion ? Iam : null;
            if (table == null || call.Action == null || !table.TryGetValue(call.Action, out var handler))
                throw new IamError("InvalidAction", 400, "Could not find operation " + call.Action + " for version " + call.Version);
            lock (store.Gate) return handler(store, call);
        }

        // ---- users, roles, groups -------------------------------------------------------------------------

        static string ListUsers(IamStore s, IamCall c)
        {
            var prefix = c.Get("PathPrefix") ?? "/";
            var (page, next) = Paging.Cut(s.Users.Values.Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal)),
                u => u.UserName, StringComparer.OrdinalIgnoreCase, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("Users", page, UserShape)
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static void UserShape(QueryXml x, IamUser u) =>
            x.El("Path", u.Path).El("UserName", u.UserName).El("UserId", u.UserId).El("Arn", u.Arn)
             .El("CreateDate", u.CreateDate).El("PasswordLastUsed", u.PasswordLastUsed);

        static string GetUser(IamStore s, IamCall c)
        {
            var name = c.UserNameOrCaller();
            if (name == null) throw IamError.Validation("Must specify userName when calling with non-User credentials");
            var u = User(s, name);
            return QueryXml.Result(c.Action).Open("User")
                .El("Path", u.Path).El("UserName", u.UserName).El("UserId", u.UserId).El("Arn", u.Arn)
                .El("CreateDate", u.CreateDate).El("PasswordLastUsed", u.PasswordLastUsed)
                .Tags(u.Tags).Close().Finish(c.RequestId);
        }

        static string ListRoles(IamStore s, IamCall c)
        {
            var prefix = c.Get("PathPrefix") ?? "/";
            var (page, next) = Paging.Cut(s.Roles.Values.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)),
                r => r.RoleName, StringComparer.OrdinalIgnoreCase, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("Roles", page, (x, r) => x.El("Path", r.Path).El("RoleName", r.RoleName).El("RoleId", r.RoleId).El("Arn", r.Arn)
                    .El("CreateDate", r.CreateDate).Policy("AssumeRolePolicyDocument", r.AssumeRolePolicyDocument)
                    .El("Description", r.Description).El("MaxSessionDuration", r.MaxSessionDuration))
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static string ListGroups(IamStore s, IamCall c)
        {
            var prefix = c.Get("PathPrefix") ?? "/";
            var (page, next) = Paging.Cut(s.Groups.Values.Where(g => g.Path.StartsWith(prefix, StringComparison.Ordinal)),
                g => g.GroupName, StringComparer.OrdinalIgnoreCase, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("Groups", page, (x, g) => x.El("Path", g.Path).El("GroupName", g.GroupName).El("GroupId", g.GroupId).El("Arn", g.Arn).El("CreateDate", g.CreateDate))
                .Paging(next != null, next).Finish(c.RequestId);
        }

        // ---- access keys ----------------------------------------------------------------------------------

        static string ListAccessKeys(IamStore s, IamCall c)
        {
            var name = c.UserNameOrCaller();
            var owner = name == null ? null : User(s, name).UserName;
            var keys = s.UserKeys(owner).OrderBy(k => k.AccessKeyId, StringComparer.Ordinal);
            var (page, next) = Paging.Cut(keys, k => k.AccessKeyId, StringComparer.Ordinal, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("AccessKeyMetadata", page, (x, k) => x.El("UserName", k.UserName ?? "").El("AccessKeyId", k.AccessKeyId)
                    .El("Status", k.Status).El("CreateDate", k.CreateDate))
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static string GetAccessKeyLastUsed(IamStore s, IamCall c)
        {
            var id = c.Required("AccessKeyId");
            if (!s.Keys.TryGetValue(id, out var k)) throw IamError.NoSuchKey(id);
            var x = QueryXml.Result(c.Action).El("UserName", k.UserName ?? "").Open("AccessKeyLastUsed")
                .El("LastUsedDate", k.LastUsedDate)
                .El("ServiceName", k.LastUsedDate.HasValue ? k.LastUsedService ?? "N/A" : "N/A")
                .El("Region", k.LastUsedDate.HasValue ? k.LastUsedRegion ?? "N/A" : "N/A")
                .Close();
            return x.Finish(c.RequestId);
        }

        static string CreateAccessKey(IamStore s, IamCall c)
        {
            var name = c.UserNameOrCaller();
            if (name == null) throw IamError.Validation("Must specify userName when calling with non-User credentials");
            var u = User(s, name);
            if (s.UserKeys(u.UserName).Count >= 2)
                throw new IamError("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2");
            var now = s.Now;
            var key = new IamAccessKey
            {
                AccessKeyId = s.NewKeyId(u.UserName), UserName = u.UserName, Status = "Active", CreateDate = now,
                SecretAccessKey = RandomSecret(), UsableFrom = now + s.Options.KeyPropagationDelay,
            };
            s.PutKey(key);
            return QueryXml.Result(c.Action).Open("AccessKey")
                .El("UserName", key.UserName).El("AccessKeyId", key.AccessKeyId).El("Status", key.Status)
                .El("SecretAccessKey", key.SecretAccessKey).El("CreateDate", key.CreateDate)
                .Close().Finish(c.RequestId);
        }

        static string UpdateAccessKey(IamStore s, IamCall c)
        {
            var k = OwnedKey(s, c);
            var status = c.Required("Status");
            if (status != "Active" && status != "Inactive" && status != "Expired")
                throw IamError.Validation("1 validation error detected: Value '" + status + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Expired, Inactive]");
            k.Status = status;
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string DeleteAccessKey(IamStore s, IamCall c)
        {
            var k = OwnedKey(s, c);
            s.RemoveKey(k);
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static IamAccessKey OwnedKey(IamStore s, IamCall c)
        {
            var id = c.Required("AccessKeyId");
            var name = c.UserNameOrCaller();
            if (name != null) User(s, name);
            if (!s.Keys.TryGetValue(id, out var k) || !string.Equals(k.UserName, name, StringComparison.OrdinalIgnoreCase))
                throw IamError.NoSuchKey(id);
            return k;
        }

        static string RandomSecret()
        {
            var b = new byte[30];
            RandomNumberGenerator.Fill(b);
            return Convert.ToBase64String(b);
        }

        // ---- user policies and tags -----------------------------------------------------------------------

        static string ListAttachedUserPolicies(IamStore s, IamCall c)
        {
            var u = User(s, c.Required("UserName"));
            var (page, next) = Paging.Cut(u.AttachedPolicies.OrderBy(p => p.PolicyArn, StringComparer.Ordinal), p => p.PolicyArn, StringComparer.Ordinal,
                c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("AttachedPolicies", page, (x, p) => x.El("PolicyName", p.PolicyName).El("PolicyArn", p.PolicyArn))
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static string ListUserPolicies(IamStore s, IamCall c)
        {
            var u = User(s, c.Required("UserName"));
            var (page, next) = Paging.Cut(u.InlinePolicies.Select(p => p.PolicyName).OrderBy(n => n, StringComparer.Ordinal), n => n, StringComparer.Ordinal,
                c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action).StringList("PolicyNames", page).Paging(next != null, next).Finish(c.RequestId);
        }

        static string ListUserTags(IamStore s, IamCall c) => ListTags(s, c, User(s, c.Required("UserName")).Tags);
        static string ListRoleTags(IamStore s, IamCall c) => ListTags(s, c, Role(s, c.Required("RoleName")).Tags);

        static string ListTags(IamStore s, IamCall c, List<IamTag> tags)
        {
            var (page, next) = Paging.Cut(tags.OrderBy(t => t.Key, StringComparer.Ordinal), t => t.Key, StringComparer.Ordinal,
                c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action).Tags(page).Paging(next != null, next).Finish(c.RequestId);
        }

        static string TagUser(IamStore s, IamCall c) { ApplyTags(User(s, c.Required("UserName")).Tags, c); return QueryXml.Empty(c.Action, c.RequestId); }
        static string TagRole(IamStore s, IamCall c) { ApplyTags(Role(s, c.Required("RoleName")).Tags, c); return QueryXml.Empty(c.Action, c.RequestId); }

        static string UntagUser(IamStore s, IamCall c) { RemoveTags(User(s, c.Required("UserName")).Tags, c); return QueryXml.Empty(c.Action, c.RequestId); }
        static string UntagRole(IamStore s, IamCall c) { RemoveTags(Role(s, c.Required("RoleName")).Tags, c); return QueryXml.Empty(c.Action, c.RequestId); }

        static void ApplyTags(List<IamTag> tags, IamCall c)
        {
            var incoming = c.TagMembers();
            if (incoming.Count == 0) throw IamError.Missing("Tags");
            var merged = tags.Select(t => t.Key).Union(incoming.Select(t => t.Key), StringComparer.OrdinalIgnoreCase).Count();
            if (merged > 50) throw new IamError("LimitExceeded", 409, "The number of tags has reached the maximum limit.");
            foreach (var t in incoming)
            {
                // Tag keys are case-insensitive for uniqueness; the latest spelling wins.
                tags.RemoveAll(x => string.Equals(x.Key, t.Key, StringComparison.OrdinalIgnoreCase));
                tags.Add(t);
            }
        }

        static void RemoveTags(List<IamTag> tags, IamCall c)
        {
            var keys = c.Members("TagKeys");
            if (keys.Count == 0) throw IamError.Missing("TagKeys");
            tags.RemoveAll(t => keys.Contains(t.Key, StringComparer.OrdinalIgnoreCase));
        }

        // ---- STS ------------------------------------------------------------------------------------------

        static string GetCallerIdentity(IamStore s, IamCall c)
        {
            var k = c.Caller;
            var u = k?.UserName == null ? null : s.FindUser(k.UserName);
            return QueryXml.Result(c.Action, QueryXml.StsNamespace)
                .El("Arn", k?.AssumedRoleArn ?? u?.Arn ?? s.RootArn)
                .El("UserId", k?.AssumedRoleId ?? u?.UserId ?? s.AccountId)
                .El("Account", s.AccountId)
                .Finish(c.RequestId);
        }

        static string GetSessionToken(IamStore s, IamCall c)
        {
            if (c.Caller == null || c.Caller.IsSession)
                throw new IamError("AccessDenied", 403, "Cannot call GetSessionToken with session credentials");
            int seconds = 43200;
            var d = c.Get("DurationSeconds");
            if (d != null && (!int.TryParse(d, out seconds) || seconds < 900 || seconds > 129600))
                throw IamError.Validation("1 validation error detected: Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600");
            var now = s.Now;
            var id = IamIds.Make("ASIA", Guid.NewGuid().ToString(), 16);
            var session = new IamAccessKey
            {
                AccessKeyId = id, UserName = c.Caller.UserName, Status = "Active", CreateDate = now, UsableFrom = now,
                SecretAccessKey = RandomSecret(), SessionToken = "IQoJb3JpZ2luX2VjE" + RandomSecret().Replace("/", "_") + RandomSecret().Replace("/", "_"),
                Expiration = now.AddSeconds(seconds),
            };
            s.Sessions[id] = session;
            return QueryXml.Result(c.Action, QueryXml.StsNamespace).Open("Credentials")
                .El("AccessKeyId", session.AccessKeyId).El("SecretAccessKey", session.SecretAccessKey)
                .El("SessionToken", session.SessionToken).El("Expiration", session.Expiration)
                .Close().Finish(c.RequestId);
        }

        // ---- lookups --------------------------------------------------------------------------------------

        internal static IamUser User(IamStore s, string name) =>
            name != null && s.Users.TryGetValue(name, out var u) ? u : throw IamError.NoSuchUser(name);

        internal static IamRole Role(IamStore s, string name) =>
            name != null && s.Roles.TryGetValue(name, out var r) ? r : throw IamError.NoSuchRole(name);
    }
}
