using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Tests;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>
    /// Issue 15 item 1: one odd file never aborts a scan. Each case puts a real (fake) key beside the odd file and
    /// asserts the key is still reported, and that the odd file costs at most one error record.
    /// </summary>
    public class ScanRobustnessTests
    {
        private static List<SecretFinding> ScanDir(TempDir dir, RecordingHost host, ScanOptions options = null) =>
            new SecretScanner(host, options).Scan(new[] { dir.Path }).ToList();

        private static string KeyLine(FakeSecrets f) => "aws_access_key_id = " + f["AWS_KEY_ID"] + "\n";

        [Fact]
        public void EmptyAndVeryShortFilesAreScannedWithoutError()
        {
            var fakes = new FakeSecrets(11);
            using (var dir = new TempDir())
            {
                dir.Write("a-key.txt", KeyLine(fakes));
                dir.Write("__init__.py", "");
                dir.Write("empty.json", "[]");
                // every length from 1 to 31, from fragments that wake each detector up
                string[] seeds = { "Q~", "8Q~", "xoxb-", "eyJ", "-----BEGIN RSA PRIVATE KEY-----", "password=", "AKIA", "Key=", "secret", "{}", "\r\n", "ghp_" };
                int n = 0;
                for (int len = 1; len <= 31; len++)
                    foreach (string seed in seeds)
                    {
                        string s = string.Concat(Enumerable.Repeat(seed, len / seed.Length + 1)).Substring(0, len);
                        dir.Write("short/" + (n++).ToString("D4") + ".txt", s);
                    }

                var host = new RecordingHost();
                var hits = ScanDir(dir, host);
                Assert.Empty(host.Errors);
                Assert.Equal(new[] { "a-key.txt" }, hits.Select(h => Path.GetFileName(h.Path)).ToArray());
                Assert.Contains(host.Verbose, m => m.StartsWith("Scanned " + (n + 3) + " file(s)", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void BinaryFilesAreSkippedOrScannedButNeverFail()
        {
            var fakes = new FakeSecrets(12);
            var rng = new Random(5);
            using (var dir = new TempDir())
            {
                dir.Write("a-key.txt", KeyLine(fakes));
                for (int i = 0; i < 20; i++)
                {
                    var bytes = new byte[rng.Next(1, 70000)];
                    rng.NextBytes(bytes);
                    if (i % 2 == 0) for (int j = 0; j < bytes.Length; j++) if (bytes[j] == 0) bytes[j] = 1;   // "binary" with no NUL
                    File.WriteAllBytes(Path.Combine(dir.Path, "blob" + i + ".bin"), bytes);
                }
                var host = new RecordingHost();
                var hits = ScanDir(dir, host);
                Assert.Empty(host.Errors);
                Assert.Contains(hits, h => Path.GetFileName(h.Path) == "a-key.txt" && h.Kind == SecretKinds.AwsAccessKeyId);
            }
        }

        [Fact]
        public void HugeSingleLineAndInvalidUtf8AreScanned()
        {
            var fakes = new FakeSecrets(13);
            using (var dir = new TempDir())
            {
                // 4 MB without a line break, full of keyword-ish noise, the key at the very end
                var sb = new StringBuilder();
                while (sb.Length < 4 * 1024 * 1024) sb.Append("token=a password: Key= secret eyJhbGc xoxb- Q~ ");
                sb.Append(KeyLine(fakes).TrimEnd('\n'));
                dir.Write("one-line.min.js", sb.ToString());
                var bad = new List<byte> { 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF0, 0x28, 0x8C, 0x28, (byte)'\n' };
                bad.AddRange(Encoding.ASCII.GetBytes(KeyLine(fakes)));
                bad.AddRange(new byte[] { 0xE2, 0x82 });   // truncated sequence at the end
                File.WriteAllBytes(Path.Combine(dir.Path, "latin.txt"), bad.ToArray());

                var host = new RecordingHost();
                var hits = ScanDir(dir, host);
                Assert.Empty(host.Errors);
                Assert.Contains(hits, h => Path.GetFileName(h.Path) == "one-line.min.js" && h.Kind == SecretKinds.AwsAccessKeyId && h.Line == 1);
                Assert.Contains(hits, h => Path.GetFileName(h.Path) == "latin.txt" && h.Kind == SecretKinds.AwsAccessKeyId && h.Line == 2 && h.Column == 21);
            }
        }

        [Fact]
        public void FileThatVanishesMidScanIsOneErrorAndTheRestIsScanned()
        {
            var fakes = new FakeSecrets(14);
            using (var dir = new TempDir())
            {
                dir.Write("a-key.txt", KeyLine(fakes));
                string gone = dir.Write("b-gone.txt", KeyLine(fakes));
                dir.Write("c-key.txt", KeyLine(fakes));
                // The walk lists the file, then it is deleted just before a worker opens it.
                var host = new RecordingHost();
                var scanner = new SecretScanner(host) { BeforeReadForTest = p => { if (p == gone) File.Delete(p); } };
                var hits = scanner.Scan(new[] { dir.Path }).ToList();
                Assert.False(File.Exists(gone));
                Assert.Equal(new[] { "a-key.txt", "c-key.txt" }, hits.Select(h => Path.GetFileName(h.Path)).ToArray());
                NhiException e = Assert.Single(host.Errors);
                Assert.Equal("SecretScanFileUnreadable", e.ErrorId);
                Assert.Contains("b-gone.txt", e.Message);
            }
        }

        [Fact]
        public void UnreadableFileIsOneErrorAndTheRestIsScanned()
        {
            var fakes = new FakeSecrets(15);
            using (var dir = new TempDir())
            {
                string key = dir.Write("a-key.txt", KeyLine(fakes));
                // Root reads any file whatever its mode; /proc/self/mem exists but fails to read at offset 0 (EIO).
                string unreadable = "/proc/self/mem";
                bool isRoot = Environment.UserName == "root";
                if (!isRoot || !File.Exists(unreadable))
                {
                    unreadable = dir.Write("locked.txt", KeyLine(fakes));
                    if (OperatingSystem.IsWindows()) return;   // no chmod; covered on Linux CI
                    File.SetUnixFileMode(unreadable, UnixFileMode.None);
                }
                var host = new RecordingHost();
                var hits = new SecretScanner(host).Scan(new[] { key, unreadable }).ToList();
                Assert.Single(hits);
                NhiException e = Assert.Single(host.Errors);
                Assert.Equal("SecretScanFileUnreadable", e.ErrorId);
            }
        }

        /// <summary>Any other failure inside one file's scan is that file's error, not the scan's.</summary>
        [Fact]
        public void FailureInsideOneFileIsOneErrorRecord()
        {
            var fakes = new FakeSecrets(16);
            using (var dir = new TempDir())
            {
                dir.Write("a-key.txt", KeyLine(fakes));
                dir.Write("b-boom.txt", KeyLine(fakes));
                var host = new RecordingHost();
                var scanner = new SecretScanner(host) { FailFileForTest = p => p.EndsWith("b-boom.txt", StringComparison.Ordinal) };
                var hits = scanner.Scan(new[] { dir.Path }).ToList();
                Assert.Equal(new[] { "a-key.txt" }, hits.Select(h => Path.GetFileName(h.Path)).ToArray());
                NhiException e = Assert.Single(host.Errors);
                Assert.Equal("SecretScanFileFailed", e.ErrorId);
                Assert.DoesNotContain(fakes["AWS_KEY_ID"], e.Message + e.InnerException?.Message);
            }
        }
    }
}
