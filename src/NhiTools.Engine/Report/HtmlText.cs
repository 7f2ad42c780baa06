using System.Globalization;
using System.Text;

namespace NhiTools.Engine.Report
{
    internal static class HtmlText
    {
        /// <summary>Escapes text for HTML element content and quoted attributes (&amp; &lt; &gt; &quot; &#39;).</summary>
        public static string H(string s)
        {
            if (string.IsNullOrEmpty(s)) return "";
            var sb = new StringBuilder(s.Length + 16);
            foreach (char c in s)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default:
                        if (char.IsControl(c) && c != '\n' && c != '\t') sb.Append(' ');
                        else sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        public static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        public static string Truncate(string s, int max) => s == null || s.Length <= max ? s ?? "" : s.Substring(0, max - 1) + "…";
    }
}
