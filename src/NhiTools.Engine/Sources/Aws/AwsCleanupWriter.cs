using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Sources.Offline.Aws;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Cleanup writes for IAM users and roles. Quarantine is an explicit deny-all inline policy named
    /// <see cref="QuarantinePolicyName"/>: an explicit Deny beats every Allow, so the identity can do nothing,
    /// while its keys, policies and trust stay exactly as they were (Enable deletes that one policy).
    /// Every step reads first, so a repeated step changes nothing and says so.
    /// </summary>
    public sealed class AwsCleanupWriter : ICleanupWriter
    {
        public const string QuarantinePolicyName = AwsBuilder.QuarantinePolicyName;
        public const string QuarantineDocument =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NhiToolsQuarantineDenyAll\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

        private readonly AwsLiveSource _source;

        public AwsCleanupWriter(AwsLiveSource source) { _source = source ?? throw new ArgumentNullException(nameof(source)); }

        public string Provider => "Aws";
        public ILiveSource Source => _source;

        public bool Covers(Identity identity)
        {
            var account = identity?.Account ?? AwsIndex.AccountOf(identity?.NativeId ?? Arn(identity));
            return account == null || _source.Accounts.Any(a => a.AccountId == account);
        }

        /// <summary>GetAccessKeyLastUsed for each access key: the credential report behind the bulk read may be hours old.</summary>
        public void Refresh(Identity live, IHostContext host)
        {
            if (live?.Credentials == null) return;
            var account = live.Account ?? AwsIndex.AccountOf(live.NativeId ?? Arn(live));
            foreach (var c in live.Credentials)
            {
                if (c.Type != CredentialType.AccessKey || c.Id == null || !c.Id.StartsWith("AK", StringComparison.Ordinal)) continue;
                var r = Call(_source.Account(account).Iam, "GetAccessKeyLastUsed", host, QueryClient.P("AccessKeyId", c.Id));
                var used = r.Child("AccessKeyLastUsed")?.Time("LastUsedDate");
                if (used.HasValue && (!c.LastUsedOn.HasValue || used.Value > c.LastUsedOn.Value))
                {
                    c.LastUsedOn = used;
                    c.NeverUsed = false;
                    if (!live.LastUsedOn.HasValue || used.Value > live.LastUsedOn.Value) live.LastUsedOn = used;
                }
            }
        }

        public string Capture(string action, Identity identity, string target, IHostContext host)
        {
            switch (action)
            {
                case CleanupActions.Disable:
                case CleanupActions.Enable:
                    return Quarantined(identity, host) ? "inline policy " + QuarantinePolicyName + " (deny all)" : "no quarantine policy";
                case CleanupActions.DeactivateCredential:
                case CleanupActions.ReactivateCredential:
                case CleanupActions.DeleteCredential:
                    var key = FindKey(identity, target, host);
                    return key == null ? "absent" : "AccessKey " + key.AccessKeyId + " " + key.Status + (key.CreateDate.HasValue ? " created " + key.CreateDate.Value.ToString("u") : "");
                case CleanupActions.DeleteIdentity:
                    return Attached(identity, host)?.ToJson() ?? "absent";
                case CleanupActions.RevokePermission:
                    return Held(identity, target, host)?.Before;
                default:
                    return null;
            }
        }

        public CleanupStep Apply(string action, Identity identity, string target, string before, IHostContext host)
        {
            switch (action)
            {
                case CleanupActions.Disable: return Quarantine(identity, host);
                case CleanupActions.Enable: return Release(identity, host);
                case CleanupActions.DeactivateCredential: return SetKeyStatus(identity, target, "Inactive", host);
                case CleanupActions.ReactivateCredential: return SetKeyStatus(identity, target, "Active", host);
                case CleanupActions.DeleteCredential: return DeleteKey(identity, target, host);
                case CleanupActions.DeleteIdentity: return DeleteEntity(identity, host);
                case CleanupActions.RevokePermission: return Revoke(identity, target, host);
                case CleanupActions.RestorePermission: return Restore(identity, before, host);
                default:
                    throw CleanupErrors.NotSupportedFor($"{action} is not supported for AWS identities yet.", identity.Id);
            }
        }

        private CleanupStep Quarantine(Identity identity, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            const string after = "inline policy " + QuarantinePolicyName + " (deny all)";
            if (Quarantined(identity, host))
                return new CleanupStep { Changed = false, Before = after, After = after, Note = QuarantinePolicyName + " is already on " + identity.Id + "; nothing sent." };
            // PutUserPolicy/PutRolePolicy replaces a policy of the same name: a retry after a lost answer is harmless.
            Call(iam, "Put" + entity + "Policy", host,
                QueryClient.P(entity + "Name", name), QueryClient.P("PolicyName", QuarantinePolicyName), QueryClient.P("PolicyDocument", QuarantineDocument));
            return new CleanupStep { Changed = true, Before = "no quarantine policy", After = after };
        }

        private CleanupStep Release(Identity identity, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            try
            {
                Call(iam, "Delete" + entity + "Policy", host, QueryClient.P(entity + "Name", name), QueryClient.P("PolicyName", QuarantinePolicyName));
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity" && EntityExists(identity, host))
            {
                return new CleanupStep { Changed = false, Before = "no quarantine policy", After = "no quarantine policy", Note = "no " + QuarantinePolicyName + " policy on " + identity.Id + "; nothing to remove." };
            }
            return new CleanupStep { Changed = true, Before = "inline policy " + QuarantinePolicyName + " (deny all)", After = "no quarantine policy" };
        }

        private CleanupStep SetKeyStatus(Identity identity, string keyId, string status, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            if (entity != "User") throw new NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument, identity.Id + " is a role: roles have no access keys.", identity.Id);
            var key = FindKey(identity, keyId, host)
                ?? throw new NhiException(CleanupErrors.CredentialNotFound, NhiErrorCategory.ObjectNotFound, "Access key " + keyId + " is not on " + identity.Id + " (deleted?). Nothing was changed.", keyId);
            if (string.Equals(key.Status, status, StringComparison.OrdinalIgnoreCase))
                return new CleanupStep { Changed = false, Before = "AccessKey " + keyId + " " + key.Status, After = "AccessKey " + keyId + " " + status, Note = "access key " + keyId + " is already " + status + "; nothing sent." };
            // UpdateAccessKey sets a status: repeating it is harmless, so a lost answer is retried.
            Call(iam, "UpdateAccessKey", host, QueryClient.P("UserName", name), QueryClient.P("AccessKeyId", keyId), QueryClient.P("Status", status));
            return new CleanupStep { Changed = true, Before = "AccessKey " + keyId + " " + key.Status, After = "AccessKey " + keyId + " " + status };
        }

        private CleanupStep DeleteKey(Identity identity, string keyId, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            var key = FindKey(identity, keyId, host);
            if (key == null)
                return new CleanupStep { Changed = false, Before = "absent", After = "absent", Note = "access key " + keyId + " is not on " + identity.Id + "; it was already deleted." };
            try
            {
                Call(iam, "DeleteAccessKey", host, QueryClient.P("UserName", name), QueryClient.P("AccessKeyId", keyId));
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                // Deleted by an earlier attempt whose answer was lost.
            }
            return new CleanupStep { Changed = true, Before = "AccessKey " + keyId + " " + key.Status, After = "deleted" };
        }

        /// <summary>Everything attached to a user or role, as the journal keeps it before a delete (no secret: key ids and status only).</summary>
        internal sealed class AttachedState
        {
            public string Entity, Name, Arn;
            public List<string> AccessKeys = new List<string>();
            public List<string> ManagedPolicies = new List<string>();
            public List<KeyValuePair<string, string>> InlinePolicies = new List<KeyValuePair<string, string>>();
            public List<string> Groups = new List<string>();
            public List<KeyValuePair<string, string>> Tags = new List<KeyValuePair<string, string>>();
            public string TrustPolicy;

            public string ToJson()
            {
                using (var ms = new System.IO.MemoryStream())
                {
                    using (var w = new System.Text.Json.Utf8JsonWriter(ms))
                    {
                        w.WriteStartObject();
                        w.WriteString(Entity == "User" ? "UserName" : "RoleName", Name);
                        w.WriteString("Arn", Arn);
                        if (Entity == "User")
                        {
                            w.WriteStartArray("AccessKeys"); foreach (var k in AccessKeys) w.WriteStringValue(k); w.WriteEndArray();
                            w.WriteStartArray("Groups"); foreach (var g in Groups) w.WriteStringValue(g); w.WriteEndArray();
                        }
                        w.WriteStartArray("AttachedManagedPolicies"); foreach (var a in ManagedPolicies) w.WriteStringValue(a); w.WriteEndArray();
                        w.WriteStartObject("InlinePolicies"); foreach (var p in InlinePolicies) w.WriteString(p.Key, p.Value); w.WriteEndObject();
                        w.WriteStartObject("Tags"); foreach (var t in Tags) w.WriteString(t.Key, t.Value); w.WriteEndObject();
                        if (TrustPolicy != null) w.WriteString("AssumeRolePolicyDocument", TrustPolicy);
                        w.WriteEndObject();
                    }
                    return System.Text.Encoding.UTF8.GetString(ms.ToArray());
                }
            }
        }

        /// <summary>Reads everything attached (keys, policies with their documents, groups, tags, trust); null when the entity is gone.</summary>
        internal AttachedState Attached(Identity identity, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            var ct = host?.CancellationToken ?? CancellationToken.None;
            var p = new[] { QueryClient.P(entity + "Name", name) };
            var state = new AttachedState { Entity = entity, Name = name, Arn = identity.NativeId ?? Arn(identity) };
            try
            {
                if (entity == "User")
                {
                    state.AccessKeys.AddRange(iam.ListAllAsync("ListAccessKeys", p, "AccessKeyMetadata", ct).GetAwaiter().GetResult().Select(k => k.Text("AccessKeyId") + " " + k.Text("Status")));
                    state.Groups.AddRange(iam.ListAllAsync("ListGroupsForUser", p, "Groups", ct).GetAwaiter().GetResult().Select(g => g.Text("GroupName")));
                }
                else
                {
                    var role = Call(iam, "GetRole", host, p).Child("Role");
                    state.TrustPolicy = Decode(role?.Text("AssumeRolePolicyDocument"));
                }
                state.ManagedPolicies.AddRange(iam.ListAllAsync("ListAttached" + entity + "Policies", p, "AttachedPolicies", ct).GetAwaiter().GetResult().Select(a => a.Text("PolicyArn")));
                var inline = new List<string>();
                iam.PagesAsync("List" + entity + "Policies", p, page => inline.AddRange(page.Members("PolicyNames").Select(m => m.Value)), ct).GetAwaiter().GetResult();
                foreach (var n in inline)
                {
                    var doc = Call(iam, "Get" + entity + "Policy", host, QueryClient.P(entity + "Name", name), QueryClient.P("PolicyName", n)).Text("PolicyDocument");
                    state.InlinePolicies.Add(new KeyValuePair<string, string>(n, Decode(doc)));
                }
                state.Tags.AddRange(iam.ListAllAsync("List" + entity + "Tags", p, "Tags", ct).GetAwaiter().GetResult().Select(t => new KeyValuePair<string, string>(t.Text("Key"), t.Text("Value"))));
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity" && !EntityExists(identity, host))
            {
                return null;
            }
            return state;
        }

        private static string Decode(string policy) => policy == null ? null : Uri.UnescapeDataString(policy);

        /// <summary>
        /// Deletes what IAM requires gone first (access keys, managed and inline policies, group memberships), then the
        /// user or role. Each call is repeated safely (NoSuchEntity = already done), so a rerun after a failure finishes.
        /// </summary>
        private CleanupStep DeleteEntity(Identity identity, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            var state = Attached(identity, host);
            if (state == null) return new CleanupStep { Changed = false, Before = "absent", After = "absent", Note = identity.Id + " is already deleted." };
            void Try(string action, params KeyValuePair<string, string>[] parameters)
            {
                try { Call(iam, action, host, parameters); }
                catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity") { }
            }
            var who = QueryClient.P(entity + "Name", name);
            foreach (var k in state.AccessKeys) Try("DeleteAccessKey", who, QueryClient.P("AccessKeyId", k.Split(' ')[0]));
            if (entity == "User" && identity.HasPassword) Try("DeleteLoginProfile", who);
            foreach (var a in state.ManagedPolicies) Try("Detach" + entity + "Policy", who, QueryClient.P("PolicyArn", a));
            foreach (var p in state.InlinePolicies) Try("Delete" + entity + "Policy", who, QueryClient.P("PolicyName", p.Key));
            foreach (var g in state.Groups) Try("RemoveUserFromGroup", who, QueryClient.P("GroupName", g));
            Try("Delete" + entity, who);
            return new CleanupStep { Changed = true, Before = state.ToJson(), After = "deleted" };
        }

        /// <summary>How a permission is held: a managed policy attached, an inline policy (with its document), or a group membership.</summary>
        internal sealed class HeldPermission
        {
            public string Kind, Name, Arn, Document;
            /// <summary>The journal's Before: "managed &lt;arn&gt;", "group &lt;name&gt;", or "inline &lt;name&gt;" and the document on the next line.</summary>
            public string Before => Kind == "inline" ? "inline " + Name + "\n" + Document : Kind == "managed" ? "managed " + Arn : "group " + Name;
        }

        /// <summary>
        /// Finds <paramref name="permission"/> on the user or role now: a managed policy by name or ARN, an inline policy
        /// by name, or "group:&lt;name&gt;" for a membership. Null when it is not held (directly) any more.
        /// </summary>
        internal HeldPermission Held(Identity identity, string permission, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            var ct = host?.CancellationToken ?? CancellationToken.None;
            var p = new[] { QueryClient.P(entity + "Name", name) };
            if (permission.StartsWith("group:", StringComparison.OrdinalIgnoreCase))
            {
                if (entity != "User") return null;
                var group = permission.Substring(6);
                var groups = iam.ListAllAsync("ListGroupsForUser", p, "Groups", ct).GetAwaiter().GetResult();
                var g = groups.FirstOrDefault(x => string.Equals(x.Text("GroupName"), group, StringComparison.OrdinalIgnoreCase));
                return g == null ? null : new HeldPermission { Kind = "group", Name = g.Text("GroupName") };
            }
            var attached = iam.ListAllAsync("ListAttached" + entity + "Policies", p, "AttachedPolicies", ct).GetAwaiter().GetResult();
            var a = attached.FirstOrDefault(x => string.Equals(x.Text("PolicyArn"), permission, StringComparison.Ordinal) || string.Equals(x.Text("PolicyName"), permission, StringComparison.Ordinal));
            if (a != null) return new HeldPermission { Kind = "managed", Name = a.Text("PolicyName"), Arn = a.Text("PolicyArn") };
            try
            {
                var doc = Call(iam, "Get" + entity + "Policy", host, QueryClient.P(entity + "Name", name), QueryClient.P("PolicyName", permission)).Text("PolicyDocument");
                return new HeldPermission { Kind = "inline", Name = permission, Document = Decode(doc) };
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                return null;
            }
        }

        private CleanupStep Revoke(Identity identity, string permission, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            var held = Held(identity, permission, host);
            if (held == null) return new CleanupStep { Changed = false, Before = "absent", After = "absent", Note = permission + " is not held directly by " + identity.Id + "; nothing to revoke." };
            var who = QueryClient.P(entity + "Name", name);
            try
            {
                if (held.Kind == "managed") Call(iam, "Detach" + entity + "Policy", host, who, QueryClient.P("PolicyArn", held.Arn));
                else if (held.Kind == "inline") Call(iam, "Delete" + entity + "Policy", host, who, QueryClient.P("PolicyName", held.Name));
                else Call(iam, "RemoveUserFromGroup", host, who, QueryClient.P("GroupName", held.Name));
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                // Removed by an earlier attempt whose answer was lost.
            }
            return new CleanupStep { Changed = true, Before = held.Before, After = "revoked" };
        }

        /// <summary>Puts back what a revoke recorded: re-attach, put the inline document again, or re-add to the group.</summary>
        private CleanupStep Restore(Identity identity, string before, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            var who = QueryClient.P(entity + "Name", name);
            var firstLine = (before ?? "").Split('\n')[0];
            int space = firstLine.IndexOf(' ');
            if (space < 0) throw new NhiException(CleanupErrors.CannotUndo, NhiErrorCategory.InvalidData, "The change does not record what was revoked; nothing can be put back.", identity.Id);
            var kind = firstLine.Substring(0, space);
            var value = firstLine.Substring(space + 1);
            if (Held(identity, kind == "group" ? "group:" + value : kind == "managed" ? value : value, host) != null)
                return new CleanupStep { Changed = false, Before = before, After = before, Note = value + " is already held; nothing to put back." };
            if (kind == "managed") Call(iam, "Attach" + entity + "Policy", host, who, QueryClient.P("PolicyArn", value));
            else if (kind == "group") Call(iam, "AddUserToGroup", host, who, QueryClient.P("GroupName", value));
            else if (kind == "inline") Call(iam, "Put" + entity + "Policy", host, who, QueryClient.P("PolicyName", value), QueryClient.P("PolicyDocument", before.Substring(before.IndexOf('\n') + 1)));
            else throw new NhiException(CleanupErrors.CannotUndo, NhiErrorCategory.InvalidData, "Unknown revoked permission kind '" + kind + "'.", identity.Id);
            return new CleanupStep { Changed = true, Before = "revoked", After = firstLine + " restored" };
        }

        /// <summary>The key's current metadata (ListAccessKeys), or null when the user has no such key. A failed list throws.</summary>
        private AccessKeyMetadata FindKey(Identity identity, string keyId, IHostContext host)
        {
            var (entity, name, _) = Resolve(identity);
            if (entity != "User") return null;
            var account = identity.Account ?? AwsIndex.AccountOf(identity.NativeId ?? Arn(identity));
            var keys = _source.AccessKeys(account).ListAsync(name, host?.CancellationToken ?? CancellationToken.None).GetAwaiter().GetResult();
            return keys.FirstOrDefault(k => string.Equals(k.AccessKeyId, keyId, StringComparison.Ordinal));
        }

        /// <summary>True when the quarantine policy is on the user or role (GetUserPolicy/GetRolePolicy).</summary>
        public bool Quarantined(Identity identity, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            try
            {
                Call(iam, "Get" + entity + "Policy", host, QueryClient.P(entity + "Name", name), QueryClient.P("PolicyName", QuarantinePolicyName));
                return true;
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                if (!EntityExists(identity, host)) throw;
                return false;
            }
        }

        private bool EntityExists(Identity identity, IHostContext host)
        {
            var (entity, name, iam) = Resolve(identity);
            try
            {
                Call(iam, "Get" + entity, host, QueryClient.P(entity + "Name", name));
                return true;
            }
            catch (AwsServiceException ex) when (ex.Code == "NoSuchEntity")
            {
                return false;
            }
        }

        internal static System.Xml.Linq.XElement Call(QueryClient iam, string action, IHostContext host, params KeyValuePair<string, string>[] parameters)
        {
            try { return iam.CallAsync(action, parameters, true, host?.CancellationToken ?? CancellationToken.None).GetAwaiter().GetResult(); }
            finally { if (host != null) iam.Retry.Drain(host); } // retry warnings and -Debug traces, on this (the pipeline) thread
        }

        private (string Entity, string Name, QueryClient Iam) Resolve(Identity identity)
        {
            var arn = identity.NativeId ?? Arn(identity);
            int slash = arn == null ? -1 : arn.LastIndexOf('/');
            var name = slash < 0 ? null : arn.Substring(slash + 1);
            string entity = arn != null && arn.IndexOf(":user/", StringComparison.Ordinal) > 0 ? "User"
                : arn != null && arn.IndexOf(":role/", StringComparison.Ordinal) > 0 ? "Role" : null;
            if (entity == null || string.IsNullOrEmpty(name))
                throw new NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument,
                    identity.Id + " is not an IAM user or role; only those can be changed by cleanup (the root account never is).", identity.Id);
            var account = identity.Account ?? AwsIndex.AccountOf(arn);
            return (entity, name, _source.Account(account).Iam);
        }

        private static string Arn(Identity identity) =>
            identity?.Id != null && identity.Id.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) ? identity.Id.Substring(4) : null;
    }
}
