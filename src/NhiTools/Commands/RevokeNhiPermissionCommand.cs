using System;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Cleanup;
using NhiTools.Host;
using NhiTools.Hosting;

namespace NhiTools.Commands
{
    /// <summary>
    /// Revokes one permission of AWS users and roles: detaches a managed policy, deletes an inline policy (its document
    /// kept in the journal), or removes the user from a group ("group:&lt;name&gt;"); of an Entra service principal: deletes
    /// an app role assignment or removes a delegated scope ("approle:&lt;name&gt;" / "delegated:&lt;name&gt;" to pick one kind).
    /// Undo-NhiChange puts it back.
    /// </summary>
    [Cmdlet(VerbsSecurity.Revoke, "NhiPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Change))]
    public sealed class RevokeNhiPermissionCommand : CleanupCmdlet
    {
        /// <summary>AWS: policy names or ARNs, inline policy names, or group:&lt;name&gt;. Entra: an app role or delegated scope name (approle:/delegated: prefix to pick one).</summary>
        /// <remarks>Binds by property name from a review item's UnusedPermissions (a Reduce decision flows down the pipeline).</remarks>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("UnusedPermissions")]
        [ValidateNotNullOrEmpty]
        public string[] Permission { get; set; }

        protected override string Verb => "revoke permissions of";

        // One target per identity and permission.
        protected override string[] Permissions => Permission;

        protected override PlannedStep Plan(CleanupTarget target, Identity live, ICleanupWriter writer)
        {
            var p = target.Permission;
            if (live.Provider == "Entra")
                return new PlannedStep
                {
                    Action = CleanupActions.RevokePermission,
                    Target = p,
                    Description = "Revoke " + p + " (the app role assignment deleted, or the scope removed from its delegated grant; kept in the journal, Undo-NhiChange re-creates it)",
                };
            if (live.Provider != "Aws")
                return PlannedStep.Failing(CleanupErrors.NotSupportedFor("Revoke-NhiPermission changes AWS users and roles and Entra service principals; " + live.Provider + " identities hold no permissions NhiTools can revoke. Nothing was changed.", live.Id));
            var held = (live.Permissions ?? Array.Empty<Permission>()).FirstOrDefault(x => string.Equals(x.Name, p, StringComparison.OrdinalIgnoreCase));
            if (held != null && held.Via != null && held.Via.StartsWith("group:", StringComparison.OrdinalIgnoreCase))
                return PlannedStep.Failing(new NhiException(CleanupErrors.InvalidTarget, NhiErrorCategory.InvalidArgument,
                    p + " is held by " + live.Id + " through " + held.Via + ": revoke '" + held.Via + "' to remove the membership (the group's other members keep it). Nothing was changed.", live.Id));
            return new PlannedStep
            {
                Action = CleanupActions.RevokePermission,
                Target = p,
                Description = p.StartsWith("group:", StringComparison.OrdinalIgnoreCase) ? "Remove from " + p : "Revoke " + p + " (kept in the journal; Undo-NhiChange puts it back)",
            };
        }
    }
}
