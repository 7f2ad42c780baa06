using System;

namespace NhiTools.Labs.Common
{
    /// <summary>How a lab listens and behaves. Every lab's own options derive from this.</summary>
    public class LabServerOptions
    {
        /// <summary>Port of the primary listener on 127.0.0.1; 0 = any free port (read <see cref="LabServer.BaseUrl"/>).</summary>
        public int Port { get; set; }

        /// <summary>The primary listener speaks HTTPS with a certificate made at start (see <see cref="LabCertificate"/>).</summary>
        public bool Https { get; set; }

        /// <summary>
        /// Also open a second, HTTPS listener (for example a token endpoint next to an http API: MSAL accepts only
        /// https authorities). Null = no second listener; 0 = any free port.
        /// </summary>
        public int? SecondaryHttpsPort { get; set; }

        /// <summary>TLS certificate for the HTTPS listener(s); null = <see cref="LabCertificate.Shared"/> (one per process).</summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate { get; set; }

        /// <summary>Seed of every random choice the lab makes (jitter, fault probability), so a run can be replayed.</summary>
        public int Seed { get; set; } = 1;

        /// <summary>Latency added to every request before it is handled.</summary>
        public LatencyOptions Latency { get; set; } = new LatencyOptions();

        /// <summary>The lab's clock (creation dates, token expiry). Default: the system clock.</summary>
        public TimeProvider Clock { get; set; } = TimeProvider.System;

        /// <summary>Upper bound of a "timeout" fault when the rule names none: the lab never hangs longer.</summary>
        public TimeSpan DefaultHang { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Serve /_lab/log and /_lab/faults (for the standalone host and scripts). Never behind auth or faults.</summary>
        public bool AdminEndpoints { get; set; } = true;
    }

    /// <summary>Fixed latency plus uniformly distributed jitter, drawn from a seeded Random.</summary>
    public sealed class LatencyOptions
    {
        public TimeSpan Fixed { get; set; } = TimeSpan.Zero;
        public TimeSpan Jitter { get; set; } = TimeSpan.Zero;
        public bool IsZero => Fixed <= TimeSpan.Zero && Jitter <= TimeSpan.Zero;
    }
}
