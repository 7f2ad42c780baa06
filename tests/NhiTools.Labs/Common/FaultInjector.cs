using System;
using System.Collections.Generic;

namespace NhiTools.Labs.Common
{
    /// <summary>
    /// The lab's fault rules. Rules are tried in the order added; the first that matches AND fires wins.
    /// Every matching rule counts the call (so "nth" counts calls to that operation even when another rule fired).
    /// Thread-safe; the probability draws come from one seeded Random, so a sequential run is replayable.
    /// </summary>
    public sealed class FaultInjector
    {
        private readonly object _gate = new object();
        private readonly List<FaultRule> _rules = new List<FaultRule>();
        private readonly Random _random;

        public FaultInjector(int seed) { _random = new Random(seed); }

        public FaultRule Add(FaultRule rule)
        {
            if (rule == null) throw new ArgumentNullException(nameof(rule));
            lock (_gate) _rules.Add(rule);
            return rule;
        }

        /// <summary>Adds a rule in text form (see <see cref="FaultRule.Parse"/>).</summary>
        public FaultRule Add(string text) => Add(FaultRule.Parse(text));

        public bool Remove(FaultRule rule) { lock (_gate) return _rules.Remove(rule); }

        public void Clear() { lock (_gate) _rules.Clear(); }

        public IReadOnlyList<FaultRule> Rules { get { lock (_gate) return _rules.ToArray(); } }

        /// <summary>Decides whether the request gets a fault; null = handle it normally.</summary>
        public FaultRule Evaluate(string operation, string method, string path)
        {
            lock (_gate)
            {
                FaultRule chosen = null;
                foreach (var rule in _rules)
                {
                    if (!rule.Matches(operation, method, path)) continue;
                    rule.Matched++;
                    if (chosen != null) continue;
                    if (rule.Nth > 0 && rule.Matched != rule.Nth) continue;
                    if (rule.Matched <= rule.After) continue;
                    if (rule.Times.HasValue && rule.Fired >= rule.Times.Value) continue;
                    if (rule.Probability.HasValue && _random.NextDouble() >= rule.Probability.Value) continue;
                    rule.Fired++;
                    chosen = rule;
                }
                return chosen;
            }
        }
    }
}
