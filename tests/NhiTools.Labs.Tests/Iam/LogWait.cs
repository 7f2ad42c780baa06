using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Labs.Common;

namespace NhiTools.Labs.Tests
{
    /// <summary>
    /// The lab logs a request after its response has gone out, so a client can see the answer before the entry
    /// exists. Tests that read the log wait for the count they expect (bounded) and order entries by arrival.
    /// </summary>
    internal static class LogWait
    {
        public static async Task<IReadOnlyList<RequestLogEntry>> EntriesAsync(LabServer lab, Func<RequestLogEntry, bool> filter, int expected)
        {
            var watch = Stopwatch.StartNew();
            while (lab.Log.Count(filter) < expected && watch.Elapsed < TimeSpan.FromSeconds(3)) await Task.Delay(10);
            await Task.Delay(20); // let a stray extra entry land too, so "exactly N" checks stay honest
            return lab.Log.Entries.Where(filter).OrderBy(e => e.Time).ThenBy(e => e.Sequence).ToList();
        }

        public static Task<IReadOnlyList<RequestLogEntry>> EntriesAsync(LabServer lab, int expected) => EntriesAsync(lab, _ => true, expected);

        public static Task<IReadOnlyList<RequestLogEntry>> EntriesAsync(LabServer lab, string operation, int expected) =>
            EntriesAsync(lab, e => string.Equals(e.Operation, operation, StringComparison.OrdinalIgnoreCase), expected);
    }
}
