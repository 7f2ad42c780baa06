using System;
using System.Collections.Generic;
using System.IO;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Sources.Offline.Aws;
using NhiTools.Engine.Sources.Offline.Common;
using NhiTools.Engine.Sources.Offline.Entra;
using NhiTools.Engine.Sources.Offline.KeyVault;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline
{
    /// <summary>
    /// Reads real export files (detected by content) into identities, merging what several files say about one
    /// identity. Side files are read first into compact lookups; the large streams (credential report rows,
    /// Graph applications) then yield identities one at a time. A bad file is reported through
    /// <see cref="IHostContext.WriteError"/> and the other files are still read.
    /// </summary>
    public sealed class OfflineSource
    {
        private readonly IHostContext _host;
        private readonly OfflineOptions _options;
        private int _filesDone, _filesTotal, _identities;
        private const int IdentityProgressEvery = 1000;

        public OfflineSource(IHostContext host, OfflineOptions options = null)
        {
            _host = host ?? NullHostContext.Instance;
            _options = options ?? new OfflineOptions();
            if (string.IsNullOrEmpty(_options.OwnerTagKey)) _options.OwnerTagKey = "owner";
        }

        internal IHostContext Host => _host;

        internal sealed class ExportEntry
        {
            public string Path;
            public OfflineFormat Format;
        }

        public IEnumerable<Identity> Read(IEnumerable<string> paths)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            return Counted(ReadFiles(paths));
        }

        /// <summary>Identities as they stream, with progress every 1,000 (one large report can hold 100,000 rows).</summary>
        private IEnumerable<Identity> Counted(IEnumerable<Identity> identities)
        {
            _identities = 0;
            foreach (var id in identities)
            {
                if (++_identities % IdentityProgressEvery == 0)
                    _host.WriteProgress(new ProgressInfo
                    {
                        Activity = "Reading export files",
                        Status = $"{_filesDone}/{_filesTotal} files, {_identities:N0} identities",
                        PercentComplete = _filesTotal == 0 ? -1 : Math.Max(0, _filesDone - 1) * 100 / _filesTotal,
                    });
                yield return id;
            }
        }

        private IEnumerable<Identity> ReadFiles(IEnumerable<string> paths)
        {
            var files = Classify(Expand(paths));
            _filesTotal = files.Count;
            _filesDone = 0;

            // 0. Activity logs (CloudTrail, sign-ins, audits, Access Advisor): only to move last use later.
            var lastUse = new ActivityLastUse();
            foreach (var f in files)
            {
                if (!ActivityReader.IsActivity(f.Format)) continue;
                if (_options.SkipActivity) { _filesDone++; continue; }
                foreach (var a in Events(f)) lastUse.Add(a);
            }
            if (lastUse.Events > 0) _host.WriteVerbose("Last use from " + lastUse.Events + " activity log events.");

            var links = new VaultLinks();
            var aws = new AwsIndex();
            // 1. Key Vault lists first: their secrets stand alone, and their tags say where other credentials are kept.
            foreach (var f in Of(files, OfflineFormat.KeyVaultSecrets))
                foreach (var item in Items(f))
                {
                    if (item.IsProperty || item.Container != null && item.Container != "value") continue;
                    var secret = SecretListReader.FromItem(item.Element, f.Path, _options, links);
                    if (secret != null) yield return secret;
                }

            // 2. AWS: side files into lookups, then report rows stream and are completed from them; then what only
            //    the side files know.
            foreach (var f in Of(files, OfflineFormat.AwsAccessKeys)) foreach (var item in Items(f)) if (!item.IsProperty) aws.AddAccessKeys(item, f.Path);
            var pages = new PageCheck();
            foreach (var f in Of(files, OfflineFormat.AwsAuthorizationDetails))
            {
                bool truncated = false;
                foreach (var item in Items(f))
                {
                    if (item.IsProperty) truncated |= item.Container == "IsTruncated" && item.Element.ValueKind == System.Text.Json.JsonValueKind.True;
                    else aws.AddAuthorizationDetail(item, f.Path);
                }
                pages.Page("get-account-authorization-details", !truncated);
            }
            var awsBuilder = new AwsBuilder(aws, _options);
            foreach (var f in Of(files, OfflineFormat.AwsCredentialReport))
                foreach (var id in Guard(f.Path, awsBuilder.ReadReport(f.Path, _host)))
                {
                    lastUse.Apply(id);
                    links.Apply(id);
                    yield return id;
                }
            foreach (var id in awsBuilder.Remaining(_host))
            {
                lastUse.Apply(id);
                links.Apply(id);
                yield return id;
            }
            aws = null; // iterator locals live as long as the iterator: let the AWS lookups go before Entra's are built
            awsBuilder = null;

            // 3. Entra side files into lookups (service principals by appId, users, grants, sign-in reports).
            var graph = new GraphIndex();
            foreach (var f in Of(files, OfflineFormat.GraphServicePrincipals)) foreach (var item in GraphItems(f, pages)) graph.AddServicePrincipal(item.Element, f.Path);
            foreach (var f in Of(files, OfflineFormat.GraphUsers)) foreach (var item in GraphItems(f, pages)) graph.AddUser(item.Element);
            foreach (var f in Of(files, OfflineFormat.GraphOAuth2PermissionGrants)) foreach (var item in GraphItems(f, pages)) graph.AddGrant(item.Element);
            foreach (var f in Of(files, OfflineFormat.GraphAppRoleAssignments)) foreach (var item in GraphItems(f, pages)) graph.AddAssignment(item.Element);
            foreach (var f in Of(files, OfflineFormat.GraphServicePrincipalSignInActivities)) foreach (var item in GraphItems(f, pages)) graph.AddSpSignIn(item.Element);
            foreach (var f in Of(files, OfflineFormat.GraphAppCredentialSignInActivities)) foreach (var item in GraphItems(f, pages)) graph.AddCredentialSignIn(item.Element);

            // 4. Entra: applications stream and merge with their service principal; then lone service principals.
            var entra = new EntraBuilder(graph, _host);
            foreach (var f in Of(files, OfflineFormat.GraphApplications))
                foreach (var item in GraphItems(f, pages))
                {
                    var id = entra.FromApplication(item.Element, f.Path, _host);
                    if (id == null) continue;
                    lastUse.Apply(id);
                    links.Apply(id, entra.LastAppId);
                    yield return id;
                }
            foreach (var pair in entra.Remaining(_host))
            {
                lastUse.Apply(pair.Key);
                links.Apply(pair.Key, pair.Value);
                yield return pair.Key;
            }

            pages.Report(_host);
            _host.WriteProgress(new ProgressInfo { Activity = "Reading export files", Status = $"{_filesTotal} files read, {_identities:N0} identities", PercentComplete = 100, Completed = true });
        }

        /// <summary>The files under <paramref name="paths"/> with their formats; unreadable and unknown files are error records.</summary>
        internal List<ExportEntry> Files(IEnumerable<string> paths) => Classify(Expand(paths));

        /// <summary>A JSON file's items; a failure ends the file with an error record.</summary>
        internal IEnumerable<JsonItem> GuardedItems(string path) => Guard(path, JsonStream.Items(path));

        /// <summary>One activity file's events, counted in the progress like every file.</summary>
        private IEnumerable<NhiTools.Activity> Events(ExportEntry f)
        {
            _host.CancellationToken.ThrowIfCancellationRequested();
            _filesDone++;
            _host.WriteProgress(new ProgressInfo
            {
                Activity = "Reading export files",
                Status = $"{_filesDone}/{_filesTotal} {Path.GetFileName(f.Path)} ({f.Format})",
                PercentComplete = _filesTotal == 0 ? 100 : (_filesDone - 1) * 100 / _filesTotal,
            });
            return ActivityReader.Of(this, f);
        }

        /// <summary>Files and directories (recursively, in a stable order) to a list of distinct full paths.</summary>
        private List<string> Expand(IEnumerable<string> paths)
        {
            var list = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in paths)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(p)) continue;
                string full;
                try { full = Path.GetFullPath(p); }
                catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
                {
                    _host.WriteError(OfflineErrors.NotFound(p));
                    continue;
                }
                if (File.Exists(full))
                {
                    if (seen.Add(full)) list.Add(full);
                }
                else if (Directory.Exists(full))
                {
                    // Each folder once by its real path (link loops end); an unreadable subfolder costs only itself.
                    var found = new FolderWalk(_host, _options.ListFiles, _options.ListDirectories).Files(full);
                    foreach (var f in found)
                        if (seen.Add(f)) list.Add("\u0000" + f); // marks "found in a directory"
                }
                else _host.WriteError(OfflineErrors.NotFound(p));
            }
            return list;
        }

        private List<ExportEntry> Classify(List<string> paths)
        {
            var entries = new List<ExportEntry>(paths.Count);
            int looked = 0;
            foreach (var marked in paths)
            {
                _host.CancellationToken.ThrowIfCancellationRequested();
                if (++looked % 100 == 0)
                    _host.WriteProgress(new ProgressInfo { Activity = "Reading export files", Status = $"recognising formats: {looked}/{paths.Count} files", PercentComplete = 0 });
                bool fromDirectory = marked[0] == '\u0000';
                string path = fromDirectory ? marked.Substring(1) : marked;
                OfflineFormat format;
                try { format = FormatDetector.Detect(path); }
                catch (NhiException ex) { _host.WriteError(ex); continue; }
                switch (format)
                {
                    case OfflineFormat.Unknown:
                        // A folder of exports often holds notes and READMEs too: there a file that is no export is a
                        // warning. A file named on its own that is no export is an error: that was a mistake.
                        if (fromDirectory) _host.WriteWarning(OfflineErrors.Unknown(path).Message + " Skipped.");
                        else _host.WriteError(OfflineErrors.Unknown(path));
                        continue;
                    case OfflineFormat.Empty:
                        _host.WriteVerbose($"'{path}' is an empty collection.");
                        continue;
                }
                _host.WriteVerbose($"'{path}': {format}");
                entries.Add(new ExportEntry { Path = path, Format = format });
            }
            return entries;
        }

        private IEnumerable<ExportEntry> Of(List<ExportEntry> files, OfflineFormat format)
        {
            foreach (var f in files)
            {
                if (f.Format != format) continue;
                _host.CancellationToken.ThrowIfCancellationRequested();
                _filesDone++;
                _host.WriteProgress(new ProgressInfo
                {
                    Activity = "Reading export files",
                    Status = $"{_filesDone}/{_filesTotal} {Path.GetFileName(f.Path)} ({format}), {_identities:N0} identities",
                    PercentComplete = _filesTotal == 0 ? 100 : (_filesDone - 1) * 100 / _filesTotal,
                });
                yield return f;
            }
        }

        private IEnumerable<JsonItem> Items(ExportEntry f) => Guard(f.Path, JsonStream.Items(f.Path));

        /// <summary>Items of a Graph collection page: the elements of `value`. A page with no @odata.nextLink is the last.</summary>
        private IEnumerable<JsonItem> GraphItems(ExportEntry f, PageCheck pages)
        {
            bool last = true;
            foreach (var item in Items(f))
            {
                if (item.IsProperty) last &= item.Container != "@odata.nextLink" || item.Element.ValueKind == System.Text.Json.JsonValueKind.Null;
                else if (item.Container == "value") yield return item;
            }
            pages.Page(f.Format.ToString(), last);
        }

        /// <summary>
        /// Streams one file's items; a failure ends that file with an error record and the caller moves on.
        /// Items already read from it stand (they are whole), which a later error does not undo.
        /// </summary>
        private IEnumerable<T> Guard<T>(string path, IEnumerable<T> source)
        {
            IEnumerator<T> e = null;
            try
            {
                while (true)
                {
                    T current;
                    try
                    {
                        _host.CancellationToken.ThrowIfCancellationRequested();
                        if (e == null) e = source.GetEnumerator();
                        if (!e.MoveNext()) break;
                        current = e.Current;
                    }
                    catch (NhiException ex) { _host.WriteError(ex); break; }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        _host.WriteError(OfflineErrors.CannotRead(path, ex));
                        break;
                    }
                    yield return current;
                }
            }
            finally { e?.Dispose(); }
        }
    }
}
