using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.Aws
{
    internal sealed class AccessKeyInfo
    {
        public string Id;
        public string Status;
        public DateTime? Created;
        public string Source;
    }

    internal struct AttachedPolicy
    {
        public string Name;
        public string Arn;
    }

    internal struct InlinePolicy
    {
        public string Name;
        public PolicySummary Summary;
    }

    /// <summary>A user, group or role from get-account-authorization-details, reduced to what the model needs.</summary>
    internal sealed class PrincipalDetail
    {
        public string Arn, Name, Account, Boundary, Description;
        public DateTime? Created, LastUsed;
        public string LastUsedRegion;
        public string[] Groups = Array.Empty<string>();
        public string[] AssumableBy = Array.Empty<string>();
        public List<InlinePolicy> Inline = new List<InlinePolicy>();
        public List<AttachedPolicy> Attached = new List<AttachedPolicy>();
        public Dictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string[] Sources = Array.Empty<string>();
        public bool Yielded;
    }

    /// <summary>
    /// The AWS side files (list-access-keys, authorization details) read into compact lookups before the
    /// credential report streams, so each report row is completed in one step.
    /// </summary>
    internal sealed class AwsIndex
    {
        /// <summary>User name -> keys (list-access-keys does not carry the account).</summary>
        public readonly Dictionary<string, List<AccessKeyInfo>> KeysByUser = new Dictionary<string, List<AccessKeyInfo>>(StringComparer.Ordinal);
        public readonly Dictionary<string, PrincipalDetail> UsersByArn = new Dictionary<string, PrincipalDetail>(StringComparer.Ordinal);
        /// <summary>"account|group name" -> group.</summary>
        public readonly Dictionary<string, PrincipalDetail> Groups = new Dictionary<string, PrincipalDetail>(StringComparer.Ordinal);
        public readonly Dictionary<string, PrincipalDetail> RolesByArn = new Dictionary<string, PrincipalDetail>(StringComparer.Ordinal);
        public readonly Dictionary<string, PolicySummary> ManagedByArn = new Dictionary<string, PolicySummary>(StringComparer.Ordinal);

        public bool HasAuthorizationDetails;

        public void AddAccessKeys(JsonItem item, string file)
        {
            // A root object {"AccessKeyMetadata":[...]} streams its keys; a root array holds whole outputs.
            if (item.Container == "AccessKeyMetadata") AddKey(item.Element, file);
            else foreach (var k in item.Element.List("AccessKeyMetadata")) AddKey(k, file);
        }

        private void AddKey(JsonElement k, string file)
        {
            var user = k.Str("UserName");
            var id = k.Str("AccessKeyId");
            if (user == null || id == null) return;
            if (!KeysByUser.TryGetValue(user, out var list)) KeysByUser[user] = list = new List<AccessKeyInfo>(2);
            foreach (var existing in list) if (existing.Id == id) return;
            list.Add(new AccessKeyInfo { Id = id, Status = k.Str("Status"), Created = k.Time("CreateDate"), Source = file });
        }

        public void AddAuthorizationDetail(JsonItem item, string file)
        {
            HasAuthorizationDetails = true;
            var e = item.Element;
            switch (item.Container)
            {
                case "UserDetailList":
                    Merge(UsersByArn, Principal(e, "UserName", "UserPolicyList", file));
                    break;
                case "RoleDetailList":
                    var role = Principal(e, "RoleName", "RolePolicyList", file);
                    if (role == null) break;
                    if (e.TryGetProperty("AssumeRolePolicyDocument", out var trust)) role.AssumableBy = TrustPolicy.AssumableBy(trust);
                    var used = e.Obj("RoleLastUsed");
                    role.LastUsed = used.Time("LastUsedDate");
                    role.LastUsedRegion = used.Str("Region");
                    role.Description = e.Str("Description");
                    Merge(RolesByArn, role);
                    break;
                case "GroupDetailList":
                    var g = Principal(e, "GroupName", "GroupPolicyList", file);
                    if (g != null) Groups[g.Account + "|" + g.Name] = g;
                    break;
                case "Policies":
                    AddManagedPolicy(e);
                    break;
            }
        }

        private static void Merge(Dictionary<string, PrincipalDetail> map, PrincipalDetail p)
        {
            if (p == null) return;
            if (map.TryGetValue(p.Arn, out var old)) p.Sources = Values.Append(old.Sources, p.Sources[0]);
            map[p.Arn] = p;
        }

        private static PrincipalDetail Principal(JsonElement e, string nameProp, string inlineProp, string file)
        {
            var arn = e.Str("Arn");
            if (arn == null) return null;
            var p = new PrincipalDetail
            {
                Arn = arn,
                Name = e.Str(nameProp),
                Account = AccountOf(arn),
                Created = e.Time("CreateDate"),
                Sources = new[] { file },
            };
            var groups = new List<string>();
            foreach (var g in e.List("GroupList")) if (g.ValueKind == JsonValueKind.String) groups.Add(g.GetString());
            p.Groups = groups.ToArray();
            foreach (var pol in e.List(inlineProp))
            {
                if (!pol.TryGetProperty("PolicyDocument", out var doc)) continue;
                p.Inline.Add(new InlinePolicy { Name = pol.Str("PolicyName"), Summary = PolicyDocument.Summarize(doc) ?? PolicySummary.Empty });
            }
            foreach (var a in e.List("AttachedManagedPolicies"))
                p.Attached.Add(new AttachedPolicy { Name = a.Str("PolicyName"), Arn = a.Str("PolicyArn") });
            p.Boundary = e.Obj("PermissionsBoundary").Str("PermissionsBoundaryArn");
            foreach (var t in e.List("Tags"))
            {
                var k = t.Str("Key");
                if (k != null) p.Tags[k] = t.Str("Value") ?? "";
            }
            return p;
        }

        private void AddManagedPolicy(JsonElement e)
        {
            var arn = e.Str("Arn");
            if (arn == null) return;
            var def = e.Str("DefaultVersionId");
            foreach (var v in e.List("PolicyVersionList"))
            {
                bool isDefault = v.Bool("IsDefaultVersion") == true || def != null && v.Str("VersionId") == def;
                if (!isDefault || !v.TryGetProperty("Document", out var doc)) continue;
                var s = PolicyDocument.Summarize(doc);
                if (s != null) ManagedByArn[arn] = s;
            }
        }

        public static string AccountOf(string arn)
        {
            return Arn.AccountOf(arn);
        }
    }
}
