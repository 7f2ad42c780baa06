using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NhiTools.Estate.Formats
{
    /// <summary>Writes one AWS account as the CLI would: the credential report CSV (base64-decoded),
    /// get-account-authorization-details JSON and list-access-keys JSON.</summary>
    internal static class AwsWriter
    {
        public const string CredentialReportHeader =
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
            "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
            "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

        public static void Write(Output output, AwsAccount account, Counter counter)
        {
            string dir = "aws/" + account.Id + "/";
            WriteCredentialReport(output, dir + "credential-report.csv", account);
            WriteAuthorizationDetails(output, dir + "authorization-details.json", account, counter);
            WriteAccessKeys(output, dir + "access-keys/", account, counter);
        }

        private static void WriteCredentialReport(Output output, string path, AwsAccount account)
        {
            using (var w = output.Text(path))
            {
                // Real reports come without a trailing newline (moto adds one); lines are joined by '\n'.
                w.Write(CredentialReportHeader);
                var root = account.Root;
                w.Write('\n');
                w.Write("<root_account>,arn:aws:iam::" + account.Id + ":root," + Fmt.Aws(root.Created) + ",not_supported,");
                w.Write(root.PasswordLastUsed.HasValue ? Fmt.Aws(root.PasswordLastUsed.Value) : "no_information");
                w.Write(",not_supported,not_supported," + Bool(root.Mfa) + ",");
                WriteKeyColumns(w, root.Keys);
                w.Write(",false,N/A,false,N/A");
                foreach (var u in account.Users())
                {
                    w.Write('\n');
                    w.Write(u.Name + "," + UserArn(account.Id, u) + "," + Fmt.Aws(u.Created) + "," + Bool(u.PasswordEnabled) + ",");
                    if (!u.PasswordEnabled) w.Write("N/A,N/A,N/A,");
                    else
                    {
                        w.Write(u.PasswordLastUsed.HasValue ? Fmt.Aws(u.PasswordLastUsed.Value) : "no_information");
                        w.Write("," + Fmt.Aws(u.PasswordLastChanged ?? u.Created) + ",N/A,");
                    }
                    w.Write(Bool(u.Mfa) + ",");
                    WriteKeyColumns(w, u.Keys);
                    w.Write(",false,N/A,false,N/A");
                }
            }
        }

        private static void WriteKeyColumns(StreamWriter w, List<AccessKey> keys)
        {
            for (int i = 0; i < 2; i++)
            {
                if (i > 0) w.Write(',');
                if (i >= keys.Count) { w.Write("false,N/A,N/A,N/A,N/A"); continue; }
                var k = keys[i];
                w.Write(Bool(k.Active) + "," + Fmt.Aws(k.Created) + ",");
                if (k.LastUsed.HasValue) w.Write(Fmt.Aws(k.LastUsed.Value) + "," + (k.Region ?? "N/A") + "," + (k.Service ?? "N/A"));
                else w.Write("N/A,N/A,N/A");
            }
        }

        private static string Bool(bool b) => b ? "true" : "false";

        public static string UserArn(string account, IamUser u) => "arn:aws:iam::" + account + ":user" + u.Path + u.Name;
        public static string RoleArn(string account, IamRole r) => "arn:aws:iam::" + account + ":role" + r.Path + r.Name;

        private static void WriteAuthorizationDetails(Output output, string path, AwsAccount account, Counter counter)
        {
            using (var f = output.Json(path, 4))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteStartArray("UserDetailList");
                foreach (var u in account.Users())
                {
                    counter.Add(u.Human ? "Aws/Human" : "Aws/IamUser");
                    w.WriteStartObject();
                    w.WriteString("Path", u.Path);
                    w.WriteString("UserName", u.Name);
                    w.WriteString("UserId", u.UserId);
                    w.WriteString("Arn", UserArn(account.Id, u));
                    w.WriteString("CreateDate", Fmt.Aws(u.Created));
                    if (u.Inline.Count > 0) WritePolicyList(f, "UserPolicyList", u.Inline);
                    w.StringArray("GroupList", u.Groups);
                    WriteAttached(w, u.ManagedPolicyArns);
                    if (u.Tags.Count > 0) WriteTags(w, u.Tags);
                    w.WriteEndObject();
                    f.MaybeFlush();
                }
                w.WriteEndArray();

                w.WriteStartArray("GroupDetailList");
                foreach (var g in account.Groups)
                {
                    w.WriteStartObject();
                    w.WriteString("Path", "/");
                    w.WriteString("GroupName", g.Name);
                    w.WriteString("GroupId", g.GroupId);
                    w.WriteString("Arn", "arn:aws:iam::" + account.Id + ":group/" + g.Name);
                    w.WriteString("CreateDate", Fmt.Aws(g.Created));
                    WritePolicyList(f, "GroupPolicyList", g.Inline);
                    WriteAttached(w, g.ManagedPolicyArns);
                    w.WriteEndObject();
                }
                w.WriteEndArray();

                w.WriteStartArray("RoleDetailList");
                foreach (var r in account.Roles())
                {
                    counter.Add("Aws/IamRole");
                    w.WriteStartObject();
                    w.WriteString("Path", r.Path);
                    w.WriteString("RoleName", r.Name);
                    w.WriteString("RoleId", r.RoleId);
                    w.WriteString("Arn", RoleArn(account.Id, r));
                    w.WriteString("CreateDate", Fmt.Aws(r.Created));
                    w.WritePropertyName("AssumeRolePolicyDocument");
                    f.Output.Parse(r.TrustPolicy).WriteTo(w);
                    w.WriteStartArray("InstanceProfileList");
                    w.WriteEndArray();
                    WritePolicyList(f, "RolePolicyList", r.Inline);
                    WriteAttached(w, r.ManagedPolicyArns);
                    if (r.Tags.Count > 0) WriteTags(w, r.Tags);
                    w.WriteStartObject("RoleLastUsed");
                    if (r.LastUsed.HasValue)
                    {
                        w.WriteString("LastUsedDate", Fmt.Aws(r.LastUsed.Value));
                        w.WriteString("Region", r.LastUsedRegion);
                    }
                    w.WriteEndObject();
                    w.WriteEndObject();
                    f.MaybeFlush();
                }
                w.WriteEndArray();

                w.WriteStartArray("Policies");
                foreach (var p in account.Policies)
                {
                    w.WriteStartObject();
                    w.WriteString("PolicyName", p.Name);
                    w.WriteString("PolicyId", p.PolicyId);
                    w.WriteString("Arn", p.Arn);
                    w.WriteString("Path", p.Path);
                    w.WriteString("DefaultVersionId", p.VersionId);
                    w.WriteNumber("AttachmentCount", p.AttachmentCount);
                    w.WriteNumber("PermissionsBoundaryUsageCount", 0);
                    w.WriteBoolean("IsAttachable", true);
                    w.WriteString("CreateDate", Fmt.Aws(p.Created));
                    w.WriteString("UpdateDate", Fmt.Aws(p.Updated));
                    w.WriteStartArray("PolicyVersionList");
                    w.WriteStartObject();
                    w.WritePropertyName("Document");
                    f.Output.Parse(p.Document).WriteTo(w);
                    w.WriteString("VersionId", p.VersionId);
                    w.WriteBoolean("IsDefaultVersion", true);
                    w.WriteString("CreateDate", Fmt.Aws(p.Updated));
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        private static void WritePolicyList(JsonFile f, string name, List<InlinePolicy> list)
        {
            var w = f.W;
            w.WriteStartArray(name);
            foreach (var p in list)
            {
                w.WriteStartObject();
                w.WriteString("PolicyName", p.Name);
                if (p.UrlEncoded)
                {
                    // The wire form (as --no-cli-auto-prompt scripts using the raw API or old SDK dumps keep it).
                    string compact;
                    using (var doc = JsonDocument.Parse(p.Document)) compact = JsonSerializer.Serialize(doc.RootElement);
                    w.WriteString("PolicyDocument", Uri.EscapeDataString(compact));
                }
                else
                {
                    w.WritePropertyName("PolicyDocument");
                    f.Output.Parse(p.Document).WriteTo(w);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteAttached(Utf8JsonWriter w, List<string> arns)
        {
            w.WriteStartArray("AttachedManagedPolicies");
            foreach (var arn in arns)
            {
                w.WriteStartObject();
                w.WriteString("PolicyName", arn.Substring(arn.LastIndexOf('/') + 1));
                w.WriteString("PolicyArn", arn);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteTags(Utf8JsonWriter w, List<Tag> tags)
        {
            w.WriteStartArray("Tags");
            foreach (var t in tags)
            {
                w.WriteStartObject();
                w.WriteString("Key", t.Key);
                w.WriteString("Value", t.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static void WriteAccessKeys(Output output, string dir, AwsAccount account, Counter counter)
        {
            JsonFile shared = null;
            try
            {
                foreach (var u in account.Users())
                {
                    if (u.Keys.Count == 0 || u.NoKeysFile) { counter.AddKeys(u.Keys.Count); continue; }
                    counter.AddKeys(u.Keys.Count);
                    if (u.InSharedKeysFile)
                    {
                        if (shared == null)
                        {
                            shared = output.Json(dir + account.SharedKeysFileName, 4);
                            shared.W.WriteStartObject();
                            shared.W.WriteStartArray("AccessKeyMetadata");
                        }
                        WriteKeys(shared.W, u);
                        continue;
                    }
                    using (var f = output.Json(dir + u.Name + ".json", 4))
                    {
                        f.W.WriteStartObject();
                        f.W.WriteStartArray("AccessKeyMetadata");
                        WriteKeys(f.W, u);
                        f.W.WriteEndArray();
                        f.W.WriteEndObject();
                    }
                }
                if (shared != null)
                {
                    shared.W.WriteEndArray();
                    shared.W.WriteEndObject();
                }
            }
            finally { shared?.Dispose(); }
        }

        private static void WriteKeys(Utf8JsonWriter w, IamUser u)
        {
            foreach (var k in u.Keys)
            {
                w.WriteStartObject();
                w.WriteString("UserName", u.Name);
                w.WriteString("AccessKeyId", k.Id);
                w.WriteString("Status", k.Active ? "Active" : "Inactive");
                w.WriteString("CreateDate", Fmt.Aws(k.Created));
                w.WriteEndObject();
            }
        }
    }
}
