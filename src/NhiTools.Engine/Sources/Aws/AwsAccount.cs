using System.Net.Http;
using Amazon.Runtime;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>One connected account: the principal NhiTools acts as there, and its IAM and STS clients.</summary>
    public sealed class AwsAccount
    {
        internal AwsAccount(string accountId, string callerArn, string via, QueryClient iam, QueryClient sts, HttpClient http)
        {
            AccountId = accountId;
            CallerArn = callerArn;
            Via = via;
            Iam = iam;
            Sts = sts;
            Http = http;
        }

        public string AccountId { get; }
        public string CallerArn { get; }
        /// <summary>default chain, profile:&lt;name&gt;, role:&lt;arn&gt; or explicit.</summary>
        public string Via { get; }
        public QueryClient Iam { get; }
        public QueryClient Sts { get; }
        internal HttpClient Http { get; }

        public AwsAccountInfo ToInfo() => new AwsAccountInfo { AccountId = AccountId, CallerArn = CallerArn, Via = Via };

        public override string ToString() => AccountId + " (" + Via + ")";
    }
}
