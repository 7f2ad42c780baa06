using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// Anchors finds, in one vectorised pass, what the reference finds with ten literal passes (Prefilter.Scan's gate
    /// flags) and four whole-text regex searches (AWS key ids, GitHub, GitLab and Slack tokens): same flags, same matches.
    /// </summary>
    public class AnchorsTests
    {
        private const Has Gates = Has.Jwt | Has.Pem | Has.PlainText | Has.SlackHook | Has.SlackApp | Has.OpenAi | Has.Anthropic | Has.Npm | Has.NpmRc | Has.JsonKey;

        private static readonly string[] Planted =
        {
            "AKIAQL6VYHTOJI2X4BBE", "ASIAQL6VYHTOJI2X4BBE", "ABIA1234567890ABCDEF", "ACCAZZZZ9999YYYY8888", "AKIA", "AXIA", "ACIA",
            "ghp_0123456789abcdefghijklmnopqrstuvwxyz", "gho_", "ghx_0123456789abcdefghijklmnopqrstuvwxyz",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pa",
            "glpat-abcdefghij0123456789", "gldt-abcdefghij0123456789xy", "glagent-abcdefghij0123456789", "glffct-", "glx-", "GR1348941abcdefghij0123456789xyz", "GR134894",
            "xoxb-1234567890-abcdef", "xoxz-1234567890", "xapp-1-A0123456789-0123456789-abcdef", "xapp",
            "eyJ", "PRIVATE KEY", "PRIVATE KE", "-AsPlainText", "-asplaintext", "-ASPLAINTEX", "hooks.slack.com", "hooks.slack.co",
            "T3BlbkFJ", "T3BlbkF", "sk-ant-", "sk-an", "npm_", "npm", ":_authToken=", ":_authToken", "\"private_key\"", "\"private_key",
        };

        private const string Noise = "AKISBCgh_pousrtblGR1348941xoaeyJPRIVATE KEYTsnm:\"=.ck-_ \n0123456789abcdefXYZ\u212A";

        private static string Describe(IEnumerable<Match> ms) => string.Join(";", ms.Select(m => m.Index + "+" + m.Length));

        private static void Same(string text)
        {
            Anchors a = Anchors.Find(text);
            Assert.Equal(Prefilter.Scan(text) & Gates, a.Has);
            Assert.Equal(Gates & a.Has, a.Has);
            var none = new List<int>();
            foreach (var (reference, anchored, starts) in new[]
            {
                (SecretDetectors.AwsKeyId, SecretDetectors.AwsKeyIdAt, a.Aws), (SecretDetectors.GitHub, SecretDetectors.GitHubAt, a.GitHub),
                (SecretDetectors.GitLab, SecretDetectors.GitLabAt, a.GitLab), (SecretDetectors.Slack, SecretDetectors.SlackAt, a.Slack),
            })
            {
                string expected = Describe(reference.Matches(text).Cast<Match>());
                string actual = Describe(SecretDetectors.MatchesAt(anchored, text, starts ?? none));
                Assert.True(expected == actual, reference + " on " + text.Replace("\n", "\\n") + ": expected " + expected + ", got " + actual);
                Assert.True(starts == null || starts.Count > 0);
            }
        }

        [Fact]
        public void Every_literal_at_every_offset_around_the_vector_width_and_the_end()
        {
            foreach (string lit in Planted)
                for (int len = lit.Length; len < lit.Length + 45; len++)
                    for (int at = 0; at + lit.Length <= len; at++)
                    {
                        var sb = new StringBuilder(new string('.', len));
                        sb.Remove(at, lit.Length).Insert(at, lit);
                        Same(sb.ToString());
                    }
        }

        [Fact]
        public void Random_texts_of_near_misses_and_planted_tokens()
        {
            var rng = new Random(21);
            int tokens = 0;
            for (int k = 0; k < 3000; k++)
            {
                var sb = new StringBuilder();
                int len = rng.Next(0, 300);
                for (int i = 0; i < len; i++) sb.Append(Noise[rng.Next(Noise.Length)]);
                for (int j = rng.Next(0, 4); j > 0; j--)
                {
                    string lit = Planted[rng.Next(Planted.Length)];
                    sb.Insert(rng.Next(sb.Length + 1), lit);
                    tokens++;
                }
                Same(sb.ToString());
            }
            Assert.True(tokens > 3000);
        }

        [Fact]
        public void Corpus_files_give_the_same_flags_and_matches()
        {
            string dir = Path.Combine(AppContext.BaseDirectory, "TestData", "secret-corpus", "cases");
            string[] files = Directory.Exists(dir) ? Directory.GetFiles(dir) : Array.Empty<string>();
            Assert.NotEmpty(files);
            int withPrefix = 0;
            foreach (string f in files)
            {
                string text = File.ReadAllText(f);
                Same(text);
                Anchors a = Anchors.Find(text);
                if (a.Aws != null || a.GitHub != null || a.GitLab != null || a.Slack != null) withPrefix++;
            }
            Assert.True(withPrefix > 20, withPrefix + " corpus files hold a prefix");
        }
    }
}
