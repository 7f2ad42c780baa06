using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Hosting;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// Find-NhiSecret's engine: finds secrets written into files. A value never leaves this class: hits carry
    /// a masked form (at most 4 leading characters) and a SHA-256 fingerprint. Files are read in parallel,
    /// host calls happen on the calling thread only, and results come sorted by path, line and column.
    /// </summary>
    public sealed partial class SecretScanner
    {
        private const int BinaryProbeBytes = 8192;
        private readonly IHostContext _host;
        private readonly ScanOptions _options;
        private readonly List<Glob> _include;
        private readonly List<Glob> _exclude;
        private readonly HashSet<string> _excludeDirs;

        /// <summary>Bytes and files read by the last completed <see cref="Scan"/> (for benchmarks and summaries).</summary>
        public long BytesScanned { get; private set; }
        public int FilesScanned { get; private set; }

        /// <summary>Tests only: a file for which this returns true fails inside its scan, as a detector bug would.</summary>
        internal Func<string, bool> FailFileForTest { get; set; }

        /// <summary>Tests only: called on a worker with each listed file's path just before it is opened.</summary>
        internal Action<string> BeforeReadForTest { get; set; }

        public SecretScanner(IHostContext host, ScanOptions options = null)
        {
            _host = host ?? NullHostContext.Instance;
            _options = options ?? new ScanOptions();
            if (_options.MaxFileSize <= 0)
                throw new NhiException("SecretScanInvalidMaxFileSize", NhiErrorCategory.InvalidArgument, "MaxFileSize must be greater than zero.", _options.MaxFileSize);
            _include = (_options.Include ?? new List<string>()).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => new Glob(g)).ToList();
            _exclude = (_options.Exclude ?? new List<string>()).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => new Glob(g)).ToList();
            _excludeDirs = new HashSet<string>(_options.ExcludeDirectories ?? new List<string>(), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Scans files and folders (recursively). Missing paths are reported with WriteError and skipped.</summary>
        public IEnumerable<SecretFinding> Scan(IEnumerable<string> paths, IReadOnlyCollection<Identity> identities = null)
        {
            if (paths == null) throw new NhiException("SecretScanNoPath", NhiErrorCategory.InvalidArgument, "No path to scan.", null);
            return ScanIterator(paths, identities);
        }

        private IEnumerable<SecretFinding> ScanIterator(IEnumerable<string> paths, IReadOnlyCollection<Identity> identities)
        {
            var token = _host.CancellationToken;
            var linker = new SecretLinker(identities);
            // Roots are checked here, on the calling thread (their errors are host calls); the walk runs on its own
            // thread and publishes files in path order while the workers scan the first ones.
            List<Root> roots = ResolveRoots(paths);
            _host.WriteVerbose("Scanning " + roots.Count + " path(s) for secrets; files are listed while they are scanned.");
            var listing = StartListing(roots, token);
            var watch = Stopwatch.StartNew();
            long bytes = 0, doneBytes = 0, nextProgress = 0;
            int done = 0, scanned = 0, found = 0;
            int dop = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount;
            try
            {
                var results = OrderedWork.Run(listing.Feed, e => e.Path != null ? ScanFile(e.Path, e.Size, linker) : new FileResult { Message = e.Message, Error = e.Error, Listed = false },
                    Math.Max(1, Math.Min(dop, 64)), 256, token);
                foreach (FileResult r in results)
                {
                    if (r.Message != null) _host.WriteVerbose(r.Message);
                    if (r.Error != null) _host.WriteError(r.Error);
                    if (!r.Listed) continue;
                    done++;
                    if (r.Scanned) { scanned++; bytes += r.Bytes; }
                    doneBytes += r.Size;
                    // MB and files, at most four times a second (a progress record per file costs more than a small file's scan).
                    if (watch.ElapsedMilliseconds >= nextProgress)
                    {
                        nextProgress = watch.ElapsedMilliseconds + 250;
                        _host.WriteProgress(listing.Done ? Progress(done, listing.Files, doneBytes, listing.Bytes) : ProgressWhileListing(done, doneBytes, listing.Files));
                    }
                    if (r.Hits == null) continue;
                    foreach (SecretFinding hit in r.Hits) { found++; yield return hit; }
                }
            }
            finally
            {
                // No thread of this scan outlives it: the workers are waited for by OrderedWork, the walk here.
                StopListing(listing);
            }
            watch.Stop();
            BytesScanned = bytes;
            FilesScanned = scanned;
            _host.WriteProgress(new ProgressInfo { Activity = "Find-NhiSecret", Completed = true });
            _host.WriteVerbose(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Scanned {0} file(s), {1:0.0} MB in {2:0.00} s: {3} secret(s).", scanned, bytes / 1048576.0, watch.Elapsed.TotalSeconds, found));
        }

        /// <summary>"1,234 of 26,122 files, 87.5 of 290.1 MB"; percent by bytes (one big file is most of some trees).</summary>
        internal static ProgressInfo Progress(int doneFiles, int files, long doneBytes, long totalBytes)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            int percent = totalBytes > 0 ? (int)Math.Min(100, doneBytes * 100 / totalBytes) : doneFiles * 100 / Math.Max(1, files);
            return new ProgressInfo
            {
                Activity = "Find-NhiSecret",
                Status = string.Format(inv, "{0:N0} of {1:N0} files, {2:0.0} of {3:0.0} MB", doneFiles, files, doneBytes / 1048576.0, totalBytes / 1048576.0),
                PercentComplete = percent,
            };
        }

        /// <summary>While the walk is still listing: no total yet, so no percent.</summary>
        internal static ProgressInfo ProgressWhileListing(int doneFiles, long doneBytes, int listedFiles)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            return new ProgressInfo
            {
                Activity = "Find-NhiSecret",
                Status = string.Format(inv, "{0:N0} of {1:N0} files listed so far, {2:0.0} MB; still listing", doneFiles, listedFiles, doneBytes / 1048576.0),
                PercentComplete = -1,
            };
        }

        private sealed class FileResult
        {
            /// <summary>False for a message from the walk (a skipped link, an unreadable folder): not a file.</summary>
            public bool Listed = true;
            /// <summary>The file's size on disk as listed (read or skipped): what progress counts.</summary>
            public long Size;
            public List<SecretFinding> Hits;
            public string Message;
            public NhiException Error;
            public long Bytes;
            public bool Scanned;
        }

        private bool Selected(string relativePath)
        {
            if (_include.Count > 0 && !_include.Any(g => g.IsMatch(relativePath))) return false;
            return !_exclude.Any(g => g.IsMatch(relativePath));
        }

        /// <summary>Runs on a worker thread: no host calls here, only data in the result.</summary>
        private FileResult ScanFile(string path, long size, SecretLinker linker)
        {
            var r = new FileResult { Size = size };
            try
            {
                BeforeReadForTest?.Invoke(path);
                string text;
                int count;
                byte[] rented = null;
                try
                {
                    // One open per file and a pooled buffer: the bytes are garbage the moment they are decoded.
                    using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                    {
                        long length = fs.Length;
                        if (length > _options.MaxFileSize)
                        {
                            r.Message = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                                "Skipped '{0}': {1:0.0} MB is over the {2:0.0} MB limit.", path, length / 1048576.0, _options.MaxFileSize / 1048576.0);
                            return r;
                        }
                        if (length == 0)
                        {
                            // Size unknown (pseudo files report 0): read to the end as File.ReadAllBytes does.
                            byte[] all = File.ReadAllBytes(path);
                            count = all.Length;
                            text = Decode(all, count);
                        }
                        else
                        {
                            rented = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length);
                            count = 0;
                            int n;
                            while (count < length && (n = fs.Read(rented, count, (int)length - count)) > 0) count += n;
                            text = Decode(rented, count);
                        }
                    }
                }
                finally
                {
                    if (rented != null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
                if (text == null) { r.Message = "Skipped binary file: " + path; return r; }
                r.Scanned = true;
                r.Bytes = count;
                if (FailFileForTest != null && FailFileForTest(path)) throw new InvalidOperationException("Test failure inside a file's scan.");
                r.Hits = ScanText(path, text, linker);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                r.Error = new NhiException("SecretScanFileUnreadable", NhiErrorCategory.ReadError, "Cannot read '" + path + "': " + ex.Message, path, ex);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // Anything else (a detector bug, a regex timeout) costs this file only. The inner exception is not
                // attached: some (RegexMatchTimeoutException.Input) carry the text, and with it a secret.
                r.Hits = null;
                r.Scanned = false;
                r.Error = new NhiException("SecretScanFileFailed", NhiErrorCategory.InvalidData,
                    "Could not scan '" + path + "' (" + ex.GetType().Name + "); the other files were scanned.", path);
            }
            return r;
        }

        /// <summary>UTF-8 (with or without BOM) or UTF-16 with BOM; null for binary (a NUL byte in the first 8 KB).</summary>
        internal static string Decode(byte[] data) => Decode(data, data.Length);

        /// <summary>The first <paramref name="count"/> bytes of <paramref name="data"/>.</summary>
        internal static string Decode(byte[] data, int count)
        {
            if (count >= 2 && data[0] == 0xFF && data[1] == 0xFE) return Encoding.Unicode.GetString(data, 2, count - 2);
            if (count >= 2 && data[0] == 0xFE && data[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(data, 2, count - 2);
            int probe = Math.Min(count, BinaryProbeBytes);
            if (AsciiBytes.HasNul(data, 0, probe)) return null;
            int skip = count >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
            // Most source is pure ASCII: widened by our own loop; anything else decodes as UTF-8 always did.
            return AsciiBytes.TryWiden(data, skip, count - skip) ?? Encoding.UTF8.GetString(data, skip, count - skip);
        }

        internal List<SecretFinding> ScanText(string path, string text, SecretLinker linker)
        {
            var lines = new LineIndex(text);
            List<RawHit> hits = SecretDetectors.Detect(text, lines, _options.AwsContextLines);
            if (hits.Count == 0) return null;
            string[] links = linker.Link(text, lines, hits, _options.AwsContextLines);
            var list = new List<SecretFinding>(hits.Count);
            for (int i = 0; i < hits.Count; i++)
            {
                RawHit h = hits[i];
                string value = text.Substring(h.Index, h.Length);
                int line = lines.LineOf(h.Index);
                list.Add(new SecretFinding
                {
                    Path = path,
                    Line = line + 1,
                    Column = h.Index - lines.StartOf(line) + 1,
                    Kind = h.Kind,
                    Masked = SecretText.Mask(value),
                    Fingerprint = SecretText.Fingerprint(value, _options.FingerprintKey),
                    IdentityId = links[i] ?? h.Identity,
                });
            }
            return list;
        }

        /// <summary>SARIF 2.1.0: one rule per kind, one result per hit; masked form and fingerprint only, never a value.</summary>
        public static void WriteSarif(IEnumerable<SecretFinding> hits, TextWriter writer) => SecretSarif.Write(hits, writer);
    }
}
