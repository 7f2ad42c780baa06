using System.Collections.Generic;
using System.Linq;
using System.Text;
using static NhiTools.Engine.Report.HtmlText;

namespace NhiTools.Engine.Report
{
    /// <summary>Hand-drawn inline SVG charts (no script, no external library).</summary>
    internal static class SvgCharts
    {
        public sealed class Bar
        {
            public string Label;
            public int Value;
            public string Color;
            public Bar(string label, int value, string color) { Label = label; Value = value; Color = color; }
        }

        /// <summary>Horizontal bar chart: one row per bar, labels left, counts at the bar's end.</summary>
        public static string Bars(string title, IList<Bar> bars, string id, int labelW = 150)
        {
            const int barW = 230, rowH = 24, top = 8;
            int max = bars.Count == 0 ? 1 : System.Math.Max(1, bars.Max(b => b.Value));
            int height = top + System.Math.Max(1, bars.Count) * rowH + 6;
            var sb = new StringBuilder();
            sb.Append("<figure class=\"chart\" id=\"").Append(H(id)).Append("\"><figcaption>").Append(H(title)).Append("</figcaption>");
            sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"").Append(H(title)).Append("\" viewBox=\"0 0 ")
              .Append(labelW + barW + 50).Append(' ').Append(height).Append("\" width=\"100%\">");
            if (bars.Count == 0)
                sb.Append("<text x=\"8\" y=\"24\" class=\"muted\">No data</text>");
            for (int i = 0; i < bars.Count; i++)
            {
                Bar b = bars[i];
                int y = top + i * rowH;
                double w = b.Value == 0 ? 0 : System.Math.Max(2, (double)b.Value / max * barW);
                sb.Append("<g><title>").Append(H(b.Label)).Append(": ").Append(b.Value).Append("</title>");
                sb.Append("<text x=\"").Append(labelW - 8).Append("\" y=\"").Append(y + 15).Append("\" text-anchor=\"end\" class=\"lbl\">").Append(H(Truncate(b.Label, labelW / 6))).Append("</text>");
                sb.Append("<rect x=\"").Append(labelW).Append("\" y=\"").Append(y + 3).Append("\" width=\"").Append(Num(w)).Append("\" height=\"").Append(rowH - 8)
                  .Append("\" rx=\"3\" fill=\"").Append(H(b.Color)).Append("\"/>");
                sb.Append("<text x=\"").Append(Num(labelW + w + 6)).Append("\" y=\"").Append(y + 15).Append("\" class=\"val\">").Append(b.Value).Append("</text></g>");
            }
            sb.Append("</svg></figure>");
            return sb.ToString();
        }
    }
}
