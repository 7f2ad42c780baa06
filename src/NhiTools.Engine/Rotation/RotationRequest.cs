using System;

namespace NhiTools.Engine.Rotation
{
    /// <summary>What to rotate: one credential of one identity into one vault secret.</summary>
    public sealed class RotationRequest
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>The credential to replace; null = the one the vault secret holds (its nhi-credential tag), or the only one.</summary>
        public string CredentialId { get; set; }
        public string SecretName { get; set; }
        /// <summary>Why (a finding's rule and evidence, a rotation status).</summary>
        public string Reason { get; set; }
        /// <summary>The credential is expired or leaked and -Force was given: the grace wait is skipped (the proof is not).</summary>
        public bool Emergency { get; set; }
    }

    /// <summary>How rotations run. Defaults are for production; tests shorten the waits.</summary>
    public sealed class RotationOptions
    {
        public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(24);
        public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>Who holds leases (machine, process, run); shown by Get-NhiRotation.</summary>
        public string Holder { get; set; } = Environment.MachineName + ":" + System.Diagnostics.Process.GetCurrentProcess().Id + ":" + Guid.NewGuid().ToString("N").Substring(0, 8);
        public string Actor { get; set; } = Environment.UserName;
        /// <summary>How long a new Entra secret may take to work (Graph replication: seconds, sometimes more).</summary>
        public TimeSpan EntraProofTimeout { get; set; } = TimeSpan.FromSeconds(120);
        /// <summary>How long a new access key may answer InvalidClientTokenId (IAM is eventually consistent).</summary>
        public TimeSpan AwsProofTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>AWS: time between deactivating the old key and deleting it (0: the next step of the same run).</summary>
        public TimeSpan DeactivationHold { get; set; } = TimeSpan.Zero;
        /// <summary>Lifetime of a new Entra client secret; null = Entra's default (2 years or the tenant policy's cap).</summary>
        public TimeSpan? SecretLifetime { get; set; }
        /// <summary>How often a run may restart a rotation whose new value was lost (a crash before promotion).</summary>
        public int MaxRestarts { get; set; } = 3;
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;
        /// <summary>Called at every step boundary with its name: tests throw here to simulate a process killed mid-run.</summary>
        public Action<string> OnBoundary { get; set; }
        /// <summary>Sleeps between attempts (tests make it instant).</summary>
        public Action<TimeSpan, System.Threading.CancellationToken> Delay { get; set; } = (d, ct) => System.Threading.Tasks.Task.Delay(d, ct).GetAwaiter().GetResult();
    }
}
