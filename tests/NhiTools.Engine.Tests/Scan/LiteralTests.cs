using System;
using System.Text;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// Literal's vectorised searches against the BCL's ordinal searches, on every start and count of texts long enough to
    /// cross several vector widths, so both the vector loop and its scalar tail are compared at every alignment.
    /// </summary>
    public class LiteralTests
    {
        // Candidates that share first and last characters with the needles but differ inside, upper-case variants,
        // non-ASCII letters that fold under culture rules but not ordinally (K: Kelvin sign; İ: dotted capital I).
        private static readonly string[] Needles = { "://", "==", "Q~", "<add", "</", "secret", "-asplaintext", "a", "aa", "xoxb-", "AKIA" };
        private const string Alphabet = "a:/=Q~<>dAKIxob-sSeEcCrRtT \n\u212A\u0130\u00e9pPlLnN";

        private static string RandomText(Random rng, int length)
        {
            var sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) sb.Append(Alphabet[rng.Next(Alphabet.Length)]);
            // Plant needles (and case variants) so matches occur at varied positions.
            for (int k = 0; k < length / 12; k++)
            {
                string n = Needles[rng.Next(Needles.Length)];
                if (rng.Next(2) == 0) n = n.ToUpperInvariant();
                int at = rng.Next(Math.Max(1, length - n.Length + 1));
                if (at + n.Length <= length) { sb.Remove(at, n.Length); sb.Insert(at, n); }
            }
            return sb.ToString();
        }

        [Fact]
        public void IndexOf_of_a_literal_matches_ordinal_IndexOf_at_every_start_and_count()
        {
            var rng = new Random(15);
            int compared = 0, found = 0;
            foreach (int length in new[] { 0, 1, 2, 7, 15, 16, 17, 31, 33, 64, 97 })
            {
                string text = RandomText(rng, length);
                foreach (string lit in Needles)
                    for (int start = 0; start <= length; start++)
                        for (int count = 0; start + count <= length; count += 1 + count / 8)
                        {
                            int expected = text.IndexOf(lit, start, count, StringComparison.Ordinal);
                            Assert.Equal(expected, Literal.IndexOf(text, lit, start, count));
                            compared++;
                            if (expected >= 0) found++;
                        }
            }
            Assert.True(found > 1000, "the planted needles were found " + found + " times in " + compared + " comparisons");
        }

        [Fact]
        public void IndexOfIgnoreCase_matches_OrdinalIgnoreCase_including_non_ASCII_look_alikes()
        {
            var rng = new Random(16);
            int found = 0;
            foreach (int length in new[] { 0, 3, 12, 16, 40, 81, 130 })
            {
                string text = RandomText(rng, length);
                foreach (string lit in Needles)
                    for (int start = 0; start <= length; start++)
                        for (int count = 0; start + count <= length; count += 1 + count / 6)
                        {
                            int expected = text.IndexOf(lit, start, count, StringComparison.OrdinalIgnoreCase);
                            Assert.Equal(expected, Literal.IndexOfIgnoreCase(text, lit, start, count));
                            if (expected >= 0) found++;
                        }
            }
            Assert.True(found > 1000);
            // The Kelvin sign and the dotted capital I are not ASCII k and i under an ordinal comparison.
            Assert.Equal(-1, Literal.IndexOfIgnoreCase("A\u212AIA", "akia", 0, 4));
            Assert.Equal(-1, Literal.IndexOfIgnoreCase("-ASPLA\u0130NTEXT", "-asplaintext", 0, 12));
            Assert.Equal(3, Literal.IndexOfIgnoreCase("x: -AsPlainText", "-asplaintext", 0, 15));
        }

        [Fact]
        public void IndexOf_and_LastIndexOf_of_a_character_match_the_BCL()
        {
            var rng = new Random(17);
            foreach (int length in new[] { 0, 1, 8, 16, 17, 32, 50, 129 })
            {
                string text = RandomText(rng, length);
                foreach (char c in ":=\n~\u212Az")
                {
                    for (int start = 0; start <= length; start++)
                    {
                        Assert.Equal(text.IndexOf(c, start), Literal.IndexOf(text, c, start));
                        for (int count = 0; start + count <= length; count++)
                            Assert.Equal(text.IndexOf(c, start, count), Literal.IndexOf(text, c, start, count));
                    }
                    for (int start = 0; start < length; start++)
                        Assert.Equal(text.LastIndexOf(c, start), Literal.LastIndexOf(text, c, start));
                }
            }
        }

        [Fact]
        public void A_match_ending_on_the_last_character_of_the_range_is_found_and_one_past_it_is_not()
        {
            string text = new string('.', 40) + "secret";
            Assert.Equal(40, Literal.IndexOf(text, "secret", 0, 46));
            Assert.Equal(-1, Literal.IndexOf(text, "secret", 0, 45));
            Assert.Equal(40, Literal.IndexOf(text, "secret", 40));
            Assert.Equal(-1, Literal.IndexOf(text, "secret", 41));
            Assert.Equal(3, Literal.IndexOf(text, "", 3, 0));
        }
    }
}
