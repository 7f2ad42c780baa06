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

        internal static System.Xml.Linq.XElement Call(QueryClient iam, string action, IHostContext host, params KeyValuePair<string, string>[] parameters) =>
            iam.CallAsync(action, parameters, true, host?.CancellationToken ?? CancellationToken.None).GetAwaiter().GetResult();

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
