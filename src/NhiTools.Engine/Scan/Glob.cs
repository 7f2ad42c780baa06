using System;
using System.Text;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Scan
{
    /// <summary>Minimal glob: '*' (not '/'), '?' (one char), '**' (any folders). Case-insensitive.</summary>
    internal sealed class Glob
    {
        private readonly Regex _regex;
        public bool MatchesNameOnly { get; }

        public Glob(string pattern)
        {
            if (string.IsNullOrWhiteSpace(pattern)) throw new ArgumentException("Empty glob.", nameof(pattern));
            string p = pattern.Replace('\\', '/');
            if (p.StartsWith("./", StringComparison.Ordinal)) p = p.Substring(2);
            MatchesNameOnly = p.IndexOf('/') < 0;
            var sb = new StringBuilder("^");
            for (int i = 0; i < p.Length; i++)
            {
                char c = p[i];
                if (c == '*')
                {
                    if (i + 1 < p.Length && p[i + 1] == '*')
                    {
                        // "**/" matches zero or more folders; a trailing "**" matches everything below.
                        if (i + 2 < p.Length && p[i + 2] == '/') { sb.Append("(?:.*/)?"); i += 2; }
                        else { sb.Append(".*"); i++; }
                    }
                    else sb.Append("[^/]*");
                }
                else if (c == '?') sb.Append("[^/]");
                else sb.Append(Regex.Escape(c.ToString()));
            }
            sb.Append('$');
            _regex = new Regex(sb.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        /// <param name="relativePath">Path relative to the scan root, '/' separated.</param>
        public bool IsMatch(string relativePath)
        {
            string rel = relativePath.Replace('\\', '/');
            if (MatchesNameOnly)
            {
                int slash = rel.LastIndexOf('/');
                return _regex.IsMatch(slash < 0 ? rel : rel.Substring(slash + 1));
            }
            return _regex.IsMatch(rel);
        }
    }
}
