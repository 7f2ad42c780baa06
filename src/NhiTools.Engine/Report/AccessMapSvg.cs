using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using static NhiTools.Engine.Report.HtmlText;

namespace NhiTools.Engine.Report
{
    /// <summary>
    /// Draws an <see cref="AccessGraph"/> as inline SVG in four columns: owners and principals that can assume
    /// (left), identities, credentials, systems (right). Rows follow the identities' order; the other columns
    /// sit at the mean row of their neighbours, which keeps most arrows short and untangled.
    /// </summary>
    internal static class AccessMapSvg
    {
        private const int NodeW = 236, NodeH = 22, RowH = 28, ColGap = 70, Pad = 10;

        public static string Render(AccessGraph g, int maxIdentities, out int shownIdentities, out int totalIdentities)
        {
            var identities = g.Nodes.Where(n => n.Kind == AccessNodeKind.Identity || n.Kind == AccessNodeKind.Agent).ToList();
            totalIdentities = identities.Count;
            // Large estates: keep the identities with the worst findings, then the most connected.
            var degree = g.Edges.SelectMany(e => new[] { e.From, e.To }).GroupBy(x => x).ToDictionary(x => x.Key, x => x.Count());
            var kept = identities.OrderByDescending(n => n.MaxSeverity.HasValue ? (int)n.MaxSeverity.Value + 1 : 0)
                .ThenByDescending(n => n.FindingCount).ThenByDescending(n => degree.TryGetValue(n.Id, out int d) ? d : 0)
                .ThenBy(n => n.Id, StringComparer.Ordinal).Take(maxIdentities).Select(n => n.Id).ToList();
            shownIdentities = kept.Count;
            var keptSet = new HashSet<string>(kept, StringComparer.Ordinal);

            // Nodes reachable in one or two steps from the kept identities (credential -> vault).
            var edges = g.Edges.Where(e => keptSet.Contains(e.From) || keptSet.Contains(e.To)).ToList();
            var visible = new HashSet<string>(edges.SelectMany(e => new[] { e.From, e.To }).Concat(kept), StringComparer.Ordinal);
            edges.AddRange(g.Edges.Where(e => e.Kind == AccessEdge.StoredIn && visible.Contains(e.From) && !edges.Contains(e)));
            foreach (AccessEdge e in edges) { visible.Add(e.From); visible.Add(e.To); }
            var nodes = g.Nodes.Where(n => visible.Contains(n.Id)).ToDictionary(n => n.Id, StringComparer.Ordinal);

            int Column(AccessNode n)
            {
                switch (n.Kind)
                {
                    case AccessNodeKind.Owner: return 0;
                    case AccessNodeKind.Identity: case AccessNodeKind.Agent: return 1;
                    case AccessNodeKind.Credential: return 2;
                    default:
                        bool onlyAssumes = edges.Any(e => e.From == n.Id) && edges.Where(e => e.From == n.Id || e.To == n.Id).All(e => e.Kind == AccessEdge.CanAssume && e.From == n.Id);
                        return onlyAssumes ? 0 : 3;
                }
            }

            var columns = new List<AccessNode>[4];
            for (int c = 0; c < 4; c++) columns[c] = new List<AccessNode>();
            foreach (AccessNode n in nodes.Values) columns[Column(n)].Add(n);
            var row = new Dictionary<string, double>(StringComparer.Ordinal);
            var ordered = AgentsFirst(columns[1].OrderBy(n => n.Provider, StringComparer.Ordinal).ThenBy(n => n.Label, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal).ToList(), edges);
            columns[1] = ordered;
            for (int i = 0; i < ordered.Count; i++) row[ordered[i].Id] = i;
            foreach (int c in new[] { 2, 0, 3 })
            {
                columns[c] = columns[c].OrderBy(n => Barycenter(n.Id, edges, row)).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
                for (int i = 0; i < columns[c].Count; i++) row[columns[c][i].Id] = Math.Max(i, 0);
                // Spread to keep columns aligned with their neighbours where room allows.
                Place(columns[c], edges, row, c);
            }

            int rows = Math.Max(1, columns.Max(col => col.Count == 0 ? 0 : (int)Math.Ceiling(col.Max(n => row[n.Id])) + 1));
            int width = Pad * 2 + 4 * NodeW + 3 * ColGap, height = Pad * 2 + 24 + rows * RowH;
            var sb = new StringBuilder();
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" role=\"img\" aria-label=\"Access map\" viewBox=\"0 0 ")
              .Append(width).Append(' ').Append(height).Append("\" width=\"").Append(width).Append("\">");
            sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#80868b\"/></marker></defs>");
            string[] heads = { "Owners / can assume", "Identities", "Credentials", "Systems reached" };
            for (int c = 0; c < 4; c++)
                sb.Append("<text class=\"colhead\" x=\"").Append(X(c) + NodeW / 2).Append("\" y=\"").Append(Pad + 12).Append("\" text-anchor=\"middle\">").Append(heads[c]).Append("</text>");

            var colOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int c = 0; c < 4; c++) foreach (AccessNode n in columns[c]) colOf[n.Id] = c;
            foreach (AccessEdge e in edges)
            {
                if (!colOf.ContainsKey(e.From) || !colOf.ContainsKey(e.To)) continue;
                int c1 = colOf[e.From], c2 = colOf[e.To];
                double y1 = Y(row[e.From]) + NodeH / 2.0, y2 = Y(row[e.To]) + NodeH / 2.0;
                double x1, x2;
                if (c1 < c2) { x1 = X(c1) + NodeW; x2 = X(c2); }
                else if (c1 > c2) { x1 = X(c1); x2 = X(c2) + NodeW; }
                else { x1 = X(c1) + NodeW; x2 = X(c2) + NodeW; }
                double bend = c1 == c2 ? 40 : (x2 - x1) / 2;
                string cls = e.Kind == AccessEdge.CanAssume ? "edge assume" : e.Kind == AccessEdge.StoredIn ? "edge stored" : e.Kind == AccessEdge.ActsThrough ? "edge acts" : "edge";
                sb.Append("<path class=\"").Append(cls).Append("\" d=\"M").Append(Num(x1)).Append(',').Append(Num(y1)).Append(" C").Append(Num(x1 + bend)).Append(',').Append(Num(y1))
                  .Append(' ').Append(Num(x2 - (c1 == c2 ? -40 : bend))).Append(',').Append(Num(y2)).Append(' ').Append(Num(x2)).Append(',').Append(Num(y2))
                  .Append("\" marker-end=\"url(#arrow)\"><title>").Append(H(nodes[e.From].Label)).Append(' ').Append(e.Kind).Append(' ').Append(H(nodes[e.To].Label)).Append("</title></path>");
            }
            for (int c = 0; c < 4; c++)
                foreach (AccessNode n in columns[c])
                {
                    double y = Y(row[n.Id]);
                    string sev = n.MaxSeverity.HasValue && n.MaxSeverity.Value >= Severity.High ? " sev-" + n.MaxSeverity.Value.ToString().ToLowerInvariant() : "";
                    sb.Append("<g class=\"node ").Append(n.Kind.ToString().ToLowerInvariant()).Append(sev).Append("\"><title>").Append(H(n.Id))
                      .Append(n.FindingCount > 0 ? " — " + n.FindingCount + " finding(s), worst " + n.MaxSeverity : "")
                      .Append(n.ExceptedCount > 0 ? " — " + n.ExceptedCount + " excused by an exception" : "")
                      .Append(n.Kind == AccessNodeKind.Identity || n.Kind == AccessNodeKind.Agent
                          ? H(" — purpose: " + (n.Purpose ?? "none") + " — reviewed: " + (n.LastReviewedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "never"))
                          : "").Append("</title>");
                    sb.Append("<rect x=\"").Append(X(c)).Append("\" y=\"").Append(Num(y)).Append("\" width=\"").Append(NodeW).Append("\" height=\"").Append(NodeH)
                      .Append("\" rx=\"").Append(n.Kind == AccessNodeKind.Credential || n.Kind == AccessNodeKind.Owner ? 11 : 4).Append("\"/>");
                    sb.Append("<text x=\"").Append(X(c) + 8).Append("\" y=\"").Append(Num(y + 15)).Append("\">").Append(H(Truncate(n.Label, 33))).Append("</text></g>");
                }
            sb.Append("</svg>");
            return sb.ToString();
        }

        /// <summary>Each registered agent with the identities it acts through right beneath it, then the other identities.</summary>
        private static List<AccessNode> AgentsFirst(List<AccessNode> column, List<AccessEdge> edges)
        {
            var agents = column.Where(n => n.Id.StartsWith("agent:", StringComparison.Ordinal)).ToList();
            if (agents.Count == 0) return column;
            var result = new List<AccessNode>(column.Count);
            var placed = new HashSet<string>(StringComparer.Ordinal);
            foreach (AccessNode a in agents)
            {
                if (placed.Add(a.Id)) result.Add(a);
                var targets = new HashSet<string>(edges.Where(e => e.From == a.Id && e.Kind == AccessEdge.ActsThrough).Select(e => e.To), StringComparer.Ordinal);
                foreach (AccessNode n in column)
                    if (targets.Contains(n.Id) && placed.Add(n.Id)) result.Add(n);
            }
            foreach (AccessNode n in column) if (placed.Add(n.Id)) result.Add(n);
            return result;
        }

        private static int X(int column) => Pad + column * (NodeW + ColGap);
        private static double Y(double row) => Pad + 24 + row * RowH;

        private static double Barycenter(string id, List<AccessEdge> edges, Dictionary<string, double> row)
        {
            var ys = edges.Where(e => e.From == id || e.To == id).Select(e => e.From == id ? e.To : e.From)
                .Where(row.ContainsKey).Select(x => row[x]).ToList();
            return ys.Count == 0 ? double.MaxValue : ys.Average();
        }

        /// <summary>Moves each node down to its neighbours' mean row when that leaves the column in order.</summary>
        private static void Place(List<AccessNode> column, List<AccessEdge> edges, Dictionary<string, double> row, int c)
        {
            double next = 0;
            foreach (AccessNode n in column)
            {
                double want = Barycenter(n.Id, edges, row);
                if (want == double.MaxValue) want = next;
                double at = Math.Max(next, Math.Round(want));
                row[n.Id] = at;
                next = at + 1;
            }
        }
    }
}
