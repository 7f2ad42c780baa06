using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;

namespace NhiTools.Labs.Common
{
    /// <summary>What the standalone host gives each lab.</summary>
    public sealed class StandaloneLabContext
    {
        /// <summary>The --port argument; each lab listens on BasePort + its <see cref="IStandaloneLab.PortOffset"/>.</summary>
        public int BasePort { get; set; }
        /// <summary>The --seed-path argument (e.g. examples/estate), or null for an empty lab.</summary>
        public string SeedPath { get; set; }
        /// <summary>The --seed argument (randomness), default 1.</summary>
        public int Seed { get; set; } = 1;
        /// <summary>Fault rules from --fault (text form) for labs whose operations they name; each lab adds them all.</summary>
        public IList<string> FaultRules { get; } = new List<string>();
        public TextWriter Out { get; set; } = Console.Out;
    }

    /// <summary>
    /// REGISTRATION POINT of the standalone host (tests/NhiTools.Labs.Host): every public non-abstract class in
    /// NhiTools.Labs that implements this interface and has a parameterless constructor is started by the host.
    /// Add a class next to your lab (e.g. Iam/IamStandalone.cs with PortOffset 1, KeyVault/KeyVaultStandalone.cs
    /// with PortOffset 2); nothing else needs editing.
    /// </summary>
    public interface IStandaloneLab
    {
        /// <summary>Offset from --port: Graph 0, IAM 1, Key Vault 2 (Graph's token endpoint uses 3).</summary>
        int PortOffset { get; }

        /// <summary>Starts the lab, seeds it from context.SeedPath, and returns it (the host disposes it at exit).</summary>
        Task<LabServer> StartAsync(StandaloneLabContext context, CancellationToken cancellationToken);

        /// <summary>Lines the host prints: base URLs and the lab's fixed credentials.</summary>
        IEnumerable<string> Describe(LabServer lab);
    }

    public static class StandaloneLabs
    {
        /// <summary>All registered standalone labs in port order.</summary>
        public static IReadOnlyList<IStandaloneLab> Discover()
        {
            return typeof(StandaloneLabs).Assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && typeof(IStandaloneLab).IsAssignableFrom(t)
                            && t.GetConstructor(Type.EmptyTypes) != null)
                .Select(t => (IStandaloneLab)Activator.CreateInstance(t))
                .OrderBy(l => l.PortOffset)
                .ToList();
        }
    }
}
