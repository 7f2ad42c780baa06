using System;
using System.Collections.Generic;
using System.IO;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline.Aws
{
    /// <summary>
    /// Builds AWS identities: streams credential report rows and completes each from the side-file lookups
    /// (key ids, groups, policies, tags), then yields what only the side files know (users without a report
    /// row, roles, users known only from list-access-keys).
    /// </summary>
    internal sealed class AwsBuilder
    {
        private static readonly TimeSpan SameInstant = TimeSpan.FromSeconds(2);
        private readonly AwsIndex _index;
        private readonly OfflineOptions _options;
        private readonly HashSet<string> _yieldedArns = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _usedKeyUsers = new HashSet<string>(StringComparer.Ordinal);

        public AwsBuilder(AwsIndex index, OfflineOptions options)
        {
            _index = index;
            _options = options;
        }

        /// <summary>Rows of one credential report. A bad row is reported and skipped; the rest still count.</summary>
        public IEnumerable<Identity> ReadReport(string file, IHostContext host)
        {
            using (var reader = new StreamReader(ExportFile.OpenUtf8(file)))
            {
                foreach (var id in ReadReport(reader, file, host)) yield return id;
            }
        }

        /// <summary>Rows of a credential report from any reader (a file, or the live source's GetCredentialReport
        /// content); <paramref name="file"/> names it in errors and in Source.</summary>
        public IEnumerable<Identity> ReadReport(TextReader text, string file, IHostContext host)
        {
            {
                var reader = new BoundedLineReader(text, file);
                var header = Csv.Split(reader.ReadLine() ?? "");
                var cols = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                for (int i = 0; header != null && i < header.Count; i++) cols[header[i].Trim()] = i;
                if (!cols.ContainsKey("user") || !cols.ContainsKey("arn"))
                {
                    host.WriteError(OfflineErrors.MalformedAt(file, 1, "credential report header lacks the user and arn columns"));
                    yield break;
                }
                long lineNo = 1;
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    lineNo++;
                    host.CancellationToken.ThrowIfCancellationRequested();
                    if (line.Length == 0) continue;
                    var fields = Csv.Split(line);
                    if (fields == null || fields.Count != header.Count)
                    {
                        host.WriteError(OfflineErrors.MalformedAt(file, lineNo,
                            fields == null ? "unbalanced quotes in a credential report row" : $"credential report row has {fields.Count} fields, header has {header.Count}"));
                        continue;
                    }
                    var row = new Row(cols, fields);
                    var arn = row["arn"];
                    if (string.IsNullOrEmpty(arn) || !arn.StartsWith("arn:", StringComparison.Ordinal))
                    {
                        host.WriteError(OfflineErrors.MalformedAt(file, lineNo, "credential report row has no ARN"));
                        continue;
                    }
                    if (!_yieldedArns.Add(arn))
                    {
                        host.WriteVerbose($"{file} line {lineNo}: {arn} already read from another report; skipped.");
                        continue;
                    }
                    var identity = FromRow(row, file);
                    if (identity != null) yield return identity;
                }
            }
        }

        private readonly struct Row
        {
            private readonly Dictionary<string, int> _cols;
            private readonly List<string> _fields;
            public Row(Dictionary<string, int> cols, List<string> fields) { _cols = cols; _fields = fields; }
            public string this[string name] => _cols.TryGetValue(name, out int i) ? _fields[i].Trim() : null;
            public bool Has(string name) => _cols.ContainsKey(name);
        }

        private static string Known(string v) =>
            string.IsNullOrEmpty(v) || v.Equals("N/A", StringComparison.OrdinalIgnoreCase) || v == "no_information" || v == "not_supported" ? null : v;

        private Identity FromRow(Row row, string file)
        {
            string user = row["user"], arn = row["arn"];
            bool root = user == "<root_account>" || arn.EndsWith(":root", StringComparison.Ordinal);
            var id = new Identity
            {
                Id = Ids.Aws(arn),
                Provider = "Aws",
                Kind = root ? IdentityKind.RootAccount : IdentityKind.IamUser,
                Name = user,
                NativeId = arn,
                Account = AwsIndex.AccountOf(arn),
                CreatedOn = Values.Time(row["user_creation_time"]),
                HasPassword = Values.Bool(row["password_enabled"]) == true,
                PasswordLastUsedOn = Values.Time(row["password_last_used"]),
                MfaActive = Values.Bool(row["mfa_active"]) == true,
            };
            id.Systems = id.Account == null ? Array.Empty<string>() : new[] { Ids.AwsAccount(id.Account) };
            var sources = new[] { file };

            var creds = new List<Credential>(2);
            var slots = new List<Credential>(2);
            for (int n = 1; n <= 2; n++)
            {
                string p = "access_key_" + n + "_";
                bool? active = Values.Bool(row[p + "active"]);
                var rotated = Values.Time(row[p + "last_rotated"]);
                if (rotated == null && active != true) continue; // no key in this slot
                string usedRaw = row[p + "last_used_date"];
                var c = new Credential
                {
                    IdentityId = id.Id,
                    Id = "access_key_" + n,
                    Type = CredentialType.AccessKey,
                    CreatedOn = rotated,
                    LastRotatedOn = rotated,
                    LastUsedOn = Values.Time(usedRaw),
                    // Only the 22-column report says "never used"; the 16-column form knows nothing of use.
                    NeverUsed = row.Has(p + "last_used_date") && string.Equals(usedRaw, "N/A", StringComparison.OrdinalIgnoreCase),
                    LastUsedService = Known(row[p + "last_used_service"]),
                    LastUsedRegion = Known(row[p + "last_used_region"]),
                    Enabled = active == true,
                };
                slots.Add(c);
            }
            if (!root && _index.KeysByUser.TryGetValue(user, out var listed))
            {
                _usedKeyUsers.Add(user);
                sources = MatchKeyIds(slots, listed, id.Id, sources);
            }
            creds.AddRange(slots);
            bool hasKeys = creds.Count > 0;
            for (int n = 1; n <= 2; n++)
            {
                string p = "cert_" + n + "_";
                bool? active = Values.Bool(row[p + "active"]);
                var rotated = Values.Time(row[p + "last_rotated"]);
                if (rotated == null && active != true) continue;
                creds.Add(new Credential { IdentityId = id.Id, Id = "cert_" + n, Type = CredentialType.Certificate, CreatedOn = rotated, LastRotatedOn = rotated, Enabled = active == true });
            }
            id.Credentials = creds.ToArray();

            if (_index.UsersByArn.TryGetValue(arn, out var detail))
            {
                detail.Yielded = true;
                ApplyDetail(id, detail);
                foreach (var s in detail.Sources) sources = Values.Append(sources, s);
            }
            id.Source = sources;
            Finish(id);

            DateTime? last = id.PasswordLastUsedOn;
            foreach (var c in id.Credentials) last = Values.Latest(last, c.LastUsedOn);
            id.LastUsedOn = last;

            if (root) return hasKeys ? id : null; // the root row matters only when it has access keys
            // A console password with MFA and no programmatic credential: a person, not an NHI.
            if (id.HasPassword && id.MfaActive && creds.Count == 0)
            {
                id.Kind = IdentityKind.Human;
                return _options.IncludeHuman ? id : null;
            }
            return id;
        }

        /// <summary>
        /// Gives report slots their real key ids. A slot's last_rotated is the key's CreateDate, so keys are
        /// matched by that instant first, then by order (list-access-keys sorted by CreateDate vs slot 1, 2).
        /// Keys listed but absent from the report (newer than the report) are added.
        /// </summary>
        private static string[] MatchKeyIds(List<Credential> slots, List<AccessKeyInfo> listed, string identityId, string[] sources)
        {
            var keys = new List<AccessKeyInfo>(listed);
            keys.Sort((a, b) => Nullable.Compare(a.Created, b.Created));
            var matched = new Credential[keys.Count];
            var slotUsed = new bool[slots.Count];
            for (int k = 0; k < keys.Count; k++)
            {
                for (int s = 0; s < slots.Count; s++)
                {
                    if (slotUsed[s] || keys[k].Created == null || slots[s].LastRotatedOn == null) continue;
                    if ((keys[k].Created.Value - slots[s].LastRotatedOn.Value).Duration() <= SameInstant)
                    {
                        matched[k] = slots[s];
                        slotUsed[s] = true;
                        break;
                    }
                }
            }
            for (int k = 0; k < keys.Count; k++)
            {
                if (matched[k] != null) continue;
                for (int s = 0; s < slots.Count; s++)
                {
                    if (slotUsed[s]) continue;
                    matched[k] = slots[s];
                    slotUsed[s] = true;
                    break;
                }
            }
            for (int k = 0; k < keys.Count; k++)
            {
                var key = keys[k];
                var c = matched[k];
                if (c == null)
                {
                    c = new Credential { IdentityId = identityId, Type = CredentialType.AccessKey, CreatedOn = key.Created, LastRotatedOn = key.Created };
                    slots.Add(c);
                }
                c.Id = key.Id;
                if (key.Status != null) c.Enabled = string.Equals(key.Status, "Active", StringComparison.OrdinalIgnoreCase);
                sources = Values.Append(sources, key.Source);
            }
            return sources;
        }

        private void ApplyDetail(Identity id, PrincipalDetail d)
        {
            if (id.CreatedOn == null) id.CreatedOn = d.Created;
            id.Groups = d.Groups;
            id.Tags = d.Tags;
            id.PermissionsBoundary = d.Boundary;
            id.Permissions = Permissions(d);
            // Quarantined by Disable-NhiIdentity: the explicit deny-all policy means it can do nothing.
            if (d.Inline.Exists(p => string.Equals(p.Name, QuarantinePolicyName, StringComparison.Ordinal))) id.Enabled = false;
        }

        /// <summary>The inline policy Disable-NhiIdentity puts on an IAM user or role (AwsCleanupWriter).</summary>
        internal const string QuarantinePolicyName = "NhiTools-Quarantine";

        private void Finish(Identity id)
        {
            id.Owners = Values.SplitOwners(Values.TagValue(id.Tags, _options.OwnerTagKey));
            id.Environment = EnvironmentHint.From(id.Tags, id.Name);
        }

        private Permission[] Permissions(PrincipalDetail d)
        {
            var list = new List<Permission>();
            foreach (var a in d.Attached) list.Add(Managed(a, "direct"));
            foreach (var p in d.Inline) list.Add(Inline(p, PermissionType.InlinePolicy, "direct"));
            foreach (var g in d.Groups)
            {
                if (!_index.Groups.TryGetValue(d.Account + "|" + g, out var group)) continue;
                foreach (var a in group.Attached) list.Add(Managed(a, "group:" + g));
                foreach (var p in group.Inline) list.Add(Inline(p, PermissionType.GroupPolicy, "group:" + g));
            }
            return list.ToArray();
        }

        private Permission Managed(AttachedPolicy a, string via)
        {
            PolicySummary s = null;
            if (a.Arn != null) _index.ManagedByArn.TryGetValue(a.Arn, out s);
            s = s ?? (a.Arn != null ? AwsManagedPolicies.Find(a.Arn) : AwsManagedPolicies.Find(a.Name));
            return new Permission
            {
                Name = a.Name ?? a.Arn,
                Type = PermissionType.ManagedPolicy,
                Resource = s?.Resource,
                Actions = s?.Actions ?? Array.Empty<string>(),
                Via = via,
                AdminEquivalent = s?.Admin == true,
                Statements = s?.Statements ?? Array.Empty<PolicyStatement>(),
            };
        }

        private static Permission Inline(InlinePolicy p, PermissionType type, string via) => new Permission
        {
            Name = p.Name,
            Type = type,
            Resource = p.Summary.Resource,
            Actions = p.Summary.Actions,
            Via = via,
            AdminEquivalent = p.Summary.Admin,
            Statements = p.Summary.Statements,
        };

        /// <summary>Users with no report row, roles, and users known only from list-access-keys.</summary>
        public IEnumerable<Identity> Remaining(IHostContext host)
        {
            foreach (var d in _index.UsersByArn.Values)
            {
                host.CancellationToken.ThrowIfCancellationRequested();
                if (d.Yielded || _yieldedArns.Contains(d.Arn)) continue;
                d.Yielded = true;
                var id = Base(d, IdentityKind.IamUser);
                var sources = d.Sources;
                if (d.Name != null && _index.KeysByUser.TryGetValue(d.Name, out var keys))
                {
                    _usedKeyUsers.Add(d.Name);
                    var slots = new List<Credential>();
                    sources = MatchKeyIds(slots, keys, id.Id, sources);
                    id.Credentials = slots.ToArray();
                }
                id.Source = sources;
                yield return id;
            }
            foreach (var r in _index.RolesByArn.Values)
            {
                host.CancellationToken.ThrowIfCancellationRequested();
                var id = Base(r, IdentityKind.IamRole);
                id.AssumableBy = r.AssumableBy;
                id.LastUsedOn = r.LastUsed;
                id.Notes = r.Description;
                id.Source = r.Sources;
                yield return id;
            }
            foreach (var kv in _index.KeysByUser)
            {
                if (_usedKeyUsers.Contains(kv.Key)) continue;
                // list-access-keys does not carry the account, so no ARN can be formed for this user.
                host.WriteWarning($"AWS user '{kv.Key}' appears only in list-access-keys output; its account is unknown (add the credential report or authorization details).");
                var id = new Identity { Id = "aws:user/" + kv.Key, Provider = "Aws", Kind = IdentityKind.IamUser, Name = kv.Key };
                var slots = new List<Credential>();
                id.Source = MatchKeyIds(slots, kv.Value, id.Id, Array.Empty<string>());
                id.Credentials = slots.ToArray();
                Finish(id);
                yield return id;
            }
        }

        private Identity Base(PrincipalDetail d, IdentityKind kind)
        {
            var id = new Identity
            {
                Id = Ids.Aws(d.Arn),
                Provider = "Aws",
                Kind = kind,
                Name = d.Name,
                NativeId = d.Arn,
                Account = d.Account,
                Systems = d.Account == null ? Array.Empty<string>() : new[] { Ids.AwsAccount(d.Account) },
            };
            ApplyDetail(id, d);
            Finish(id);
            return id;
        }
    }
}
