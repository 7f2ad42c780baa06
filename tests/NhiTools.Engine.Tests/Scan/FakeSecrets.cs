using System;
using System.Collections.Generic;
using System.Text;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// Builds random, well-formed fake secrets at test time (nothing secret-shaped is committed), and fills
    /// @@TOKEN@@ placeholders in the templates under TestData/scan/positives.
    /// </summary>
    public sealed class FakeSecrets
    {
        private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        private const string Lower = "abcdefghijklmnopqrstuvwxyz";
        private const string Digits = "0123456789";
        private const string Alnum = Upper + Lower + Digits;
        private readonly Random _rng;
        private readonly Dictionary<string, string> _values = new Dictionary<string, string>();

        public FakeSecrets(int seed = 42) { _rng = new Random(seed); }

        /// <summary>Token name -> (kind, value). Same token, same value within one instance.</summary>
        public static readonly Dictionary<string, string> KindOfToken = new Dictionary<string, string>
        {
            ["AWS_KEY_ID"] = "AwsAccessKeyId", ["AWS_KEY_ID2"] = "AwsAccessKeyId",
            ["AWS_SECRET"] = "AwsSecretKey", ["AWS_SECRET2"] = "AwsSecretKey",
            ["ENTRA_SECRET"] = "EntraClientSecret", ["ENTRA_SECRET_OLD"] = "EntraClientSecret",
            ["GITHUB"] = "GitHubToken", ["GITHUB_FG"] = "GitHubToken", ["GITLAB"] = "GitLabToken", ["SLACK"] = "SlackToken",
            ["JWT"] = "Jwt", ["STORAGE_KEY"] = "ConnectionString", ["SB_KEY"] = "ConnectionString", ["SQL_PASSWORD"] = "ConnectionString",
            ["PASSWORD"] = "Password", ["PASSWORD2"] = "Password", ["API_TOKEN"] = "GenericSecret", ["PEM"] = "PrivateKey",
        };

        public string this[string token]
        {
            get
            {
                if (!_values.TryGetValue(token, out string v)) _values[token] = v = Make(token);
                return v;
            }
        }

        public IEnumerable<string> AllValues => _values.Values;

        private string Make(string token)
        {
            switch (token)
            {
                case "AWS_KEY_ID": case "AWS_KEY_ID2": return "AKIA" + Pick(Upper + "234567", 16);
                case "AWS_SECRET": case "AWS_SECRET2": return "aB3" + Pick(Alnum + "/+", 37);
                case "ENTRA_SECRET": return Pick(Alnum, 3) + "8Q~" + Pick(Alnum + "_~.-", 34);
                case "ENTRA_SECRET_OLD": return "Zq" + Pick(Alnum + "@:-.~", 30) + "9!";
                case "GITHUB": return "ghp_" + Pick(Alnum, 36);
                case "GITHUB_FG": return "github_pat_" + Pick(Alnum, 22) + "_" + Pick(Alnum, 59);
                case "GITLAB": return "glpat-" + Pick(Alnum, 20);
                case "SLACK": return "xoxb-" + Pick(Digits, 12) + "-" + Pick(Digits, 13) + "-" + Pick(Alnum, 24);
                case "JWT":
                    return B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64Url("{\"sub\":\"svc-" + Pick(Lower, 6) + "\",\"iat\":1767225600}") + "." + Pick(Alnum + "-_", 43);
                case "STORAGE_KEY": return "Kx" + Pick(Alnum + "+/", 84) + "==";
                case "SB_KEY": return "Qm" + Pick(Alnum + "+/", 41) + "=";
                case "SQL_PASSWORD": return "Sq1!" + Pick(Alnum + "!@#$^*", 14);
                case "PASSWORD": case "PASSWORD2": return "Pw9#" + Pick(Alnum + "!@#^*", 12);
                case "API_TOKEN": return "tk" + Pick(Alnum, 30);
                case "PEM":
                    var sb = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\n");
                    for (int i = 0; i < 12; i++) sb.Append(Pick(Alnum + "+/", 64)).Append('\n');
                    return sb.Append("-----END RSA PRIVATE KEY-----").ToString();
                default: throw new ArgumentException("Unknown token " + token);
            }
        }

        public string Pick(string alphabet, int n)
        {
            var c = new char[n];
            for (int i = 0; i < n; i++) c[i] = alphabet[_rng.Next(alphabet.Length)];
            return new string(c);
        }

        private static string B64Url(string json) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>Replaces every @@TOKEN@@ and returns the filled text plus (line, column, kind) of each planted value.</summary>
        public (string Text, List<(int Line, int Column, string Kind, string Token)> Expected) Fill(string template)
        {
            var expected = new List<(int, int, string, string)>();
            var sb = new StringBuilder();
            int line = 1, col = 1, i = 0;
            while (i < template.Length)
            {
                if (template[i] == '@' && i + 1 < template.Length && template[i + 1] == '@')
                {
                    int end = template.IndexOf("@@", i + 2, StringComparison.Ordinal);
                    string token = template.Substring(i + 2, end - i - 2);
                    string value = this[token];
                    expected.Add((line, col, KindOfToken[token], token));
                    foreach (char ch in value) Advance(ch, ref line, ref col);
                    sb.Append(value);
                    i = end + 2;
                    continue;
                }
                Advance(template[i], ref line, ref col);
                sb.Append(template[i]);
                i++;
            }
            return (sb.ToString(), expected);
        }

        private static void Advance(char c, ref int line, ref int col)
        {
            if (c == '\n') { line++; col = 1; } else col++;
        }
    }
}
