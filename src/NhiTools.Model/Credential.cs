using System;

namespace NhiTools
{
    /// <summary>One credential of an identity. Never carries the secret value.</summary>
    public sealed class Credential
    {
        public string IdentityId { get; set; }
        /// <summary>Access key id (or access_key_1/2 when unknown), Entra keyId, vault secret name or version.</summary>
        public string Id { get; set; }
        public CredentialType Type { get; set; }
        public string DisplayName { get; set; }
        public DateTime? CreatedOn { get; set; }
        public DateTime? ExpiresOn { get; set; }
        public DateTime? LastRotatedOn { get; set; }
        public DateTime? LastUsedOn { get; set; }
        /// <summary>True when usage is known to be "never used" (as opposed to unknown).</summary>
        public bool NeverUsed { get; set; }
        public string LastUsedService { get; set; }
        public string LastUsedRegion { get; set; }
        public bool Enabled { get; set; } = true;
        /// <summary>First characters Graph shows for a client secret (hint), or a certificate thumbprint.</summary>
        public string Hint { get; set; }
        /// <summary>Where the credential is also stored (vault secret ids holding it).</summary>
        public string[] StoredIn { get; set; } = Array.Empty<string>();
        /// <summary>Federated credentials (Entra FIC, or an OIDC/SAML statement of an AWS role trust): the token issuer.</summary>
        public string Issuer { get; set; }
        /// <summary>Federated credentials: the subject the trust requires (e.g. repo:org/app:ref:refs/heads/main); null or empty when the trust sets no subject condition.</summary>
        public string Subject { get; set; }
        /// <summary>Vault secrets: the content type the secret declares (text/plain, application/json, application/x-pkcs12).</summary>
        public string ContentType { get; set; }

        public override string ToString() => Id;
    }
}
