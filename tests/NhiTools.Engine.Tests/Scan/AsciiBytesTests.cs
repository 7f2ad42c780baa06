using System;
using System.Text;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>The byte-level fast path of SecretScanner.Decode gives what Encoding.UTF8 gives, or steps aside.</summary>
    public class AsciiBytesTests
    {
        [Fact]
        public void TryWiden_equals_UTF8_for_ASCII_and_refuses_any_byte_above_127_at_any_offset()
        {
            var rng = new Random(3);
            foreach (int length in new[] { 0, 1, 15, 16, 31, 32, 33, 100, 4095, 4096, 4097, 9000 })
            {
                var data = new byte[length + 8];
                for (int i = 0; i < data.Length; i++) data[i] = (byte)rng.Next(1, 128);
                foreach (int from in new[] { 0, 1, 3 })
                {
                    if (from + length > data.Length) continue;
                    Assert.Equal(Encoding.UTF8.GetString(data, from, length), AsciiBytes.TryWiden(data, from, length));
                    // One non-ASCII byte anywhere in the range (first, middle, last) sends the file to Encoding.UTF8.
                    foreach (int at in new[] { 0, length / 2, length - 1 })
                    {
                        if (length == 0) continue;
                        byte keep = data[from + at];
                        data[from + at] = 0xC3;
                        Assert.Null(AsciiBytes.TryWiden(data, from, length));
                        data[from + at] = keep;
                    }
                }
                // A non-ASCII byte just outside the range does not matter.
                if (length > 0) { data[length] = 0xFF; Assert.NotNull(AsciiBytes.TryWiden(data, 0, length)); }
            }
        }

        [Fact]
        public void HasNul_finds_a_NUL_only_inside_its_range()
        {
            foreach (int length in new[] { 0, 1, 31, 32, 33, 100, 8192 })
            {
                var data = new byte[length + 2];
                for (int i = 0; i < data.Length; i++) data[i] = (byte)'x';
                Assert.False(AsciiBytes.HasNul(data, 1, length));
                data[0] = 0; data[length + 1] = 0;
                Assert.False(AsciiBytes.HasNul(data, 1, length));
                if (length == 0) continue;
                foreach (int at in new[] { 1, 1 + length / 2, length })
                {
                    data[at] = 0;
                    Assert.True(AsciiBytes.HasNul(data, 1, length));
                    data[at] = (byte)'x';
                }
            }
        }

        [Theory]
        [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'k', (byte)'=', (byte)'1' }, "k=1")]                 // UTF-8 BOM dropped
        [InlineData(new byte[] { (byte)'p', (byte)'=', 0xC3, 0xA9 }, "p=\u00e9")]                              // UTF-8, not ASCII
        [InlineData(new byte[] { (byte)'a', 0xFF, (byte)'b' }, "a\uFFFDb")]                                      // invalid UTF-8 as before
        [InlineData(new byte[] { 0xFF, 0xFE, (byte)'k', 0, (byte)'=', 0 }, "k=")]                             // UTF-16 LE with BOM
        [InlineData(new byte[0], "")]
        public void Decode_gives_what_it_gave_before_the_fast_path(byte[] data, string expected)
        {
            Assert.Equal(expected, SecretScanner.Decode(data));
        }

        [Fact]
        public void Decode_treats_a_NUL_in_the_first_8_KB_as_binary_and_one_after_it_as_text()
        {
            var early = Encoding.ASCII.GetBytes(new string('a', 100)); early[50] = 0;
            Assert.Null(SecretScanner.Decode(early));
            var late = Encoding.ASCII.GetBytes(new string('a', 9000)); late[8500] = 0;
            Assert.Equal(9000, SecretScanner.Decode(late).Length);
        }
    }
}
