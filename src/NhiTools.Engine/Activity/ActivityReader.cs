using System;
using System.Collections.Generic;
using System.Diagnostics;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Hosting;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// Streams activities out of activity logs (CloudTrail log files, .json.gz too, and lookup-events output; Graph
    /// sign-in and directory audit logs; Access Advisor reports), detected by content like every export. Each file
    /// is read one element at a time, so a trail of any size is never held in memory. Inventory exports among the
    /// paths are used to link activities to identities; a file in no known format is an error record.
    /// </summary>
    public sealed class ActivityReader
    {
        private readonly IHostContext _host;

        public ActivityReader(IHostContext host) { _host = host ?? NullHostContext.Instance; }

        /// <summary>Formats that hold activity rather than inventory.</summary>
        public static bool IsActivity(OfflineFormat f) =>
            f == OfflineFormat.CloudTrailLog || f == OfflineFormat.CloudTrailLookupEvents || f == OfflineFormat.AwsServiceLastAccessed
            || f == OfflineFormat.GraphSignIns || f == OfflineFormat.GraphDirectoryAudits;

        /// <summary>
        /// Activities in <paramref name="paths"/> (files or folders). <paramref name="linker"/> links them to known
        /// identities; when null, the inventory files among the paths (if any) are read to build one.
        /// </summary>
        public IEnumerable<NhiTools.Activity> Read(IEnumerable<string> paths, IdentityLinker linker = null)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            var source = new OfflineSource(_host);
            var files = source.Files(paths);
            return ReadCore(source, files, linker);
        }

        private IEnumerable<NhiTools.Activity> ReadCore(OfflineSource source, List<OfflineSource.ExportEntry> files, IdentityLinker linker)
        {
            var activity = new List<OfflineSource.ExportEntry>();
            var inventory = new List<string>();
            foreach (var f in files) { if (IsActivity(f.Format)) activity.Add(f); else inventory.Add(f.Path); }
            if (linker == null && inventory.Count > 0)
            {
                _host.WriteVerbose("Linking activity to the identities in " + inventory.Count + " inventory file(s).");
                linker = IdentityLinker.From(new OfflineSource(_host, new OfflineOptions { SkipActivity = true }).Read(inventory));
            }
            var clock = Stopwatch.StartNew();
            var pages = new Sources.Offline.Common.PageCheck();
            long n = 0;
            int done = 0;
            foreach (var f in activity)
            {
                _host.WriteProgress(new ProgressInfo { Activity = "Reading activity logs", Status = (++done) + "/" + activity.Count + " " + System.IO.Path.GetFileName(f.Path) + " (" + f.Format + ")", PercentComplete = (done - 1) * 100 / activity.Count });
                foreach (var a in Of(source, f, pages))
                {
                    if ((++n & 0x3FF) == 0) _host.CancellationToken.ThrowIfCancellationRequested();
                    linker?.Link(a);
                    yield return a;
                }
            }
            pages.Report(_host);
            if (activity.Count > 0) _host.WriteProgress(new ProgressInfo { Activity = "Reading activity logs", Completed = true, PercentComplete = 100 });
            _host.WriteVerbose("Activity: " + n + " events from " + activity.Count + " file(s) in " + clock.ElapsedMilliseconds + " ms.");
        }

        /// <summary>The activities of one classified file (used by the offline source for last use too).</summary>
        /// <paramref name="pages"/>, when given, learns whether each Graph or lookup-events page was the last one.
        internal static IEnumerable<NhiTools.Activity> Of(OfflineSource source, OfflineSource.ExportEntry f, Sources.Offline.Common.PageCheck pages = null)
        {
            bool last = true;
            switch (f.Format)
            {
                case OfflineFormat.CloudTrailLog:
                    foreach (var item in source.GuardedItems(f.Path))
                        if (!item.IsProperty && item.Container == "Records")
                        {
                            var a = CloudTrailEvents.FromRecord(item.Element, f.Path);
                            if (a != null) yield return a;
                        }
                    break;
                case OfflineFormat.CloudTrailLookupEvents:
                    foreach (var item in source.GuardedItems(f.Path))
                    {
                        if (item.IsProperty) { last &= !(item.Container == "NextToken" && IsText(item.Element)); continue; }
                        if (item.Container == "Events")
                        {
                            var a = CloudTrailEvents.FromLookupEvent(item.Element, f.Path);
                            if (a != null) yield return a;
                        }
                    }
                    pages?.Page("CloudTrail lookup-events", last);
                    break;
                case OfflineFormat.GraphSignIns:
                case OfflineFormat.GraphDirectoryAudits:
                    bool signIns = f.Format == OfflineFormat.GraphSignIns;
                    foreach (var item in source.GuardedItems(f.Path))
                    {
                        if (item.IsProperty) { last &= !(item.Container == "@odata.nextLink" && IsText(item.Element)); continue; }
                        if (item.Container == "value")
                        {
                            var a = signIns ? EntraEvents.FromSignIn(item.Element, f.Path) : EntraEvents.FromAudit(item.Element, f.Path);
                            if (a != null) yield return a;
                        }
                    }
                    pages?.Page(signIns ? "Graph auditLogs/signIns" : "Graph auditLogs/directoryAudits", last);
                    break;
                case OfflineFormat.AwsServiceLastAccessed:
                    foreach (var a in AccessAdvisorReport.Read(source.GuardedItems(f.Path), f.Path, source.Host)) yield return a;
                    break;
            }
        }

        private static bool IsText(System.Text.Json.JsonElement e) => e.ValueKind == System.Text.Json.JsonValueKind.String && e.GetString().Length > 0;
    }
}
