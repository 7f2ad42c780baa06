using System;

namespace NhiTools.Engine
{
    /// <summary>
    /// The one place identity and system ids are built and read. Identity ids are provider-qualified and stable:
    /// <c>aws:&lt;arn&gt;</c>, <c>entra:app:&lt;appId&gt;</c>, <c>entra:sp:&lt;objectId&gt;</c>,
    /// <c>keyvault:&lt;vault&gt;/&lt;secret&gt;</c>. System ids (what an identity can reach) are
    /// <c>aws:&lt;account&gt;</c>, <c>entra:&lt;tenant&gt;</c>, <c>keyvault:&lt;vault&gt;</c>.
    /// Prefixes compare case-insensitively, as ids always have.
    /// </summary>
    public static class Ids
    {
        public const string AwsPrefix = "aws:";
        public const string EntraPrefix = "entra:";
        public const string EntraAppPrefix = "entra:app:";
        public const string EntraSpPrefix = "entra:sp:";
        public const string KeyVaultPrefix = "keyvault:";

        /// <summary>"aws:arn:aws:iam::123456789012:user/svc" from the ARN (an assumed-role session ARN becomes its role's).</summary>
        public static string Aws(string arn) => AwsPrefix + (Arn.TryParse(arn, out var a) ? a.RoleArn() : arn);
        public static string EntraApp(string appId) => EntraAppPrefix + appId;
        public static string EntraSp(string objectId) => EntraSpPrefix + objectId;
        public static string KeyVaultSecret(string vault, string name) => KeyVaultPrefix + vault + "/" + name;

        /// <summary>System ids: an AWS account, an Entra tenant, a key vault.</summary>
        public static string AwsAccount(string account) => AwsPrefix + account;
        public static string EntraTenant(string tenant) => EntraPrefix + tenant;
        public static string KeyVault(string vault) => KeyVaultPrefix + vault;

        /// <summary>The system id of an account/tenant/vault for a provider name ("Aws", "Entra", "KeyVault"), or null.</summary>
        public static string SystemOf(string provider, string account)
        {
            if (Is(provider, "Aws")) return AwsAccount(account);
            if (Is(provider, "Entra")) return EntraTenant(account);
            if (Is(provider, "KeyVault")) return KeyVault(account);
            return null;
        }

        public static bool IsAws(string id) => Has(id, AwsPrefix);
        public static bool IsEntra(string id) => Has(id, EntraPrefix);
        public static bool IsEntraApp(string id) => Has(id, EntraAppPrefix);
        public static bool IsEntraSp(string id) => Has(id, EntraSpPrefix);
        public static bool IsKeyVault(string id) => Has(id, KeyVaultPrefix);

        /// <summary>"Aws", "Entra" or "KeyVault" from an identity or system id; null for anything else.</summary>
        public static string ProviderOf(string id) =>
            IsAws(id) ? "Aws" : IsEntra(id) ? "Entra" : IsKeyVault(id) ? "KeyVault" : null;

        /// <summary>The appId of "entra:app:&lt;appId&gt;", else null.</summary>
        public static string EntraAppId(string id) => IsEntraApp(id) ? id.Substring(EntraAppPrefix.Length) : null;
        /// <summary>The object id of "entra:sp:&lt;objectId&gt;", else null.</summary>
        public static string EntraSpObjectId(string id) => IsEntraSp(id) ? id.Substring(EntraSpPrefix.Length) : null;

        /// <summary>The ARN of "aws:arn:...", parsed; false for any other id.</summary>
        public static bool TryAwsArn(string id, out Arn arn)
        {
            arn = null;
            return IsAws(id) && Arn.TryParse(id.Substring(AwsPrefix.Length), out arn);
        }

        /// <summary>"keyvault:&lt;vault&gt;/&lt;name&gt;" split into vault and secret name; false when either is missing.</summary>
        public static bool TryKeyVaultSecret(string id, out string vault, out string name)
        {
            vault = name = null;
            if (!IsKeyVault(id)) return false;
            var rest = id.Substring(KeyVaultPrefix.Length);
            int slash = rest.IndexOf('/');
            if (slash <= 0 || slash == rest.Length - 1) return false;
            vault = rest.Substring(0, slash);
            name = rest.Substring(slash + 1);
            return true;
        }

        private static bool Has(string id, string prefix) => id != null && id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
