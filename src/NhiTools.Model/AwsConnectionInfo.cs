using System;

namespace NhiTools
{
    /// <summary>What Connect-NhiAws connected to. Holds no credential.</summary>
    public sealed class AwsConnectionInfo
    {
        /// <summary>Always Aws.</summary>
        public string Provider { get; set; } = "Aws";
        /// <summary>IAM endpoint the inventory reads (https://iam.amazonaws.com, or a lab).</summary>
        public string Endpoint { get; set; }
        public string StsEndpoint { get; set; }
        public string Region { get; set; }
        /// <summary>Tag key that names an owner (default owner).</summary>
        public string OwnerTagKey { get; set; }
        public AwsAccountInfo[] Accounts { get; set; } = Array.Empty<AwsAccountInfo>();

        public override string ToString() => "Aws " + Endpoint + " (" + Accounts.Length + " account" + (Accounts.Length == 1 ? ")" : "s)");
    }

    /// <summary>One account of an AWS connection and the principal NhiTools acts as there.</summary>
    public sealed class AwsAccountInfo
    {
        public string AccountId { get; set; }
        /// <summary>ARN from sts:GetCallerIdentity.</summary>
        public string CallerArn { get; set; }
        /// <summary>How the credentials were found: default chain, profile:&lt;name&gt;, role:&lt;arn&gt;.</summary>
        public string Via { get; set; }

        public override string ToString() => AccountId + " " + CallerArn;
    }
}
