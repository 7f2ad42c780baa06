using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NhiTools.Labs.Iam
{
    // GetAccountAuthorizationDetails, the credential report and service-last-accessed jobs.
    public static partial class IamActions
    {
        static readonly string[] EntityTypes = { "User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy" };

        static string GetAccountAuthorizationDetails(IamStore s, IamCall c)
        {
            var filter = c.Members("Filter");
            foreach (var f in filter)
                if (!EntityTypes.Contains(f))
                    throw IamError.Validation("1 validation error detected: Value '[" + f + "]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, LocalManagedPolicy, Group, AWSManagedPolicy]]");
            bool want(string t) => filter.Count == 0 || filter.Contains(t);

            // One ordered sequence over all entity kinds; the marker names the next entity in it.
            var all = new List<(string Key, object Entity)>();
            if (want("User")) all.AddRange(s.Users.Values.Select(u => ("1|" + u.UserName.ToLowerInvariant(), (object)u)));
            if (want("Group")) all.AddRange(s.Groups.Values.Select(g => ("2|" + g.GroupName.ToLowerInvariant(), (object)g)));
            if (want("Role")) all.AddRange(s.Roles.Values.Select(r => ("3|" + r.RoleName.ToLowerInvariant(), (object)r)));
            foreach (var p in s.Policies.Values)
            {
                bool aws = p.Arn.StartsWith("arn:aws:iam::aws:policy", StringComparison.Ordinal);
                if (want(aws ? "AWSManagedPolicy" : "LocalManagedPolicy")) all.Add(("4|" + p.Arn, p));
            }
            var (page, next) = Paging.Cut(all, e => e.Key, StringComparer.Ordinal, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);

            var x = QueryXml.Result(c.Action);
            x.List("UserDetailList", page.Select(e => e.Entity).OfType<IamUser>(), (w, u) =>
            {
                w.El("Path", u.Path).El("UserName", u.UserName).El("UserId", u.UserId).El("Arn", u.Arn).El("CreateDate", u.CreateDate);
                w.List("UserPolicyList", u.InlinePolicies, InlineShape);
                w.StringList("GroupList", u.Groups);
                w.List("AttachedManagedPolicies", u.AttachedPolicies, AttachedShape);
                Boundary(w, u.PermissionsBoundaryArn);
                w.Tags(u.Tags);
            });
            x.List("GroupDetailList", page.Select(e => e.Entity).OfType<IamGroup>(), (w, g) =>
            {
                w.El("Path", g.Path).El("GroupName", g.GroupName).El("GroupId", g.GroupId).El("Arn", g.Arn).El("CreateDate", g.CreateDate);
                w.List("GroupPolicyList", g.InlinePolicies, InlineShape);
                w.List("AttachedManagedPolicies", g.AttachedPolicies, AttachedShape);
            });
            x.List("RoleDetailList", page.Select(e => e.Entity).OfType<IamRole>(), (w, r) =>
            {
                w.El("Path", r.Path).El("RoleName", r.RoleName).El("RoleId", r.RoleId).El("Arn", r.Arn).El("CreateDate", r.CreateDate)
                 .Policy("AssumeRolePolicyDocument", r.AssumeRolePolicyDocument);
                w.List("InstanceProfileList", Array.Empty<string>(), (_, __) => { });
                w.List("RolePolicyList", r.InlinePolicies, InlineShape);
                w.List("AttachedManagedPolicies", r.AttachedPolicies, AttachedShape);
                Boundary(w, r.PermissionsBoundaryArn);
                w.Tags(r.Tags);
                w.Open("RoleLastUsed").El("LastUsedDate", r.LastUsedDate).El("Region", r.LastUsedDate.HasValue ? r.LastUsedRegion : null).Close();
            });
            x.List("Policies", page.Select(e => e.Entity).OfType<ManagedPolicy>(), (w, p) =>
            {
                w.El("PolicyName", p.PolicyName).El("PolicyId", p.PolicyId).El("Arn", p.Arn).El("Path", p.Path)
                 .El("DefaultVersionId", p.DefaultVersionId).El("AttachmentCount", p.AttachmentCount)
                 .El("PermissionsBoundaryUsageCount", p.PermissionsBoundaryUsageCount).El("IsAttachable", p.IsAttachable)
                 .El("Description", p.Description).El("CreateDate", p.CreateDate).El("UpdateDate", p.UpdateDate);
                w.List("PolicyVersionList", p.Versions, (v, pv) => v.Policy("Document", pv.Document).El("VersionId", pv.VersionId)
                    .El("IsDefaultVersion", pv.IsDefaultVersion).El("CreateDate", pv.CreateDate));
            });
            return x.Paging(next != null, next).Finish(c.RequestId);
        }

        static void InlineShape(QueryXml w, InlinePolicy p) => w.El("PolicyName", p.PolicyName).Policy("PolicyDocument", p.Document);
        static void AttachedShape(QueryXml w, AttachedPolicy p) => w.El("PolicyName", p.PolicyName).El("PolicyArn", p.PolicyArn);

        static void Boundary(QueryXml w, string arn)
        {
            if (arn == null) return;
            w.Open("PermissionsBoundary").El("PermissionsBoundaryType", "Policy").El("PermissionsBoundaryArn", arn).Close();
        }

        // ---- credential report ----------------------------------------------------------------------------

        static string GenerateCredentialReport(IamStore s, IamCall c)
        {
            var now = s.Now;
            var r = s.Report;
            string state, description;
            if (r != null && now < r.ReadyAt)
            {
                state = "INPROGRESS";
                description = "Report generation is in progress";
            }
            else if (r != null && now < r.ReadyAt + s.Options.CredentialReportReuse)
            {
                state = "COMPLETE";
                description = "Report generation is complete";
            }
            else
            {
                s.Report = new CredentialReportState { StartedAt = now, ReadyAt = now + s.Options.CredentialReportDelay };
                state = "STARTED";
                description = "No report exists. Starting a new report generation task";
            }
            return QueryXml.Result(c.Action).El("State", state).El("Description", description).Finish(c.RequestId);
        }

        static string GetCredentialReport(IamStore s, IamCall c)
        {
            var r = s.Report;
            if (r == null)
                throw new IamError("ReportNotPresent", 410, "Credential report not present. Please generate a credential report first.");
            if (s.Now < r.ReadyAt)
                throw new IamError("ReportInProgress", 404, "Credential report generation is in progress.");
            if (s.Now > r.ReadyAt + s.Options.CredentialReportExpiry)
                throw new IamError("ReportExpired", 410, "Credential report is expired. Please generate a new credential report.");
            if (r.Content == null)
                r.Content = Encoding.UTF8.GetBytes(CredentialReportCsv.Build(s));
            return QueryXml.Result(c.Action)
                .El("Content", Convert.ToBase64String(r.Content))
                .El("ReportFormat", "text/csv")
                .El("GeneratedTime", r.ReadyAt)
                .Finish(c.RequestId);
        }


        // ---- service last accessed ------------------------------------------------------------------------

        static string GenerateServiceLastAccessedDetails(IamStore s, IamCall c)
        {
            var arn = c.Required("Arn");
            if (!EntityExists(s, arn)) throw new IamError("NoSuchEntity", 404, "The entity with ARN " + arn + " cannot be found.");
            var granularity = c.Get("Granularity") ?? "SERVICE_LEVEL";
            if (granularity != "SERVICE_LEVEL" && granularity != "ACTION_LEVEL")
                throw IamError.Validation("1 validation error detected: Value '" + granularity + "' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]");
            var now = s.Now;
            var job = new ServiceAccessJob
            {
                JobId = Guid.NewGuid().ToString(), Arn = arn, Granularity = granularity,
                CreatedAt = now, ReadyAt = now + s.Options.ServiceLastAccessedDelay,
            };
            s.Jobs[job.JobId] = job;
            return QueryXml.Result(c.Action).El("JobId", job.JobId).Finish(c.RequestId);
        }

        static string GetServiceLastAccessedDetails(IamStore s, IamCall c)
        {
            var id = c.Required("JobId");
            if (!s.Jobs.TryGetValue(id, out var job)) throw new IamError("NoSuchEntity", 404, "The job with ID " + id + " cannot be found.");
            var x = QueryXml.Result(c.Action);
            if (s.Now < job.ReadyAt)
            {
                return x.El("JobStatus", "IN_PROGRESS").El("JobType", job.Granularity).El("JobCreationDate", job.CreatedAt)
                    .List("ServicesLastAccessed", Array.Empty<ServiceAccess>(), (_, __) => { })
                    .El("IsTruncated", false).Finish(c.RequestId);
            }
            var services = ServicesFor(s, job.Arn);
            var (page, next) = Paging.Cut(services, a => a.ServiceNamespace, StringComparer.Ordinal, c.Get("Marker"), c.MaxItems(), s.Options.ShortPages);
            return x.El("JobStatus", "COMPLETED").El("JobType", job.Granularity).El("JobCreationDate", job.CreatedAt)
                .List("ServicesLastAccessed", page, (w, a) => w.El("ServiceName", a.ServiceName).El("LastAuthenticated", a.LastAuthenticated)
                    .El("ServiceNamespace", a.ServiceNamespace).El("LastAuthenticatedEntity", a.LastAuthenticatedEntity)
                    .El("LastAuthenticatedRegion", a.LastAuthenticatedRegion).El("TotalAuthenticatedEntities", a.TotalAuthenticatedEntities))
                .El("JobCompletionDate", job.ReadyAt)
                .Paging(next != null, next).Finish(c.RequestId);
        }

        static bool EntityExists(IamStore s, string arn) =>
            s.Users.Values.Any(u => u.Arn == arn) || s.Roles.Values.Any(r => r.Arn == arn) || s.Groups.Values.Any(g => g.Arn == arn) || s.Policies.ContainsKey(arn);

        /// <summary>Explicit records set by a test win; otherwise every service named in the entity's policies, never accessed.</summary>
        static List<ServiceAccess> ServicesFor(IamStore s, string arn)
        {
            if (s.ServiceAccessByArn.TryGetValue(arn, out var set)) return set.OrderBy(a => a.ServiceNamespace, StringComparer.Ordinal).ToList();
            var docs = new List<string>();
            void addAttached(IEnumerable<AttachedPolicy> ps)
            {
                foreach (var p in ps)
                    if (s.Policies.TryGetValue(p.PolicyArn, out var mp))
                        docs.AddRange(mp.Versions.Where(v => v.IsDefaultVersion).Select(v => v.Document));
            }
            var u = s.Users.Values.FirstOrDefault(x => x.Arn == arn);
            if (u != null)
            {
                docs.AddRange(u.InlinePolicies.Select(p => p.Document));
                addAttached(u.AttachedPolicies);
                // A user is also granted what its groups' policies allow (Access Advisor reports those services too).
                foreach (var name in u.Groups)
                    if (s.Groups.TryGetValue(name, out var ug)) { docs.AddRange(ug.InlinePolicies.Select(p => p.Document)); addAttached(ug.AttachedPolicies); }
            }
            var r = s.Roles.Values.FirstOrDefault(x => x.Arn == arn);
            if (r != null) { docs.AddRange(r.InlinePolicies.Select(p => p.Document)); addAttached(r.AttachedPolicies); }
            var g = s.Groups.Values.FirstOrDefault(x => x.Arn == arn);
            if (g != null) { docs.AddRange(g.InlinePolicies.Select(p => p.Document)); addAttached(g.AttachedPolicies); }
            if (s.Policies.TryGetValue(arn, out var own)) docs.AddRange(own.Versions.Where(v => v.IsDefaultVersion).Select(v => v.Document));
            return docs.SelectMany(ActionNamespaces).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal)
                .Select(n => new ServiceAccess { ServiceNamespace = n, ServiceName = n, TotalAuthenticatedEntities = 0 }).ToList();
        }

        /// <summary>Service prefixes of the Action entries of a policy document ("s3:GetObject" → "s3"; "*" → none).</summary>
        internal static IEnumerable<string> ActionNamespaces(string document)
        {
            var result = new List<string>();
            if (string.IsNullOrEmpty(document)) return result;
            try
            {
                using (var doc = JsonDocument.Parse(document))
                {
                    if (!doc.RootElement.TryGetProperty("Statement", out var st)) return result;
                    var statements = st.ValueKind == JsonValueKind.Array ? st.EnumerateArray().ToList() : new List<JsonElement> { st };
                    foreach (var statement in statements)
                    {
                        if (statement.ValueKind != JsonValueKind.Object || !statement.TryGetProperty("Action", out var a)) continue;
                        var actions = a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(e => e.GetString()) : new[] { a.GetString() };
                        foreach (var act in actions)
                        {
                            var i = act?.IndexOf(':') ?? -1;
                            if (i > 0) result.Add(act.Substring(0, i).ToLowerInvariant());
                        }
                    }
                }
            }
            catch (JsonException) { }
            return result;
        }
    }
}
