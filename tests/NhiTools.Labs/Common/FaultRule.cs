using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NhiTools.Labs.Common
{
    /// <summary>What a fault does to a matching request.</summary>
    public enum FaultKind
    {
        /// <summary>Answer with <see cref="FaultRule.Status"/> (429, 500, 503, ...) in the lab's error shape; the handler never runs.</summary>
        Status,
        /// <summary>Hang until the client gives up (bounded by <see cref="FaultRule.Hang"/>), then drop the connection.</summary>
        Timeout,
        /// <summary>Drop the connection at once, before the handler runs.</summary>
        Reset,
        /// <summary>Run the handler (the write happens), then drop the connection instead of answering.</summary>
        CommitThenDrop,
    }

    /// <summary>
    /// One fault-injection rule: which requests it matches (operation, optionally method and path) and when it
    /// fires among them (the Nth match, after N matches, at most N times, with a probability).
    /// Build it in code (<see cref="Throttle"/>, <see cref="Fail"/>, ...) or parse the text form (<see cref="Parse"/>):
    /// <code>op=applications.list status=429 retryAfter=1 times=2
    /// op=*.addPassword action=commit-drop nth=1
    /// op=* status=429 p=0.3 retryAfter=0
    /// op=applications.get method=GET path=/v1.0/applications/ action=reset</code>
    /// </summary>
    public sealed class FaultRule
    {
        /// <summary>Operation name pattern: exact (case-insensitive) or with '*' wildcards ("applications.*", "*").</summary>
        public string Operation { get; set; } = "*";
        /// <summary>HTTP method to match, or null for any.</summary>
        public string Method { get; set; }
        /// <summary>Path prefix to match (case-insensitive, against the path without query), or null for any.</summary>
        public string PathPrefix { get; set; }

        public FaultKind Kind { get; set; } = FaultKind.Status;
        /// <summary>Status code for <see cref="FaultKind.Status"/>.</summary>
        public int Status { get; set; } = 429;
        /// <summary>Retry-After in whole seconds (sent for Status faults when set). Graph's SDK parses integers only.</summary>
        public int? RetryAfterSeconds { get; set; }
        /// <summary>Error code in the lab's error body; null = the lab's own code for that status.</summary>
        public string ErrorCode { get; set; }
        /// <summary>Error message in the lab's error body; null = the lab's own message.</summary>
        public string ErrorMessage { get; set; }
        /// <summary>Upper bound of a Timeout fault; null = the lab's <see cref="LabServerOptions.DefaultHang"/>.</summary>
        public TimeSpan? Hang { get; set; }

        /// <summary>Fire only on the Nth matching call (1-based); 0 = any call.</summary>
        public int Nth { get; set; }
        /// <summary>Let the first N matching calls through.</summary>
        public int After { get; set; }
        /// <summary>Fire at most this many times; null = no limit.</summary>
        public int? Times { get; set; }
        /// <summary>Fire with this probability (0..1) from the lab's seeded Random; null = always.</summary>
        public double? Probability { get; set; }
        /// <summary>Name shown in the request log; default = the rule's text form.</summary>
        public string Name { get; set; }

        // Counters, guarded by the FaultInjector's lock.
        internal int Matched;
        internal int Fired;

        /// <summary>How many requests matched this rule so far, and how many it changed.</summary>
        public int MatchedCount => System.Threading.Volatile.Read(ref Matched);
        public int FiredCount => System.Threading.Volatile.Read(ref Fired);

        public static FaultRule Throttle(string operation, int retryAfterSeconds = 0) =>
            new FaultRule { Operation = operation, Kind = FaultKind.Status, Status = 429, RetryAfterSeconds = retryAfterSeconds };

        public static FaultRule Fail(string operation, int status = 500) =>
            new FaultRule { Operation = operation, Kind = FaultKind.Status, Status = status };

        public static FaultRule Reset(string operation) => new FaultRule { Operation = operation, Kind = FaultKind.Reset };

        public static FaultRule Timeout(string operation, TimeSpan? hang = null) =>
            new FaultRule { Operation = operation, Kind = FaultKind.Timeout, Hang = hang };

        public static FaultRule CommitThenDrop(string operation) =>
            new FaultRule { Operation = operation, Kind = FaultKind.CommitThenDrop };

        /// <summary>Fluent: fire only on the Nth matching call.</summary>
        public FaultRule OnNth(int n) { Nth = n; return this; }
        /// <summary>Fluent: fire at most N times.</summary>
        public FaultRule Limit(int times) { Times = times; return this; }
        /// <summary>Fluent: fire with probability p (seeded).</summary>
        public FaultRule WithProbability(double p) { Probability = p; return this; }
        /// <summary>Fluent: restrict to a method and/or path prefix.</summary>
        public FaultRule On(string method, string pathPrefix = null) { Method = method; PathPrefix = pathPrefix; return this; }

        internal bool Matches(string operation, string method, string path)
        {
            if (!WildcardMatch(Operation, operation)) return false;
            if (Method != null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) return false;
            if (PathPrefix != null && (path == null || !path.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase))) return false;
            return true;
        }

        internal static bool WildcardMatch(string pattern, string value)
        {
            if (string.IsNullOrEmpty(pattern) || pattern == "*") return true;
            value ??= string.Empty;
            if (pattern.IndexOf('*') < 0) return string.Equals(pattern, value, StringComparison.OrdinalIgnoreCase);
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$";
            return Regex.IsMatch(value, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <summary>
        /// Parses the text form: space-separated key=value pairs. Keys: op, method, path, status, action
        /// (status|timeout|reset|commit-drop), retryAfter, code, message (no spaces; use '_' for a space), hang
        /// (seconds, or with a ms/s suffix), nth, after, times, p, name. "status=N" alone implies action=status.
        /// </summary>
        public static FaultRule Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new FormatException("A fault rule cannot be empty.");
            var rule = new FaultRule();
            foreach (var token in text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = token.IndexOf('=');
                if (eq <= 0) throw new FormatException($"Fault rule token '{token}' is not key=value.");
                var key = token.Substring(0, eq).ToLowerInvariant();
                var value = token.Substring(eq + 1);
                switch (key)
                {
                    case "op": case "operation": rule.Operation = value; break;
                    case "method": rule.Method = value.ToUpperInvariant(); break;
                    case "path": rule.PathPrefix = value; break;
                    case "status": rule.Kind = FaultKind.Status; rule.Status = ParseInt(key, value); break;
                    case "action": rule.Kind = ParseKind(value); break;
                    case "retryafter": case "retry-after": rule.RetryAfterSeconds = ParseInt(key, value); break;
                    case "code": rule.ErrorCode = value; break;
                    case "message": rule.ErrorMessage = value.Replace('_', ' '); break;
                    case "hang": rule.Hang = ParseDuration(value); break;
                    case "nth": rule.Nth = ParseInt(key, value); break;
                    case "after": rule.After = ParseInt(key, value); break;
                    case "times": rule.Times = ParseInt(key, value); break;
                    case "p": case "probability":
                        rule.Probability = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
                        if (rule.Probability < 0 || rule.Probability > 1) throw new FormatException("p must be within 0..1.");
                        break;
                    case "name": rule.Name = value; break;
                    default: throw new FormatException($"Unknown fault rule key '{key}'.");
                }
            }
            return rule;
        }

        private static FaultKind ParseKind(string value)
        {
            switch (value.ToLowerInvariant())
            {
                case "status": case "error": return FaultKind.Status;
                case "timeout": case "hang": return FaultKind.Timeout;
                case "reset": case "abort": return FaultKind.Reset;
                case "commit-drop": case "commitdrop": case "commit-then-drop": return FaultKind.CommitThenDrop;
                default: throw new FormatException($"Unknown fault action '{value}' (status, timeout, reset, commit-drop).");
            }
        }

        private static int ParseInt(string key, string value)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
                throw new FormatException($"Fault rule '{key}' needs a non-negative integer, not '{value}'.");
            return n;
        }

        private static TimeSpan ParseDuration(string value)
        {
            if (value.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
                return TimeSpan.FromMilliseconds(ParseInt("hang", value.Substring(0, value.Length - 2)));
            if (value.EndsWith("s", StringComparison.OrdinalIgnoreCase))
                value = value.Substring(0, value.Length - 1);
            return TimeSpan.FromSeconds(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        /// <summary>The text form (round-trips through <see cref="Parse"/>).</summary>
        public override string ToString()
        {
            var sb = new StringBuilder("op=").Append(Operation);
            if (Method != null) sb.Append(" method=").Append(Method);
            if (PathPrefix != null) sb.Append(" path=").Append(PathPrefix);
            switch (Kind)
            {
                case FaultKind.Status: sb.Append(" status=").Append(Status); break;
                case FaultKind.Timeout: sb.Append(" action=timeout"); break;
                case FaultKind.Reset: sb.Append(" action=reset"); break;
                case FaultKind.CommitThenDrop: sb.Append(" action=commit-drop"); break;
            }
            if (RetryAfterSeconds.HasValue) sb.Append(" retryAfter=").Append(RetryAfterSeconds.Value);
            if (ErrorCode != null) sb.Append(" code=").Append(ErrorCode);
            if (ErrorMessage != null) sb.Append(" message=").Append(ErrorMessage.Replace(' ', '_'));
            if (Hang.HasValue) sb.Append(" hang=").Append(((int)Hang.Value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append("ms");
            if (Nth > 0) sb.Append(" nth=").Append(Nth);
            if (After > 0) sb.Append(" after=").Append(After);
            if (Times.HasValue) sb.Append(" times=").Append(Times.Value);
            if (Probability.HasValue) sb.Append(" p=").Append(Probability.Value.ToString(CultureInfo.InvariantCulture));
            if (Name != null) sb.Append(" name=").Append(Name);
            return sb.ToString();
        }
    }
}
