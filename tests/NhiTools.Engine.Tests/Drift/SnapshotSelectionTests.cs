using System;
using NhiTools.Engine.Drift;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Drift
{
    public sealed class SnapshotSelectionTests
    {
        // Oldest first, as SnapshotStore.List returns them; "late-save" was saved last but taken earliest-but-one.
        private static readonly SnapshotInfo[] Snapshots =
        {
            Info(1, "first", 1),
            Info(4, "late-save", 2),
            Info(2, "second", 3),
            Info(3, "newest", 4),
        };

        [Fact]
        public void NothingNamedComparesTheLastTwo()
        {
            var s = SnapshotSelection.Choose(Snapshots, null, null, false, "store");
            Assert.Equal("second", s.Reference.Name);
            Assert.Equal("newest", s.Difference.Name);
        }

        [Fact]
        public void LiveSetIsComparedWithTheNewestByDefault()
        {
            var s = SnapshotSelection.Choose(Snapshots, null, null, true, "store");
            Assert.Equal("newest", s.Reference.Name);
            Assert.Null(s.Difference);
        }

        [Fact]
        public void ReferenceIsTheNewestTakenBeforeTheNamedDifference()
        {
            Assert.Equal("late-save", SnapshotSelection.Choose(Snapshots, null, "SECOND", false, "store").Reference.Name);
            Assert.Equal("first", SnapshotSelection.Choose(Snapshots, null, "4", false, "store").Reference.Name); // by id
        }

        [Fact]
        public void NamedReferenceIsComparedWithTheNewest()
        {
            var s = SnapshotSelection.Choose(Snapshots, "first", null, false, "store");
            Assert.Equal("newest", s.Difference.Name);
        }

        [Theory]
        [InlineData(null, "first", false, "NhiSnapshotNotFound")] // nothing before the first
        [InlineData("newest", null, false, "NhiSnapshotNotFound")] // nothing after the newest
        [InlineData("nope", null, true, "NhiSnapshotNotFound")]
        [InlineData(null, "nope", false, "NhiSnapshotNotFound")]
        [InlineData(null, "second", true, "NhiConflictingParameters")]
        [InlineData("second", "second", false, "NhiConflictingParameters")]
        public void ImpossibleChoicesAreErrors(string reference, string difference, bool live, string errorId)
        {
            var error = Assert.Throws<NhiException>(() => SnapshotSelection.Choose(Snapshots, reference, difference, live, "store"));
            Assert.Equal(errorId, error.ErrorId);
            if (errorId == "NhiSnapshotNotFound" && (reference == "nope" || difference == "nope"))
            {
                Assert.Equal("No snapshot named 'nope' in the store store. Snapshots there: first, late-save, second, newest.", error.Message);
                Assert.Equal(NhiErrorCategory.ObjectNotFound, error.Category);
            }
        }

        [Fact]
        public void AnEmptyStoreSaysSo()
        {
            var error = Assert.Throws<NhiException>(() => SnapshotSelection.Choose(new SnapshotInfo[0], null, null, true, "store"));
            Assert.Contains("holds no snapshot", error.Message);
            Assert.Contains("It holds no snapshots", Assert.Throws<NhiException>(() => SnapshotSelection.Choose(new SnapshotInfo[0], "x", null, true, "store")).Message);
        }

        private static SnapshotInfo Info(long id, string name, int day) =>
            new SnapshotInfo { Id = id, Name = name, TakenOn = DriftKit.AsOf.AddDays(day), CreatedOn = DateTime.UtcNow };
    }
}
