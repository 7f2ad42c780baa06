using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.LeastPrivilege
{
    /// <summary>
    /// CloudTrail eventSource/eventName to the IAM action that authorises the call, and which actions take
    /// resource-level permissions. Sources: the AWS Service Authorization Reference ("Actions, resources, and condition
    /// keys for ..." per service: the Action and Resource types columns), and Amazon S3's "Required permissions for
    /// Amazon S3 API operations" (s3 user guide, using-with-s3-policy-actions) for the S3 operations whose permission
    /// has another name. Most eventNames ARE the action name; only the services listed in <see cref="Regular"/> are
    /// trusted to be so, and an event of any other service is reported as unmapped rather than guessed.
    /// </summary>
    internal static class IamActions
    {
        /// <summary>Services whose CloudTrail eventName is the IAM action name except for the irregular ones below.</summary>
        private static readonly HashSet<string> Regular = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "s3", "cloudwatch", "sqs", "sts", "bedrock", "iam", "secretsmanager", "kms", "dynamodb", "lambda", "ec2",
            "logs", "sns", "ssm", "ecr", "cloudformation", "cloudtrail", "events",
        };

        /// <summary>Events that need no IAM permission of the caller (or are no API call at all).</summary>
        private static readonly HashSet<string> NoAction = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "signin:ConsoleLogin", "signin:CheckMfa", "signin:SwitchRole", "signin:ExitRole", "signin:RenewRole",
            // Called with the web identity or SAML token, not with the caller's AWS credentials: the role's trust policy decides.
            "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML",
        };

        /// <summary>The documented irregular ones: "service:eventName" to the action(s) it needs.</summary>
        internal static readonly Dictionary<string, string> Irregular = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // S3: "Required permissions for Amazon S3 API operations".
            ["s3:ListBuckets"] = "s3:ListAllMyBuckets",
            ["s3:HeadBucket"] = "s3:ListBucket",
            ["s3:ListObjects"] = "s3:ListBucket",
            ["s3:ListObjectsV2"] = "s3:ListBucket",
            ["s3:ListObjectVersions"] = "s3:ListBucketVersions",
            ["s3:HeadObject"] = "s3:GetObject",
            ["s3:SelectObjectContent"] = "s3:GetObject",
            ["s3:CopyObject"] = "s3:PutObject",
            ["s3:CreateMultipartUpload"] = "s3:PutObject",
            ["s3:UploadPart"] = "s3:PutObject",
            ["s3:UploadPartCopy"] = "s3:PutObject",
            ["s3:CompleteMultipartUpload"] = "s3:PutObject",
            ["s3:DeleteObjects"] = "s3:DeleteObject",
            ["s3:ListMultipartUploads"] = "s3:ListBucketMultipartUploads",
            ["s3:ListParts"] = "s3:ListMultipartUploadParts",
            ["s3:GetBucketEncryption"] = "s3:GetEncryptionConfiguration",
            ["s3:PutBucketEncryption"] = "s3:PutEncryptionConfiguration",
            ["s3:DeleteBucketEncryption"] = "s3:PutEncryptionConfiguration",
            ["s3:GetBucketLifecycle"] = "s3:GetLifecycleConfiguration",
            ["s3:GetBucketLifecycleConfiguration"] = "s3:GetLifecycleConfiguration",
            ["s3:PutBucketLifecycle"] = "s3:PutLifecycleConfiguration",
            ["s3:PutBucketLifecycleConfiguration"] = "s3:PutLifecycleConfiguration",
            ["s3:DeleteBucketLifecycle"] = "s3:PutLifecycleConfiguration",
            ["s3:GetBucketReplication"] = "s3:GetReplicationConfiguration",
            ["s3:PutBucketReplication"] = "s3:PutReplicationConfiguration",
            ["s3:DeleteBucketReplication"] = "s3:PutReplicationConfiguration",
            ["s3:GetBucketCors"] = "s3:GetBucketCORS",
            ["s3:PutBucketCors"] = "s3:PutBucketCORS",
            ["s3:DeleteBucketCors"] = "s3:PutBucketCORS",
            ["s3:GetObjectLockConfiguration"] = "s3:GetBucketObjectLockConfiguration",
            ["s3:PutObjectLockConfiguration"] = "s3:PutBucketObjectLockConfiguration",
            ["s3:DeleteBucketTagging"] = "s3:PutBucketTagging",
            // Lambda: the event is named for the API (Invoke), the permission for the function (InvokeFunction).
            ["lambda:Invoke"] = "lambda:InvokeFunction",
            // Bedrock: the Converse API is authorised by the InvokeModel actions (Bedrock user guide, "Converse API").
            ["bedrock:Converse"] = "bedrock:InvokeModel",
            ["bedrock:ConverseStream"] = "bedrock:InvokeModelWithResponseStream",
        };

        // Lambda and CloudFront event names carry the API version: GetFunction20150331v2, ListFunctions20150331.
        private static readonly Regex ApiVersionSuffix = new Regex(@"(?<=[a-z])(20\d{6}(v\d+)?|20\d\d_\d\d_\d\d)$", RegexOptions.CultureInvariant);

        /// <summary>The IAM action for a logged "service:eventName" (Activity.Action of a CloudTrail event); null when none is known.</summary>
        public static string FromEvent(string loggedAction, out bool needsNone)
        {
            needsNone = false;
            if (string.IsNullOrEmpty(loggedAction)) return null;
            int colon = loggedAction.IndexOf(':');
            if (colon <= 0 || colon == loggedAction.Length - 1) return null;
            string service = loggedAction.Substring(0, colon).ToLowerInvariant();
            string name = ApiVersionSuffix.Replace(loggedAction.Substring(colon + 1), "");
            string key = service + ":" + name;
            if (NoAction.Contains(key)) { needsNone = true; return null; }
            if (Irregular.TryGetValue(key, out var action)) return action;
            if (!Regular.Contains(service)) return null;
            if (!IsActionName(name)) return null;
            return key;
        }

        /// <summary>An IAM action's name part: PascalCase letters and digits (no spaces, dots or wildcards).</summary>
        internal static bool IsActionName(string name) =>
            !string.IsNullOrEmpty(name) && char.IsUpper(name[0]) && Regex.IsMatch(name, "^[A-Za-z0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>
        /// What resource ARN an action takes, as the start of the ARN ("arn:aws:sqs:"), for the actions that support
        /// resource-level permissions in the estate's services (Service Authorization Reference, "Resource types"
        /// column). An action not listed takes "*" (ListAllMyBuckets, DescribeAlarms, Describe* of EC2, ListQueues...).
        /// </summary>
        private static readonly Dictionary<string, ResourceKind> ResourceLevel = Build();

        internal enum ResourceKind { None, S3Bucket, S3Object, Arn }

        private static readonly Dictionary<string, string> ArnPrefix = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["sqs"] = "arn:aws:sqs:", ["sts"] = "arn:aws:iam::", ["bedrock"] = "arn:aws:bedrock:", ["iam"] = "arn:aws:iam::",
            ["secretsmanager"] = "arn:aws:secretsmanager:", ["kms"] = "arn:aws:kms:", ["dynamodb"] = "arn:aws:dynamodb:",
            ["lambda"] = "arn:aws:lambda:", ["ec2"] = "arn:aws:ec2:", ["cloudwatch"] = "arn:aws:cloudwatch:", ["logs"] = "arn:aws:logs:",
            ["sns"] = "arn:aws:sns:",
        };

        private static Dictionary<string, ResourceKind> Build()
        {
            var d = new Dictionary<string, ResourceKind>(StringComparer.OrdinalIgnoreCase);
            void Add(ResourceKind k, string service, params string[] names) { foreach (var n in names) d[service + ":" + n] = k; }
            Add(ResourceKind.S3Object, "s3", "GetObject", "PutObject", "DeleteObject", "GetObjectAcl", "PutObjectAcl", "GetObjectTagging",
                "PutObjectTagging", "GetObjectVersion", "DeleteObjectVersion", "AbortMultipartUpload", "ListMultipartUploadParts", "RestoreObject",
                "GetObjectAttributes");
            Add(ResourceKind.S3Bucket, "s3", "ListBucket", "ListBucketVersions", "ListBucketMultipartUploads", "GetBucketLocation", "GetBucketPolicy",
                "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketAcl", "PutBucketAcl", "GetBucketTagging", "PutBucketTagging", "GetBucketVersioning",
                "PutBucketVersioning", "GetEncryptionConfiguration", "PutEncryptionConfiguration", "GetLifecycleConfiguration",
                "PutLifecycleConfiguration", "GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "DeleteBucket", "GetBucketCORS", "PutBucketCORS");
            Add(ResourceKind.Arn, "sqs", "SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes",
                "SetQueueAttributes", "GetQueueUrl", "PurgeQueue", "DeleteQueue", "CreateQueue", "TagQueue", "ListQueueTags");
            Add(ResourceKind.Arn, "sts", "AssumeRole", "TagSession");
            Add(ResourceKind.Arn, "bedrock", "InvokeModel", "InvokeModelWithResponseStream");
            Add(ResourceKind.Arn, "iam", "GetUser", "CreateUser", "DeleteUser", "UpdateUser", "TagUser", "GetRole", "CreateRole", "DeleteRole",
                "UpdateRole", "TagRole", "PassRole", "CreateAccessKey", "DeleteAccessKey", "UpdateAccessKey", "ListAccessKeys",
                "AttachUserPolicy", "DetachUserPolicy", "PutUserPolicy", "DeleteUserPolicy", "AttachRolePolicy", "DetachRolePolicy",
                "PutRolePolicy", "DeleteRolePolicy", "UpdateAssumeRolePolicy", "GetPolicy", "GetPolicyVersion", "CreatePolicyVersion",
                "DeletePolicyVersion", "SetDefaultPolicyVersion", "AddUserToGroup", "RemoveUserFromGroup");
            Add(ResourceKind.Arn, "secretsmanager", "GetSecretValue", "DescribeSecret", "PutSecretValue", "UpdateSecret", "RotateSecret",
                "DeleteSecret", "GetResourcePolicy", "PutResourcePolicy", "TagResource", "ListSecretVersionIds", "UpdateSecretVersionStage");
            Add(ResourceKind.Arn, "kms", "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo",
                "DescribeKey", "Sign", "Verify", "GetPublicKey", "GetKeyPolicy", "PutKeyPolicy", "ScheduleKeyDeletion", "EnableKeyRotation",
                "GetKeyRotationStatus", "CreateGrant");
            Add(ResourceKind.Arn, "dynamodb", "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
                "DescribeTable", "ConditionCheckItem", "UpdateTable", "DeleteTable", "CreateTable");
            Add(ResourceKind.Arn, "lambda", "InvokeFunction", "GetFunction", "GetFunctionConfiguration", "UpdateFunctionCode",
                "UpdateFunctionConfiguration", "DeleteFunction", "AddPermission", "RemovePermission", "PublishVersion");
            Add(ResourceKind.Arn, "ec2", "StartInstances", "StopInstances", "RebootInstances", "TerminateInstances");
            Add(ResourceKind.Arn, "cloudwatch", "PutMetricAlarm", "DeleteAlarms", "SetAlarmState", "EnableAlarmActions", "DisableAlarmActions");
            Add(ResourceKind.Arn, "logs", "CreateLogStream", "PutLogEvents", "GetLogEvents", "FilterLogEvents", "DescribeLogStreams");
            Add(ResourceKind.Arn, "sns", "Publish", "Subscribe", "GetTopicAttributes", "SetTopicAttributes", "DeleteTopic");
            return d;
        }

        /// <summary>
        /// CloudTrail data events (CloudTrail user guide, "Logging data events"): recorded only where the trail is set
        /// up to, so their absence proves nothing. Both the logged names and the IAM actions they map to.
        /// </summary>
        private static readonly HashSet<string> DataEvents = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjects", "s3:HeadObject", "s3:CopyObject", "s3:GetObjectAcl",
            "s3:PutObjectAcl", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:CreateMultipartUpload", "s3:UploadPart", "s3:UploadPartCopy",
            "s3:CompleteMultipartUpload", "s3:AbortMultipartUpload", "s3:ListObjects", "s3:ListObjectsV2", "s3:ListObjectVersions", "s3:ListBucket",
            "s3:ListBucketVersions", "s3:RestoreObject", "s3:SelectObjectContent", "s3:GetObjectAttributes", "s3:GetObjectVersion",
            "s3:DeleteObjectVersion", "s3:ListParts", "s3:ListMultipartUploadParts",
            "lambda:Invoke", "lambda:InvokeFunction",
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan",
            "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:TransactGetItems", "dynamodb:TransactWriteItems", "dynamodb:ConditionCheckItem",
            "sqs:SendMessage", "sqs:SendMessageBatch", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
            "sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch",
            "sns:Publish", "sns:PublishBatch",
            "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse", "bedrock:ConverseStream",
        };

        /// <summary>Whether some of the service's calls are data events.</summary>
        public static bool HasDataEventActions(string service) => DataEventExample(service) != null;

        /// <summary>What the service's data events are, for a note; null when it has none in the table.</summary>
        public static string DataEventExample(string service)
        {
            switch ((service ?? "").ToLowerInvariant())
            {
                case "s3": return "object reads and writes";
                case "lambda": return "function invokes";
                case "dynamodb": return "item reads and writes";
                case "sqs": return "message sends and receives";
                case "sns": return "publishes";
                case "bedrock": return "model invocations";
                default: return null;
            }
        }

        /// <summary>Whether a logged "service:eventName" or an IAM action is a CloudTrail data event.</summary>
        public static bool IsDataEvent(string action) => action != null && DataEvents.Contains(action);

        /// <summary>Whether the action takes resource-level permissions (in this table).</summary>
        public static bool SupportsResources(string action) => ResourceLevel.ContainsKey(action ?? "");

        /// <summary>
        /// The logged resource as the action's policy Resource, or null when it is not one (a name, not an ARN; the
        /// wrong type: the bucket ARN of an object event). S3 object ARNs stay as logged; they are generalised later.
        /// </summary>
        public static string ResourceFor(string action, string loggedArn)
        {
            if (string.IsNullOrEmpty(loggedArn) || !ResourceLevel.TryGetValue(action ?? "", out var kind)) return null;
            loggedArn = loggedArn.Trim();
            if (!loggedArn.StartsWith("arn:", StringComparison.Ordinal) || loggedArn.IndexOf('*') >= 0) return null;
            switch (kind)
            {
                case ResourceKind.S3Object:
                    return loggedArn.StartsWith("arn:aws:s3:::", StringComparison.Ordinal) && loggedArn.IndexOf('/') > "arn:aws:s3:::".Length ? loggedArn : null;
                case ResourceKind.S3Bucket:
                    return loggedArn.StartsWith("arn:aws:s3:::", StringComparison.Ordinal) && loggedArn.IndexOf('/') < 0 && loggedArn.Length > "arn:aws:s3:::".Length ? loggedArn : null;
                default:
                    string service = action.Substring(0, action.IndexOf(':'));
                    return ArnPrefix.TryGetValue(service, out var prefix) && loggedArn.StartsWith(prefix, StringComparison.Ordinal) ? loggedArn : null;
            }
        }

        /// <summary>S3 object ARNs as a policy names them: the object's top folder ("bucket/daily/*"), or the object itself at the bucket's root.</summary>
        public static string GeneraliseObject(string objectArn)
        {
            const string p = "arn:aws:s3:::";
            int slash = objectArn.IndexOf('/', p.Length);
            if (slash < 0) return objectArn;
            int next = objectArn.IndexOf('/', slash + 1);
            return next < 0 ? objectArn : objectArn.Substring(0, next + 1) + "*";
        }

        public static bool IsS3Object(string action) => ResourceLevel.TryGetValue(action ?? "", out var k) && k == ResourceKind.S3Object;

        /// <summary>A statement Sid for a service: s3 -> S3, cloudwatch -> CloudWatch, secretsmanager -> SecretsManager.</summary>
        public static string Sid(string service)
        {
            switch (service.ToLowerInvariant())
            {
                case "s3": return "S3";
                case "cloudwatch": return "CloudWatch";
                case "sqs": return "SQS";
                case "sts": return "STS";
                case "iam": return "IAM";
                case "kms": return "KMS";
                case "ec2": return "EC2";
                case "sns": return "SNS";
                case "ssm": return "SSM";
                case "ecr": return "ECR";
                case "secretsmanager": return "SecretsManager";
                case "dynamodb": return "DynamoDB";
                case "cloudformation": return "CloudFormation";
                case "cloudtrail": return "CloudTrail";
                default:
                    var sb = new System.Text.StringBuilder();
                    bool up = true;
                    foreach (char ch in service)
                    {
                        if (!char.IsLetterOrDigit(ch)) { up = true; continue; }
                        sb.Append(up ? char.ToUpperInvariant(ch) : ch);
                        up = false;
                    }
                    return sb.ToString();
            }
        }
    }
}
