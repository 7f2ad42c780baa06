using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>
    /// Lists the files under a folder, recursively, in ordinal order. Each directory is entered at most once, by its
    /// real path (symbolic links resolved), so a link loop (`sub/up -> ..`) ends with a warning instead of running
    /// forever. An unreadable subfolder is one error naming it; everything else is still listed.
    /// </summary>
    internal sealed class FolderWalk
    {
        private const int MaxLinkHops = 40; // as the kernel's ELOOP limit
        private static readonly PropertyInfo LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget"); // .NET 6+
        private static readonly StringComparer PathComparer =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        private readonly IHostContext _host;
        private readonly Func<string, string[]> _files;
        private readonly Func<string, string[]> _directories;

        public FolderWalk(IHostContext host, Func<string, string[]> files = null, Func<string, string[]> directories = null)
        {
            _host = host;
            _files = files ?? Directory.GetFiles;
            _directories = directories ?? Directory.GetDirectories;
        }

        public List<string> Files(string root)
        {
            var found = new List<string>();
            var visited = new HashSet<string>(PathComparer);
            var pending = new Stack<string>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                var directory = pending.Pop();
                string real;
                try { real = RealPath(directory); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    _host.WriteError(OfflineErrors.CannotRead(directory, ex));
                    continue;
                }
                if (real == null)
                {
                    _host.WriteWarning($"'{directory}' is a link to a folder and links cannot be resolved on this platform: not followed.");
                    continue;
                }
                if (!visited.Add(real))
                {
                    _host.WriteWarning($"'{directory}' leads to '{real}', which is already read (a folder link loop or a second link to it): not followed again.");
                    continue;
                }

                string[] files, directories;
                try
                {
                    files = _files(directory);
                    directories = _directories(directory);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    _host.WriteError(OfflineErrors.CannotRead(directory, ex));
                    continue;
                }
                found.AddRange(files);
                if (found.Count / 1000 != (found.Count - files.Length) / 1000)
                    _host.WriteProgress(new ProgressInfo { Activity = "Reading export files", Status = $"listing '{root}': {found.Count:N0} files found" });
                Array.Sort(directories, StringComparer.Ordinal);
                for (int i = directories.Length - 1; i >= 0; i--) pending.Push(directories[i]);
            }
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        /// <summary>The path with every symbolic link resolved (realpath), or null for a link this runtime cannot read.</summary>
        internal static string RealPath(string path)
        {
            var full = Path.GetFullPath(path);
            var root = Path.GetPathRoot(full);
            var rest = new List<string>(full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries));
            rest.Reverse(); // a stack: the next component last
            var current = root;
            int hops = 0;
            while (rest.Count > 0)
            {
                var part = rest[rest.Count - 1];
                rest.RemoveAt(rest.Count - 1);
                if (part == ".") continue;
                if (part == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }
                var candidate = Path.Combine(current, part);
                var info = new DirectoryInfo(candidate);
                if (info.Exists && (info.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    if (LinkTargetProperty == null) return null;
                    var target = LinkTargetProperty.GetValue(info) as string;
                    if (target == null) { current = candidate; continue; } // a reparse point that is not a link
                    if (++hops > MaxLinkHops) throw new IOException($"Too many levels of symbolic links at '{candidate}'.");
                    if (Path.IsPathRooted(target))
                    {
                        current = Path.GetPathRoot(target);
                        target = target.Substring(current.Length);
                    }
                    var parts = target.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
                    for (int i = parts.Length - 1; i >= 0; i--) rest.Add(parts[i]);
                    continue;
                }
                current = candidate;
            }
            return current;
        }
    }
}
