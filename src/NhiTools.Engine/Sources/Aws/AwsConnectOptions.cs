using System;
using Amazon.Runtime;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>How Connect-NhiAws finds credentials and where it sends requests.</summary>
    public sealed class AwsConnectOptions
    {
        /// <summary>Named profiles (~/.aws/credentials, ~/.aws/config). None: AWSSDK.Core's default chain.</summary>
        public string[] ProfileNames { get; set; }
        /// <summary>Roles to assume (one account each) with the profile's or the chain's credentials.</summary>
        public string[] RoleArns { get; set; }
        public string ExternalId { get; set; }
        public string RoleSessionName { get; set; } = "NhiTools";
        /// <summary>STS region, and the IAM partition (cn-*, us-gov-*). Default us-east-1.</summary>
        public string Region { get; set; }
        /// <summary>Sends IAM and STS requests here (a lab, a proxy) instead of AWS's endpoints.</summary>
        public Uri Endpoint { get; set; }
        /// <summary>Credentials a host already holds (tests, an embedding app); skips the chain and profiles.</summary>
        public AWSCredentials Credentials { get; set; }
        /// <summary>Tag key that names an owner; Set-NhiOwner writes it.</summary>
        public string OwnerTagKey { get; set; } = "owner";
        /// <summary>Requests in flight at once per account (ListAccessKeys, Access Advisor).</summary>
        public int MaxConcurrency { get; set; } = 8;
        public BackoffPolicy Retry { get; set; }
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
        /// <summary>How long to wait for the credential report or an Access Advisor job.</summary>
        public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(5);
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>Regions whose CloudTrail event history Get-NhiActivity reads (LookupEvents is regional; global
        /// services such as IAM, STS and console sign-in log to us-east-1). None: <see cref="Region"/> and us-east-1.</summary>
        public string[] ActivityRegions { get; set; }
        /// <summary>Least time between two LookupEvents requests per account and region (the API allows 2 per second).</summary>
        public TimeSpan LookupEventsInterval { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>Above this many IAM users of one account in a query, one unfiltered read of the account (filtered
        /// here) is cheaper than a Username-filtered read per user, each of which costs at least one request.</summary>
        public int MaxUserFilteredReads { get; set; } = 20;
    }
}
