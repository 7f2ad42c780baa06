using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NhiTools.Engine.Rotation;
using NhiTools.Engine.Sources.KeyVault;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using NhiTools.Labs.KeyVault;
using Xunit;

namespace NhiTools.KeyVault.Tests
{
    /// <summary>KeyVaultRotationVault (the IRotationVault rotation writes through) with the real SecretClient against KeyVaultLab.</summary>
    public class KeyVaultRotationVaultTests
    {
        const string Value = "Nw8Q~rotation-value-0123456789abcdefXYZ";

        static Dictionary<string, string> Tags(string rotation = "r-1") => new Dictionary<string, string>
        {
            [VaultTags.Identity] = "entra:app:11111111-2222-3333-4444-555555555555",
            [VaultTags.Credential] = "key-1",
            [VaultTags.Rotation] = rotation,
        };

        static void AssertNoValue(object o, string value)
        {
            foreach (var p in o.GetType().GetProperties())
            {
                var v = p.GetValue(o);
                if (v is IDictionary<string, string> d) Assert.DoesNotContain(d.Values, x => x.Contains(value));
                else Assert.DoesNotContain(value, v?.ToString() ?? "");
            }
            Assert.DoesNotContain(value, o.ToString());
        }

        [Fact]
        public async Task Set_writes_a_version_with_tags_and_content_type_and_get_current_reads_its_metadata()
        {
            await using var lab = await Lab.StartAsync();
            var vault = Lab.Vault(lab);
            var host = new RecordingHost();
            var buffer = Value.ToCharArray();
            var written = vault.SetSecret("app-secret", buffer, "text/plain", Tags(), host);
            Assert.Equal(Value, new string(buffer)); // the caller's buffer is the caller's to zero
            Assert.Equal("app-secret", written.Name);
            Assert.Equal(32, written.Version.Length);
            Assert.Equal("r-1", written.Tags[VaultTags.Rotation]);
            AssertNoValue(written, Value);
            Assert.Equal(Value, lab.Store.Find("app-secret").Latest.Value);

            var current = vault.GetCurrent("app-secret", host);
            Assert.Equal(written.Version, current.Version);
            Assert.Equal(written.Id, current.Id);
            Assert.Equal("text/plain", current.ContentType);
            Assert.Equal("key-1", current.Tags[VaultTags.Credential]);
            Assert.True(current.Enabled);
            Assert.NotNull(current.CreatedOn);
            AssertNoValue(current, Value);
            Assert.DoesNotContain(host.All(), m => m.Contains(Value));
            Assert.Equal(new Uri(lab.BaseUrl + "/"), vault.VaultUri);
        }

        [Fact]
        public async Task Get_current_is_null_only_for_a_missing_secret_and_an_error_otherwise()
        {
            await using var lab = await Lab.StartAsync();
            lab.Store.Set("present", "v");
            var vault = Lab.Vault(lab);
            Assert.Null(vault.GetCurrent("absent", new RecordingHost()));

            lab.Faults.Add(FaultRule.Throttle("GetSecret"));
            var o = Lab.Options(lab);
            o.MaxAttempts = 3;
            var throttled = Assert.Throws<NhiException>(() => Lab.Vault(lab, o).GetCurrent("present", new RecordingHost()));
            Assert.Equal("NhiKeyVaultThrottled", throttled.ErrorId);
            Assert.Equal(NhiErrorCategory.LimitsExceeded, throttled.Category);
            Assert.Contains("after 3 attempts", throttled.Message);
            lab.Faults.Clear();

            lab.Faults.Add(new FaultRule { Operation = "GetSecret", Status = 403, ErrorCode = "Forbidden", ErrorMessage = "The user does not have secrets get permission." });
            var denied = Assert.Throws<NhiException>(() => vault.GetCurrent("present", new RecordingHost()));
            Assert.Equal("NhiKeyVaultPermissionDenied", denied.ErrorId);
            lab.Faults.Clear();

            lab.Faults.Add(FaultRule.Fail("GetSecret", 500).Limit(2));
            Assert.NotNull(vault.GetCurrent("present", new RecordingHost())); // transient, retried
        }

        [Fact]
        public async Task A_disabled_latest_version_is_read_from_the_version_list()
        {
            await using var lab = await Lab.StartAsync();
            lab.Store.Set("s", "a", created: DateTimeOffset.UtcNow.AddHours(-1)); // the list is not in creation order
            var latest = lab.Store.Set("s", "b", tags: new Dictionary<string, string> { ["nhi-rotation"] = "r-9" });
            lock (lab.Store.Gate) latest.Enabled = false;
            var info = Lab.Vault(lab).GetCurrent("s", new RecordingHost());
            Assert.Equal(latest.Version, info.Version);
            Assert.False(info.Enabled);
            Assert.Equal("r-9", info.Tags["nhi-rotation"]);
        }

        [Fact]
        public async Task Throttling_is_retried_honouring_retry_after_and_the_value_is_stored_once()
        {
            await using var lab = await Lab.StartAsync();
            var vault = Lab.Vault(lab);
            vault.GetCurrent("warm-up", new RecordingHost()); // the 401 challenge first
            lab.Log.Clear();
            lab.Faults.Add(FaultRule.Throttle("SetSecret", retryAfterSeconds: 1).Limit(2));
            var host = new RecordingHost();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            vault.SetSecret("hot", Value.ToCharArray(), null, Tags(), host);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.8), "Retry-After: 1 twice must be waited, waited " + watch.Elapsed);
            Assert.Single(lab.Store.Find("hot").Versions);
            var sets = await Lab.LogAsync(lab, e => e.Operation == "SetSecret", 3);
            Assert.Equal(new[] { 429, 429, 200 }, sets.Select(e => e.Status));
            Assert.Equal(2, host.Verbose.Count(m => m.Contains("429")));
            Assert.DoesNotContain(host.All(), m => m.Contains(Value));
        }

        [Fact]
        public async Task Throttling_beyond_the_budget_fails_with_an_error_and_no_write()
        {
            await using var lab = await Lab.StartAsync();
            lab.Faults.Add(FaultRule.Throttle("SetSecret"));
            var o = Lab.Options(lab);
            o.MaxAttempts = 4;
            var ex = Assert.Throws<NhiException>(() => Lab.Vault(lab, o).SetSecret("hot", Value.ToCharArray(), null, null, new RecordingHost()));
            Assert.Equal("NhiKeyVaultThrottled", ex.ErrorId);
            Assert.Null(lab.Store.Find("hot"));
            Assert.Equal(4, (await Lab.LogAsync(lab, e => e.Operation == "SetSecret" && e.Status == 429, 4)).Count);
        }

        [Fact]
        public async Task A_soft_deleted_name_is_recovered_before_the_new_version_is_written()
        {
            await using var lab = await Lab.StartAsync();
            var vault = Lab.Vault(lab);
            vault.SetSecret("app--pending", "first".ToCharArray(), null, Tags("r-1"), new RecordingHost());
            lab.Faults.Add(new FaultRule { Operation = "PurgeDeletedSecret", Status = 403, ErrorCode = "Forbidden", ErrorMessage = "The user does not have secrets purge permission." });
            var host = new RecordingHost();
            vault.RemoveSecret("app--pending", host);
            Assert.Null(lab.Store.Find("app--pending"));
            Assert.NotNull(lab.Store.FindDeleted("app--pending")); // left deleted
            var warning = Assert.Single(host.Warnings);
            Assert.Contains("purge", warning);

            var written = vault.SetSecret("app--pending", Value.ToCharArray(), null, Tags("r-2"), new RecordingHost());
            var s = lab.Store.Find("app--pending");
            Assert.Equal(2, s.Versions.Count); // the recovered version and the new one
            Assert.Equal(Value, s.Latest.Value);
            Assert.Equal(written.Version, s.Latest.Version);
            Assert.Null(lab.Store.FindDeleted("app--pending"));
            var ops = lab.Log.Entries.Select(e => e.Operation + " " + e.Status).ToList();
            Assert.Contains("SetSecret 409", ops);
            Assert.Contains("RecoverDeletedSecret 200", ops);
        }

        [Fact]
        public async Task Remove_deletes_and_purges_and_a_missing_secret_is_done()
        {
            await using var lab = await Lab.StartAsync();
            var vault = Lab.Vault(lab);
            vault.SetSecret("gone", "x1x1x1".ToCharArray(), null, null, new RecordingHost());
            var host = new RecordingHost();
            vault.RemoveSecret("gone", host);
            Assert.Null(lab.Store.Find("gone"));
            Assert.Null(lab.Store.FindDeleted("gone"));
            Assert.Empty(host.Warnings);
            vault.RemoveSecret("gone", host);        // 404 on delete and on purge: done
            vault.RemoveSecret("never-was", host);
            Assert.Empty(host.Warnings);

            // Left deleted by an earlier run: the next remove purges it.
            lab.Store.Set("half", "v");
            lab.Faults.Add(new FaultRule { Operation = "PurgeDeletedSecret", Status = 403, ErrorCode = "Forbidden" }.Limit(1));
            vault.RemoveSecret("half", new RecordingHost());
            Assert.NotNull(lab.Store.FindDeleted("half"));
            vault.RemoveSecret("half", host);
            Assert.Null(lab.Store.FindDeleted("half"));
        }

        [Fact]
        public async Task Remove_fails_with_an_error_when_the_delete_fails()
        {
            await using var lab = await Lab.StartAsync();
            lab.Store.Set("keep", "v");
            lab.Faults.Add(new FaultRule { Operation = "DeleteSecret", Status = 403, ErrorCode = "Forbidden" });
            var ex = Assert.Throws<NhiException>(() => Lab.Vault(lab).RemoveSecret("keep", new RecordingHost()));
            Assert.Equal("NhiKeyVaultPermissionDenied", ex.ErrorId);
            Assert.NotNull(lab.Store.Find("keep"));
        }

        [Fact]
        public async Task A_transient_failure_after_the_write_committed_leaves_a_harmless_second_version()
        {
            await using var lab = await Lab.StartAsync();
            var vault = Lab.Vault(lab);
            vault.GetCurrent("warm-up", new RecordingHost());
            lab.Faults.Add(FaultRule.CommitThenDrop("SetSecret").Limit(1));
            var info = vault.SetSecret("dropped", Value.ToCharArray(), null, Tags(), new RecordingHost());
            var s = lab.Store.Find("dropped");
            Assert.Equal(2, s.Versions.Count);
            Assert.All(s.Versions, v => Assert.Equal(Value, v.Value));
            Assert.Equal(s.Latest.Version, info.Version);
        }

        [Fact]
        public async Task Error_text_from_the_vault_is_scrubbed_of_the_value_raw_base64_and_url_encoded()
        {
            await using var lab = await Lab.StartAsync();
            var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Value));
            lab.Faults.Add(new FaultRule
            {
                Operation = "SetSecret", Status = 400, ErrorCode = "BadParameter",
                ErrorMessage = "Bad value " + Value + " b64 " + b64 + " url " + Uri.EscapeDataString(Value),
            });
            var host = new RecordingHost();
            var ex = Assert.Throws<NhiException>(() => Lab.Vault(lab).SetSecret("bad", Value.ToCharArray(), null, null, host));
            Assert.Equal("NhiKeyVaultRequestFailed", ex.ErrorId);
            Assert.Contains("BadParameter", ex.Message);
            Assert.Contains("[redacted]", ex.Message);
            foreach (var text in new[] { ex.ToString(), ex.Message })
            {
                Assert.DoesNotContain(Value, text);
                Assert.DoesNotContain(b64, text);
                Assert.DoesNotContain(Uri.EscapeDataString(Value), text);
            }
            Assert.Null(ex.InnerException); // the SDK's exception text echoes response content: never attached
            Assert.DoesNotContain(host.All(), m => m.Contains(Value));
        }

        [Fact]
        public async Task Bad_names_and_uris_are_argument_errors_before_any_request()
        {
            await using var lab = await Lab.StartAsync();
            var vault = Lab.Vault(lab);
            Assert.Equal("NhiKeyVaultInvalidArgument", Assert.Throws<NhiException>(() => vault.GetCurrent("bad_name", null)).ErrorId);
            Assert.Equal("NhiKeyVaultInvalidArgument", Assert.Throws<NhiException>(() => vault.SetSecret("ok", null, null, null, null)).ErrorId);
            Assert.Equal("NhiKeyVaultInvalidArgument", Assert.Throws<NhiException>(() => KeyVaultRotationVault.NormalizeVaultUri(new Uri("http://kv.vault.azure.net/"))).ErrorId);
            Assert.Equal("NhiKeyVaultInvalidArgument", Assert.Throws<NhiException>(() => KeyVaultRotationVault.NormalizeVaultUri(new Uri("https://kv.vault.azure.net/secrets/x"))).ErrorId);
            Assert.Equal(new Uri("https://kv.vault.azure.net/"), KeyVaultRotationVault.NormalizeVaultUri(new Uri("https://kv.vault.azure.net")));
            await Task.Delay(50);
            Assert.Empty(lab.Log.Entries);
        }

        [Fact]
        public async Task Built_from_connect_options_with_an_access_token_and_a_pinned_lab_certificate()
        {
            await using var lab = await Lab.StartAsync();
            lab.Store.Set("s", "v");
            var token = new System.Security.SecureString();
            foreach (var c in "any-lab-token") token.AppendChar(c);
            var vault = KeyVaultRotationVault.Connect(new Uri(lab.BaseUrl), new KeyVaultConnectOptions
            {
                AccessToken = token,
                TrustedServerCertificate = lab.Certificate,
            });
            Assert.Equal("s", vault.GetCurrent("s", new RecordingHost()).Name);

            // Without the pin, the self-signed certificate is refused: a connection error, never "no secret".
            var untrusted = KeyVaultRotationVault.Connect(new Uri(lab.BaseUrl), new KeyVaultConnectOptions { AccessToken = token, MaxAttempts = 1 });
            var ex = Assert.Throws<NhiException>(() => untrusted.GetCurrent("s", new RecordingHost()));
            Assert.Equal(NhiErrorCategory.ConnectionError, ex.Category);
        }
    }
}
