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
    public sealed class SecretScanner
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
            List<string> files = CollectFiles(paths);
            _host.WriteVerbose("Scanning " + files.Count + " file(s) for secrets.");
            var watch = Stopwatch.StartNew();
            long bytes = 0;
            int done = 0, scanned = 0, found = 0;
            int dop = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount;
            var results = files.AsParallel().AsOrdered()
                .WithDegreeOfParallelism(Math.Max(1, Math.Min(dop, 64)))
                .WithCancellation(token)
                .Select(f => ScanFile(f, linker));
            foreach (FileResult r in results)
            {
                done++;
                if (r.Message != null) _host.WriteVerbose(r.Message);
                if (r.Error != null) _host.WriteError(r.Error);
                if (r.Scanned) { scanned++; bytes += r.Bytes; }
                if (done % 500 == 0)
                    _host.WriteProgress(new ProgressInfo { Activity = "Find-NhiSecret", Status = done + " of " + files.Count + " files", PercentComplete = done * 100 / Math.Max(1, files.Count) });
                if (r.Hits == null) continue;
                foreach (SecretFinding hit in r.Hits) { found++; yield return hit; }
            }
            watch.Stop();
            BytesScanned = bytes;
            FilesScanned = scanned;
            _host.WriteProgress(new ProgressInfo { Activity = "Find-NhiSecret", Completed = true });
            _host.WriteVerbose(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Scanned {0} file(s), {1:0.0} MB in {2:0.00} s: {3} secret(s).", scanned, bytes / 1048576.0, watch.Elapsed.TotalSeconds, found));
        }

        private sealed class FileResult
        {
            public List<SecretFinding> Hits;
            public string Message;
            public NhiException Error;
            public long Bytes;
            public bool Scanned;
        }

        private List<string> CollectFiles(IEnumerable<string> paths)
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
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
                    if (Selected(fi.Name)) set.Add(full);
                }
                else if (Directory.Exists(full)) Walk(new DirectoryInfo(full), full, set);
                else _host.WriteError(new NhiException("SecretScanPathNotFound", NhiErrorCategory.ObjectNotFound, "Path not found: '" + raw + "'.", raw));
            }
            return set.ToList();
        }

        private void Walk(DirectoryInfo root, string rootPath, SortedSet<string> set)
        {
            var stack = new Stack<DirectoryInfo>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                DirectoryInfo dir = stack.Pop();
                FileSystemInfo[] entries;
                try { entries = dir.GetFileSystemInfos(); }
                catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException || ex is System.Security.SecurityException)
                {
                    _host.WriteError(new NhiException("SecretScanFolderUnreadable", NhiErrorCategory.ReadError, "Cannot list '" + dir.FullName + "': " + ex.Message, dir.FullName, ex));
                    continue;
                }
                foreach (FileSystemInfo e in entries)
                {
                    if ((e.Attributes & FileAttributes.ReparsePoint) != 0) { _host.WriteVerbose("Skipped symbolic link: " + e.FullName); continue; }
                    if (e is DirectoryInfo d)
                    {
                        if (!_excludeDirs.Contains(d.Name)) stack.Push(d);
                    }
                    else
                    {
                        string rel = e.FullName.Substring(rootPath.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/');
                        if (Selected(rel)) set.Add(e.FullName);
                    }
                }
            }
        }

        private bool Selected(string relativePath)
        {
            if (_include.Count > 0 && !_include.Any(g => g.IsMatch(relativePath))) return false;
            return !_exclude.Any(g => g.IsMatch(relativePath));
        }

        /// <summary>Runs on a worker thread: no host calls here, only data in the result.</summary>
        private FileResult ScanFile(string path, SecretLinker linker)
        {
            var r = new FileResult();
            try
            {
                var fi = new FileInfo(path);
                if (fi.Length > _options.MaxFileSize)
                {
                    r.Message = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                        "Skipped '{0}': {1:0.0} MB is over the {2:0.0} MB limit.", path, fi.Length / 1048576.0, _options.MaxFileSize / 1048576.0);
                    return r;
                }
                byte[] data = File.ReadAllBytes(path);
                string text = Decode(data);
                if (text == null) { r.Message = "Skipped binary file: " + path; return r; }
                r.Scanned = true;
                r.Bytes = data.Length;
                r.Hits = ScanText(path, text, linker);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                r.Error = new NhiException("SecretScanFileUnreadable", NhiErrorCategory.ReadError, "Cannot read '" + path + "': " + ex.Message, path, ex);
            }
            return r;
        }

        /// <summary>UTF-8 (with or without BOM) or UTF-16 with BOM; null for binary (a NUL byte in the first 8 KB).</summary>
        internal static string Decode(byte[] data)
        {
            if (data.Length >= 2 && data[0] == 0xFF && data[1] == 0xFE) return Encoding.Unicode.GetString(data, 2, data.Length - 2);
            if (data.Length >= 2 && data[0] == 0xFE && data[1] == 0xFF) return Encoding.BigEndianUnicode.GetString(data, 2, data.Length - 2);
            int probe = Math.Min(data.Length, BinaryProbeBytes);
            if (Array.IndexOf(data, (byte)0, 0, probe) >= 0) return null;
            int skip = data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
            return Encoding.UTF8.GetString(data, skip, data.Length - skip);
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
                    IdentityId = links[i],
                });
            }
            return list;
        }

        /// <summary>SARIF 2.1.0: one rule per kind, one result per hit; masked form and fingerprint only, never a value.</summary>
        public static void WriteSarif(IEnumerable<SecretFinding> hits, TextWriter writer) => SecretSarif.Write(hits, writer);
    }
}
