using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace NhiTools.Labs.Iam
{
    // What cleanup writes: inline policies (put/get/delete, the quarantine deny-all and Revoke-NhiPermission),
    // managed policy attach/detach, group membership, and DeleteRole with IAM's prerequisites.
    public static partial class IamActions
    {
        static void RegisterCleanupActions()
        {
            Iam["PutUserPolicy"] = (s, c) => PutInline(s, c, User(s, c.Required("UserName")).InlinePolicies);
            Iam["PutRolePolicy"] = (s, c) => PutInline(s, c, Role(s, c.Required("RoleName")).InlinePolicies);
            Iam["GetUserPolicy"] = (s, c) => GetInline(c, "UserName", User(s, c.Required("UserName")).UserName, User(s, c.Required("UserName")).InlinePolicies);
            Iam["GetRolePolicy"] = (s, c) => GetInline(c, "RoleName", Role(s, c.Required("RoleName")).RoleName, Role(s, c.Required("RoleName")).InlinePolicies);
            Iam["DeleteUserPolicy"] = (s, c) => DeleteInline(c, User(s, c.Required("UserName")).InlinePolicies);
            Iam["DeleteRolePolicy"] = (s, c) => DeleteInline(c, Role(s, c.Required("RoleName")).InlinePolicies);
            Iam["AttachUserPolicy"] = (s, c) => Attach(s, c, User(s, c.Required("UserName")).AttachedPolicies);
            Iam["AttachRolePolicy"] = (s, c) => Attach(s, c, Role(s, c.Required("RoleName")).AttachedPolicies);
            Iam["DetachUserPolicy"] = (s, c) => Detach(s, c, User(s, c.Required("UserName")).AttachedPolicies);
            Iam["DetachRolePolicy"] = (s, c) => Detach(s, c, Role(s, c.Required("RoleName")).AttachedPolicies);
            Iam["AddUserToGroup"] = AddUserToGroup;
            Iam["RemoveUserFromGroup"] = RemoveUserFromGroup;
            Iam["DeleteRole"] = DeleteRole;
        }

        static string PutInline(IamStore s, IamCall c, List<InlinePolicy> policies)
        {
            var name = c.Required("PolicyName");
            var document = c.Required("PolicyDocument");
            try { using (JsonDocument.Parse(document)) { } }
            catch (JsonException) { throw new IamError("MalformedPolicyDocument", 400, "Syntax errors in policy."); }
            // Put replaces a policy of the same name (IAM's behaviour), so it is idempotent.
            policies.RemoveAll(p => string.Equals(p.PolicyName, name, StringComparison.Ordinal));
            policies.Add(new InlinePolicy { PolicyName = name, Document = document });
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string GetInline(IamCall c, string entityParameter, string entityName, List<InlinePolicy> policies)
        {
            var name = c.Required("PolicyName");
            var p = policies.FirstOrDefault(x => string.Equals(x.PolicyName, name, StringComparison.Ordinal))
                ?? throw new IamError("NoSuchEntity", 404, "The " + (entityParameter == "UserName" ? "user" : "role") + " policy with name " + name + " cannot be found.");
            return QueryXml.Result(c.Action).El(entityParameter, entityName).El("PolicyName", p.PolicyName)
                .Policy("PolicyDocument", p.Document).Finish(c.RequestId);
        }

        static string DeleteInline(IamCall c, List<InlinePolicy> policies)
        {
            var name = c.Required("PolicyName");
            if (policies.RemoveAll(p => string.Equals(p.PolicyName, name, StringComparison.Ordinal)) == 0)
                throw new IamError("NoSuchEntity", 404, "The policy with name " + name + " cannot be found.");
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string Attach(IamStore s, IamCall c, List<AttachedPolicy> attached)
        {
            var arn = c.Required("PolicyArn");
            if (!s.Policies.TryGetValue(arn, out var policy))
                throw new IamError("NoSuchEntity", 404, "Policy " + arn + " does not exist or is not attachable.");
            if (!attached.Any(a => a.PolicyArn == arn))
            {
                attached.Add(new AttachedPolicy { PolicyArn = arn, PolicyName = policy.PolicyName });
                policy.AttachmentCount++;
            }
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string Detach(IamStore s, IamCall c, List<AttachedPolicy> attached)
        {
            var arn = c.Required("PolicyArn");
            if (attached.RemoveAll(a => a.PolicyArn == arn) == 0)
                throw new IamError("NoSuchEntity", 404, "Policy " + arn + " was not found.");
            if (s.Policies.TryGetValue(arn, out var policy) && policy.AttachmentCount > 0) policy.AttachmentCount--;
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string AddUserToGroup(IamStore s, IamCall c)
        {
            var u = User(s, c.Required("UserName"));
            var group = c.Required("GroupName");
            if (!s.Groups.TryGetValue(group, out var g)) throw new IamError("NoSuchEntity", 404, "The group with name " + group + " cannot be found.");
            if (!u.Groups.Contains(g.GroupName, StringComparer.OrdinalIgnoreCase)) u.Groups.Add(g.GroupName);
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string RemoveUserFromGroup(IamStore s, IamCall c)
        {
            var u = User(s, c.Required("UserName"));
            var group = c.Required("GroupName");
            if (u.Groups.RemoveAll(g => string.Equals(g, group, StringComparison.OrdinalIgnoreCase)) == 0)
                throw new IamError("NoSuchEntity", 404, "The user with name " + u.UserName + " is not in group " + group + ".");
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        /// <summary>IAM refuses to delete a role that still has policies (DeleteConflict 409).</summary>
        static string DeleteRole(IamStore s, IamCall c)
        {
            var r = Role(s, c.Required("RoleName"));
            if (r.AttachedPolicies.Count > 0) throw new IamError("DeleteConflict", 409, "Cannot delete entity, must detach all policies first.");
            if (r.InlinePolicies.Count > 0) throw new IamError("DeleteConflict", 409, "Cannot delete entity, must delete policies first.");
            s.Roles.Remove(r.RoleName);
            return QueryXml.Empty(c.Action, c.RequestId);
        }
    }
}
