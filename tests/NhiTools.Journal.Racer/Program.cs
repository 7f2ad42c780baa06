using System;
using System.Threading;
using NhiTools.Engine.Journal;

namespace NhiTools.Journal.Racer
{
    /// <summary>
    /// The second process of the journal race tests. Opens the journal NHITOOLS_JOURNAL names (else the SQLite store
    /// given by --store), says "ready", waits for "go" on stdin, then tries for the key's lease. Winner: saves the
    /// row and appends one change record, keeps the lease, says "won", exits 0. Loser: writes nothing, says "busy",
    /// exits 3. With --rotate: a whole rotation through the labs instead (RotateRace).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (Array.IndexOf(args, "--rotate") >= 0) return RotateRace.Run(name => Arg(args, name));
            string key = Arg(args, "--key"), holder = Arg(args, "--holder"), store = Arg(args, "--store");
            int holdMs = int.TryParse(Arg(args, "--hold-ms"), out int h) ? h : 2000;
            // The factory the cmdlets use: NHITOOLS_JOURNAL (Azure Tables) when set, else the SQLite store.
            using IChangeJournal journal = JournalFactory.Open(null, store);
            journal.List(); // storage opened (and created) before the race starts
            Console.WriteLine("ready");
            if (Console.ReadLine() != "go") return 2;

            JournalLease lease = journal.TryAcquireLease(key, holder, TimeSpan.FromMinutes(1));
            if (lease == null)
            {
                Console.WriteLine("busy");
                return 3;
            }
            JournalRow row = journal.Get(key) ?? new JournalRow { Key = key, Kind = "Rotation", StartedOn = DateTime.UtcNow };
            row.OperationId = holder;
            row.State = "Creating";
            row.UpdatedOn = DateTime.UtcNow;
            journal.Save(row, lease);
            Thread.Sleep(holdMs); // still holding while the other process tries
            journal.RenewLease(lease, TimeSpan.FromMinutes(1));
            journal.Append(new ChangeRecord { Action = "RaceWon", OperationId = holder, Actor = holder, Outcome = "Done" });
            Console.WriteLine("won");
            return 0;
        }

        static string Arg(string[] args, string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
    }
}
