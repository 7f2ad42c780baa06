using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NhiTools.Engine.Report
{
    /// <summary>
    /// Text forms of an <see cref="AccessGraph"/>. Node ids in Mermaid and DOT are generated (n0, n1...) in the
    /// graph's sorted order, so no name can break the syntax; names appear only inside escaped labels.
    /// </summary>
    public static class AccessMapWriter
    {
        public static string ToMermaid(AccessGraph g)
        {
            if (g == null) throw new ArgumentNullException(nameof(g));
            var ids = ShortIds(g);
            var sb = new StringBuilder("flowchart LR\n");
            foreach (AccessNode n in g.Nodes)
            {
                string label = MermaidText(n.Label);
                string shape;
                switch (n.Kind)
                {
                    case AccessNodeKind.Owner: shape = "((\"" + label + "\"))"; break;
                    case AccessNodeKind.Credential: shape = "([\"" + label + "\"])"; break;
                    case AccessNodeKind.System: shape = "[(\"" + label + "\")]"; break;
                    case AccessNodeKind.Agent: shape = "{{\"" + label + "\"}}"; break;
                    default: shape = "[\"" + label + "\"]"; break;
                }
                sb.Append("  ").Append(ids[n.Id]).Append(shape).Append(":::").Append(n.Kind.ToString().ToLowerInvariant()).Append('\n');
            }
            foreach (AccessEdge e in g.Edges)
                sb.Append("  ").Append(ids[e.From]).Append(e.Kind == AccessEdge.CanAssume ? " -.->|" : " -->|").Append(e.Kind).Append("| ").Append(ids[e.To]).Append('\n');
            sb.Append("  classDef identity fill:#e8f0fe,stroke:#1a73e8\n");
            sb.Append("  classDef agent fill:#f3e8fd,stroke:#8430ce\n");
            sb.Append("  classDef credential fill:#fef7e0,stroke:#b06000\n");
            sb.Append("  classDef system fill:#e6f4ea,stroke:#137333\n");
            sb.Append("  classDef owner fill:#f1f3f4,stroke:#5f6368\n");
            return sb.ToString();
        }

        public static string ToDot(AccessGraph g)
        {
            if (g == null) throw new ArgumentNullException(nameof(g));
            var ids = ShortIds(g);
            var sb = new StringBuilder("digraph access {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
            foreach (AccessNode n in g.Nodes)
            {
                string shape = n.Kind == AccessNodeKind.Owner ? "ellipse" : n.Kind == AccessNodeKind.Credential ? "note"
                    : n.Kind == AccessNodeKind.System ? "cylinder" : n.Kind == AccessNodeKind.Agent ? "hexagon" : "box";
                sb.Append("  ").Append(ids[n.Id]).Append(" [label=\"").Append(DotText(n.Label)).Append("\", shape=").Append(shape)
                  .Append(", tooltip=\"").Append(DotText(n.Id)).Append("\"];\n");
            }
            foreach (AccessEdge e in g.Edges)
                sb.Append("  ").Append(ids[e.From]).Append(" -> ").Append(ids[e.To]).Append(" [label=\"").Append(e.Kind).Append('"')
                  .Append(e.Kind == AccessEdge.CanAssume ? ", style=dashed" : "").Append("];\n");
            return sb.Append("}\n").ToString();
        }

        public static string ToJson(AccessGraph g)
        {
            if (g == null) throw new ArgumentNullException(nameof(g));
            return JsonText.ToString(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("nodes");
                foreach (AccessNode n in g.Nodes)
                {
                    w.WriteStartObject();
                    w.WriteString("id", n.Id);
                    w.WriteString("kind", n.Kind.ToString());
                    w.WriteString("label", n.Label);
                    w.WriteStringOrNull("provider", n.Provider);
                    w.WriteStringOrNull("maxSeverity", n.MaxSeverity?.ToString());
                    w.WriteNumber("findingCount", n.FindingCount);
                    if (n.Kind == AccessNodeKind.Identity || n.Kind == AccessNodeKind.Agent)
                    {
                        w.WriteStringOrNull("purpose", n.Purpose);
                        w.WriteStringOrNull("lastReviewedOn", n.LastReviewedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                        w.WriteNumber("exceptedCount", n.ExceptedCount);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("edges");
                foreach (AccessEdge e in g.Edges)
                {
                    w.WriteStartObject();
                    w.WriteString("from", e.From);
                    w.WriteString("to", e.To);
                    w.WriteString("kind", e.Kind);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        internal static Dictionary<string, string> ShortIds(AccessGraph g)
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < g.Nodes.Count; i++) ids[g.Nodes[i].Id] = "n" + i.ToString(CultureInfo.InvariantCulture);
            return ids;
        }

        /// <summary>Mermaid labels: anything but plain letters, digits and a few safe marks becomes a #code; entity.</summary>
        internal static string MermaidText(string s)
        {
            var sb = new StringBuilder();
            foreach (char c in s ?? "")
            {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '-' || c == '_' || c == ':' || c == '/' || c == '@' || c == ',')
                    sb.Append(c);
                else sb.Append('#').Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            return sb.ToString();
        }

        /// <summary>DOT quoted strings: escape backslash and quote, fold line breaks.</summary>
        internal static string DotText(string s)
        {
            var sb = new StringBuilder();
            foreach (char c in s ?? "")
            {
                if (c == '\\') sb.Append("\\\\");
                else if (c == '"') sb.Append("\\\"");
                else if (c == '\n') sb.Append("\\n");
                else if (c == '\r') { }
                else if (char.IsControl(c)) sb.Append(' ');
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
