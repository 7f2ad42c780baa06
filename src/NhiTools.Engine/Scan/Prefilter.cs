using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Scan
{
    /// <summary>Which detectors can match a text at all: every fixed prefix the detectors need, found in one pass.</summary>
    [Flags]
    internal enum Has
    {
        None = 0, Aws = 1, GitHub = 2, GitLab = 4, Slack = 8, Jwt = 16, Pem = 32, Entra = 64, PlainText = 128,
        SlackHook = 256, SlackApp = 512, OpenAi = 1024, Anthropic = 2048, Npm = 4096, NpmRc = 8192, JsonKey = 16384,
    }

    /// <summary>
    /// The keyword/prefilter step. Profiled on 234 MB of real source, the cost was in whole-text passes: five keyword
    /// regexes (assignments, PowerShell parameters, XML settings, connection strings, AWS secret lines) and some
    /// ten case-insensitive gates each read every file. Now one case-insensitive keyword search (a vectorised
    /// multi-string search, about 1 GB per CPU-second) finds the few lines that can hold an assignment, and the
    /// line-local regexes run on those lines only.
    /// </summary>
    internal static class Prefilter
    {
        // Every keyword of the line-local detectors (assignments, PowerShell parameters, XML settings, connection strings).
        private static readonly Regex Keyword = new Regex(
            @"pass(?:w|phrase)|pwd|secret|token|credential|api[_-]?key|access[_-]?key|auth[_-]?key|accountkey",
            RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>
        /// Fixed-prefix regexes (AWS, GitHub, GitLab, Slack) and the "Q~" search are their own prefilter: the regex engine
        /// searches their literal prefixes at 3-4 GB per CPU-second. The rarer vendor literals gate their detectors here;
        /// one combined alternation of all of them measured 150-300 MB per CPU-second (too many different first
        /// characters for the engine's multi-string search), single IndexOf passes 2-6 GB.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static Has Scan(string text)
        {
            Has has = Has.Aws | Has.GitHub | Has.GitLab | Has.Slack | Has.Entra;
            if (text.IndexOf("eyJ", StringComparison.Ordinal) >= 0) has |= Has.Jwt;
            if (text.IndexOf("PRIVATE KEY", StringComparison.Ordinal) >= 0) has |= Has.Pem;
            if (text.IndexOf("-AsPlainText", StringComparison.OrdinalIgnoreCase) >= 0) has |= Has.PlainText;
            if (text.IndexOf("hooks.slack.com", StringComparison.Ordinal) >= 0) has |= Has.SlackHook;
            if (text.IndexOf("xapp-", StringComparison.Ordinal) >= 0) has |= Has.SlackApp;
            if (text.IndexOf("T3BlbkFJ", StringComparison.Ordinal) >= 0) has |= Has.OpenAi;
            if (text.IndexOf("sk-ant-", StringComparison.Ordinal) >= 0) has |= Has.Anthropic;
            if (text.IndexOf("npm_", StringComparison.Ordinal) >= 0) has |= Has.Npm;
            if (text.IndexOf(":_authToken=", StringComparison.Ordinal) >= 0) has |= Has.NpmRc;
            if (text.IndexOf("\"private_key\"", StringComparison.Ordinal) >= 0) has |= Has.JsonKey;
            return has;
        }

        /// <summary>Start and length of each line holding a keyword, in order, each line once.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Hot.Loop)]
        public static List<KeyValuePair<int, int>> KeywordLines(string text)
        {
            var spans = new List<KeyValuePair<int, int>>();
            int at = 0;
            while (at < text.Length)
            {
                Match m = Keyword.Match(text, at);
                if (!m.Success) break;
                int start = m.Index > 0 ? text.LastIndexOf('\n', m.Index - 1) + 1 : 0;
                int end = text.IndexOf('\n', m.Index + m.Length);
                if (end < 0) end = text.Length;
                spans.Add(new KeyValuePair<int, int>(start, end - start));
                at = end + 1;
            }
            return spans;
        }
    }
}
