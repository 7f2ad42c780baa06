using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// The files to scan, listed on a thread of their own in path order (ordinal, as results are sorted) and published
    /// as they are found: the walk of a large tree (a stat per entry) overlaps the scan instead of preceding it.
    /// </summary>
    public sealed partial class SecretScanner
    {
        /// <summary>A file to scan (Path, Size), or a message from the walk for the host (a skipped link, an unreadable folder).</summary>
        private struct ListedEntry
        {
            public string Path;
            public long Size;
            public string Message;
            public NhiException Error;
        }

        private struct Root
        {
            public string Path;
            public bool IsDirectory;
            public long Size;
            /// <summary>Sorts as the paths under it do: a folder's key ends with the separator.</summary>
            public string Key;
        }

        private sealed class Listing
        {
            public readonly WorkFeed<ListedEntry> Feed = new WorkFeed<ListedEntry>();
            /// <summary>The walk's thread; it catches its own failures into <see cref="Feed"/>.</summary>
            public Task Walk;
            private int _files;
            private long _bytes;
            private volatile bool _done;

            public int Files => Volatile.Read(ref _files);
            public long Bytes => Interlocked.Read(ref _bytes);
            /// <summary>True once every file is listed: <see cref="Files"/> and <see cref="Bytes"/> are the totals.</summary>
            public bool Done => _done;

            public void Count(long size) { Interlocked.Add(ref _bytes, size); Interlocked.Increment(ref _files); }
            public void Finish() => _done = true;
        }

        /// <summary>Full paths of the roots that exist, selected and without duplicates; errors for the others.</summary>
        private List<Root> ResolveRoots(IEnumerable<string> paths)
        {
            var roots = new List<Root>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string raw in paths)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(raw)) continue;
                string full;
                try { full = Path.GetFullPath(raw); }
                catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
                {
                    _host.WriteError(new NhiException("SecretScanInvalidPath", NhiErrorCategory.InvalidArgument, "Not a valid path: '" + raw + "'.", raw, ex));
                    continue;
                }
                if (File.Exists(full))
                {
                    var fi = new FileInfo(full);
                    if ((fi.Attributes & FileAttributes.ReparsePoint) != 0) { _host.WriteVerbose("Skipped symbolic link: " + full); continue; }
                    if (Selected(fi.Name) && seen.Add(full)) roots.Add(new Root { Path = full, Size = fi.Length, Key = full });
                }
                else if (Directory.Exists(full))
                {
                    string key = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    roots.Add(new Root { Path = full, IsDirectory = true, Key = key });
                }
                else _host.WriteError(new NhiException("SecretScanPathNotFound", NhiErrorCategory.ObjectNotFound, "Path not found: '" + raw + "'.", raw));
            }
            roots.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return roots;
        }

        /// <summary>The consumer is done (finished, stopped early or cancelled): the walk stops at its next folder and is waited for.</summary>
        private static void StopListing(Listing listing)
        {
            listing.Feed.Close();
            listing.Walk.Wait();
        }

        private Listing StartListing(List<Root> roots, CancellationToken token)
        {
            var listing = new Listing();
            listing.Walk = Task.Factory.StartNew(() =>
            {
                try
                {
                    var batch = new List<ListedEntry>();
                    if (Nested(roots))
                    {
                        foreach (Root root in roots) ListInOrder(root, batch, () => true, token);
                        batch = MergeOverlapping(batch);
                    }
                    else
                    {
                        // What is listed so far goes out before each folder is read (the slow part) and every 256 files.
                        Func<bool> flush = () => { Publish(listing, batch, false); return !listing.Feed.IsClosed; };
                        foreach (Root root in roots)
                            if (!ListInOrder(root, batch, flush, token)) break;
                    }
                    // The last batch goes out with the totals final and the feed complete in one step.
                    Publish(listing, batch, true);
                }
                catch (OperationCanceledException) { listing.Feed.Complete(); }
                catch (Exception ex) { listing.Feed.Fail(ex); }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return listing;
        }

        private static void Publish(Listing listing, List<ListedEntry> batch, bool last)
        {
            foreach (ListedEntry e in batch)
                if (e.Path != null) listing.Count(e.Size);
            if (last) listing.Finish();
            if (batch.Count > 0 || last) listing.Feed.Add(batch, last);
        }

        /// <summary>A root inside (or equal to) a folder root: the union of both walks needs the sort of all paths at the end.</summary>
        private static bool Nested(List<Root> roots)
        {
            foreach (Root d in roots)
                if (d.IsDirectory)
                    foreach (Root r in roots)
                        if (!ReferenceEquals(r.Key, d.Key) && (r.Key.StartsWith(d.Key, StringComparison.Ordinal) || r.Key == d.Key)) return true;
            return false;
        }

        /// <summary>Overlapping roots' walks, one after the other: their messages, then the union of their files in path order.</summary>
        private static List<ListedEntry> MergeOverlapping(List<ListedEntry> walked)
        {
            var merged = new List<ListedEntry>();
            var files = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (ListedEntry e in walked)
            {
                if (e.Path == null) merged.Add(e);
                else files[e.Path] = e.Size;
            }
            foreach (var f in files) merged.Add(new ListedEntry { Path = f.Key, Size = f.Value });
            return merged;
        }

        /// <summary>
        /// One root, depth first, each folder's entries in ordinal order of their names (a folder's with the separator
        /// after it): the order of the full paths. Entries go into <paramref name="batch"/>; <paramref name="flush"/> is
        /// called before each folder is read and every 256 files, and stops the walk when it returns false.
        /// </summary>
        private bool ListInOrder(Root root, List<ListedEntry> batch, Func<bool> flush, CancellationToken token)
        {
            if (!root.IsDirectory)
            {
                batch.Add(new ListedEntry { Path = root.Path, Size = root.Size });
                return true;
            }
            string rootPath = root.Path;
            var stack = new Stack<KeyValuePair<FileSystemInfo[], int>>();
            FileSystemInfo[] entries = SortedEntries(new DirectoryInfo(rootPath), batch);
            int at = 0, seen = 0;
            while (true)
            {
                if (at == entries.Length)
                {
                    if (stack.Count == 0) return true;
                    var up = stack.Pop();
                    entries = up.Key;
                    at = up.Value;
                    continue;
                }
                FileSystemInfo e = entries[at++];
                if ((e.Attributes & FileAttributes.ReparsePoint) != 0) { batch.Add(new ListedEntry { Message = "Skipped symbolic link: " + e.FullName }); continue; }
                if (e is DirectoryInfo d)
                {
                    if (_excludeDirs.Contains(d.Name)) continue;
                    token.ThrowIfCancellationRequested();
                    if (!flush()) return false;
                    stack.Push(new KeyValuePair<FileSystemInfo[], int>(entries, at));
                    entries = SortedEntries(d, batch);
                    at = 0;
                    continue;
                }
                // A folder of many thousand files: its first files go out early, and the walk stops soon once the scan is over.
                if ((++seen & 255) == 0) { token.ThrowIfCancellationRequested(); if (!flush()) return false; }
                string rel = e.FullName.Substring(rootPath.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/');
                if (Selected(rel)) batch.Add(new ListedEntry { Path = e.FullName, Size = ((FileInfo)e).Length });
            }
        }

        /// <summary>Tests only: called on the walk's thread with each folder's path just before it is listed.</summary>
        internal Action<string> BeforeListForTest { get; set; }

        /// <summary>A folder's entries in path order; an unreadable (or vanished) folder is an error entry and no entries.</summary>
        private FileSystemInfo[] SortedEntries(DirectoryInfo dir, List<ListedEntry> batch)
        {
            FileSystemInfo[] entries;
            try
            {
                BeforeListForTest?.Invoke(dir.FullName);
                entries = dir.GetFileSystemInfos();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException || ex is System.Security.SecurityException)
            {
                batch.Add(new ListedEntry { Error = new NhiException("SecretScanFolderUnreadable", NhiErrorCategory.ReadError, "Cannot list '" + dir.FullName + "': " + ex.Message, dir.FullName, ex) });
                return Array.Empty<FileSystemInfo>();
            }
            var keys = new string[entries.Length];
            for (int i = 0; i < entries.Length; i++)
                keys[i] = entries[i] is DirectoryInfo ? entries[i].Name + Path.DirectorySeparatorChar : entries[i].Name;
            Array.Sort(keys, entries, StringComparer.Ordinal);
            return entries;
        }
    }
}
