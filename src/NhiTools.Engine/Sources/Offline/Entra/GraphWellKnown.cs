using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Sources.Offline.Entra
{
    /// <summary>Microsoft Graph application permissions by app role id (the same in every tenant), used when the
    /// Microsoft Graph service principal itself is not among the exported files.</summary>
    internal static class GraphWellKnown
    {
        public static readonly Dictionary<string, string> AppRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9"] = "Application.ReadWrite.All",
            ["18a4783c-866b-4cc7-a460-3d5e5662c884"] = "Application.ReadWrite.OwnedBy",
            ["19dbc75e-c2e2-444c-a770-ec69d8559fc7"] = "Directory.ReadWrite.All",
            ["7ab1d382-f21e-4acd-a863-ba3e13f7da61"] = "Directory.Read.All",
            ["9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8"] = "RoleManagement.ReadWrite.Directory",
            ["06b708a9-e830-4db3-a914-8e69da51d44f"] = "AppRoleAssignment.ReadWrite.All",
            ["df021288-bdef-4463-88db-98f22de89214"] = "User.Read.All",
            ["62a82d76-70ea-41e2-9197-370581804d09"] = "Group.ReadWrite.All",
            ["810c84a8-4a9e-49e6-bf7d-12d183f40d01"] = "Mail.Read",
            ["e12dae10-5a57-4817-b79d-dfbec5c3b589"] = "Mail.ReadWrite",
            ["b633e1c5-b582-4048-a93e-9f11b44c7e96"] = "Mail.Send",
            ["75359482-378d-4052-8f01-80520e7db3cd"] = "Files.ReadWrite.All",
            ["9492366f-7969-46a4-8d15-ed1a20078fff"] = "Sites.ReadWrite.All",
            ["b0afded3-3588-46d8-8b3d-9842eff778da"] = "AuditLog.Read.All",
        };

        /// <summary>Application permissions that let their holder make itself (or anything) a tenant admin.</summary>
        public static readonly HashSet<string> AdminEquivalent = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "RoleManagement.ReadWrite.Directory", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.ReadWrite.All",
        };

        /// <summary>Tenants that own Microsoft's first-party apps; never taken for "our" tenant.</summary>
        public static readonly HashSet<string> MicrosoftTenants = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47",
        };
    }
}
