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
    /// The assignment detector tries its regex only where Prefilter finds a keyword (anchored with \G); the reference
    /// runs the same pattern over each whole keyword line. Both must give the same matches, groups included.
    /// </summary>
    public class KeywordAssignmentsTests
    {
        private static string Describe(Match m) =>
            m.Index + "+" + m.Length + " key=" + m.Groups["key"].Index + "+" + m.Groups["key"].Length + " v=" + m.Groups["v"].Index + "+" + m.Groups["v"].Length + " q=" + m.Groups["q"].Success;

        private static int Same(string text)
        {
            var spans = Prefilter.KeywordLines(text);
            var expected = SecretDetectors.LineAssignments(text, spans).Select(Describe).ToList();
            var actual = SecretDetectors.KeywordAssignments(text, spans).Select(Describe).ToList();
            Assert.True(expected.SequenceEqual(actual), "differs on: " + text.Replace("\n", "\\n") + "\nexpected: " + string.Join("; ", expected) + "\nactual:   " + string.Join("; ", actual));
            return expected.Count;
        }

        [Theory]
        [InlineData("password = \"hunter2x!\"\n")]
        [InlineData("db_password=abc123; api_key: 'k3y-value' token => t0ken\n")]         // several on a line
        [InlineData("myPassword: 'x1y2z3'\nmypassword: 'x1y2z3'\nMYPASSWORD=1\n")]      // camel hump, mid-word, upper
        [InlineData("\npassword=first-line-start\r\n  secret = \"two\" # secret: three\r\n")]
        [InlineData("passwordpassword=1 tokentoken: 2 secret_secret_token=3\n")]            // keywords inside the key
        [InlineData("client_secret = 'abc' , 'unterminated\nsecret=\"a\"b\" token=\n")]
        [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz\n")]
        [InlineData("api-key:x apiKey:y API_KEY:z auth_key:w access-key:v credential:u passphrase:t pwd:s\n")]
        [InlineData("to\u212Aen=kelvin1 \u017Fecret=longs\n")]
        [InlineData("password=")]
        [InlineData("x password = value_without_newline_at_end")]
        public void SameMatchesAsTheLineRegex(string text) => Same(text);

        [Fact]
        public void KeyNamesAroundTheFortyCharacterLimit()
        {
            int matches = 0;
            foreach (string keyword in new[] { "password", "passwd", "passw", "pwd", "passphrase", "secret", "token", "api_key", "apiKey", "credential" })
                foreach (string before in new[] { "", " ", "my", "my_", "xY", "9", "\u212A" })
                    for (int run = 35; run <= 48; run++)
                        foreach (string sep in new[] { "=", "\" = ", "' :", ":=", "=>", " \t:", "  ", "(" })
                            matches += Same(before + keyword + new string('k', run) + sep + "x1y2z3!\n" + keyword + "_" + new string('.', run) + sep + "'q9w8e7'");
            Assert.True(matches > 500, matches + " matches");
        }

        [Fact]
        public void RandomLinesAroundKeywords()
        {
            var rng = new Random(16);
            string[] words = { "password", "Passwd", "pwd", "PassPhrase", "secret", "Secret", "TOKEN", "token", "api_key", "apiKey", "access-key", "authKey", "credential", "accountkey", "secre", "tok" };
            const string glue = "aZ9_.-\"' \t=:>,;)]}`$(\r\n/+";
            int matches = 0;
            for (int k = 0; k < 4000; k++)
            {
                var sb = new StringBuilder();
                int parts = rng.Next(1, 8);
                for (int i = 0; i < parts; i++)
                {
                    if (rng.Next(2) == 0) sb.Append(words[rng.Next(words.Length)]);
                    int n = rng.Next(0, 6);
                    for (int j = 0; j < n; j++) sb.Append(glue[rng.Next(glue.Length)]);
                    if (rng.Next(2) == 0) sb.Append(rng.Next(2) == 0 ? "=" : ": ").Append(rng.Next(2) == 0 ? "\"v4lue!x\"" : "v4lue" + rng.Next(100));
                }
                matches += Same(sb.ToString());
            }
            Assert.True(matches > 1000, "only " + matches + " matches: the random lines do not exercise the detector");
        }

        [Fact]
        public void CorpusFilesGiveTheSameMatches()
        {
            string dir = Path.Combine(AppContext.BaseDirectory, "TestData", "secret-corpus", "cases");
            string[] files = Directory.Exists(dir) ? Directory.GetFiles(dir) : Array.Empty<string>();
            Assert.NotEmpty(files);
            int matches = files.Sum(f => Same(File.ReadAllText(f)));
            Assert.True(matches > 50, "only " + matches + " matches in the corpus");
        }
    }
}
