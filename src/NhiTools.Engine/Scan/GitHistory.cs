using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Hosting;

namespace NhiTools.Engine.Scan
{
    /// <summary>
    /// Find-NhiSecret -History: every commit reachable from any ref, read as one streamed <c>git log --all -p</c>
    /// (no checkout, nothing written). Only added lines are scanned: a secret enters history in the commit that adds it.
    /// One finding per value and path, at the oldest commit that added it, marked whether the value is still in the
    /// working tree. Same detectors, masking and identity linking as a file scan.
    /// </summary>
    public sealed partial class SecretScanner
    {
        // A line that cannot occur in a diff body (diff lines start with ' ', '+', '-', '\', "diff", "index", "@@"...).
        private const string CommitMarker = "\u0001commit\u0001";

        /// <summary>Scans the history of the git repository at <paramref name="repoPath"/>.</summary>
        public IEnumerable<SecretFinding> ScanHistory(string repoPath, IReadOnlyCollection<Identity> identities = null)
        {
            if (string.IsNullOrWhiteSpace(repoPath)) throw new NhiException("SecretScanNoPath", NhiErrorCategory.InvalidArgument, "No repository to scan.", null);
            string root = GitRoot(Path.GetFullPath(repoPath));
            return HistoryIterator(root, identities);
        }

        private IEnumerable<SecretFinding> HistoryIterator(string root, IReadOnlyCollection<Identity> identities)
        {
            var token = _host.CancellationToken;
            var linker = new SecretLinker(identities);

            // What is still in the working tree: fingerprints only, compared in memory.
            _host.WriteVerbose("Scanning the working tree of '" + root + "' to tell removed secrets from present ones.");
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (SecretFinding f in new SecretScanner(_host, _options).Scan(new[] { root }, identities)) present.Add(f.Fingerprint);

            // Newest first from git: a value seen again in an older commit moves its finding to that commit.
            var byValue = new Dictionary<string, SecretFinding>(StringComparer.Ordinal);
            var order = new List<string>();
            int commits = 0;
            var watch = Stopwatch.StartNew();
            using (Process git = StartGit(root, "-c", "core.quotepath=off", "log", "--all", "-p", "--no-color", "--no-ext-diff", "--no-textconv",
                "--unified=0", "--format=%x01commit%x01%H%x00%an <%ae>%x00%aI"))
            {
                var stderr = new StringBuilder();
                git.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
                git.BeginErrorReadLine();
                try
                {
                    string commit = null, author = null, file = null;
                    DateTimeOffset? date = null;
                    bool inHunk = false;
                    int nextLine = 0;
                    var added = new StringBuilder();
                    var lineNumbers = new List<int>();

                    void Flush()
                    {
                        if (file != null && lineNumbers.Count > 0 && FileSelected(file))
                        {
                            List<SecretFinding> hits = ScanText(file, added.ToString(), linker);
                            if (hits != null)
                                foreach (SecretFinding h in hits)
                                {
                                    h.Line = lineNumbers[Math.Min(h.Line - 1, lineNumbers.Count - 1)];
                                    h.Commit = commit;
                                    h.Author = author;
                                    h.CommitDate = date;
                                    h.InWorkingTree = present.Contains(h.Fingerprint);
                                    string key = h.Path + "\n" + h.Fingerprint;
                                    if (!byValue.ContainsKey(key)) order.Add(key);
                                    byValue[key] = h;
                                }
                        }
                        added.Clear();
                        lineNumbers.Clear();
                    }

                    string line;
                    while ((line = git.StandardOutput.ReadLine()) != null)
                    {
                        token.ThrowIfCancellationRequested();
                        if (line.StartsWith(CommitMarker, StringComparison.Ordinal))
                        {
                            Flush();
                            file = null;
                            inHunk = false;
                            string[] parts = line.Substring(CommitMarker.Length).Split('\0');
                            commit = parts[0];
                            author = parts.Length > 1 ? parts[1] : null;
                            date = parts.Length > 2 && DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateTimeOffset?)null;
                            if (++commits % 200 == 0)
                                _host.WriteProgress(new ProgressInfo { Activity = "Find-NhiSecret -History", Status = commits + " commits" });
                            continue;
                        }
                        if (line.StartsWith("diff --git ", StringComparison.Ordinal)) { Flush(); file = null; inHunk = false; continue; }
                        if (!inHunk)
                        {
                            if (line.StartsWith("+++ ", StringComparison.Ordinal))
                                file = line == "+++ /dev/null" ? null : StripPrefix(line.Substring(4));
                            else if (line.StartsWith("@@", StringComparison.Ordinal)) { inHunk = true; nextLine = HunkStart(line); }
                            continue;
                        }
                        if (line.StartsWith("@@", StringComparison.Ordinal)) { nextLine = HunkStart(line); continue; }
                        if (line.Length > 0 && line[0] == '+')
                        {
                            if (added.Length + line.Length <= _options.MaxFileSize)
                            {
                                added.Append(line, 1, line.Length - 1).Append('\n');
                                lineNumbers.Add(nextLine);
                            }
                            nextLine++;
                        }
                        else if (line.Length > 0 && line[0] == ' ') nextLine++;
                    }
                    Flush();
                    git.WaitForExit();
                }
                finally
                {
                    if (!git.HasExited) { try { git.Kill(); } catch (InvalidOperationException) { } }
                }
                if (git.ExitCode != 0)
                    throw new NhiException("SecretScanGitFailed", NhiErrorCategory.ReadError,
                        "git log failed in '" + root + "' (exit " + git.ExitCode + "): " + stderr.ToString().Trim(), root);
            }
            _host.WriteProgress(new ProgressInfo { Activity = "Find-NhiSecret -History", Completed = true });
            _host.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Scanned {0} commit(s) in {1:0.00} s: {2} secret(s) in history.", commits, watch.Elapsed.TotalSeconds, order.Count));
            foreach (SecretFinding f in order.Select(k => byValue[k]).OrderBy(f => f.CommitDate ?? DateTimeOffset.MinValue).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line))
                yield return f;
        }

        /// <summary>"+12,3" in "@@ -10,2 +12,3 @@": the new file's first line of the hunk.</summary>
        private static int HunkStart(string header)
        {
            int plus = header.IndexOf(" +", StringComparison.Ordinal);
            if (plus < 0) return 1;
            int i = plus + 2, n = 0;
            while (i < header.Length && header[i] >= '0' && header[i] <= '9') { n = n * 10 + (header[i] - '0'); i++; }
            return Math.Max(1, n);
        }

        private static string StripPrefix(string path) => path.StartsWith("b/", StringComparison.Ordinal) ? path.Substring(2) : path;

        /// <summary>Include/Exclude globs and excluded folders apply to history paths as to files on disk.</summary>
        private bool FileSelected(string relativePath)
        {
            string[] segments = relativePath.Split('/');
            foreach (string segment in segments.Take(segments.Length - 1))
                if (_excludeDirs.Contains(segment)) return false;
            return Selected(relativePath);
        }

        private string GitRoot(string path)
        {
            if (!Directory.Exists(path))
                throw new NhiException("SecretScanPathNotFound", NhiErrorCategory.ObjectNotFound, "Path not found: '" + path + "'.", path);
            using (Process git = StartGit(path, "rev-parse", "--show-toplevel"))
            {
                string top = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                if (git.ExitCode != 0 || top.Length == 0)
                    throw new NhiException("SecretScanNotGitRepository", NhiErrorCategory.InvalidArgument, "Not a git repository: '" + path + "'.", path);
                return Path.GetFullPath(top);
            }
        }

        private static Process StartGit(string workingDirectory, params string[] args)
        {
            var psi = new ProcessStartInfo("git")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            // netstandard2.0 has no ArgumentList: quote each argument for the child's command line.
            psi.Arguments = string.Join(" ", args.Select(Quote));
            try { return Process.Start(psi); }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new NhiException("SecretScanGitNotFound", NhiErrorCategory.ObjectNotFound, "The git executable was not found on PATH: -History needs it.", "git", ex);
            }
        }

        private static string Quote(string arg) =>
            arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '"', '\t', '\\' }) < 0 ? arg : "\"" + arg.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
