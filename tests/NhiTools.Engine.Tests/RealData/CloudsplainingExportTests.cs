using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Sources.Offline;
using Xunit;
using Xunit.Abstractions;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>
    /// cloudsplaining's example account export (a real get-account-authorization-details of a deliberately
    /// vulnerable account; provenance in TestData/real/PROVENANCE.md). Every "high-risk action X on *" claim the
    /// classifier makes is checked against the raw policy documents by an independent reading in this test.
    /// </summary>
    public class CloudsplainingExportTests
    {
        private readonly ITestOutputHelper _out;
        public CloudsplainingExportTests(ITestOutputHelper output) { _out = output; }

        internal static string File => Path.Combine(AppContext.BaseDirectory, "TestData", "real", "aws", "cloudsplaining-example.json");

        private static readonly Regex Claim = new Regex(@"^high-risk action (?<granted>\S+)(?: \(grants (?<risky>\S+)\))? on (?<res>\S+)", RegexOptions.CultureInvariant);

        [Fact]
        public void Every_high_risk_action_on_star_claim_is_true_of_the_documents()
        {
            var host = new RecordingHost();
            var ids = new OfflineSource(host).Read(new[] { File }).ToList();
            Assert.Empty(host.Errors);
            var truth = new RawDocuments(File);
            var policy = new CompiledPolicy(FindingPolicy.Default);
            int claims = 0;
            var wrong = new List<string>();
            var missed = new List<string>();
            foreach (var id in ids)
            {
                var matches = PermissionClassifier.Classify(id.Permissions, policy);
                // Recall: a policy that grants a high-risk action on * must be graded (at least Medium when a condition narrows it).
                foreach (var perm in id.Permissions)
                    foreach (var a in FindingPolicy.Default.HighRiskActions)
                        if (truth.AllowsOnStar(id.NativeId, perm.Name, a) && (matches == null || !matches.Exists(m => m.Permission == perm && m.Level >= Severity.Medium)))
                            missed.Add(id.Name + ": " + perm.Name + " grants " + a + " on *");
                if (matches == null) continue;
                foreach (var m in matches)
                {
                    var c = Claim.Match(m.Reason);
                    if (!c.Success || c.Groups["res"].Value != "*") continue;
                    claims++;
                    string risky = c.Groups["risky"].Success ? c.Groups["risky"].Value : c.Groups["granted"].Value;
                    if (!truth.AllowsOnStar(id.NativeId, m.Permission.Name, risky)) wrong.Add(id.Name + ": " + m.Describe());
                }
            }
            _out.WriteLine("claims: " + claims + ", wrong: " + wrong.Count);
            foreach (var w in wrong) _out.WriteLine("  " + w);
            foreach (var m in missed.Distinct()) _out.WriteLine("  missed " + m);
            Assert.True(claims > 0, "no claims at all: the export was not read");
            Assert.Empty(wrong);
            Assert.Empty(missed);
        }

        /// <summary>The export's policy documents per principal, read with no engine code.</summary>
        private sealed class RawDocuments
        {
            private readonly Dictionary<string, List<(string Name, JsonElement Doc)>> _byPrincipal = new Dictionary<string, List<(string, JsonElement)>>();

            public RawDocuments(string file)
            {
                var root = JsonDocument.Parse(System.IO.File.ReadAllText(file)).RootElement;
                var managed = new Dictionary<string, JsonElement>();
                foreach (var p in root.GetProperty("Policies").EnumerateArray())
                    foreach (var v in p.GetProperty("PolicyVersionList").EnumerateArray())
                        if (v.GetProperty("IsDefaultVersion").GetBoolean()) managed[p.GetProperty("Arn").GetString()] = v.GetProperty("Document");
                var groups = new Dictionary<string, List<(string, JsonElement)>>();
                foreach (var g in root.GetProperty("GroupDetailList").EnumerateArray())
                    groups[g.GetProperty("GroupName").GetString()] = Docs(g, "GroupPolicyList", managed);
                foreach (var (list, inline) in new[] { ("UserDetailList", "UserPolicyList"), ("RoleDetailList", "RolePolicyList") })
                    foreach (var u in root.GetProperty(list).EnumerateArray())
                    {
                        var docs = Docs(u, inline, managed);
                        if (u.TryGetProperty("GroupList", out var gl))
                            foreach (var g in gl.EnumerateArray()) if (groups.TryGetValue(g.GetString(), out var gd)) docs.AddRange(gd);
                        _byPrincipal[u.GetProperty("Arn").GetString()] = docs;
                    }
            }

            private static List<(string, JsonElement)> Docs(JsonElement e, string inline, Dictionary<string, JsonElement> managed)
            {
                var docs = new List<(string, JsonElement)>();
                if (e.TryGetProperty(inline, out var il))
                    foreach (var p in il.EnumerateArray()) docs.Add((p.GetProperty("PolicyName").GetString(), p.GetProperty("PolicyDocument")));
                foreach (var a in e.GetProperty("AttachedManagedPolicies").EnumerateArray())
                    if (managed.TryGetValue(a.GetProperty("PolicyArn").GetString(), out var d)) docs.Add((a.GetProperty("PolicyName").GetString(), d));
                return docs;
            }

            /// <summary>Whether one Allow statement of the named policy grants the action on Resource "*" and no unconditional Deny on "*" of the principal's takes it back.</summary>
            public bool AllowsOnStar(string arn, string policyName, string action)
            {
                foreach (var (_, doc) in _byPrincipal[arn])
                    foreach (var st in Statements(doc))
                        if (st.GetProperty("Effect").GetString() == "Deny" && !st.TryGetProperty("Condition", out _)
                            && st.TryGetProperty("Resource", out var dr) && List(dr).Contains("*")
                            && st.TryGetProperty("Action", out var da) && List(da).Any(x => Like(x, action) || Like(action, x))) return false;
                foreach (var (name, doc) in _byPrincipal[arn])
                {
                    if (name != policyName) continue;
                    foreach (var st in Statements(doc))
                    {
                        if (st.GetProperty("Effect").GetString() != "Allow") continue;
                        if (!st.TryGetProperty("Resource", out var r) || !List(r).Contains("*")) continue;
                        if (st.TryGetProperty("Action", out var a) && List(a).Any(x => Like(x, action))) return true;
                        if (st.TryGetProperty("NotAction", out var na) && !List(na).Any(x => Like(x, action) || Like(action, x))) return true;
                    }
                }
                return false;
            }

            private static JsonElement[] Statements(JsonElement doc)
            {
                var sts = doc.GetProperty("Statement");
                return sts.ValueKind == JsonValueKind.Array ? sts.EnumerateArray().ToArray() : new[] { sts };
            }

            private static List<string> List(JsonElement e) =>
                e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetString()).ToList() : new List<string> { e.GetString() };

            private static bool Like(string pattern, string text) =>
                Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase);
        }
    }
}
