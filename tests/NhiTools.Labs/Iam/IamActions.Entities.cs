using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace NhiTools.Labs.Iam
{
    // User lifecycle and the per-role / per-policy reads an inventory or a cleanup needs besides the bulk ones.
    public static partial class IamActions
    {
        static readonly Regex NamePattern = new Regex(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant);

        static void RegisterEntityActions()
        {
            Iam["CreateUser"] = CreateUser;
            Iam["DeleteUser"] = DeleteUser;
            Iam["ListGroupsForUser"] = ListGroupsForUser;
            Iam["GetRole"] = GetRole;
            Iam["ListAttachedRolePolicies"] = ListAttachedRolePolicies;
            Iam["ListRolePolicies"] = ListRolePolicies;
            Iam["ListPolicies"] = ListPolicies;
        }

        static string CreateUser(IamStore s, IamCall c)
        {
            var name = c.Required("UserName");
            if (!NamePattern.IsMatch(name))
                throw IamError.Validation("1 validation error detected: Value '" + name + "' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
            if (s.Users.ContainsKey(name)) throw new IamError("EntityAlreadyExists", 409, "User with name " + name + " already exists.");
            var path = c.Get("Path") ?? "/";
            var u = s.AddUser(name, path);
            var tags = c.TagMembers();
            u.Tags.AddRange(tags);
            return QueryXml.Result(c.Action).Open("User")
                .El("Path", u.Path).El("UserName", u.UserName).El("UserId", u.UserId).El("Arn", u.Arn).El("CreateDate", u.CreateDate)
                .Close().Finish(c.RequestId);
        }

        /// <summary>IAM refuses to delete a user that still has keys, policies or groups (DeleteConflict 409).</summary>
        static string DeleteUser(IamStore s, IamCall c)
        {
            var u = User(s, c.Required("UserName"));
            if (s.UserKeys(u.UserName).Count > 0) throw new IamError("DeleteConflict", 409, "Cannot delete entity, must delete access keys first.");
            if (u.AttachedPolicies.Count > 0) throw new IamError("DeleteConflict", 409, "Cannot delete entity, must detach all policies first.");
            if (u.InlinePolicies.Count > 0) throw new IamError("DeleteConflict", 409, "Cannot delete entity, must delete policies first.");
            if (u.Groups.Count > 0) throw new IamError("DeleteConflict", 409, "Cannot delete entity, must remove users from group first.");
            s.Users.Remove(u.UserName);
            return QueryXml.Empty(c.Action, c.RequestId);
        }

        static string ListGroupsForUser(IamStore s, IamCall c)
        {
            var u = User(s, c.Required("UserName"));
            var groups = u.Groups.Select(n => s.Groups.TryGetValue(n, out var g) ? g : null).Where(g => g != null)
                .OrderBy(g => g.GroupName, StringComparer.OrdinalIgnoreCase);
            var (page, next) = Paging.Cut(groups, g => g.GroupName, StringComparer.OrdinalIgnoreCase, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("Groups", page, (x, g) => x.El("Path", g.Path).El("GroupName", g.GroupName).El("GroupId", g.GroupId).El("Arn", g.Arn).El("CreateDate", g.CreateDate))
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static string GetRole(IamStore s, IamCall c)
        {
            var r = Role(s, c.Required("RoleName"));
            var x = QueryXml.Result(c.Action).Open("Role")
                .El("Path", r.Path).El("RoleName", r.RoleName).El("RoleId", r.RoleId).El("Arn", r.Arn).El("CreateDate", r.CreateDate)
                .Policy("AssumeRolePolicyDocument", r.AssumeRolePolicyDocument).El("Description", r.Description)
                .El("MaxSessionDuration", r.MaxSessionDuration);
            Boundary(x, r.PermissionsBoundaryArn);
            x.Tags(r.Tags);
            x.Open("RoleLastUsed").El("LastUsedDate", r.LastUsedDate).El("Region", r.LastUsedDate.HasValue ? r.LastUsedRegion : null).Close();
            return x.Close().Finish(c.RequestId);
        }

        static string ListAttachedRolePolicies(IamStore s, IamCall c)
        {
            var r = Role(s, c.Required("RoleName"));
            var (page, next) = Paging.Cut(r.AttachedPolicies.OrderBy(p => p.PolicyArn, StringComparer.Ordinal), p => p.PolicyArn, StringComparer.Ordinal,
                c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("AttachedPolicies", page, AttachedShape)
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static string ListRolePolicies(IamStore s, IamCall c)
        {
            var r = Role(s, c.Required("RoleName"));
            var (page, next) = Paging.Cut(r.InlinePolicies.Select(p => p.PolicyName).OrderBy(n => n, StringComparer.Ordinal), n => n, StringComparer.Ordinal,
                c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action).StringList("PolicyNames", page).Paging(next != null, next).Finish(c.RequestId);
        }

        /// <summary>Scope All|AWS|Local and OnlyAttached, as IAM filters them.</summary>
        static string ListPolicies(IamStore s, IamCall c)
        {
            var scope = c.Get("Scope") ?? "All";
            if (scope != "All" && scope != "AWS" && scope != "Local")
                throw IamError.Validation("1 validation error detected: Value '" + scope + "' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
            bool onlyAttached = string.Equals(c.Get("OnlyAttached"), "true", StringComparison.OrdinalIgnoreCase);
            var prefix = c.Get("PathPrefix") ?? "/";
            var policies = s.Policies.Values.Where(p =>
            {
                bool aws = p.Arn.StartsWith("arn:aws:iam::aws:policy", StringComparison.Ordinal);
                return (scope == "All" || (scope == "AWS") == aws) && (!onlyAttached || p.AttachmentCount > 0) && p.Path.StartsWith(prefix, StringComparison.Ordinal);
            });
            var (page, next) = Paging.Cut(policies, p => p.Arn, StringComparer.Ordinal, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return QueryXml.Result(c.Action)
                .List("Policies", page, (w, p) => w.El("PolicyName", p.PolicyName).El("PolicyId", p.PolicyId).El("Arn", p.Arn).El("Path", p.Path)
                    .El("DefaultVersionId", p.DefaultVersionId).El("AttachmentCount", p.AttachmentCount)
                    .El("PermissionsBoundaryUsageCount", p.PermissionsBoundaryUsageCount).El("IsAttachable", p.IsAttachable)
                    .El("CreateDate", p.CreateDate).El("UpdateDate", p.UpdateDate))
                .Paging(next != null, next).Finish(c.RequestId);
        }
    }
}
