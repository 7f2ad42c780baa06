using System;
using System.Collections.Generic;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>
    /// A connected provider's cleanup writes. Every step is idempotent: it reads the current state first and
    /// answers Changed = false when the goal already holds (a retry after a lost answer, a rerun after a kill).
    /// Writers use only Identity.Id / NativeId / Account, so Undo can act from a journal record alone.
    /// </summary>
    public interface ICleanupWriter
    {
        /// <summary>Aws, Entra or KeyVault.</summary>
        string Provider { get; }

        /// <summary>The live source itself, which the guardrails re-read just before acting.</summary>
        ILiveSource Source { get; }

        /// <summary>True when the identity's tenant or account is the one connected (unknown account: true).</summary>
        bool Covers(Identity identity);

        /// <summary>
        /// Brings what the bulk read may show stale up to date on one live identity, just before its reason is
        /// re-checked (AWS: the credential report is reused for up to 4 hours, so each key's last use is read again
        /// with GetAccessKeyLastUsed). A failed read throws: nothing is decided on stale data.
        /// </summary>
        void Refresh(Identity live, IHostContext host);

        /// <summary>
        /// Reads what the step will replace, before it is taken, so the journal holds it even if the process dies
        /// mid-step: the quarantine state, a credential's status, a policy document, everything attached to an
        /// identity about to be deleted. Never a secret value. Null when there is nothing to keep.
        /// </summary>
        string Capture(string action, Identity identity, string target, IHostContext host);

        /// <summary>
        /// Applies one step (<see cref="CleanupActions"/>). <paramref name="target"/> is the credential id or
        /// permission name it concerns (null for the identity itself); <paramref name="before"/> is what an undo
        /// restores (the Before of the change being reversed), null otherwise.
        /// Throws NhiException on failure; <see cref="CleanupErrors.NotSupported"/> where the provider cannot.
        /// </summary>
        CleanupStep Apply(string action, Identity identity, string target, string before, IHostContext host);
    }

    /// <summary>What one step did: whether it changed anything, and the state before and after (never a secret).</summary>
    public sealed class CleanupStep
    {
        public bool Changed { get; set; }
        public string Before { get; set; }
        public string After { get; set; }
        /// <summary>Why nothing changed, or what the caller should know.</summary>
        public string Note { get; set; }
    }

    /// <summary>Finds the cleanup writer of a connected source.</summary>
    public static class CleanupWriters
    {
        private static readonly List<Func<ILiveSource, ICleanupWriter>> Factories = new List<Func<ILiveSource, ICleanupWriter>>
        {
            s => s as ICleanupWriter,
            s => s is Sources.Aws.AwsLiveSource aws ? new Sources.Aws.AwsCleanupWriter(aws) : null,
            s => s is Sources.KeyVault.KeyVaultLiveSource kv ? new Sources.KeyVault.KeyVaultCleanupWriter(kv) : null,
        };

        /// <summary>Lets another live source (Key Vault) plug its writer in.</summary>
        public static void Register(Func<ILiveSource, ICleanupWriter> factory)
        {
            lock (Factories) Factories.Add(factory);
        }

        /// <summary>The writer for a provider's live session, or null when none is connected.</summary>
        public static ICleanupWriter For(string provider)
        {
            var source = LiveSessions.Get(provider);
            if (source == null) return null;
            lock (Factories)
                foreach (var f in Factories)
                {
                    var w = f(source);
                    if (w != null) return w;
                }
            return null;
        }
    }
}
