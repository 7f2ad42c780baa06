using System;
using System.Collections.Generic;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Activity
{
    /// <summary>Graph auditLogs/signIns and auditLogs/directoryAudits items to activities.</summary>
    internal static class EntraEvents
    {
        /// <summary>
        /// One sign-in (beta shape). signInEventTypes says who signed in: servicePrincipal and managedIdentity are the
        /// workload itself (appId + servicePrincipalId); interactiveUser / nonInteractiveUser are people or accounts
        /// used like people. v1.0 items have no signInEventTypes and are user sign-ins (isInteractive says which).
        /// </summary>
        public static NhiTools.Activity FromSignIn(JsonElement s, string source)
        {
            var when = Values.Time(s.Str("createdDateTime"));
            if (!when.HasValue) return null;
            bool sp = false, mi = false, interactive = false, user = false;
            bool typed = false;
            foreach (var t in s.List("signInEventTypes"))
            {
                if (t.ValueKind != JsonValueKind.String) continue;
                typed = true;
                switch (t.GetString())
                {
                    case "servicePrincipal": sp = true; break;
                    case "managedIdentity": mi = true; break;
                    case "interactiveUser": interactive = true; user = true; break;
                    case "nonInteractiveUser": user = true; break;
                }
            }
            if (!typed)
            {
                user = true;
                interactive = s.Bool("isInteractive") ?? true;
            }
            string resource = s.Str("resourceDisplayName") ?? s.Str("resourceId");
            var a = new NhiTools.Activity
            {
                Provider = "Entra",
                Origin = ActivityOrigins.EntraSignIn,
                Source = source,
                When = when.Value,
                Action = "Sign-in",
                Service = resource,
                Resource = resource,
                From = s.Str("ipAddress"),
                Region = Location(s.Obj("location")),
                UserAgent = s.Str("userAgent") ?? s.Str("clientAppUsed"),
                Account = s.Str("resourceTenantId") ?? s.Str("homeTenantId"),
                Result = Status(s.Obj("status")),
            };
            if (sp || mi || !user)
            {
                a.Principal = s.Str("appId");
                a.PrincipalObjectId = s.Str("servicePrincipalId");
                a.IdentityName = s.Str("servicePrincipalName") ?? s.Str("appDisplayName");
                a.CredentialId = NonEmpty(s.Str("servicePrincipalCredentialKeyId")) ?? NonEmpty(s.Str("servicePrincipalCredentialThumbprint"));
                // A guess the linker corrects: apps registered in the tenant are entra:app:<appId>; managed
                // identities (and any service principal without an app registration) are entra:sp:<objectId>.
                if (mi && a.PrincipalObjectId != null) a.IdentityId = Ids.EntraSp(a.PrincipalObjectId);
                else if (a.Principal != null) a.IdentityId = Ids.EntraApp(a.Principal);
                a.Action = mi ? "Sign-in (managed identity)" : "Sign-in (service principal)";
            }
            else
            {
                a.Principal = s.Str("userPrincipalName");
                a.PrincipalObjectId = s.Str("userId");
                a.IdentityName = s.Str("userDisplayName") ?? a.Principal;
                a.Interactive = interactive;
                a.Action = interactive ? "Sign-in (interactive)" : "Sign-in (non-interactive)";
                // Which client app the person used: evidence, not the actor.
                string app = s.Str("appDisplayName");
                if (app != null) a.UserAgent = app + (a.UserAgent != null ? " / " + a.UserAgent : "");
            }
            return a;
        }

        /// <summary>One directory audit entry: initiatedBy.app (a workload) or initiatedBy.user (a person or account).</summary>
        public static NhiTools.Activity FromAudit(JsonElement d, string source)
        {
            var when = Values.Time(d.Str("activityDateTime"));
            if (!when.HasValue) return null;
            var by = d.Obj("initiatedBy");
            var app = by.Obj("app");
            var user = by.Obj("user");
            var a = new NhiTools.Activity
            {
                Provider = "Entra",
                Origin = ActivityOrigins.EntraAudit,
                Source = source,
                When = when.Value,
                Action = d.Str("activityDisplayName"),
                Service = d.Str("category") ?? d.Str("loggedByService"),
                Resource = Targets(d),
                Result = AuditResult(d.Str("result"), d.Str("resultReason")),
            };
            if (app.ValueKind == JsonValueKind.Object && (app.Str("appId") != null || app.Str("servicePrincipalId") != null))
            {
                a.Principal = app.Str("appId");
                a.PrincipalObjectId = app.Str("servicePrincipalId");
                a.IdentityName = app.Str("displayName") ?? app.Str("servicePrincipalName");
                if (a.Principal != null) a.IdentityId = Ids.EntraApp(a.Principal);
                else a.IdentityId = Ids.EntraSp(a.PrincipalObjectId);
            }
            else if (user.ValueKind == JsonValueKind.Object)
            {
                a.Principal = user.Str("userPrincipalName");
                a.PrincipalObjectId = user.Str("id");
                a.IdentityName = user.Str("displayName") ?? a.Principal;
                a.From = NonEmpty(user.Str("ipAddress"));
                a.Interactive = true;
            }
            return a;
        }

        private static string Targets(JsonElement d)
        {
            var names = new List<string>();
            foreach (var t in d.List("targetResources"))
            {
                string n = t.Str("displayName") ?? t.Str("userPrincipalName") ?? t.Str("id");
                if (n == null) continue;
                string type = t.Str("type");
                if (names.Count == 3) { names.Add("..."); break; }
                names.Add(type != null ? n + " (" + type + ")" : n);
            }
            return names.Count == 0 ? null : string.Join(", ", names);
        }

        private static string Status(JsonElement status)
        {
            if (status.ValueKind != JsonValueKind.Object) return ActivityResults.Success;
            string code = status.Str("errorCode");
            return code == null || code == "0" ? ActivityResults.Success : code;
        }

        private static string AuditResult(string result, string reason)
        {
            if (result == null || result.Equals("success", StringComparison.OrdinalIgnoreCase)) return ActivityResults.Success;
            return string.IsNullOrEmpty(reason) ? result : result + ": " + reason;
        }

        private static string Location(JsonElement loc)
        {
            if (loc.ValueKind != JsonValueKind.Object) return null;
            string city = NonEmpty(loc.Str("city")), country = NonEmpty(loc.Str("countryOrRegion"));
            if (city != null && country != null) return city + ", " + country;
            return city ?? country;
        }

        private static string NonEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;
    }
}
