using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Hosting;

namespace NhiTools.Engine.Drift
{
    /// <summary>
    /// Compares a reference picture of an estate with a difference picture. The reference is held as a dictionary of
    /// digests (UTF-8 bytes, about half a kilobyte an identity); the difference streams through <see cref="Observe"/>
    /// one identity at a time, and <see cref="Finish"/> names what the reference had and the difference did not.
    /// Equal digests compare as bytes, without being parsed.
    /// </summary>
    public sealed class DriftComparer
    {
        private readonly Dictionary<string, Entry> reference = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private readonly string referenceName;
        private readonly string differenceName;
        private readonly IHostContext host;
        private bool finished;

        public DriftComparer(IEnumerable<SnapshotItem> referenceItems, string referenceName, string differenceName, IHostContext host = null)
        {
            this.referenceName = referenceName;
            this.differenceName = differenceName;
            this.host = host ?? NullHostContext.Instance;
            foreach (var item in referenceItems)
            {
                reference[item.IdentityId] = new Entry(item);
            }
        }

        public int ReferenceCount => reference.Count;
        public int Observed { get; private set; }
        public int Unchanged { get; private set; }

        /// <summary>The changes of one identity of the difference (none when it is as the reference had it).</summary>
        public IReadOnlyList<IdentityChange> Observe(SnapshotItem item)
        {
            if (finished)
            {
                throw new InvalidOperationException("The comparison is finished.");
            }

            host.CancellationToken.ThrowIfCancellationRequested();
            if (!reference.TryGetValue(item.IdentityId, out var entry))
            {
                // Remember it, so a second copy of the same identity in the difference is not "added" twice.
                reference[item.IdentityId] = new Entry(item) { Seen = true };
                Observed++;
                return new[] { ChangeBuilder.Appeared(item, true, referenceName, differenceName) };
            }

            if (entry.Seen)
            {
                host.WriteWarning("Identity " + item.IdentityId + " appears more than once in the difference; only its first copy is compared.");
                return Array.Empty<IdentityChange>();
            }

            entry.Seen = true;
            Observed++;
            if (BytesEqual(entry.Item.Digest, item.Digest) && string.Equals(entry.Item.Name, item.Name, StringComparison.Ordinal))
            {
                Unchanged++;
                return Array.Empty<IdentityChange>();
            }

            return ChangeBuilder.Modified(entry.Item, item, referenceName, differenceName);
        }

        /// <summary>Identities of the reference the difference did not have, in id order.</summary>
        public IEnumerable<IdentityChange> Finish()
        {
            finished = true;
            return reference.Values
                .Where(e => !e.Seen)
                .OrderBy(e => e.Item.IdentityId, StringComparer.OrdinalIgnoreCase)
                .Select(e => ChangeBuilder.Appeared(e.Item, false, referenceName, differenceName))
                .ToList();
        }

        /// <summary>Compares two whole sets, streaming the difference.</summary>
        public static IEnumerable<IdentityChange> Compare(IEnumerable<SnapshotItem> referenceItems, IEnumerable<SnapshotItem> differenceItems,
            string referenceName, string differenceName, IHostContext host = null)
        {
            var comparer = new DriftComparer(referenceItems, referenceName, differenceName, host);
            foreach (var item in differenceItems)
            {
                foreach (var change in comparer.Observe(item))
                {
                    yield return change;
                }
            }

            foreach (var change in comparer.Finish())
            {
                yield return change;
            }
        }

        private static bool BytesEqual(byte[] a, byte[] b) => new ReadOnlySpan<byte>(a).SequenceEqual(b);

        private sealed class Entry
        {
            public Entry(SnapshotItem item) => Item = item;

            public SnapshotItem Item { get; }
            public bool Seen { get; set; }
        }
    }
}
