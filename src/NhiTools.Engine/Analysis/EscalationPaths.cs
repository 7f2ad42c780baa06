using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Engine.Analysis
{
    /// <summary>One way an identity can make itself admin, spelled out.</summary>
    internal sealed class EscalationPath
    {
        /// <summary>Short method name: CreatePolicyVersion, PassRole+Lambda, AppRoleAssignment...</summary>
        public string Method { get; set; }
        /// <summary>The permissions it needs, as granted ("iam:PassRole on *", "AppRoleAssignment.ReadWrite.All (AppRole)").</summary>
        public string[] Steps { get; set; } = Array.Empty<string>();
        /// <summary>What it lets the identity do, in words.</summary>
        public string Outcome { get; set; }
        /// <summary>A statement needed carries a condition: the path may be closed.</summary>
        public bool Conditional { get; set; }

        public override string ToString() => Method + ": " + string.Join(" + ", Steps) + " -> " + Outcome + (Conditional ? " (conditional)" : "");
    }

    /// <summary>
    /// Privilege-escalation paths: the IAM permission combinations documented by Rhino Security Labs
    /// ("AWS IAM Privilege Escalation – Methods and Mitigation") and cloudsplaining's PrivilegeEscalation category,
    /// and the Entra equivalents (BloodHound's AZMGGrantAppRoles, AZMGAddSecret, AZMGGrantRole). An action counts when
    /// an Allow statement grants it on a broad resource or on the identity itself, and no explicit Deny takes it away.
    /// An identity that already holds * on * needs no path and gets none.
    /// </summary>
    internal static class EscalationPaths
    {
        private sealed class Method
        {
            public string Name, Outcome;
            public string[] Actions;
            /// <summary>The actions may be on the identity itself (its own user/role ARN), not only on *.</summary>
            public bool Self;
        }

        private static Method M(string name, string outcome, params string[] actions) => new Method { Name = name, Outcome = outcome, Actions = actions };
        private static Method S(string name, string outcome, params string[] actions) => new Method { Name = name, Outcome = outcome, Actions = actions, Self = true };

        private static readonly Method[] Aws =
        {
            M("CreatePolicyVersion", "writes a new default version of a managed policy it holds, granting itself *", "iam:CreatePolicyVersion"),
            M("SetDefaultPolicyVersion", "switches a policy it holds to an older, broader version", "iam:SetDefaultPolicyVersion"),
            S("AttachUserPolicy", "attaches AdministratorAccess to itself or another user", "iam:AttachUserPolicy"),
            M("AttachGroupPolicy", "attaches AdministratorAccess to a group it is in", "iam:AttachGroupPolicy"),
            S("AttachRolePolicy", "attaches AdministratorAccess to a role it can assume", "iam:AttachRolePolicy"),
            S("PutUserPolicy", "writes an inline admin policy on itself or another user", "iam:PutUserPolicy"),
            M("PutGroupPolicy", "writes an inline admin policy on a group it is in", "iam:PutGroupPolicy"),
            S("PutRolePolicy", "writes an inline admin policy on a role it can assume", "iam:PutRolePolicy"),
            M("AddUserToGroup", "adds itself to an admin group", "iam:AddUserToGroup"),
            M("CreateAccessKey", "creates access keys for other users, admins included", "iam:CreateAccessKey"),
            M("CreateLoginProfile", "sets a console password for users that have none and signs in as them", "iam:CreateLoginProfile"),
            M("UpdateLoginProfile", "changes other users' console passwords and signs in as them", "iam:UpdateLoginProfile"),
            M("UpdateAssumeRolePolicy", "rewrites a privileged role's trust policy to trust itself, then assumes it", "iam:UpdateAssumeRolePolicy", "sts:AssumeRole"),
            M("AssumeRole", "assumes any role whose trust policy allows its account", "sts:AssumeRole"),
            M("PassRole+EC2", "launches an instance with a privileged role and uses the role's credentials", "iam:PassRole", "ec2:RunInstances"),
            M("PassRole+Lambda", "creates and invokes a function running as a privileged role", "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"),
            M("PassRole+Lambda+EventSource", "creates a function running as a privileged role and triggers it from an event source", "iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"),
            M("UpdateFunctionCode", "replaces the code of a function that runs as a privileged role", "lambda:UpdateFunctionCode"),
            M("PassRole+Glue", "creates a Glue dev endpoint with a privileged role and logs in to it", "iam:PassRole", "glue:CreateDevEndpoint"),
            M("UpdateDevEndpoint", "adds its SSH key to an existing Glue dev endpoint and uses its role", "glue:UpdateDevEndpoint"),
            M("PassRole+CloudFormation", "creates a stack that runs as a privileged role", "iam:PassRole", "cloudformation:CreateStack"),
            M("PassRole+DataPipeline", "creates a pipeline that runs commands as a privileged role", "iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"),
            M("PassRole+SageMaker", "creates a notebook instance with a privileged role and opens it", "iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"),
        };

        /// <summary>Entra permissions (app roles on Microsoft Graph, directory roles) that let an app make itself Global Administrator.</summary>
        private static readonly (string Name, string Method, string Outcome)[] Entra =
        {
            ("AppRoleAssignment.ReadWrite.All", "GrantAppRoles", "grants itself any app role, RoleManagement.ReadWrite.Directory included, then assigns itself Global Administrator"),
            ("RoleManagement.ReadWrite.Directory", "AssignDirectoryRole", "assigns itself (or an app it controls) Global Administrator"),
            ("Application.ReadWrite.All", "AddSecretToOtherApps", "adds a credential to any other app or service principal and signs in as it, privileged ones included"),
            ("Directory.ReadWrite.All", "AddSecretToOtherApps", "adds a credential to any other app or service principal and signs in as it"),
            ("Privileged Role Administrator", "AssignDirectoryRole", "assigns itself Global Administrator"),
            ("Application Administrator", "AddSecretToOtherApps", "adds a credential to any app and signs in as it, privileged ones included"),
            ("Cloud Application Administrator", "AddSecretToOtherApps", "adds a credential to any app and signs in as it, privileged ones included"),
            ("Privileged Authentication Administrator", "ResetAdminCredentials", "resets the authentication methods of Global Administrators and signs in as them"),
        };

        /// <summary>The paths open to one identity; empty when none (or when it is plainly admin already).</summary>
        public static IReadOnlyList<EscalationPath> Find(Identity identity)
        {
            var result = new List<EscalationPath>();
            if (identity?.Permissions == null || identity.Permissions.Length == 0) return result;
            if (string.Equals(identity.Provider, "Entra", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (name, method, outcome) in Entra)
                {
                    var p = identity.Permissions.FirstOrDefault(x => x != null && string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)
                        && x.Type != PermissionType.DelegatedScope); // a delegated scope acts only with a signed-in user's rights
                    if (p != null) result.Add(new EscalationPath { Method = method, Steps = new[] { p.Name + " (" + p.Type + ")" }, Outcome = outcome });
                }
                return result;
            }

            var statements = AllowStatements(identity);
            if (statements.Count == 0) return result;
            var grants = new StatementGrants(identity.Permissions);
            // Already admin (* on *, unconditional, not denied): the finding says so; no path is needed.
            if (statements.Exists(s => s.Conditions.Length == 0 && StatementGrants.BroadResource(s) && grants.Granting(s, "*:*", out _) != null)) return result;
            string self = identity.NativeId;
            foreach (var m in Aws)
            {
                var steps = new List<string>();
                bool conditional = false, open = true;
                foreach (var action in m.Actions)
                {
                    PolicyStatement via = null;
                    foreach (var s in statements)
                    {
                        if (grants.Granting(s, action, out _) == null) continue;
                        bool onSelf = m.Self && self != null && Array.Exists(s.Resources, r => Text.GlobMatch(r, self));
                        if (!StatementGrants.BroadResource(s) && !onSelf) continue;
                        if (via == null || (via.Conditions.Length > 0 && s.Conditions.Length == 0)) via = s;
                        if (s.Conditions.Length == 0) break;
                    }
                    if (via == null) { open = false; break; }
                    conditional |= via.Conditions.Length > 0;
                    steps.Add(action + " on " + StatementGrants.ResourceText(via) + (via.Conditions.Length > 0 ? " (if " + string.Join(" and ", via.Conditions) + ")" : ""));
                }
                if (open) result.Add(new EscalationPath { Method = m.Name, Steps = steps.ToArray(), Outcome = m.Outcome, Conditional = conditional });
            }
            return result;
        }

        /// <summary>Allow statements of every policy; a permission without statements counts as one Allow of its actions on its resource.</summary>
        private static List<PolicyStatement> AllowStatements(Identity identity)
        {
            var list = new List<PolicyStatement>();
            foreach (var p in identity.Permissions)
            {
                if (p == null) continue;
                if (p.Statements != null && p.Statements.Length > 0) list.AddRange(p.Statements.Where(s => s != null && s.IsAllow));
                else if (p.Actions != null && p.Actions.Length > 0 && !string.IsNullOrEmpty(p.Resource))
                    list.Add(new PolicyStatement { Effect = "Allow", Actions = p.Actions, Resources = p.Resource.Split(',') });
            }
            return list;
        }
    }
}
