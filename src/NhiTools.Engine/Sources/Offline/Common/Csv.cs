using System.Collections.Generic;
using System.Text;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>RFC 4180 fields of one line (IAM user names may contain commas, so quoted fields happen).</summary>
    internal static class Csv
    {
        /// <summary>Null when the quoting is broken.</summary>
        public static List<string> Split(string line)
        {
            var fields = new List<string>(24);
            var sb = new StringBuilder();
            bool quoted = false, wasQuoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                        else quoted = false;
                    }
                    else sb.Append(c);
                }
                else if (c == ',')
                {
                    fields.Add(sb.ToString());
                    sb.Clear();
                    wasQuoted = false;
                }
                else if (c == '"' && sb.Length == 0 && !wasQuoted)
                {
                    quoted = wasQuoted = true;
                }
                else sb.Append(c);
            }
            if (quoted) return null;
            fields.Add(sb.ToString());
            return fields;
        }
    }
}
