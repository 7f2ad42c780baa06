using System;

namespace NhiTools.Engine.Sources
{
    /// <summary>
    /// Where an identity was read: a connected source (provider and endpoint) or a file. It travels as
    /// Identity.Source[0] = "live:&lt;provider&gt;:&lt;endpoint&gt;" for live reads - the form snapshots and stored
    /// identities already carry, so they keep reading the same - and this type is the only code that writes or
    /// reads that form.
    /// </summary>
    public sealed class IdentityOrigin
    {
        private const string LivePrefix = "live:";

        private IdentityOrigin(string provider, string endpoint)
        {
            Provider = provider;
            Endpoint = endpoint;
        }

        /// <summary>"aws", "entra", "keyvault" as written in the source entry (compare case-insensitively).</summary>
        public string Provider { get; }

        /// <summary>The IAM endpoint, Graph base URL or vault URI the identity was read from.</summary>
        public string Endpoint { get; }

        /// <summary>The Source entry of an identity read live from <paramref name="provider"/> at <paramref name="endpoint"/>.</summary>
        public static string Live(string provider, string endpoint) => LivePrefix + provider.ToLowerInvariant() + ":" + endpoint;

        /// <summary>The live origin of an identity, or null when it was read from files (or carries no source).</summary>
        public static IdentityOrigin Of(Identity identity) =>
            identity?.Source != null && identity.Source.Length > 0 ? Parse(identity.Source[0]) : null;

        /// <summary>A "live:&lt;provider&gt;:&lt;endpoint&gt;" entry parsed, or null for anything else (a file path).</summary>
        public static IdentityOrigin Parse(string source)
        {
            if (source == null || !source.StartsWith(LivePrefix, StringComparison.OrdinalIgnoreCase)) return null;
            var rest = source.Substring(LivePrefix.Length);
            int colon = rest.IndexOf(':');
            return colon > 0 ? new IdentityOrigin(rest.Substring(0, colon), rest.Substring(colon + 1)) : new IdentityOrigin(rest, "");
        }

        public override string ToString() => LivePrefix + Provider + ":" + Endpoint;
    }
}
