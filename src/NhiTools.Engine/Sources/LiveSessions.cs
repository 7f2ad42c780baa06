using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources
{
    /// <summary>
    /// A connected cloud source (Connect-NhiEntra, Connect-NhiAws) that Get-NhiIdentity reads when no -Path is given.
    /// Identities it yields carry Source[0] = "live:&lt;provider&gt;:&lt;endpoint&gt;"; IdentityOrigin reads it, and WriteRouting
    /// decides from it whether owners and purposes go to the source or to the store.
    /// </summary>
    public interface ILiveSource
    {
        /// <summary>Aws, Entra or KeyVault: the Provider of every identity it yields.</summary>
        string Provider { get; }

        /// <summary>What it is connected to (tenant, accounts, endpoint), for verbose output. Never a secret.</summary>
        string Description { get; }

        /// <summary>Streams identities. A failed list is an exception, never an empty or partial result.</summary>
        IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options);
    }

    public sealed class LiveReadOptions
    {
        public bool IncludeHuman { get; set; }

        /// <summary>Also read activity that costs extra requests (AWS Access Advisor).</summary>
        public bool IncludeActivity { get; set; }

        public DateTime AsOf { get; set; } = DateTime.UtcNow;
    }

    /// <summary>A live source that can hold owners itself (Entra owners, IAM owner tags, Key Vault tags).</summary>
    public interface IOwnerWriter
    {
        /// <summary>
        /// Writes owners at the source and returns the identity's owners afterwards. Called only after the
        /// cmdlet's ShouldProcess said yes: under -WhatIf this is never reached.
        /// </summary>
        string[] SetOwners(Identity identity, IReadOnlyList<string> owners, bool replace, IHostContext host);
    }

    /// <summary>A live source that can hold an identity's purpose itself (Entra notes, an IAM purpose tag).</summary>
    public interface IPurposeWriter
    {
        /// <summary>Whether this identity can carry its purpose at the source (else it goes to the store).</summary>
        bool HoldsPurpose(Identity identity);

        /// <summary>
        /// Writes the purpose at the source (null or empty clears it) and returns it as the source now holds it.
        /// Called only after ShouldProcess said yes: under -WhatIf this is never reached.
        /// </summary>
        string SetPurpose(Identity identity, string purpose, IHostContext host);
    }

    /// <summary>The live sources of this process, one per provider.</summary>
    public static class LiveSessions
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, ILiveSource> Sources = new Dictionary<string, ILiveSource>(StringComparer.OrdinalIgnoreCase);

        public static void Connect(ILiveSource source)
        {
            lock (Gate)
            {
                if (Sources.TryGetValue(source.Provider, out var previous))
                {
                    (previous as IDisposable)?.Dispose();
                }

                Sources[source.Provider] = source;
            }
        }

        public static bool Disconnect(string provider)
        {
            lock (Gate)
            {
                if (!Sources.TryGetValue(provider, out var source))
                {
                    return false;
                }

                (source as IDisposable)?.Dispose();
                return Sources.Remove(provider);
            }
        }

        public static ILiveSource Get(string provider)
        {
            lock (Gate)
            {
                return provider != null && Sources.TryGetValue(provider, out var source) ? source : null;
            }
        }

        public static IReadOnlyList<ILiveSource> Connected
        {
            get
            {
                lock (Gate)
                {
                    return Sources.Values.OrderBy(s => s.Provider, StringComparer.OrdinalIgnoreCase).ToList();
                }
            }
        }
    }
}
