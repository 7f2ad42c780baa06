using System;

namespace NhiTools.Engine.Drift
{
    /// <summary>One identity as a snapshot holds it: who it is, and the UTF-8 JSON digest of its facts.</summary>
    public sealed class SnapshotItem
    {
        public SnapshotItem(string identityId, string provider, string name, byte[] digest)
        {
            IdentityId = identityId ?? throw new ArgumentNullException(nameof(identityId));
            Provider = provider ?? string.Empty;
            Name = name;
            Digest = digest ?? throw new ArgumentNullException(nameof(digest));
        }

        public string IdentityId { get; }
        public string Provider { get; }
        public string Name { get; }
        public byte[] Digest { get; }

        /// <summary>Digests an identity with a (reusable) codec.</summary>
        public static SnapshotItem From(Identity identity, DigestCodec codec) =>
            new SnapshotItem(identity.Id, identity.Provider, identity.Name, codec.Encode(identity));
    }
}
