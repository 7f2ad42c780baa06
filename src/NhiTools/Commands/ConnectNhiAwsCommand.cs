using System;
using System.Management.Automation;
using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Aws;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Connects to one or more AWS accounts; Get-NhiIdentity then reads them and Set-NhiOwner writes owner tags.</summary>
    [Cmdlet(VerbsCommunications.Connect, "NhiAws")]
    [OutputType(typeof(AwsConnectionInfo))]
    public sealed class ConnectNhiAwsCommand : NhiCmdlet
    {
        /// <summary>Named profiles; without them, AWSSDK.Core's default credential chain.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[] ProfileName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"^[a-z]{2}(-[a-z]+)+-\d+$")]
        public string Region { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] RoleArn { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ExternalId { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri Endpoint { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 128)]
        public string OwnerTagKey { get; set; } = "owner";

        [Parameter]
        [ValidateRange(1, 64)]
        public int MaxConcurrency { get; set; } = 8;

        /// <summary>Longest wait of one request across its retries (default 60 s).</summary>
        [Parameter]
        public TimeSpan RequestRetryBudget { get; set; } = BackoffPolicy.DefaultMaxRequestWait;

        /// <summary>Longest total wait of one read across all its requests (default 10 min).</summary>
        [Parameter]
        public TimeSpan RunRetryBudget { get; set; } = BackoffPolicy.DefaultMaxRunWait;

        /// <summary>Regions whose CloudTrail event history Get-NhiActivity reads (default: -Region, else us-east-1).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePattern(@"^[a-z]{2}(-[a-z]+)+-\d+$")]
        public string[] ActivityRegion { get; set; }

        protected override void EndProcessing()
        {
            if (Endpoint != null && !Endpoint.IsAbsoluteUri)
            {
                ThrowParameterError("NhiAwsInvalidEndpoint", "-Endpoint must be an absolute http or https URL.", Endpoint);
            }

            if (RequestRetryBudget < TimeSpan.Zero || RunRetryBudget < TimeSpan.Zero)
            {
                ThrowParameterError("NhiAwsInvalidArgument", "-RequestRetryBudget and -RunRetryBudget cannot be negative.", RequestRetryBudget);
            }

            Run(() =>
            {
                var source = AwsConnector.Connect(new AwsConnectOptions
                {
                    ProfileNames = ProfileName,
                    RoleArns = RoleArn,
                    ExternalId = ExternalId,
                    Region = Region,
                    Endpoint = Endpoint,
                    OwnerTagKey = OwnerTagKey,
                    MaxConcurrency = MaxConcurrency,
                    ActivityRegions = ActivityRegion,
                    Retry = new BackoffPolicy { MaxRequestWait = RequestRetryBudget, MaxRunWait = RunRetryBudget },
                }, HostContext);
                LiveSessions.Connect(source);
                WriteObject(source.Info);
            });
        }
    }
}
