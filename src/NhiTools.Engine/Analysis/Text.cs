using System;
using System.Collections.Generic;
using System.Globalization;

namespace NhiTools.Engine.Analysis
{
    /// <summary>Small text helpers the rules share: word splitting, wildcard matching, dates and day counts.</summary>
    internal static class Text
    {
        /// <summary>Lower-case words of a name, tag or note: split on anything not a letter or digit and on camelCase humps.</summary>
        public static IEnumerable<string> Words(string s)
        {
            if (string.IsNullOrEmpty(s)) yield break;
            int start = -1;
            for (int i = 0; i <= s.Length; i++)
            {
                bool alnum = i < s.Length && char.IsLetterOrDigit(s[i]);
                bool hump = alnum && start >= 0 && char.IsUpper(s[i]) && char.IsLower(s[i - 1]);
                if (start >= 0 && (!alnum || hump))
                {
                    yield return s.Substring(start, i - start).ToLowerInvariant();
                    start = -1;
                }
                if (alnum && start < 0) start = i;
            }
        }

        /// <summary>Items of a list value such as "a,b; c|d".</summary>
        public static string[] SplitList(string s) =>
            string.IsNullOrWhiteSpace(s) ? Array.Empty<string>() : TrimAll(s.Split(new[] { ',', ';', '|' }, StringSplitOptions.RemoveEmptyEntries));

        /// <summary>Environment words of a value such as "prod", "prod,dev" or "prod/test".</summary>
        public static string[] SplitEnvironments(string s) =>
            string.IsNullOrWhiteSpace(s) ? Array.Empty<string>() : TrimAll(s.Split(new[] { ',', ';', '|', '/', ' ', '+', '&' }, StringSplitOptions.RemoveEmptyEntries));

        private static string[] TrimAll(string[] parts)
        {
            var list = new List<string>(parts.Length);
            foreach (var p in parts) { var t = p.Trim(); if (t.Length > 0) list.Add(t); }
            return list.ToArray();
        }

        /// <summary>Case-insensitive match of text against a pattern where * is any run and ? one character (IAM action syntax).</summary>
        public static bool GlobMatch(string pattern, string text)
        {
            int p = 0, t = 0, star = -1, mark = 0;
            while (t < text.Length)
            {
                // A '*' in the pattern is always a wildcard, even facing a literal '*' in the text ("*" covers "*:*").
                if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
                else if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t]))) { p++; t++; }
                else if (star >= 0) { p = star + 1; t = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        public static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/>, rounded down.</summary>
        public static int DaysBetween(DateTime from, DateTime to) => (int)Math.Floor((to - from).TotalDays);

        private static readonly string[] DateFormats =
        {
            "yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:sszzz",
        };

        /// <summary>
        /// An end date from a tag or note. A date without a time means the whole day: the end is the next midnight (UTC).
        /// Only unambiguous (year-first) forms are read.
        /// </summary>
        public static DateTime? ParseEndDate(string s)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            s = s.Trim().TrimEnd('.', ',', ';', ')');
            var worded = WordedDate(s);
            if (worded.HasValue) return worded;
            if (!DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                return null;
            bool dateOnly = s.Length <= 10;
            return dateOnly ? d.Date.AddDays(1) : d;
        }

        private const string Months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
        /// <summary>A date as people write one: 2026-03-31, 2026/03/31, 31 March 2026, March 31, 2026, end of March 2026.</summary>
        internal const string DatePattern =
            @"\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?|\d{4}/\d{2}/\d{2}"
            + @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + Months + @")\.?,?\s+\d{4}"
            + @"|(?:" + Months + @")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
            + @"|(?:the\s+)?end\s+of\s+(?:" + Months + @")\.?,?\s+\d{4}";
        private static readonly System.Text.RegularExpressions.Regex DayMonthYear = new System.Text.RegularExpressions.Regex(
            @"^(?:(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?<m>[a-z]+)\.?,?\s+(?<y>\d{4})|(?<m>[a-z]+)\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})|(?:the\s+)?end\s+of\s+(?<m>[a-z]+)\.?,?\s+(?<y>\d{4}))$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>Month-named dates ("31 March 2026", "March 31, 2026", "end of March 2026"): the next midnight after that day.</summary>
        private static DateTime? WordedDate(string s)
        {
            var m = DayMonthYear.Match(s);
            if (!m.Success) return null;
            string name = m.Groups["m"].Value.ToLowerInvariant();
            int month = Array.FindIndex(new[] { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" }, x => name.StartsWith(x, StringComparison.Ordinal)) + 1;
            if (month == 0) return null;
            int year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (year < 1900 || year > 9999) return null;
            int day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : DateTime.DaysInMonth(year, month);
            if (day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
            return new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).AddDays(1);
        }

        public static string Plural(int n, string one, string many) => n == 1 ? one : many;
    }
}
