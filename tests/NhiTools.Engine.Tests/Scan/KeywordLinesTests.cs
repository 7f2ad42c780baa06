using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>The hand-written keyword-line search finds exactly the lines the keyword regex finds.</summary>
    public class KeywordLinesTests
    {
        private static void Same(string text)
        {
            List<KeyValuePair<int, int>> expected = Prefilter.KeywordLinesByRegex(text), actual = Prefilter.KeywordLines(text);
            Assert.True(expected.SequenceEqual(actual), "differs on: " + text.Replace("\n", "\\n"));
        }

        [Theory]
        [InlineData("")]
        [InlineData("pw")]
        [InlineData("pwd")]
        [InlineData("PWD")]
        [InlineData("passw")]
        [InlineData("pass")]
        [InlineData("Passphrase")]
        [InlineData("passphras")]
        [InlineData("x = 1\nclient_SECRET = 2\ny\n")]
        [InlineData("Api-Key: 1\napi_key\napikey\napi_-key\napi__key\napi key\n")]
        [InlineData("ACCESS_KEY\naccess-key\naccesskey\naccountkey\nAccountKey=\naccountKe\n")]
        [InlineData("auth_key\nauthkey\nauth-Key\nauthorization\n")]
        [InlineData("token\nTOKEN\ntoke\ncredential\nCredentials\ncredentia\n")]
        [InlineData("api_\u212Aey\nsecret\u212A\nto\u212Aen\naccount\u212Aey\n")]   // Kelvin sign: the regex's case-equivalent of k
        [InlineData("\u017Fecret\n\u0130\nİpwd\npwd\u0131\n")]                     // long s and dotted I are not equivalent
        [InlineData("\r\npassword\r\n\r\nno\r\n")]
        public void SameLinesAsTheRegex(string text) => Same(text);

        [Fact]
        public void KeywordAtEveryOffsetAroundVectorBoundaries()
        {
            string[] words = { "pwd", "passw", "passphrase", "secret", "token", "credential", "api_key", "apikey", "access-key", "auth_key", "accountkey", "TOKEN", "tok", "secre" };
            foreach (string word in words)
                for (int len = 0; len < 70; len++)
                    for (int at = 0; at + word.Length <= len; at++)
                    {
                        var sb = new StringBuilder(new string('x', len));
                        if (at > 3) sb[at - 2] = '\n';
                        sb.Remove(at, word.Length).Insert(at, word);
                        Same(sb.ToString());
                    }
        }

        [Fact]
        public void RandomNearMisses()
        {
            var rng = new Random(15);
            const string alphabet = "pasSwordPWDsecretTOKENcredentialapi_-keyACCESSauthcountphrase \n\r=:\"'\u212A";
            for (int k = 0; k < 3000; k++)
            {
                var sb = new StringBuilder();
                int len = rng.Next(0, 200);
                for (int i = 0; i < len; i++) sb.Append(alphabet[rng.Next(alphabet.Length)]);
                Same(sb.ToString());
            }
        }

        [Fact]
        public void CorpusFilesGiveTheSameLines()
        {
            string dir = Path.Combine(AppContext.BaseDirectory, "TestData", "secret-corpus", "cases");
            string[] files = Directory.Exists(dir) ? Directory.GetFiles(dir) : Array.Empty<string>();
            Assert.NotEmpty(files);
            foreach (string f in files) Same(File.ReadAllText(f));
        }
    }
}
