using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Hosting;

namespace NhiTools.Engine.Journal
{
    /// <summary>
    /// An Azure Storage connection string for the shared journal, optionally with ";TableName=..." (our own key,
    /// removed before the SDK sees the string). Without an AccountKey or SharedAccessSignature, a TableEndpoint alone
    /// means: sign in with DefaultAzureCredential (the Automation account's managed identity). Error messages never
    /// repeat the string: it holds the account key.
    /// </summary>
    public sealed class TableJournalConnection
    {
        public const string DefaultTableName = "NhiToolsJournal";

        /// <summary>The connection string without TableName, for the SDK.</summary>
        public string StorageConnectionString { get; private set; }
        public string TableName { get; private set; }
        /// <summary>The table service endpoint when the string names one (or the development account's).</summary>
        public Uri TableEndpoint { get; private set; }
        /// <summary>True when the string carries an account key, a SAS or is the development account.</summary>
        public bool HasSharedCredential { get; private set; }

        /// <summary>Where the journal lives, for messages: endpoint and table. Never a key.</summary>
        public string Description => (TableEndpoint?.GetLeftPart(UriPartial.Path).TrimEnd('/') ?? "Azure Table Storage") + "/" + TableName;

        /// <summary>True when a journal connection string names Azure Table Storage (and not, say, a file path).</summary>
        public static bool LooksLikeTableConnection(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) return false;
            var parts = Split(value);
            return parts.ContainsKey("AccountName") || parts.ContainsKey("TableEndpoint") || parts.ContainsKey("UseDevelopmentStorage");
        }

        public static TableJournalConnection Parse(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw Invalid("it is empty");
            var parts = Split(value);
            if (parts.Count == 0) throw Invalid("it has no Key=Value pairs");

            var result = new TableJournalConnection { TableName = DefaultTableName };
            if (parts.TryGetValue("TableName", out string table))
            {
                if (!IsValidTableName(table)) throw Invalid("TableName must be 3 to 63 letters and digits, starting with a letter");
                result.TableName = table;
            }
            result.HasSharedCredential = parts.ContainsKey("AccountKey") || parts.ContainsKey("SharedAccessSignature")
                || (parts.TryGetValue("UseDevelopmentStorage", out string dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase));

            if (parts.TryGetValue("TableEndpoint", out string endpoint))
            {
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                    throw Invalid("TableEndpoint is not an http(s) address");
                result.TableEndpoint = uri;
            }
            else if (parts.TryGetValue("AccountName", out string account))
            {
                string protocol = parts.TryGetValue("DefaultEndpointsProtocol", out string p) ? p : "https";
                string suffix = parts.TryGetValue("EndpointSuffix", out string s) ? s : "core.windows.net";
                if (Uri.TryCreate(protocol + "://" + account + ".table." + suffix, UriKind.Absolute, out Uri uri)) result.TableEndpoint = uri;
            }
            else if (parts.ContainsKey("UseDevelopmentStorage"))
                result.TableEndpoint = new Uri("http://127.0.0.1:10002/devstoreaccount1");

            if (result.TableEndpoint == null) throw Invalid("it names neither an AccountName nor a TableEndpoint");
            if (!result.HasSharedCredential && !parts.ContainsKey("TableEndpoint"))
                throw Invalid("without an AccountKey or SharedAccessSignature it needs a TableEndpoint (signed in with the managed identity)");

            result.StorageConnectionString = string.Join(";", parts.Where(kv => !kv.Key.Equals("TableName", StringComparison.OrdinalIgnoreCase)).Select(kv => kv.Key + "=" + kv.Value));
            return result;
        }

        static Dictionary<string, string> Split(string value)
        {
            var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string piece in value.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                // Split at the first '=' only: keys and SAS tokens end in '=' padding.
                int eq = piece.IndexOf('=');
                if (eq <= 0) continue;
                parts[piece.Substring(0, eq).Trim()] = piece.Substring(eq + 1).Trim();
            }
            return parts;
        }

        static bool IsValidTableName(string name) =>
            name.Length >= 3 && name.Length <= 63 && char.IsLetter(name[0]) && name.All(c => c < 128 && char.IsLetterOrDigit(c));

        static NhiException Invalid(string why) =>
            new NhiException("NhiJournalConnectionInvalid", NhiErrorCategory.InvalidArgument,
                "The journal connection string is not a usable Azure Storage connection string: " + why + ". (The string itself is not shown: it may hold an account key.)");
    }
}
