using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Journal;

namespace NhiTools.Engine.Cleanup
{
    /// <summary>
    /// Reads the journal's append-only change records as changes: the records of one step (same operation, action
    /// and target: Started, then Done/Unchanged/Failed) fold into one <see cref="Change"/> whose Id is the first
    /// record's id, with the last outcome; an Undo change marks the change it reversed.
    /// </summary>
    public static class ChangeLog
    {
        public const string Started = "Started";
        public const string Done = "Done";
        public const string Unchanged = "Unchanged";
        public const string Failed = "Failed";
        /// <summary>Prefix of After on a Failed record: the scrubbed error.</summary>
        public const string ErrorPrefix = "error: ";

        public static List<Change> Read(IChangeJournal journal, ChangeQuery query = null)
        {
            var records = journal.Changes(query);
            var groups = new List<List<ChangeRecord>>();
            var index = new Dictionary<string, List<ChangeRecord>>(StringComparer.Ordinal);
            foreach (var r in records)
            {
                var key = (r.OperationId ?? r.Id) + "\n" + r.Action + "\n" + (r.Target ?? "") + "\n" + (r.IdentityId ?? "");
                if (!index.TryGetValue(key, out var g))
                {
                    index[key] = g = new List<ChangeRecord>();
                    groups.Add(g);
                }
                g.Add(r);
            }
            var changes = groups.Select(Fold).ToList();
            // An undo that took effect (or may have) marks the change it reverses.
            var byId = changes.ToDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var u in changes.Where(c => c.Action == CleanupActions.Undo && (c.Outcome == Done || c.Outcome == Unchanged)))
                if (u.Target != null && byId.TryGetValue(u.Target, out var original))
                {
                    original.UndoneBy = u.Id;
                    original.UndoneOn = u.At;
                }
            foreach (var c in changes)
            {
                var reverse = CleanupActions.ReverseOf(c.Action, c.Provider, out var whyNot);
                c.CanUndo = reverse != null && c.UndoneBy == null && c.Outcome != Unchanged;
                c.UndoNote = reverse == null ? whyNot : c.UndoneBy != null ? "Undone by " + c.UndoneBy + "." : c.Outcome == Unchanged ? "Nothing was changed." : null;
            }
            return changes;
        }

        /// <summary>Every change, including ones outside the query's window, is needed to know what was undone; filter afterwards.</summary>
        public static Change Find(IChangeJournal journal, string id) =>
            Read(journal).FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

        private static Change Fold(List<ChangeRecord> g)
        {
            var first = g[0];
            var last = g[g.Count - 1];
            var failed = last.Outcome == Failed;
            return new Change
            {
                Id = first.Id,
                At = first.At,
                Actor = first.Actor,
                Action = first.Action,
                IdentityId = first.IdentityId,
                IdentityName = g.Select(r => r.IdentityName).LastOrDefault(n => n != null),
                Provider = first.Provider,
                Target = first.Target,
                OperationId = first.OperationId,
                Reason = g.Select(r => r.Reason).FirstOrDefault(n => !string.IsNullOrEmpty(n)),
                Before = g.Select(r => r.Before).FirstOrDefault(n => n != null),
                After = failed ? g.Take(g.Count - 1).Select(r => r.After).LastOrDefault(n => n != null) : last.After,
                Outcome = last.Outcome,
                Error = failed && last.After != null && last.After.StartsWith(ErrorPrefix, StringComparison.Ordinal) ? last.After.Substring(ErrorPrefix.Length) : null,
            };
        }
    }
}
