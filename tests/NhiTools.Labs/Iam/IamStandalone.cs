using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Iam
{
    /// <summary>IAM + STS in the standalone host, on --port + 1, seeded from the first AWS account of the seed path.</summary>
    public sealed class IamStandalone : IStandaloneLab
    {
        public int PortOffset => 1;

        public async Task<LabServer> StartAsync(StandaloneLabContext context, CancellationToken cancellationToken)
        {
            var lab = new IamLab(new IamLabOptions { Port = context.BasePort == 0 ? 0 : context.BasePort + PortOffset, Seed = context.Seed });
            var dir = AccountDirectory(context.SeedPath);
            if (dir != null)
            {
                var files = IamSeeder.LoadDirectory(lab.Store, dir);
                context.Out.WriteLine($"IAM: seeded {lab.Store.UserCount} users of account {lab.Store.AccountId} from {files} file(s) under {dir}");
            }
            var trail = CloudTrailDirectory(context.SeedPath);
            if (trail != null)
            {
                var used = lab.CloudTrail.LoadDirectory(trail);
                context.Out.WriteLine($"CloudTrail: {lab.CloudTrail.Count} management events from {used} file(s) under {trail}");
            }
            foreach (var rule in context.FaultRules) lab.Faults.Add(rule);
            await lab.StartAsync(cancellationToken).ConfigureAwait(false);
            return lab;
        }

        /// <summary>seed/aws/&lt;first account&gt; when the seed path is an estate, else the seed path itself.</summary>
        internal static string AccountDirectory(string seedPath)
        {
            if (string.IsNullOrEmpty(seedPath) || !Directory.Exists(seedPath)) return null;
            var aws = Path.Combine(seedPath, "aws");
            if (Directory.Exists(aws))
                return Directory.GetDirectories(aws).OrderBy(d => d, StringComparer.Ordinal).FirstOrDefault();
            return seedPath;
        }

        /// <summary>seed/activity/aws when the seed path is an estate (trail logs and lookup-events output).</summary>
        internal static string CloudTrailDirectory(string seedPath)
        {
            if (string.IsNullOrEmpty(seedPath)) return null;
            var dir = Path.Combine(seedPath, "activity", "aws");
            return Directory.Exists(dir) ? dir : null;
        }

        public IEnumerable<string> Describe(LabServer server)
        {
            var lab = (IamLab)server;
            yield return $"IAM + STS  : {lab.BaseUrl}   (POST /, SigV4 service iam region us-east-1, or service sts)";
            yield return $"  account            : {lab.Store.AccountId}";
            yield return $"  CloudTrail         : LookupEvents (JSON 1.1, X-Amz-Target, SigV4 service cloudtrail, any region), {lab.CloudTrail.Count} events";
            yield return $"  admin (root) key   : {IamStore.AdminAccessKeyId}";
            yield return $"  admin secret       : {IamStore.AdminSecretAccessKey}";
            yield return $"  seeded key secrets : IamIds.SecretFor(accessKeyId, \"{lab.IamOptions.SecretSeed}\")";
        }
    }
}
