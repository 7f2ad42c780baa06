using System;

namespace NhiTools.Engine.Sources
{
    /// <summary>
    /// Decides where an identity's owners and purpose are written: at the connected source that can hold them
    /// (Entra owners and notes, IAM tags, Key Vault tags), or in the NhiTools store. Identities read from exports
    /// keep theirs in the store even while a live source of their provider is connected.
    /// </summary>
    public static class WriteRouting
    {
        /// <summary>The connected source to write the owners of <paramref name="identity"/> to, or null for the store.</summary>
        public static IOwnerWriter OwnerWriter(Identity identity, Func<string, ILiveSource> connected = null) =>
            SourceOf(identity, connected) as IOwnerWriter;

        /// <summary>The connected source to write the purpose of <paramref name="identity"/> to, or null for the store.</summary>
        public static IPurposeWriter PurposeWriter(Identity identity, Func<string, ILiveSource> connected = null) =>
            SourceOf(identity, connected) is IPurposeWriter writer && writer.HoldsPurpose(identity) ? writer : null;

        // The connected source of the provider the identity was read live from (one session per provider).
        private static ILiveSource SourceOf(Identity identity, Func<string, ILiveSource> connected)
        {
            var origin = IdentityOrigin.Of(identity);
            if (origin == null) return null;
            var source = (connected ?? LiveSessions.Get)(identity.Provider);
            return source != null && string.Equals(source.Provider, origin.Provider, StringComparison.OrdinalIgnoreCase) ? source : null;
        }
    }
}
