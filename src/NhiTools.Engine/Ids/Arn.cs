using System;

namespace NhiTools.Engine
{
    /// <summary>
    /// An Amazon Resource Name, parsed once by the real grammar:
    /// <c>arn:partition:service:region:account-id:resource</c>, where the resource may itself hold ':' and '/'
    /// (<c>user/path/name</c>, <c>log-group:name:*</c>, <c>bucket/key</c>). Partitions are aws, aws-cn,
    /// aws-us-gov and the isolated ones (aws-iso, aws-iso-b, ...).
    /// </summary>
    public sealed class Arn
    {
        private static readonly char[] TypeSeparators = { '/', ':' };

        private Arn() { }

        public string Partition { get; private set; }
        public string Service { get; private set; }
        /// <summary>Empty for global services (IAM, S3 buckets).</summary>
        public string Region { get; private set; }
        /// <summary>Empty when the resource has no account (S3 buckets); "aws" for AWS managed policies.</summary>
        public string Account { get; private set; }
        /// <summary>Everything after the fifth ':' ("user/ops/svc-x", "root", "assumed-role/Deploy/session").</summary>
        public string Resource { get; private set; }
        /// <summary>The resource type before the first '/' or ':' ("user", "role", "assumed-role", "log-group"; for S3
        /// the bucket), or null when there is none ("root").</summary>
        public string ResourceType { get; private set; }
        /// <summary>The last '/' segment of the resource: the user or role name without its path.</summary>
        public string Name { get; private set; }
        /// <summary>The IAM path of a user, role, group or policy ("/" or "/ops/team/"); null for other resources.</summary>
        public string Path { get; private set; }

        public bool IsIamUser => IsIam && ResourceType == "user";
        public bool IsIamRole => IsIam && ResourceType == "role";
        /// <summary><c>arn:aws:iam::123456789012:root</c>: the whole account.</summary>
        public bool IsAccountRoot => IsIam && Resource == "root";
        /// <summary>An STS session: <c>arn:aws:sts::123456789012:assumed-role/RoleName/SessionName</c>.</summary>
        public bool IsAssumedRoleSession => Service == "sts" && ResourceType == "assumed-role";
        private bool IsIam => Service == "iam";

        /// <summary>The role ARN behind an assumed-role session (the session ARN does not carry the role's path, so
        /// neither does this); the ARN itself for anything else.</summary>
        public string RoleArn()
        {
            if (!IsAssumedRoleSession) return ToString();
            var role = Resource.Split('/')[1];
            return "arn:" + Partition + ":iam::" + Account + ":role/" + role;
        }

        public override string ToString() => "arn:" + Partition + ":" + Service + ":" + Region + ":" + Account + ":" + Resource;

        public static Arn Parse(string text) =>
            TryParse(text, out var arn) ? arn : throw new FormatException("'" + text + "' is not an ARN (arn:partition:service:region:account:resource).");

        public static bool TryParse(string text, out Arn arn)
        {
            arn = null;
            if (string.IsNullOrEmpty(text) || !text.StartsWith("arn:", StringComparison.Ordinal)) return false;
            var parts = text.Split(new[] { ':' }, 6);
            if (parts.Length != 6 || !IsPartition(parts[1]) || parts[2].Length == 0 || parts[5].Length == 0) return false;
            var resource = parts[5];
            int slash = resource.IndexOf('/');
            int separator = resource.IndexOfAny(TypeSeparators);
            string type = separator > 0 ? resource.Substring(0, separator) : null;
            string name = resource.Substring(resource.LastIndexOf('/') + 1);
            if (slash > 0 && name.Length == 0) return false; // "user/" names nothing
            if (parts[2] == "sts" && type == "assumed-role" && resource.Split('/').Length < 3) return false;
            string path = null;
            if (parts[2] == "iam" && slash > 0)
                path = resource.Substring(slash, resource.Length - slash - name.Length); // "/" or "/ops/team/"
            arn = new Arn
            {
                Partition = parts[1], Service = parts[2], Region = parts[3], Account = parts[4],
                Resource = resource, ResourceType = type, Name = name, Path = path,
            };
            return true;
        }

        /// <summary>The account of an ARN, or null when the text is not an ARN or names no account.</summary>
        public static string AccountOf(string text) =>
            TryParse(text, out var arn) && arn.Account.Length > 0 ? arn.Account : null;

        // aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc...
        private static bool IsPartition(string p)
        {
            if (p == "aws") return true;
            if (!p.StartsWith("aws-", StringComparison.Ordinal)) return false;
            foreach (var segment in p.Substring(4).Split('-'))
            {
                if (segment.Length == 0) return false;
                foreach (var c in segment) if (c < 'a' || c > 'z') return false;
            }
            return true;
        }
    }
}
