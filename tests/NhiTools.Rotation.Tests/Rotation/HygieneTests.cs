using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Rotation;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Rotation.Tests.Rotation
{
    /// <summary>
    /// reliability.md §11 cases 22-23: the new and old secrets (raw, Base64, URL-encoded) appear in no host stream,
    /// result, journal row, change record, store file or temp file; an exception that echoes a value is scrubbed.
    /// </summary>
    public sealed class HygieneTests
    {
        private static IEnumerable<string> Forms(string secret)
        {
            yield return secret;
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=');
            yield return Uri.EscapeDataString(secret);
            yield return WebUtility.UrlEncode(secret);
        }

        private static int Hits(string haystack, IEnumerable<string> secrets) =>
            secrets.SelectMany(Forms).Distinct().Count(f => haystack.IndexOf(f, StringComparison.OrdinalIgnoreCase) >= 0);

        [Theory]
        [InlineData("Entra")]
        [InlineData("Aws")]
        public async Task No_secret_reaches_a_stream_the_journal_the_store_or_a_temp_file(string provider)
        {
            await using var labs = await RotationLabs.StartAsync();
            var tempBefore = new HashSet<string>(Directory.EnumerateFiles(Path.GetTempPath()));
            var host = new RecordingHost();
            RotationResult result;
            using (var journal = labs.OpenJournal())
            {
                result = new RotationRunner(journal, labs.Options(), host).Rotate(labs.Request(provider), labs.Machine(provider));
                Assert.Equal(RotationStage.Retired, result.State);
            }

            var newValue = labs.Vault.Store.Find(labs.SecretName(provider)).Latest.Value;
            var secrets = new List<string>();
            if (provider == "Entra")
            {
                secrets.Add(newValue);
                secrets.Add(RotationLabs.OldSecret);
            }
            else
            {
                using var doc = System.Text.Json.JsonDocument.Parse(newValue);
                secrets.Add(doc.RootElement.GetProperty("SecretAccessKey").GetString());
                secrets.Add(labs.Iam.SecretOf(labs.OtherAccessKeyId) ?? "unused-placeholder-value");
            }

            var text = new StringBuilder();
            text.AppendLine(string.Join("\n", host.Lines));
            text.AppendLine(string.Join("\n", result.Steps)).AppendLine(result.ToString()).AppendLine(result.Message);
            using (var journal = labs.OpenJournal())
            {
                foreach (var row in journal.List()) text.AppendLine(string.Join("|", row.Key, row.State, row.Step, row.LastError, row.OldCredentialId, row.NewCredentialId, string.Join(",", row.Data.Select(kv => kv.Key + "=" + kv.Value))));
                foreach (var c in journal.Changes()) text.AppendLine(string.Join("|", c.Action, c.Target, c.Before, c.After, c.Outcome));
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.EnumerateFiles(labs.Directory))
                text.AppendLine(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
            // New regular files only: pipes and sockets (size 0) would block a read.
            foreach (var file in Directory.EnumerateFiles(Path.GetTempPath()).Where(f => !tempBefore.Contains(f) && new FileInfo(f).Length > 0 && new FileInfo(f).Length < 64 * 1024 * 1024))
            {
                try { text.AppendLine(Encoding.Latin1.GetString(File.ReadAllBytes(file))); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }

            Assert.True(text.Length > 1000, "the search covered too little text");
            Assert.Equal(0, Hits(text.ToString(), secrets));
        }

        /// <summary>A vault whose SDK error echoes the request body (value included).</summary>
        private sealed class EchoingVault : IRotationVault
        {
            private readonly IRotationVault _inner;
            public EchoingVault(IRotationVault inner) { _inner = inner; }
            public Uri VaultUri => _inner.VaultUri;
            public VaultSecretInfo GetCurrent(string name, IHostContext host) => _inner.GetCurrent(name, host);
            public void RemoveSecret(string name, IHostContext host) => _inner.RemoveSecret(name, host);
            public VaultSecretInfo SetSecret(string name, char[] value, string contentType, IDictionary<string, string> tags, IHostContext host)
            {
                var raw = new string(value);
                throw new NhiException("NhiKeyVaultRequestFailed", NhiErrorCategory.WriteError,
                    "PUT failed: {\"value\":\"" + raw + "\"} b64=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)) + " url=" + Uri.EscapeDataString(raw), name);
            }
        }

        [Fact]
        public async Task An_exception_that_echoes_the_value_is_scrubbed_and_the_new_credential_rolled_back()
        {
            await using var labs = await RotationLabs.StartAsync();
            using var journal = labs.OpenJournal();
            var host = new RecordingHost();
            var result = new RotationRunner(journal, labs.Options(), host).Rotate(labs.Request("Entra"), new EntraSecretRotation(labs.Entra, new EchoingVault(labs.RotationVault)));
            Assert.Equal(RotationStage.Failed, result.State);
            Assert.Contains(SecretScrubber.Mask, result.Message);
            Assert.Contains("PUT failed", result.Message);
            Assert.DoesNotContain("\"value\":\"" + RotationLabs.OldSecret.Substring(0, 3), result.Message);
            // Only the old and the foreign secret are left; the message never held more than masks.
            Assert.Equal(new[] { RotationLabs.OldKeyId, RotationLabs.ForeignKeyId }.OrderBy(x => x), labs.Credentials("Entra").OrderBy(x => x));
            Assert.Matches("value\":\"\\*\\*\\*\"\\} b64=\\*\\*\\* url=\\*\\*\\*", result.Message);
            Assert.True(await labs.CurrentValueAuthenticatesAsync("Entra"));
        }

        [Fact]
        public void The_scrubber_masks_raw_base64_and_url_forms()
        {
            var secret = "ab+/c~d=e f%12".ToCharArray();
            var raw = new string(secret);
            var text = "x " + raw + " y " + Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)) + " z " + Uri.EscapeDataString(raw).ToLowerInvariant();
            var scrubbed = SecretScrubber.Scrub(text, secret);
            Assert.Equal("x *** y *** z ***", scrubbed);
        }
    }
}
