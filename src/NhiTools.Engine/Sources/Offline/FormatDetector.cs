using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline
{
    /// <summary>
    /// Tells an export's format from its first bytes, never from its name: the credential report by its
    /// header; JSON by its top-level keys, Graph's @odata.context, or the shape of the first item.
    /// Throws NhiException for a missing, unreadable or malformed file; returns Unknown for anything else.
    /// </summary>
    public static class FormatDetector
    {
        private const int PrefixBytes = 256 * 1024;

        public static OfflineFormat Detect(string path)
        {
            if (!File.Exists(path)) throw OfflineErrors.NotFound(path);
            byte[] prefix;
            bool whole;
            try
            {
                using (var s = ExportFile.OpenUtf8(path))
                {
                    prefix = new byte[PrefixBytes];
                    int n = ExportFile.ReadFully(s, prefix, PrefixBytes);
                    whole = n < PrefixBytes || s.ReadByte() < 0;
                    Array.Resize(ref prefix, n);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw OfflineErrors.CannotRead(path, ex);
            }
            return Detect(path, prefix, whole);
        }

        internal static OfflineFormat Detect(string path, byte[] prefix, bool whole)
        {
            int i = 0;
            while (i < prefix.Length && (prefix[i] == ' ' || prefix[i] == '\r' || prefix[i] == '\n' || prefix[i] == '\t')) i++;
            if (i == prefix.Length) return OfflineFormat.Unknown;
            if (prefix[i] == '{' || prefix[i] == '[') return DetectJson(path, prefix, whole);
            return DetectCsv(prefix);
        }

        private static OfflineFormat DetectCsv(byte[] prefix)
        {
            int end = Array.IndexOf(prefix, (byte)'\n');
            if (end < 0) end = prefix.Length;
            if (end > 4096) return OfflineFormat.Unknown;
            string header = Encoding.UTF8.GetString(prefix, 0, end).Trim();
            var cols = Csv.Split(header);
            if (cols == null) return OfflineFormat.Unknown;
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in cols) set.Add(c.Trim());
            return set.Contains("user") && set.Contains("arn") && set.Contains("user_creation_time")
                   && set.Contains("access_key_1_active") && set.Contains("access_key_1_last_rotated")
                ? OfflineFormat.AwsCredentialReport
                : OfflineFormat.Unknown;
        }

        private sealed class Sniff
        {
            public readonly HashSet<string> RootProps = new HashSet<string>(StringComparer.Ordinal);
            public readonly HashSet<string> ItemProps = new HashSet<string>(StringComparer.Ordinal);
            public string Context, ItemODataType, ItemId;
            public bool RootIsArray, SawItem, ItemDone, ArrayEmpty;
        }

        private static OfflineFormat DetectJson(string path, byte[] prefix, bool whole)
        {
            var s = new Sniff();
            var r = new Utf8JsonReader(prefix, whole, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
            // Depth of an item's own properties: root object -> array -> item: 3; root array -> item: 2.
            int itemPropDepth = -1;
            string lastProp = null;
            try
            {
                while (r.Read())
                {
                    int d = r.CurrentDepth;
                    if (d == 0 && r.TokenType == JsonTokenType.StartArray) { s.RootIsArray = true; itemPropDepth = 2; continue; }
                    if (d == 0 && r.TokenType == JsonTokenType.StartObject) { itemPropDepth = 3; continue; }
                    if (d == 0) break; // end of the first top-level value
                    if (r.TokenType == JsonTokenType.PropertyName)
                    {
                        lastProp = r.GetString();
                        if (d == 1 && !s.RootIsArray)
                        {
                            s.RootProps.Add(lastProp);
                            var early = FromRootProps(s.RootProps);
                            if (early != OfflineFormat.Unknown) return early;
                        }
                        else if (d == itemPropDepth && !s.ItemDone)
                        {
                            s.ItemProps.Add(lastProp);
                            if (s.RootIsArray && lastProp == "AccessKeyMetadata") return OfflineFormat.AwsAccessKeys;
                        }
                        continue;
                    }
                    if (r.TokenType == JsonTokenType.String)
                    {
                        if (d == 1 && lastProp == "@odata.context") s.Context = r.GetString();
                        else if (d == itemPropDepth && !s.ItemDone && lastProp == "@odata.type") s.ItemODataType = r.GetString();
                        else if (d == itemPropDepth && !s.ItemDone && lastProp == "id") s.ItemId = r.GetString();
                        continue;
                    }
                    if (r.TokenType == JsonTokenType.StartObject && d == itemPropDepth - 1) s.SawItem = true;
                    if (r.TokenType == JsonTokenType.EndObject && d == itemPropDepth - 1 && s.SawItem)
                    {
                        s.ItemDone = true;
                        if (s.RootIsArray || s.Context != null) break;
                    }
                    if (r.TokenType == JsonTokenType.EndArray && d == itemPropDepth - 2 && !s.SawItem) s.ArrayEmpty = true;
                }
            }
            catch (JsonException ex)
            {
                // With the whole file in hand this is real damage; in a prefix it may be our cut, unless we already know.
                if (whole && !s.ItemDone)
                    throw OfflineErrors.MalformedAt(path, ex.LineNumber.HasValue ? ex.LineNumber.Value + 1 : 0, "invalid JSON");
            }
            if (!whole && !s.ItemDone && s.Context == null && s.RootProps.Count == 0 && !s.SawItem)
                return OfflineFormat.Unknown;
            return Decide(s);
        }

        private static OfflineFormat FromRootProps(HashSet<string> props)
        {
            if (props.Contains("UserDetailList") || props.Contains("RoleDetailList") || props.Contains("GroupDetailList") || props.Contains("Policies"))
                return OfflineFormat.AwsAuthorizationDetails;
            if (props.Contains("AccessKeyMetadata")) return OfflineFormat.AwsAccessKeys;
            return OfflineFormat.Unknown;
        }

        private static OfflineFormat Decide(Sniff s)
        {
            if (!s.RootIsArray)
            {
                var byRoot = FromRootProps(s.RootProps);
                if (byRoot != OfflineFormat.Unknown) return byRoot;
                if (!s.RootProps.Contains("value")) return OfflineFormat.Unknown;
                var byContext = FromContext(s.Context);
                if (byContext != OfflineFormat.Unknown) return byContext;
                if (s.SawItem) return FromGraphItem(s);
                return s.ArrayEmpty && s.Context == null ? OfflineFormat.Empty : OfflineFormat.Unknown;
            }
            if (!s.SawItem) return s.ArrayEmpty ? OfflineFormat.Empty : OfflineFormat.Unknown;
            // az keyvault secret list: [{ "attributes": {...}, "id": "https://<vault>.vault.azure.net/secrets/<name>", ... }]
            if (s.ItemProps.Contains("attributes") && s.ItemId != null && s.ItemId.IndexOf("/secrets/", StringComparison.OrdinalIgnoreCase) > 0)
                return OfflineFormat.KeyVaultSecrets;
            return OfflineFormat.Unknown;
        }

        /// <summary>"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id,appId)" -> servicePrincipals.</summary>
        internal static OfflineFormat FromContext(string context)
        {
            if (string.IsNullOrEmpty(context)) return OfflineFormat.Unknown;
            int hash = context.IndexOf('#');
            var frag = hash >= 0 ? context.Substring(hash + 1) : context;
            var sb = new StringBuilder();
            int depth = 0;
            foreach (char c in frag)
            {
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (depth == 0) sb.Append(c);
            }
            var segments = sb.ToString().Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = segments.Length - 1; i >= 0; i--)
            {
                switch (segments[i])
                {
                    case "$entity": continue;
                    case "applications": return OfflineFormat.GraphApplications;
                    case "servicePrincipals": return OfflineFormat.GraphServicePrincipals;
                    case "users": return OfflineFormat.GraphUsers;
                    case "oauth2PermissionGrants": return OfflineFormat.GraphOAuth2PermissionGrants;
                    case "appRoleAssignments":
                    case "appRoleAssignedTo": return OfflineFormat.GraphAppRoleAssignments;
                    case "servicePrincipalSignInActivities": return OfflineFormat.GraphServicePrincipalSignInActivities;
                    case "appCredentialSignInActivities": return OfflineFormat.GraphAppCredentialSignInActivities;
                    default: return OfflineFormat.Unknown;
                }
            }
            return OfflineFormat.Unknown;
        }

        private static OfflineFormat FromGraphItem(Sniff s)
        {
            var t = s.ItemODataType ?? "";
            var p = s.ItemProps;
            if (t.EndsWith(".servicePrincipal", StringComparison.OrdinalIgnoreCase) || t.IndexOf("agentIdentity", StringComparison.OrdinalIgnoreCase) >= 0 && p.Contains("servicePrincipalType"))
                return OfflineFormat.GraphServicePrincipals;
            if (t.EndsWith(".application", StringComparison.OrdinalIgnoreCase)) return OfflineFormat.GraphApplications;
            if (t.EndsWith(".user", StringComparison.OrdinalIgnoreCase)) return OfflineFormat.GraphUsers;
            if (p.Contains("servicePrincipalType") || p.Contains("appOwnerOrganizationId") || p.Contains("servicePrincipalNames"))
                return OfflineFormat.GraphServicePrincipals;
            if (p.Contains("appId") && (p.Contains("signInAudience") || p.Contains("identifierUris") || p.Contains("requiredResourceAccess") || p.Contains("web")))
                return OfflineFormat.GraphApplications;
            if (p.Contains("userPrincipalName")) return OfflineFormat.GraphUsers;
            if (p.Contains("clientId") && p.Contains("consentType")) return OfflineFormat.GraphOAuth2PermissionGrants;
            if (p.Contains("appRoleId") && p.Contains("principalId") && p.Contains("resourceId")) return OfflineFormat.GraphAppRoleAssignments;
            if (p.Contains("keyId") && (p.Contains("signInActivity") || p.Contains("credentialOrigin"))) return OfflineFormat.GraphAppCredentialSignInActivities;
            if (p.Contains("lastSignInActivity") || p.Contains("applicationAuthenticationClientSignInActivity")) return OfflineFormat.GraphServicePrincipalSignInActivities;
            if (t.IndexOf("agentIdentity", StringComparison.OrdinalIgnoreCase) >= 0) return p.Contains("appId") && !p.Contains("servicePrincipalType") ? OfflineFormat.GraphApplications : OfflineFormat.GraphServicePrincipals;
            return OfflineFormat.Unknown;
        }
    }
}
