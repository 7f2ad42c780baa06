using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Store;
using Xunit;

namespace NhiTools.Engine.Tests.Store
{
    /// <summary>Secret fingerprints are keyed by the store (migration 5): stable on one store, useless for offline guessing.</summary>
    public sealed class FingerprintKeyTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "nhistore-fp-" + Guid.NewGuid().ToString("N"));
        private const string Value = "AKIAZ7Q3K9V2M4X8P6R1";

        [Fact]
        public void A_fingerprint_is_stable_on_one_store_differs_between_stores_and_is_no_plain_sha256()
        {
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, "app.env");
            File.WriteAllText(file, "AWS_ACCESS_KEY_ID=" + Value + "\n");
            var storeA = Path.Combine(directory, "a", "nhitools.db");
            var storeB = Path.Combine(directory, "b", "nhitools.db");

            string Scan(string store) => new SecretScanner(new RecordingHost(), new ScanOptions { FingerprintKey = FingerprintKey.For(store, new RecordingHost()) })
                .Scan(new[] { file }).Single(h => h.Kind == SecretKinds.AwsAccessKeyId).Fingerprint;

            var first = Scan(storeA);
            Assert.Equal(first, Scan(storeA));
            Assert.NotEqual(first, Scan(storeB));
            Assert.Equal(16, first.Length);

            // Someone holding the report and guessing the value cannot confirm the guess with SHA-256.
            using (var sha = SHA256.Create())
            {
                var plain = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(Value)).Take(8).Select(b => b.ToString("x2")));
                Assert.NotEqual(plain, first);
            }

            using (var store = NhiStore.Open(storeA))
            {
                Assert.Equal(32, store.ReadKey("fingerprint").Length);
            }
        }

        public void Dispose()
        {
            try { Directory.Delete(directory, true); } catch (IOException) { }
        }
    }
}
