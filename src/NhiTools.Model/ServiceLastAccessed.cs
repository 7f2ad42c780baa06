using System;

namespace NhiTools
{
    /// <summary>
    /// One service an identity's policies grant, and when it last used it (AWS Access Advisor). A null
    /// LastAuthenticated is a service granted and never used in the tracking period: a candidate to remove.
    /// </summary>
    public sealed class ServiceLastAccessed
    {
        /// <summary>Readable name: Amazon S3.</summary>
        public string ServiceName { get; set; }
        /// <summary>Action prefix: s3.</summary>
        public string ServiceNamespace { get; set; }
        public DateTime? LastAuthenticated { get; set; }
        /// <summary>ARN of the entity that last used it (a role session, a user).</summary>
        public string LastAuthenticatedEntity { get; set; }
        public string LastAuthenticatedRegion { get; set; }
        public int TotalAuthenticatedEntities { get; set; }

        public bool Used => LastAuthenticated.HasValue;

        public override string ToString() => ServiceNamespace + (LastAuthenticated.HasValue ? " " + LastAuthenticated.Value.ToString("yyyy-MM-dd") : " (never)");
    }
}
