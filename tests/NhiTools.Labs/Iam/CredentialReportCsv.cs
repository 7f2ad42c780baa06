using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NhiTools.Labs.Iam
{
    /// <summary>The IAM credential report in its real 22-column format, built from the lab's live state.</summary>
    public static class CredentialReportCsv
    {
        public const string Header =
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
            "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
            "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

        /// <summary>Caller holds store.Gate. Root row first, then every user in name order; lines end with \n.</summary>
        internal static string Build(IamStore store)
        {
            var sb = new StringBuilder();
            sb.Append(Header).Append('\n');
            var rootKeys = store.UserKeys(null);
            sb.Append(string.Join(",", new[]
            {
                "<root_account>", store.RootArn, Ts(store.Root.CreateDate), "not_supported",
                store.Root.PasswordLastUsed.HasValue ? Ts(store.Root.PasswordLastUsed.Value) : "no_information",
                "not_supported", "not_supported", Bool(store.Root.MfaActive),
            }.Concat(KeyColumns(rootKeys.ElementAtOrDefault(0))).Concat(KeyColumns(rootKeys.ElementAtOrDefault(1)))
             .Concat(new[] { "false", "N/A", "false", "N/A" }))).Append('\n');

            foreach (var u in store.Users.Values)
            {
                var keys = store.UserKeys(u.UserName);
                var cols = new[]
                {
                    u.UserName, u.Arn, Ts(u.CreateDate),
                    Bool(u.PasswordEnabled),
                    // IAM keeps password_last_used after the password is removed (password_enabled false).
                    u.PasswordLastUsed.HasValue ? Ts(u.PasswordLastUsed.Value) : u.PasswordEnabled ? "no_information" : "N/A",
                    u.PasswordEnabled && u.PasswordLastChanged.HasValue ? Ts(u.PasswordLastChanged.Value) : "N/A",
                    u.PasswordEnabled && u.PasswordNextRotation.HasValue ? Ts(u.PasswordNextRotation.Value) : "N/A",
                    Bool(u.MfaActive),
                }.Concat(KeyColumns(keys.ElementAtOrDefault(0))).Concat(KeyColumns(keys.ElementAtOrDefault(1)))
                 .Concat(new[]
                 {
                     Bool(u.Cert1Active), u.Cert1LastRotated.HasValue ? Ts(u.Cert1LastRotated.Value) : "N/A",
                     Bool(u.Cert2Active), u.Cert2LastRotated.HasValue ? Ts(u.Cert2LastRotated.Value) : "N/A",
                 });
                sb.Append(string.Join(",", cols)).Append('\n');
            }
            return sb.ToString();
        }

        static string[] KeyColumns(IamAccessKey k)
        {
            if (k == null) return new[] { "false", "N/A", "N/A", "N/A", "N/A" };
            return new[]
            {
                Bool(k.Status == "Active"), Ts(k.CreateDate),
                k.LastUsedDate.HasValue ? Ts(k.LastUsedDate.Value) : "N/A",
                k.LastUsedDate.HasValue ? (k.LastUsedRegion ?? "N/A") : "N/A",
                k.LastUsedDate.HasValue ? (k.LastUsedService ?? "N/A") : "N/A",
            };
        }

        static string Bool(bool b) => b ? "true" : "false";
        public static string Ts(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
    }
}
