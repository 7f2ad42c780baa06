using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Labs.Common;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Rotation.Tests.Rotation
{
    /// <summary>
    /// reliability.md §11 case 21: every step boundary × {killed there, timeout after the server committed
    /// (commit-drop), 429 with Retry-After, 5xx, 403} × {Entra, AWS}. After the faulty run, fresh runners (another
    /// holder, once the killed run's lease expired) resume until the rotation ends; then the invariants of §10 hold:
    /// it ends Idle, Blocked or Failed; the vault's current value authenticates against the lab; at most one
    /// credential more than before (none after a finished or rolled-back run); no foreign credential removed.
    /// </summary>
    public sealed class FaultMatrixTests
    {
        private readonly ITestOutputHelper _output;

        public FaultMatrixTests(ITestOutputHelper output) { _output = output; }

        /// <summary>A process killed at a step boundary: not an NhiException, so nothing cleans up or releases the lease.</summary>
        private sealed class SimulatedKill : Exception
        {
            public SimulatedKill(string at) : base("killed at " + at) { }
        }

        private sealed class Cell
        {
            public string Provider;
            public string Name;
            public string KillAt;
            public Func<RotationLabs, (LabServer, FaultRule)> Fault;
            public override string ToString() => Provider + " " + Name;
        }

        private static IEnumerable<Cell> Cells()
        {
            var entraOps = new (string Name, Func<RotationLabs, LabServer> Lab, string Op, int Nth)[]
            {
                ("addPassword", l => l.Graph, "applications.addPassword", 0),
                ("SetSecret pending", l => l.Vault, "SetSecret", 1),
                ("token (proof)", l => l.Graph, "token", 0),
                ("SetSecret promote", l => l.Vault, "SetSecret", 2),
                ("removePassword", l => l.Graph, "applications.removePassword", 0),
                ("DeleteSecret pending", l => l.Vault, "DeleteSecret", 0),
            };
            var awsOps = new (string Name, Func<RotationLabs, LabServer> Lab, string Op, int Nth)[]
            {
                ("CreateAccessKey", l => l.Iam, "CreateAccessKey", 0),
                ("SetSecret pending", l => l.Vault, "SetSecret", 1),
                ("GetCallerIdentity (proof)", l => l.Iam, "GetCallerIdentity", 0),
                ("SetSecret promote", l => l.Vault, "SetSecret", 2),
                ("UpdateAccessKey (deactivate)", l => l.Iam, "UpdateAccessKey", 0),
                ("DeleteAccessKey", l => l.Iam, "DeleteAccessKey", 0),
                ("DeleteSecret pending", l => l.Vault, "DeleteSecret", 0),
            };
            var kinds = new (string Name, Func<string, int, FaultRule> Make)[]
            {
                ("commit-drop", (op, nth) => Nth(FaultRule.CommitThenDrop(op), nth).Limit(1)),
                ("429 Retry-After", (op, nth) => Nth(FaultRule.Throttle(op, 1), nth).Limit(2)),
                ("5xx", (op, nth) => Nth(FaultRule.Fail(op, 503), nth).Limit(2)),
                ("403", (op, nth) => Nth(FaultRule.Fail(op, 403), nth)),
            };
            foreach (var (provider, ops, kills) in new[]
            {
                ("Entra", entraOps, new[] { "before-create", "after-create", "after-pending", "after-prove", "before-promote", "after-promote", "before-retire", "after-retire" }),
                ("Aws", awsOps, new[] { "before-create", "after-create", "after-pending", "after-prove", "before-promote", "after-promote", "before-deactivate", "after-deactivate", "before-delete", "after-delete" }),
            })
            {
                foreach (var k in kills)
                    yield return new Cell { Provider = provider, Name = "killed " + k, KillAt = provider + ":" + k };
                foreach (var op in ops)
                    foreach (var kind in kinds)
                    {
                        var o = op;
                        var f = kind;
                        yield return new Cell { Provider = provider, Name = f.Name + " on " + o.Name, Fault = l => (o.Lab(l), f.Make(o.Op, o.Nth)) };
                    }
            }
        }

        private static FaultRule Nth(FaultRule rule, int nth) => nth > 0 ? rule.OnNth(nth) : rule;

        [Fact]
        public async Task Every_fault_at_every_step_converges_with_the_invariants_holding()
        {
            var cells = Cells().ToList();
            var failures = new List<string>();
            var endings = new Dictionary<string, int>();
            foreach (var cell in cells)
            {
                try
                {
                    var end = await RunCellAsync(cell);
                    endings[end] = endings.TryGetValue(end, out var n) ? n + 1 : 1;
                }
                catch (Exception ex)
                {
                    failures.Add(cell + ": " + ex.GetType().Name + " " + ex.Message);
                }
            }

            var survived = cells.Count - failures.Count;
            var line = "faults survived: " + survived + "/" + cells.Count;
            _output.WriteLine(line);
            Console.WriteLine(line);
            var ends = "ended: " + string.Join(", ", endings.OrderBy(e => e.Key).Select(e => e.Key + " " + e.Value));
            _output.WriteLine(ends);
            Console.WriteLine(ends);
            foreach (var f in failures) _output.WriteLine("  FAILED " + f);
            Assert.True(failures.Count == 0, line + "\n" + string.Join("\n", failures));
        }

        private async Task<string> RunCellAsync(Cell cell)
        {
            await using var labs = await RotationLabs.StartAsync();
            var provider = cell.Provider;
            var baseline = labs.Credentials(provider).Count;
            using var journal = labs.OpenJournal();
            var killed = false;
            var options = labs.Options(at =>
            {
                if (!killed && at == cell.KillAt)
                {
                    killed = true;
                    throw new SimulatedKill(at);
                }
            });
            FaultRule injected = null;
            if (cell.Fault != null)
            {
                var (lab, rule) = cell.Fault(labs);
                injected = lab.Faults.Add(rule);
            }

            try
            {
                new RotationRunner(journal, options, new RecordingHost()).Rotate(labs.Request(provider), labs.Machine(provider));
            }
            catch (SimulatedKill) { }
            catch (NhiTools.Hosting.NhiException) { }

            if (cell.KillAt != null && !killed) throw new Exception("the kill boundary " + cell.KillAt + " was never reached");
            if (injected != null && injected.FiredCount == 0) throw new Exception("the fault " + injected + " never fired");
            labs.Graph.Faults.Clear();
            labs.Iam.Faults.Clear();
            labs.Vault.Faults.Clear();

            // The next scheduled job: another holder, after the dead run's lease expired.
            for (int i = 0; i < 6; i++)
            {
                var row = journal.List().SingleOrDefault();
                if (row == null || !RotationStates.IsInProgress(row.State)) break;
                labs.Now = labs.Now.AddMinutes(5);
                try { new RotationRunner(journal, labs.Options(), new RecordingHost()).Resume(row, labs.Machine(provider)); }
                catch (NhiTools.Hosting.NhiException) { }
            }

            var final = journal.List().SingleOrDefault();
            var state = final?.State ?? RotationStates.Idle;
            if (state != RotationStates.Idle && state != RotationStates.Blocked && state != RotationStates.Failed)
                throw new Exception("ended in " + state + " (" + final?.LastError + ")");
            if (!await labs.CurrentValueAuthenticatesAsync(provider))
                throw new Exception("I1: the vault's current value does not authenticate (state " + state + ")");
            var count = labs.Credentials(provider).Count;
            if (count > baseline + 1) throw new Exception("I2: " + count + " credentials, baseline " + baseline);
            if (count != baseline) throw new Exception("I2: a finished run left " + count + " credentials, baseline " + baseline + " (state " + state + ")");
            if (!labs.ForeignIntact(provider)) throw new Exception("I3: a foreign credential was removed");
            if (labs.Vault.Store.Find(labs.SecretName(provider) + NhiTools.Engine.Rotation.VaultTags.PendingSuffix) != null && state != RotationStates.Blocked)
                throw new Exception("the pending secret was left behind (state " + state + ")");
            return state == RotationStates.Idle && final?.Step == "Retired" ? "Retired" : state;
        }
    }
}
