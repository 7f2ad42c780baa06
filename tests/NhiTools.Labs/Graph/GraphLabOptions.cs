using System;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Graph
{
    /// <summary>
    /// The lab tenant's fixed identity and the lab admin app (seeded unless <see cref="GraphLabOptions.SeedAdminApp"/> is
    /// false). The tenant is the example estate's (NhiTools.Estate Catalog.TenantId), so seeded apps are "ours"
    /// (appOwnerOrganizationId = this tenant) and third-party ones are not.
    /// </summary>
    public static class GraphLabCredentials
    {
        public const string TenantId = "3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70";
        public const string TenantDomain = "contoso.com";
        public const string AdminClientId = "0b1ab000-ad31-4c00-8000-00000000a001";
        public const string AdminAppObjectId = "0b1ab000-ad31-4c00-8000-00000000a002";
        public const string AdminServicePrincipalObjectId = "0b1ab000-ad31-4c00-8000-00000000a003";
        public const string AdminSecretKeyId = "0b1ab000-ad31-4c00-8000-00000000a004";
        /// <summary>A lab-only value, printed by the standalone host; it protects nothing outside the lab.</summary>
        public const string AdminClientSecret = "NhiLab8Q~admin.lab-secret_0123456789abcdef";
        /// <summary>Bearer token the lab accepts without a token request (when <see cref="GraphLabOptions.AcceptStaticToken"/>).</summary>
        public const string StaticToken = "nhitools-lab-static-token";
        public const string GraphScope = "https://graph.microsoft.com/.default";
    }

    public sealed class GraphLabOptions : LabServerOptions
    {
        public GraphLabOptions()
        {
            // MSAL accepts only https authorities: the token endpoint gets its own TLS listener next to http Graph.
            SecondaryHttpsPort = 0;
        }

        public string TenantId { get; set; } = GraphLabCredentials.TenantId;
        /// <summary>Seed the lab admin app (+ its service principal and secret); it shows up in /applications like any app.</summary>
        public bool SeedAdminApp { get; set; } = true;
        /// <summary>A directory (its "entra" subfolder when present) or a file of Graph collection JSON to load at start.</summary>
        public string SeedPath { get; set; }
        /// <summary>How long a secret made by addPassword is rejected by the token endpoint (Graph takes seconds to replicate).</summary>
        public TimeSpan SecretPropagationDelay { get; set; } = TimeSpan.Zero;
        /// <summary>Accept <see cref="GraphLabCredentials.StaticToken"/> as a bearer token (tests that do not test auth).</summary>
        public bool AcceptStaticToken { get; set; } = true;
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3599);
        /// <summary>Answer $batch items in a (seeded) shuffled order, as Graph may: clients must match by id.</summary>
        public bool ShuffleBatchResponses { get; set; } = true;
    }
}
