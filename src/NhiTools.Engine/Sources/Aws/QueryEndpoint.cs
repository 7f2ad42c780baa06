using System;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>Where a query-protocol service listens and how requests to it are signed.</summary>
    public sealed class QueryEndpoint
    {
        public QueryEndpoint(Uri url, string service, string signingRegion, string version)
        {
            Url = url ?? throw new ArgumentNullException(nameof(url));
            Service = service;
            SigningRegion = signingRegion;
            Version = version;
        }

        public Uri Url { get; }
        /// <summary>iam or sts: the service in the SigV4 credential scope.</summary>
        public string Service { get; }
        public string SigningRegion { get; }
        /// <summary>The API version sent with every call: 2010-05-08 (IAM) or 2011-06-15 (STS).</summary>
        public string Version { get; }

        public const string IamVersion = "2010-05-08";
        public const string StsVersion = "2011-06-15";

        public override string ToString() => Service + " " + Url;

        /// <summary>
        /// IAM is global per partition: iam.amazonaws.com signed for us-east-1, GovCloud and China have their own
        /// host and region. An explicit endpoint (a lab, a VPC endpoint) is signed for the partition's IAM region.
        /// </summary>
        public static QueryEndpoint Iam(string region, Uri endpoint)
        {
            region = string.IsNullOrEmpty(region) ? "us-east-1" : region;
            string host, signing;
            if (region.StartsWith("cn-", StringComparison.Ordinal)) { host = "https://iam.cn-north-1.amazonaws.com.cn"; signing = "cn-north-1"; }
            else if (region.StartsWith("us-gov-", StringComparison.Ordinal)) { host = "https://iam.us-gov.amazonaws.com"; signing = "us-gov-west-1"; }
            else { host = "https://iam.amazonaws.com"; signing = "us-east-1"; }
            return new QueryEndpoint(Root(endpoint ?? new Uri(host)), "iam", signing, IamVersion);
        }

        /// <summary>STS regional endpoint (sts.&lt;region&gt;.amazonaws.com), or the explicit endpoint signed for the region.</summary>
        public static QueryEndpoint Sts(string region, Uri endpoint)
        {
            region = string.IsNullOrEmpty(region) ? "us-east-1" : region;
            var url = endpoint ?? new Uri("https://sts." + region + ".amazonaws.com" + (region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : ""));
            return new QueryEndpoint(Root(url), "sts", region, StsVersion);
        }

        // Query APIs are POST /: keep scheme, host and port, drop any path.
        private static Uri Root(Uri u) => new Uri(u.GetLeftPart(UriPartial.Authority) + "/");
    }
}
