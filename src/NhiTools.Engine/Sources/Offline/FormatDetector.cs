using System;
using System.Buffers;
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
        private const int FirstPrefix = 16 * 1024, MaxPrefix = 256 * 1024;

        public static OfflineFormat Detect(string path)
        {
            if (!File.Exists(path)) throw OfflineErrors.NotFound(path);
            // Most files tell their format in the first few KB; read more only when they do not.
            var result = DetectWithPrefix(path, FirstPrefix, out bool whole);
            if (result == OfflineFormat.Unknown && !whole) result = DetectWithPrefix(path, MaxPrefix, out _);
            return result;
        }

        private static OfflineFormat DetectWithPrefix(string path, int size, out bool whole)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                int n;
                try
                {
                    using (var s = ExportFile.OpenUtf8(path))
                    {
                        n = ExportFile.ReadFully(s, buffer, size);
                        whole = n < size || s.ReadByte() < 0;
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
                {
                    throw OfflineErrors.CannotRead(path, ex);
                }
                return Detect(path, new ArraySegment<byte>(buffer, 0, n), whole);
            }
            finally { ArrayPool<byte>.Shared.Return(buffer); }
        }

        internal static OfflineFormat Detect(string path, ArraySegment<byte> prefix, bool whole)
        {
            var bytes = prefix.Array;
            int i = prefix.Offset, end = prefix.Offset + prefix.Count;
            while (i < end && (bytes[i] == ' ' || bytes[i] == '\r' || bytes[i] == '\n' || bytes[i] == '\t')) i++;
            if (i == end) return OfflineFormat.Unknown;
            if (bytes[i] == '{' || bytes[i] == '[') return DetectJson(path, prefix, whole);
            return DetectCsv(prefix);
        }

        private static OfflineFormat DetectCsv(ArraySegment<byte> prefix)
        {
            int end = Array.IndexOf(prefix.Array, (byte)'\n', prefix.Offset, prefix.Count);
            int length = end < 0 ? prefix.Count : end - prefix.Offset;
            if (length > 4096) return OfflineFormat.Unknown;
            string header = Encoding.UTF8.GetString(prefix.Array, prefix.Offset, length).Trim();
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
            public string Context, ItemODataType, ItemId, NextLink;
            public bool RootIsArray, SawItem, ItemDone, ArrayEmpty;
        }

        private static OfflineFormat DetectJson(string path, ArraySegment<byte> prefix, bool whole)
        {
            var s = new Sniff();
            var r = new Utf8JsonReader(new ReadOnlySpan<byte>(prefix.Array, prefix.Offset, prefix.Count), whole, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }));
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
                    if (d == 0)
                    {
                        if (r.TokenType == JsonTokenType.EndArray && !s.SawItem) s.ArrayEmpty = true;
                        break; // end of the first top-level value
                    }
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
                        else if (d == 1 && lastProp == "nextLink") s.NextLink = r.GetString();
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
                // The reader is told whether the prefix is the whole file, so a cut ends reading quietly: this is real damage.
                if (!s.ItemDone)
                    throw OfflineErrors.MalformedAt(path, ex.LineNumber.HasValue ? ex.LineNumber.Value + 1 : 0, "invalid JSON");
            }
            catch (InvalidOperationException)
            {
                // A property name or string with invalid UTF-8 (the reader checks it only when asked for the text).
                throw OfflineErrors.MalformedAt(path, 0, "invalid UTF-8 in the first " + (prefix.Count / 1024) + " KB");
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
            if (props.Contains("ServicesLastAccessed")) return OfflineFormat.AwsServiceLastAccessed;
            return OfflineFormat.Unknown;
        }

        private static OfflineFormat Decide(Sniff s)
        {
            if (!s.RootIsArray)
            {
                var byRoot = FromRootProps(s.RootProps);
                if (byRoot != OfflineFormat.Unknown) return byRoot;
                var byActivity = FromActivityRoot(s);
                if (byActivity != OfflineFormat.Unknown) return byActivity;
                if (!s.RootProps.Contains("value")) return OfflineFormat.Unknown;
                var byContext = FromContext(s.Context);
                if (byContext != OfflineFormat.Unknown) return byContext;
                if (s.SawItem && IsSecretItem(s)) return OfflineFormat.KeyVaultSecrets; // REST SecretListResult {value, nextLink}
                if (s.SawItem) return FromGraphItem(s);
                // An empty Key Vault page that still says more follows ({"value":[],"nextLink":"https://<vault>.vault.azure.net/secrets?..."}).
                if (s.ArrayEmpty && IsVaultSecretsLink(s.NextLink)) return OfflineFormat.KeyVaultSecrets;
                return s.ArrayEmpty && s.Context == null ? OfflineFormat.Empty : OfflineFormat.Unknown;
            }
            if (!s.SawItem) return s.ArrayEmpty ? OfflineFormat.Empty : OfflineFormat.Unknown;
            // az keyvault secret list: [{ "attributes": {...}, "id": "https://<vault>.vault.azure.net/secrets/<name>", ... }]
            return IsSecretItem(s) ? OfflineFormat.KeyVaultSecrets : OfflineFormat.Unknown;
        }

        /// <summary>
        /// CloudTrail: {"Records":[...]} from a trail's S3 files, {"Events":[...]} from lookup-events. Both names are
        /// common words, so the first item must look like an event (or the list be empty and nothing else be there).
        /// </summary>
        private static OfflineFormat FromActivityRoot(Sniff s)
        {
            var p = s.ItemProps;
            if (s.RootProps.Contains("Records"))
            {
                if (s.SawItem ? p.Contains("eventSource") || p.Contains("eventVersion") || p.Contains("eventName") : s.ArrayEmpty && s.RootProps.Count == 1)
                    return OfflineFormat.CloudTrailLog;
            }
            if (s.RootProps.Contains("Events"))
            {
                if (s.SawItem ? p.Contains("CloudTrailEvent") || p.Contains("EventSource") && p.Contains("EventName") : s.ArrayEmpty && (s.RootProps.Count == 1 || s.RootProps.Contains("NextToken")))
                    return OfflineFormat.CloudTrailLookupEvents;
            }
            return OfflineFormat.Unknown;
        }

        private static bool IsVaultSecretsLink(string link) =>
            link != null && Uri.TryCreate(link, UriKind.Absolute, out var u) && u.AbsolutePath.TrimEnd('/').EndsWith("/secrets", StringComparison.OrdinalIgnoreCase)
            && u.Host.IndexOf(".vault.", StringComparison.OrdinalIgnoreCase) > 0;

        private static bool IsSecretItem(Sniff s) =>
            s.ItemProps.Contains("attributes") && s.ItemId != null && s.ItemId.IndexOf("/secrets/", StringComparison.OrdinalIgnoreCase) > 0;

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
                    case "signIns": return OfflineFormat.GraphSignIns;
                    case "directoryAudits": return OfflineFormat.GraphDirectoryAudits;
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
            // Logs first: a sign-in carries userPrincipalName and appId too.
            if (p.Contains("activityDisplayName") && p.Contains("initiatedBy")) return OfflineFormat.GraphDirectoryAudits;
            if (p.Contains("createdDateTime") && p.Contains("appId") && (p.Contains("signInEventTypes") || p.Contains("ipAddress") && p.Contains("status"))) return OfflineFormat.GraphSignIns;
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
