using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace NhiTools.Labs.Iam
{
    /// <summary>
    /// Seeds an <see cref="IamStore"/> from real export formats, recognised by content (never by file name):
    /// the credential report CSV, <c>aws iam get-account-authorization-details</c> JSON and
    /// <c>aws iam list-access-keys</c> JSON. Every seeded key gets a lab-derived secret (<see cref="IamIds.SecretFor"/>).
    /// </summary>
    public static class IamSeeder
    {
        /// <summary>Loads every recognised file under dir (recursively); returns how many files were used.</summary>
        public static int LoadDirectory(IamStore store, string dir)
        {
            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
            var reports = new List<string>();
            var keyFiles = new List<JsonDocument>();
            int used = 0;
            try
            {
                // Authorization details first (users, roles, policies), then keys, then the report's facts.
                foreach (var f in files)
                {
                    var text = File.ReadAllText(f);
                    var trimmed = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
                    if (trimmed.StartsWith("user,arn,", StringComparison.Ordinal)) { reports.Add(text); used++; continue; }
                    if (!(trimmed.StartsWith("{") || trimmed.StartsWith("["))) continue;
                    JsonDocument doc;
                    try { doc = JsonDocument.Parse(trimmed); } catch (JsonException) { continue; }
                    if (IsAuthorizationDetails(doc.RootElement)) { LoadAuthorizationDetails(store, doc.RootElement); used++; doc.Dispose(); }
                    else if (HasAccessKeys(doc.RootElement)) { keyFiles.Add(doc); used++; }
                    else doc.Dispose();
                }
                foreach (var k in keyFiles) LoadAccessKeys(store, k.RootElement);
                foreach (var r in reports) LoadCredentialReport(store, r);
            }
            finally { foreach (var k in keyFiles) k.Dispose(); }
            return used;
        }

        static bool IsAuthorizationDetails(JsonElement e) =>
            e.ValueKind == JsonValueKind.Object && (e.TryGetProperty("UserDetailList", out _) || e.TryGetProperty("RoleDetailList", out _)
                || e.TryGetProperty("GroupDetailList", out _) || e.TryGetProperty("Policies", out _));

        static bool HasAccessKeys(JsonElement e) =>
            (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("AccessKeyMetadata", out _)) ||
            (e.ValueKind == JsonValueKind.Array && e.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.Object &&
                (x.TryGetProperty("AccessKeyMetadata", out _) || x.TryGetProperty("AccessKeyId", out _))));

        // ---- get-account-authorization-details --------------------------------------------------------------

        public static void LoadAuthorizationDetails(IamStore store, JsonElement root)
        {
            foreach (var u in Array(root, "UserDetailList"))
            {
                var name = Str(u, "UserName");
                if (name == null) continue;
                lock (store.Gate) store.AdoptAccountFrom(Str(u, "Arn"));
                var user = store.FindUser(name) ?? store.AddUser(name, Str(u, "Path"), Date(u, "CreateDate"));
                lock (store.Gate)
                {
                    if (Str(u, "UserId") != null) user.UserId = Str(u, "UserId");
                    if (Str(u, "Arn") != null) user.Arn = Str(u, "Arn");
                    user.InlinePolicies.AddRange(Array(u, "UserPolicyList").Select(Inline));
                    user.Groups.AddRange(Array(u, "GroupList").Select(g => g.GetString()));
                    user.AttachedPolicies.AddRange(Array(u, "AttachedManagedPolicies").Select(Attached));
                    user.Tags.AddRange(Array(u, "Tags").Select(Tag));
                    user.PermissionsBoundaryArn = Boundary(u);
                }
            }
            foreach (var g in Array(root, "GroupDetailList"))
            {
                var name = Str(g, "GroupName");
                if (name == null) continue;
                var group = store.AddGroup(name, Str(g, "Path"), Date(g, "CreateDate"));
                lock (store.Gate)
                {
                    if (Str(g, "GroupId") != null) group.GroupId = Str(g, "GroupId");
                    if (Str(g, "Arn") != null) group.Arn = Str(g, "Arn");
                    group.InlinePolicies.AddRange(Array(g, "GroupPolicyList").Select(Inline));
                    group.AttachedPolicies.AddRange(Array(g, "AttachedManagedPolicies").Select(Attached));
                }
            }
            foreach (var r in Array(root, "RoleDetailList"))
            {
                var name = Str(r, "RoleName");
                if (name == null) continue;
                lock (store.Gate) store.AdoptAccountFrom(Str(r, "Arn"));
                var role = store.AddRole(name, Str(r, "Path"), Date(r, "CreateDate"), Doc(r, "AssumeRolePolicyDocument"));
                lock (store.Gate)
                {
                    if (Str(r, "RoleId") != null) role.RoleId = Str(r, "RoleId");
                    if (Str(r, "Arn") != null) role.Arn = Str(r, "Arn");
                    role.Description = Str(r, "Description");
                    if (r.TryGetProperty("MaxSessionDuration", out var msd) && msd.ValueKind == JsonValueKind.Number) role.MaxSessionDuration = msd.GetInt32();
                    role.InlinePolicies.AddRange(Array(r, "RolePolicyList").Select(Inline));
                    role.AttachedPolicies.AddRange(Array(r, "AttachedManagedPolicies").Select(Attached));
                    role.Tags.AddRange(Array(r, "Tags").Select(Tag));
                    role.PermissionsBoundaryArn = Boundary(r);
                    if (r.TryGetProperty("RoleLastUsed", out var rlu) && rlu.ValueKind == JsonValueKind.Object)
                    {
                        role.LastUsedDate = Date(rlu, "LastUsedDate");
                        role.LastUsedRegion = Str(rlu, "Region");
                    }
                }
            }
            foreach (var p in Array(root, "Policies"))
            {
                var arn = Str(p, "Arn");
                if (arn == null) continue;
                var mp = new ManagedPolicy
                {
                    PolicyName = Str(p, "PolicyName"), PolicyId = Str(p, "PolicyId") ?? IamIds.PolicyId(arn), Arn = arn,
                    Path = Str(p, "Path") ?? "/", DefaultVersionId = Str(p, "DefaultVersionId") ?? "v1",
                    AttachmentCount = Int(p, "AttachmentCount"), PermissionsBoundaryUsageCount = Int(p, "PermissionsBoundaryUsageCount"),
                    IsAttachable = !p.TryGetProperty("IsAttachable", out var ia) || ia.ValueKind != JsonValueKind.False,
                    Description = Str(p, "Description"),
                    CreateDate = Date(p, "CreateDate") ?? store.Now, UpdateDate = Date(p, "UpdateDate") ?? Date(p, "CreateDate") ?? store.Now,
                };
                foreach (var v in Array(p, "PolicyVersionList"))
                    mp.Versions.Add(new PolicyVersion
                    {
                        VersionId = Str(v, "VersionId"), Document = Doc(v, "Document"),
                        IsDefaultVersion = v.TryGetProperty("IsDefaultVersion", out var d) && d.ValueKind == JsonValueKind.True,
                        CreateDate = Date(v, "CreateDate") ?? mp.CreateDate,
                    });
                store.AddPolicy(mp);
            }
        }

        // ---- list-access-keys -----------------------------------------------------------------------------

        /// <summary>Accepts {"AccessKeyMetadata":[…]}, an array of those, or an array of metadata items.</summary>
        public static void LoadAccessKeys(IamStore store, JsonElement root)
        {
            IEnumerable<JsonElement> items;
            if (root.ValueKind == JsonValueKind.Object) items = Array(root, "AccessKeyMetadata");
            else items = root.EnumerateArray().SelectMany(x => x.TryGetProperty("AccessKeyMetadata", out _) ? Array(x, "AccessKeyMetadata") : new[] { x });
            foreach (var k in items.ToList())
            {
                var user = Str(k, "UserName");
                var id = Str(k, "AccessKeyId");
                if (user == null || id == null) continue;
                if (store.FindUser(user) == null) store.AddUser(user, "/", Date(k, "CreateDate"));
                store.AddKey(user, id, Str(k, "Status") ?? "Active", Date(k, "CreateDate"));
            }
        }

        // ---- credential report ----------------------------------------------------------------------------

        /// <summary>
        /// Users the CSV names are created if missing; password/MFA/cert facts and key last-used facts are taken from it.
        /// A CSV key slot with no matching key from list-access-keys gets a key with a derived id (so every seeded
        /// key can sign requests).
        /// </summary>
        public static void LoadCredentialReport(IamStore store, string csv)
        {
            var lines = csv.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0).ToList();
            if (lines.Count == 0) return;
            var header = lines[0].TrimStart('\uFEFF').Split(',');
            int col(string n) => System.Array.IndexOf(header, n);
            foreach (var line in lines.Skip(1))
            {
                var f = line.Split(',');
                string get(string n) { var i = col(n); return i >= 0 && i < f.Length ? f[i] : null; }
                var name = get("user");
                if (string.IsNullOrEmpty(name)) continue;
                if (name == "<root_account>") { LoadRootRow(store, get); continue; }
                var arn = get("arn");
                lock (store.Gate) store.AdoptAccountFrom(arn);
                var user = store.FindUser(name) ?? store.AddUser(name, PathFromArn(arn, name), Ts(get("user_creation_time")));
                var existing = store.KeysOf(name);
                lock (store.Gate)
                {
                    if (!string.IsNullOrEmpty(arn)) user.Arn = arn;
                    user.PasswordEnabled = get("password_enabled") == "true" || get("password_enabled") == "TRUE";
                    user.PasswordLastUsed = Ts(get("password_last_used"));
                    user.PasswordLastChanged = Ts(get("password_last_changed"));
                    user.PasswordNextRotation = Ts(get("password_next_rotation"));
                    user.MfaActive = Bool(get("mfa_active"));
                    user.Cert1Active = Bool(get("cert_1_active"));
                    user.Cert1LastRotated = Ts(get("cert_1_last_rotated"));
                    user.Cert2Active = Bool(get("cert_2_active"));
                    user.Cert2LastRotated = Ts(get("cert_2_last_rotated"));
                }
                var used = new HashSet<string>(StringComparer.Ordinal);
                for (int slot = 1; slot <= 2; slot++)
                {
                    var p = "access_key_" + slot + "_";
                    var rotated = Ts(get(p + "last_rotated"));
                    if (rotated == null) continue; // N/A: no key in this slot
                    var active = Bool(get(p + "active"));
                    // Match the slot to a listed key by creation time, else by order.
                    var key = existing.FirstOrDefault(k => !used.Contains(k.AccessKeyId) && k.CreateDate == rotated)
                              ?? existing.FirstOrDefault(k => !used.Contains(k.AccessKeyId));
                    if (key == null)
                        key = store.AddKey(name, IamIds.AccessKeyId(store.AccountId + "/" + name + "/key" + slot), active ? "Active" : "Inactive", rotated);
                    used.Add(key.AccessKeyId);
                    lock (store.Gate)
                    {
                        key.LastUsedDate = Ts(get(p + "last_used_date"));
                        key.LastUsedRegion = NullIfNa(get(p + "last_used_region"));
                        key.LastUsedService = NullIfNa(get(p + "last_used_service"));
                    }
                }
            }
        }

        // The root row: its facts, and the first root key's dates and last use go onto the lab's admin (root) key,
        // so a seeded report round-trips. The admin key stays active whatever the row says: the lab needs it.
        static void LoadRootRow(IamStore store, Func<string, string> get)
        {
            lock (store.Gate)
            {
                store.AdoptAccountFrom(get("arn"));
                store.Root.CreateDate = Ts(get("user_creation_time")) ?? store.Root.CreateDate;
                store.Root.PasswordLastUsed = Ts(get("password_last_used"));
                store.Root.MfaActive = Bool(get("mfa_active"));
                var admin = store.Keys[IamStore.AdminAccessKeyId];
                var rotated = Ts(get("access_key_1_last_rotated"));
                if (rotated.HasValue) admin.CreateDate = rotated.Value;
                admin.LastUsedDate = Ts(get("access_key_1_last_used_date"));
                admin.LastUsedRegion = NullIfNa(get("access_key_1_last_used_region"));
                admin.LastUsedService = NullIfNa(get("access_key_1_last_used_service"));
            }
        }

        static string PathFromArn(string arn, string name)
        {
            if (arn == null) return "/";
            var i = arn.IndexOf(":user/", StringComparison.Ordinal);
            if (i < 0) return "/";
            var path = arn.Substring(i + 5);
            return path.EndsWith("/" + name, StringComparison.Ordinal) ? path.Substring(0, path.Length - name.Length) : "/";
        }

        // ---- JSON helpers ---------------------------------------------------------------------------------

        static IEnumerable<JsonElement> Array(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var a)) return System.Array.Empty<JsonElement>();
            if (a.ValueKind == JsonValueKind.Array) return a.EnumerateArray().ToList();
            if (a.ValueKind == JsonValueKind.Object) return new[] { a }; // the documented example's object-for-array slip
            return System.Array.Empty<JsonElement>();
        }

        static string Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        static int Int(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

        static DateTimeOffset? Date(JsonElement e, string name) => Ts(Str(e, name));

        /// <summary>A policy document: a JSON object in CLI output, a URL-encoded string on the wire; kept as JSON text.</summary>
        static string Doc(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Object || v.ValueKind == JsonValueKind.Array) return v.GetRawText();
            if (v.ValueKind == JsonValueKind.String)
            {
                var s = v.GetString();
                return s.TrimStart().StartsWith("{") ? s : Uri.UnescapeDataString(s);
            }
            return null;
        }

        static InlinePolicy Inline(JsonElement p) => new InlinePolicy { PolicyName = Str(p, "PolicyName"), Document = Doc(p, "PolicyDocument") };
        static AttachedPolicy Attached(JsonElement p) => new AttachedPolicy { PolicyName = Str(p, "PolicyName"), PolicyArn = Str(p, "PolicyArn") };
        static IamTag Tag(JsonElement t) => new IamTag(Str(t, "Key"), Str(t, "Value") ?? "");

        static string Boundary(JsonElement e) =>
            e.TryGetProperty("PermissionsBoundary", out var b) && b.ValueKind == JsonValueKind.Object ? Str(b, "PermissionsBoundaryArn") : null;

        static bool Bool(string s) => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase);
        static string NullIfNa(string s) => string.IsNullOrEmpty(s) || s == "N/A" ? null : s;

        /// <summary>Parses ISO-8601 with Z or +00:00; the report's literals (N/A, no_information, not_supported) give null.</summary>
        internal static DateTimeOffset? Ts(string s)
        {
            if (string.IsNullOrEmpty(s)) return null;
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                ? t : (DateTimeOffset?)null;
        }
    }
}
