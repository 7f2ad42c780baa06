using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace NhiTools.Estate.Formats
{
    /// <summary>Writes the tenant as Graph collection responses saved to disk (what Invoke-MgGraphRequest
    /// -OutputFilePath or a paging script leaves behind): page files with @odata.context and an absolute
    /// @odata.nextLink on every page but the last.</summary>
    internal static class GraphWriter
    {
        public const string GraphV1 = "https://graph.microsoft.com/v1.0/";
        public const string GraphBeta = "https://graph.microsoft.com/beta/";
        public const string MicrosoftGraphAppId = "00000003-0000-0000-c000-000000000000";
        public const string MicrosoftTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
        /// <summary>Graph caps $expand of directory objects at 20 items.</summary>
        public const int ExpandCap = 20;

        public static void Write(Output output, Estate estate, Counter counter)
        {
            var t = estate.Tenant;
            int indent = estate.IndentGraph ? 2 : 0;

            WritePaged(output, "entra/applications", indent, estate.GraphPageSize, t.AppCount,
                GraphV1 + "$metadata#applications(owners())", GraphV1 + "applications?$expand=owners&$top=" + estate.GraphPageSize,
                t.Apps(), (w, a) => { counter.Add(a.ODataType == null ? "Entra/Application" : "Entra/AgentIdentityBlueprint"); WriteApplication(w, a); });

            WritePaged(output, "entra/servicePrincipals", indent, estate.GraphPageSize, t.AppCount + t.OtherSpCount,
                GraphV1 + "$metadata#servicePrincipals(owners(),appRoleAssignments())",
                GraphV1 + "servicePrincipals?$expand=owners,appRoleAssignments&$top=" + estate.GraphPageSize,
                AllSps(t), (w, sp) => { CountSp(counter, sp); WriteServicePrincipal(w, sp); });

            WriteGrants(output, t, indent);
            WriteUsers(output, t, indent, counter);
            WriteSignInReports(output, t, indent);
        }

        private static IEnumerable<EntraSp> AllSps(Tenant t)
        {
            foreach (var sp in t.OtherSps()) yield return sp;
            foreach (var a in t.Apps()) yield return a.Sp;
        }

        private static void CountSp(Counter c, EntraSp sp)
        {
            if (sp.AppBacked) c.Add("Entra/AppServicePrincipal");
            else if (sp.ODataType == "#microsoft.graph.agentIdentity") c.Add("Entra/AgentIdentity");
            else if (sp.Type == "ManagedIdentity") c.Add("Entra/ManagedIdentity");
            else if (sp.Type == "Legacy") c.Add("Entra/Legacy");
            else if (sp.ThirdParty) c.Add("Entra/ThirdParty");
            else c.Add("Entra/MicrosoftResource");
        }

        /// <summary>Streams items into page files of pageSize; total must be known so each page knows
        /// whether it gets a nextLink (written before "value", where Graph puts it).</summary>
        private static void WritePaged<T>(Output output, string baseName, int indent, int pageSize, int total,
            string context, string firstLink, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem)
        {
            int pages = Math.Max(1, (total + pageSize - 1) / pageSize);
            int written = 0, page = 0;
            JsonFile f = null;
            try
            {
                foreach (var item in items)
                {
                    if (f == null)
                    {
                        page++;
                        f = output.Json(baseName + "-" + page.ToString("000", CultureInfo.InvariantCulture) + ".json", indent);
                        f.W.WriteStartObject();
                        f.W.WriteString("@odata.context", context);
                        if (page < pages) f.W.WriteString("@odata.nextLink", firstLink + "&$skiptoken=" + SkipToken(baseName, page));
                        f.W.WriteStartArray("value");
                    }
                    writeItem(f.W, item);
                    written++;
                    f.MaybeFlush();
                    if (written % pageSize == 0 || written == total) { EndPage(f); f = null; }
                }
                if (f != null) EndPage(f);
                if (written == 0)
                {
                    using (var empty = output.Json(baseName + "-001.json", indent))
                    {
                        empty.W.WriteStartObject();
                        empty.W.WriteString("@odata.context", context);
                        empty.W.WriteStartArray("value");
                        empty.W.WriteEndArray();
                        empty.W.WriteEndObject();
                    }
                }
                f = null;
            }
            finally { f?.Dispose(); }
            if (written != total) throw new InvalidOperationException(baseName + ": expected " + total + " items, wrote " + written);
        }

        private static void EndPage(JsonFile f)
        {
            f.W.WriteEndArray();
            f.W.WriteEndObject();
            f.Dispose();
        }

        /// <summary>Opaque, unique per page (the SDK's PageIterator rejects a repeated nextLink).</summary>
        private static string SkipToken(string baseName, int page)
        {
            var r = Rng.For(page, baseName, page);
            return "RFNwdAIAAQAAA" + r.Base64Url(24);
        }

        private static void WriteApplication(Utf8JsonWriter w, EntraApp a)
        {
            w.WriteStartObject();
            if (a.ODataType != null) w.WriteString("@odata.type", a.ODataType);
            w.WriteString("id", a.ObjectId);
            w.WriteNull("deletedDateTime");
            w.WriteString("appId", a.AppId);
            w.WriteString("createdDateTime", Fmt.Graph(a.Created));
            w.WriteString("displayName", a.DisplayName);
            w.StringOrNull("description", a.Description);
            w.StringArray("identifierUris", Array.Empty<string>());
            w.StringOrNull("notes", a.Notes);
            w.WriteString("publisherDomain", "contoso.onmicrosoft.com");
            w.StringOrNull("serviceManagementReference", a.ServiceManagementReference);
            w.WriteString("signInAudience", a.SignInAudience);
            w.StringArray("tags", a.Tags);
            WriteKeyCredentials(w, a.Keys);
            WritePasswordCredentials(w, a.Passwords);
            w.WriteStartArray("requiredResourceAccess");
            if (a.Sp != null && a.Sp.AppRoleAssignments.Count > 0)
            {
                w.WriteStartObject();
                w.WriteString("resourceAppId", MicrosoftGraphAppId);
                w.WriteStartArray("resourceAccess");
                foreach (var g in a.Sp.AppRoleAssignments)
                {
                    w.WriteStartObject();
                    w.WriteString("id", g.AppRoleId);
                    w.WriteString("type", "Role");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteOwners(w, "owners", a.Owners);
            w.WriteEndObject();
        }

        private static void WriteServicePrincipal(Utf8JsonWriter w, EntraSp sp)
        {
            w.WriteStartObject();
            if (sp.ODataType != null) w.WriteString("@odata.type", sp.ODataType);
            w.WriteString("id", sp.ObjectId);
            w.WriteNull("deletedDateTime");
            w.WriteBoolean("accountEnabled", sp.AccountEnabled);
            w.StringArray("alternativeNames", sp.AlternativeNames);
            w.WriteString("appDisplayName", sp.DisplayName);
            w.WriteString("appId", sp.AppId);
            w.StringOrNull("appOwnerOrganizationId", sp.AppOwnerOrganizationId);
            w.WriteBoolean("appRoleAssignmentRequired", false);
            w.WriteString("createdDateTime", Fmt.Graph(sp.Created));
            w.WriteString("displayName", sp.DisplayName);
            w.StringOrNull("notes", sp.Notes);
            w.StringArray("servicePrincipalNames", sp.ServicePrincipalNames);
            w.WriteString("servicePrincipalType", sp.Type);
            w.WriteString("signInAudience", sp.SignInAudience);
            w.StringArray("tags", sp.Tags);
            if (sp.AgentBlueprintId != null) w.WriteString("agentIdentityBlueprintId", sp.AgentBlueprintId);
            if (sp.CreatedByAppId != null) w.WriteString("createdByAppId", sp.CreatedByAppId);
            w.WriteStartArray("appRoles");
            foreach (var r in sp.AppRoles)
            {
                w.WriteStartObject();
                w.StringArray("allowedMemberTypes", new[] { "Application" });
                w.WriteString("description", "Allows the app to " + r.DisplayName.ToLowerInvariant() + " without a signed-in user.");
                w.WriteString("displayName", r.DisplayName);
                w.WriteString("id", r.Id);
                w.WriteBoolean("isEnabled", true);
                w.WriteString("origin", "Application");
                w.WriteString("value", r.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteKeyCredentials(w, sp.Keys);
            WritePasswordCredentials(w, sp.Passwords);
            WriteOwners(w, "owners", sp.Owners);
            if (sp.Sponsors != null) WriteOwners(w, "sponsors", sp.Sponsors);
            w.WriteStartArray("appRoleAssignments");
            foreach (var g in sp.AppRoleAssignments)
            {
                w.WriteStartObject();
                w.WriteString("id", g.Id);
                w.WriteNull("deletedDateTime");
                w.WriteString("appRoleId", g.AppRoleId);
                w.WriteString("createdDateTime", Fmt.Graph(g.Created));
                w.WriteString("principalDisplayName", sp.DisplayName);
                w.WriteString("principalId", sp.ObjectId);
                w.WriteString("principalType", "ServicePrincipal");
                w.WriteString("resourceDisplayName", g.ResourceDisplayName);
                w.WriteString("resourceId", g.ResourceId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WritePasswordCredentials(Utf8JsonWriter w, List<PasswordCred> list)
        {
            w.WriteStartArray("passwordCredentials");
            foreach (var p in list)
            {
                w.WriteStartObject();
                w.WriteNull("customKeyIdentifier");
                w.StringOrNull("displayName", p.DisplayName);
                w.WriteString("endDateTime", Fmt.Graph(p.End));
                w.WriteString("hint", p.Hint);
                w.WriteString("keyId", p.KeyId);
                w.WriteNull("secretText");
                w.WriteString("startDateTime", Fmt.Graph(p.Start));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteKeyCredentials(Utf8JsonWriter w, List<KeyCred> list)
        {
            w.WriteStartArray("keyCredentials");
            foreach (var k in list)
            {
                w.WriteStartObject();
                w.WriteString("customKeyIdentifier", k.Thumbprint);
                w.WriteString("displayName", k.DisplayName);
                w.WriteString("endDateTime", Fmt.Graph(k.End));
                w.WriteNull("key");
                w.WriteString("keyId", k.KeyId);
                w.WriteString("startDateTime", Fmt.Graph(k.Start));
                w.WriteString("type", "AsymmetricX509Cert");
                w.WriteString("usage", "Verify");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteOwners(Utf8JsonWriter w, string name, List<EntraOwner> owners)
        {
            w.WriteStartArray(name);
            int n = 0;
            foreach (var o in owners)
            {
                if (n++ == ExpandCap) break; // what $expand returns, not what exists
                w.WriteStartObject();
                if (o.IsServicePrincipal)
                {
                    w.WriteString("@odata.type", "#microsoft.graph.servicePrincipal");
                    w.WriteString("id", o.Id);
                    w.WriteNull("deletedDateTime");
                    w.WriteString("appId", o.AppId);
                    w.WriteString("displayName", o.DisplayName);
                    w.WriteString("servicePrincipalType", "Application");
                }
                else
                {
                    w.WriteString("@odata.type", "#microsoft.graph.user");
                    w.WriteString("id", o.Id);
                    w.StringArray("businessPhones", Array.Empty<string>());
                    w.WriteString("displayName", o.DisplayName);
                    w.StringOrNull("givenName", o.GivenName);
                    w.StringOrNull("jobTitle", o.JobTitle);
                    w.WriteString("mail", o.UserPrincipalName);
                    w.WriteNull("mobilePhone");
                    w.WriteNull("officeLocation");
                    w.WriteNull("preferredLanguage");
                    w.StringOrNull("surname", o.Surname);
                    w.WriteString("userPrincipalName", o.UserPrincipalName);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteGrants(Output output, Tenant t, int indent)
        {
            using (var f = output.Json("entra/oauth2PermissionGrants.json", indent))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("@odata.context", GraphV1 + "$metadata#oauth2PermissionGrants");
                w.WriteStartArray("value");
                foreach (var sp in AllSps(t))
                {
                    foreach (var g in sp.Grants)
                    {
                        w.WriteStartObject();
                        w.WriteString("clientId", sp.ObjectId);
                        w.WriteString("consentType", g.ConsentType);
                        w.WriteString("id", g.Id);
                        w.StringOrNull("principalId", g.PrincipalId);
                        w.WriteString("resourceId", g.ResourceId);
                        w.WriteString("scope", g.Scope);
                        w.WriteEndObject();
                    }
                    f.MaybeFlush();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        private static void WriteUsers(Output output, Tenant t, int indent, Counter counter)
        {
            using (var f = output.Json("entra/users.json", indent))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("@odata.context", GraphV1 + "$metadata#users(id,userPrincipalName,displayName,accountEnabled)");
                w.WriteStartArray("value");
                foreach (var u in t.Users())
                {
                    counter.Add("Entra/User");
                    w.WriteStartObject();
                    w.WriteString("id", u.Id);
                    w.WriteString("userPrincipalName", u.UserPrincipalName);
                    w.WriteString("displayName", u.DisplayName);
                    w.WriteBoolean("accountEnabled", u.AccountEnabled);
                    w.WriteEndObject();
                    f.MaybeFlush();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        private static void WriteSignIn(Utf8JsonWriter w, string name, DateTime? when, string requestSeed)
        {
            w.WriteStartObject(name);
            if (when.HasValue)
            {
                w.WriteString("lastSignInDateTime", Fmt.Graph(when.Value));
                w.WriteString("lastSignInRequestId", Rng.For(0, requestSeed + name, when.Value.Ticks).GuidString());
            }
            else
            {
                w.WriteNull("lastSignInDateTime");
                w.WriteNull("lastSignInRequestId");
            }
            w.WriteEndObject();
        }

        private static void WriteSignInReports(Output output, Tenant t, int indent)
        {
            using (var f = output.Json("entra/reports/servicePrincipalSignInActivities.json", indent))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("@odata.context", GraphBeta + "$metadata#reports/servicePrincipalSignInActivities");
                w.WriteStartArray("value");
                foreach (var sp in AllSps(t))
                {
                    if (!sp.InSignInReport) continue;
                    w.WriteStartObject();
                    w.WriteString("id", ReportId(sp.AppId));
                    w.WriteString("appId", sp.AppId);
                    WriteSignIn(w, "lastSignInActivity", sp.LastSignIn, sp.AppId);
                    WriteSignIn(w, "delegatedClientSignInActivity", null, sp.AppId);
                    WriteSignIn(w, "delegatedResourceSignInActivity", null, sp.AppId);
                    WriteSignIn(w, "applicationAuthenticationClientSignInActivity", sp.LastSignIn, sp.AppId);
                    WriteSignIn(w, "applicationAuthenticationResourceSignInActivity", null, sp.AppId);
                    w.WriteEndObject();
                    f.MaybeFlush();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }

            using (var f = output.Json("entra/reports/appCredentialSignInActivities.json", indent))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("@odata.context", GraphBeta + "$metadata#reports/appCredentialSignInActivities");
                w.WriteStartArray("value");
                foreach (var a in t.Apps())
                {
                    foreach (var p in a.Passwords)
                        if (p.InReport) WriteCredentialActivity(w, a.AppId, a.ObjectId, a.Sp.ObjectId, "application", p.KeyId, "clientSecret", "verify", p.Start, p.End, p.LastSignIn);
                    foreach (var k in a.Keys)
                        if (k.InReport) WriteCredentialActivity(w, a.AppId, a.ObjectId, a.Sp.ObjectId, "application", k.KeyId, "certificate", "sign", k.Start, k.End, k.LastSignIn);
                    f.MaybeFlush();
                }
                foreach (var sp in t.OtherSps())
                {
                    foreach (var p in sp.Passwords)
                        if (p.InReport) WriteCredentialActivity(w, sp.AppId, null, sp.ObjectId, "servicePrincipal", p.KeyId, "clientSecret", "verify", p.Start, p.End, p.LastSignIn);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        private static void WriteCredentialActivity(Utf8JsonWriter w, string appId, string appObjectId, string spObjectId, string origin,
            string keyId, string keyType, string keyUsage, DateTime created, DateTime expires, DateTime? lastSignIn)
        {
            w.WriteStartObject();
            w.WriteString("id", ReportId(keyId));
            w.WriteString("appId", appId);
            w.StringOrNull("appObjectId", appObjectId);
            w.WriteString("createdDateTime", Fmt.Graph(created));
            w.WriteString("credentialOrigin", origin);
            w.WriteString("expirationDateTime", Fmt.Graph(expires));
            w.WriteString("keyId", keyId);
            w.WriteString("keyType", keyType);
            w.WriteString("keyUsage", keyUsage);
            w.WriteString("resourceId", lastSignIn.HasValue ? "00000003-0000-0000-c000-000000000000" : null);
            w.WriteString("servicePrincipalObjectId", spObjectId);
            WriteSignIn(w, "signInActivity", lastSignIn, keyId);
            w.WriteEndObject();
        }

        private static string ReportId(string seed)
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(seed);
            return Convert.ToBase64String(bytes).TrimEnd('=');
        }
    }
}
