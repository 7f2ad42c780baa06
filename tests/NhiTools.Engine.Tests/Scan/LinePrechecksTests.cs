using System;
using System.Text;
using System.Text.RegularExpressions;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// The cheap literal checks in front of two line regexes may say "maybe" too often, never "no" where the regex
    /// matches: connection-string keys and the AWS secret-key context, in every case, with the Kelvin sign for 'k'.
    /// </summary>
    public class LinePrechecksTests
    {
        private static readonly string[] Pieces =
        {
            "AccountKey", "accountkey", "ACCOUNT\u212AEY", "Account\u212Aey", "SharedAccessKey", "sharedaccess\u212Aey", "Password", "PASSWORD", "pwd", "PwD",
            "secret_access_key", "SECRET-ACCESS-KEY", "secret access \u212Aey", "SecretAccessKey", "aws_secret", "AWS.Foo-Bar secret", "AwS_SeCrEt",
            "acc", "accoun", "passwor", "pw", "aw", "secret", "access", "key", " = ", "=", ";", "Server=x;", " ", "x", "\t",
        };

        [Fact]
        public void The_checks_never_turn_down_a_line_the_regex_matches()
        {
            var rng = new Random(7);
            int connMatches = 0, awsMatches = 0, connSaved = 0;
            for (int k = 0; k < 40000; k++)
            {
                var sb = new StringBuilder("x");
                for (int j = rng.Next(1, 6); j > 0; j--) sb.Append(Pieces[rng.Next(Pieces.Length)]);
                sb.Append("\n");
                string text = sb.ToString();
                int n = text.Length - 2;   // the line between the leading 'x' and the newline, as a span
                if (SecretDetectors.ConnKey.Match(text, 1, n).Success) { connMatches++; Assert.True(SecretDetectors.MayHoldConnKey(text, 1, n), text); }
                else if (!SecretDetectors.MayHoldConnKey(text, 1, n)) connSaved++;
                if (SecretDetectors.AwsSecretContext.Match(text, 1, n).Success) { awsMatches++; Assert.True(SecretDetectors.MayNameAwsSecret(text, 1, n), text); }
            }
            Assert.True(connMatches > 300 && awsMatches > 1000 && connSaved > 1000, $"{connMatches} {awsMatches} {connSaved}");
        }
    }
}
