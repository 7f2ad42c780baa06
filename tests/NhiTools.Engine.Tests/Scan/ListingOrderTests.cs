using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Tests.Support;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// The walk publishes files while it lists them, folder by folder; the results must still come in ordinal order of
    /// the full paths, as a sort of the whole list gave, including names that sort around the separator.
    /// </summary>
    public class ListingOrderTests
    {
        // '-' (0x2D) and '.' (0x2E) sort before '/' (0x2F), '0' and 'A' after it: "a.txt" comes before "a/…", "a0" after.
        private static readonly string[] Tricky =
        {
            "a.txt", "a/b.txt", "a/b/c.txt", "a/b-c.txt", "a/b.c/d.txt", "a-b.txt", "a0.txt", "A.txt", "a/B.txt",
            "ab/x.txt", "a b/x.txt", "z/a.txt", "z.txt", "y/y/y/y.txt", "y/y.txt", "y-/y.txt", "y.txt",
        };

        private static string Key(FakeSecrets f) => "aws_access_key_id = " + f["AWS_KEY_ID"] + "\n";

        [Fact]
        public void Files_come_in_ordinal_order_of_their_full_paths()
        {
            var fakes = new FakeSecrets(31);
            using (var dir = new TempDir())
            {
                foreach (string rel in Tricky) dir.Write(rel, Key(fakes));
                var host = new RecordingHost();
                var paths = new SecretScanner(host).Scan(new[] { dir.Path }).Select(h => h.Path).ToList();
                var expected = Tricky.Select(r => Path.GetFullPath(Path.Combine(dir.Path, r))).OrderBy(p => p, StringComparer.Ordinal).ToList();
                Assert.Equal(expected, paths);
                Assert.Empty(host.Errors);
            }
        }

        [Fact]
        public void Several_roots_come_in_order_and_overlapping_roots_give_each_file_once()
        {
            var fakes = new FakeSecrets(32);
            using (var dir = new TempDir())
            {
                foreach (string rel in Tricky) dir.Write(rel, Key(fakes));
                string P(string rel) => Path.Combine(dir.Path, rel);
                var expectedAll = Tricky.Select(r => Path.GetFullPath(P(r))).OrderBy(p => p, StringComparer.Ordinal).ToList();

                // Disjoint roots given out of order: streamed, still in path order.
                var disjoint = new SecretScanner(new RecordingHost()).Scan(new[] { P("z"), P("a.txt"), P("y"), P("a") }).Select(h => h.Path).ToList();
                Assert.Equal(expectedAll.Where(p => p.StartsWith(P("z") + Path.DirectorySeparatorChar) || p == P("a.txt")
                    || p.StartsWith(P("y") + Path.DirectorySeparatorChar) || p.StartsWith(P("a") + Path.DirectorySeparatorChar)).ToList(), disjoint);

                // A folder, a file inside it, a folder inside it and the same folder twice: the union, once each, in order.
                var host = new RecordingHost();
                var nested = new SecretScanner(host).Scan(new[] { P("a"), P("a/b.txt"), dir.Path, P("y/y"), dir.Path + Path.DirectorySeparatorChar }).Select(h => h.Path).ToList();
                Assert.Equal(expectedAll, nested);
                Assert.Empty(host.Errors);
            }
        }

        [Fact]
        public void Progress_has_no_percent_while_listing_and_totals_once_listed()
        {
            var p = SecretScanner.ProgressWhileListing(120, 3 * 1048576L, 400);
            Assert.Equal(-1, p.PercentComplete);
            Assert.Equal("120 of 400 files listed so far, 3.0 MB; still listing", p.Status);
        }

        [Fact]
        public void A_folder_that_vanishes_or_cannot_be_listed_is_one_error_in_place_and_the_rest_is_scanned()
        {
            var fakes = new FakeSecrets(33);
            using (var dir = new TempDir())
            {
                dir.Write("a/key.txt", Key(fakes));
                dir.Write("b/key.txt", Key(fakes));
                dir.Write("c/key.txt", Key(fakes));
                string b = Path.Combine(dir.Path, "b");
                // Listed in its parent, deleted just before the walk lists it.
                var host = new RecordingHost();
                var scanner = new SecretScanner(host) { BeforeListForTest = p => { if (p == b) Directory.Delete(b, true); } };
                var hits = scanner.Scan(new[] { dir.Path }).Select(h => Path.GetFileName(Path.GetDirectoryName(h.Path))).ToList();
                Assert.False(Directory.Exists(b));
                Assert.Equal(new[] { "a", "c" }, hits);
                NhiException e = Assert.Single(host.Errors);
                Assert.Equal("SecretScanFolderUnreadable", e.ErrorId);
                Assert.Contains(b, e.Message);

                // No permission to list (root lists anything: covered by the case above there).
                if (OperatingSystem.IsWindows() || Environment.UserName == "root") return;
                dir.Write("b/key.txt", Key(fakes));
                File.SetUnixFileMode(b, UnixFileMode.None);
                try
                {
                    var host2 = new RecordingHost();
                    Assert.Equal(new[] { "a", "c" }, new SecretScanner(host2).Scan(new[] { dir.Path }).Select(h => Path.GetFileName(Path.GetDirectoryName(h.Path))).ToList());
                    Assert.Equal("SecretScanFolderUnreadable", Assert.Single(host2.Errors).ErrorId);
                }
                finally { File.SetUnixFileMode(b, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
            }
        }

        [Fact]
        public void Cancelling_mid_scan_stops_the_workers_and_the_walk()
        {
            var fakes = new FakeSecrets(34);
            using (var dir = new TempDir())
            using (var cts = new System.Threading.CancellationTokenSource())
            {
                for (int d = 0; d < 40; d++)
                    for (int f = 0; f < 25; f++) dir.Write("d" + d.ToString("00") + "/f" + f.ToString("00") + ".env", Key(fakes));
                var listed = new System.Collections.Concurrent.ConcurrentBag<string>();
                var read = new System.Collections.Concurrent.ConcurrentBag<string>();
                var host = new RecordingHost { CancellationToken = cts.Token };
                var scanner = new SecretScanner(host) { BeforeListForTest = listed.Add, BeforeReadForTest = read.Add };
                int seen = 0;
                Assert.ThrowsAny<OperationCanceledException>(() =>
                {
                    foreach (var hit in scanner.Scan(new[] { dir.Path }))
                        if (++seen == 10) cts.Cancel();
                });
                Assert.True(seen < 1000, seen + " hits after cancelling at 10");
                // Nothing more is listed or read once the scan has thrown.
                int listedThen = listed.Count, readThen = read.Count;
                System.Threading.Thread.Sleep(300);
                Assert.Equal(listedThen, listed.Count);
                Assert.Equal(readThen, read.Count);
                Assert.True(readThen < 1000, readThen + " files read");
            }
        }
    }
}
