using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;

namespace NhiTools.Labs.Iam
{
    // STS AssumeRole: temporary credentials for a role of the lab's account.
    public static partial class IamActions
    {
        static string AssumeRole(IamStore s, IamCall c)
        {
            var roleArn = c.Required("RoleArn");
            var sessionName = c.Required("RoleSessionName");
            var duration = 3600;
            var d = c.Get("DurationSeconds");
            if (d != null && (!int.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration) || duration < 900 || duration > 43200))
                throw IamError.Validation("1 validation error detected: Value '" + d + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            // The lab does not evaluate trust policies; an unknown role is refused the way STS refuses it.
            var role = s.Roles.Values.FirstOrDefault(r => r.Arn == roleArn)
                ?? throw new IamError("AccessDenied", 403, "User: " + (c.Caller?.AssumedRoleArn ?? s.RootArn) + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
            var now = s.Now;
            var key = new IamAccessKey
            {
                AccessKeyId = "ASIA" + IamIds.AccessKeyId(s.Options.SecretSeed + "/session/" + roleArn + "/" + sessionName + "/" + Guid.NewGuid()).Substring(4),
                SecretAccessKey = Random(30), SessionToken = Random(96), Status = "Active", CreateDate = now,
                UsableFrom = DateTimeOffset.MinValue, Expiration = now.AddSeconds(duration),
                AssumedRoleArn = "arn:aws:sts::" + s.AccountId + ":assumed-role/" + role.RoleName + "/" + sessionName,
                AssumedRoleId = role.RoleId + ":" + sessionName,
            };
            s.Sessions[key.AccessKeyId] = key;
            return QueryXml.Result(c.Action, QueryXml.StsNamespace)
                .Open("Credentials").El("AccessKeyId", key.AccessKeyId).El("SecretAccessKey", key.SecretAccessKey)
                .El("SessionToken", key.SessionToken).El("Expiration", key.Expiration).Close()
                .Open("AssumedRoleUser").El("AssumedRoleId", key.AssumedRoleId).El("Arn", key.AssumedRoleArn).Close()
                .Finish(c.RequestId);
        }

        static string Random(int bytes)
        {
            var b = new byte[bytes];
            RandomNumberGenerator.Fill(b);
            return Convert.ToBase64String(b);
        }
    }
}
