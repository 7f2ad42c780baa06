using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Tests.Activity;
using NhiTools.Engine.Sources.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    /// <summary>Folders and files built to hurt: link loops, unreadable subfolders, invalid UTF-8, notes beside exports.</summary>
    public sealed class HostileFolderTests : IDisposable
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "nhi-hostile-" + Guid.NewGuid().ToString("N"));
        private const string App1 = "entra:app:aaaaaaaa-0000-0000-0000-000000000001";

        public HostileFolderTests() => Directory.CreateDirectory(root);

        [Fact]
        public void A_folder_link_loop_is_followed_once_with_a_warning()
        {
            if (OperatingSystem.IsWindows()) return; // symbolic links need a privilege there
            var loop = Path.Combine(root, "loop");
            Directory.CreateDirectory(Path.Combine(loop, "sub"));
            File.Copy(OfflineData.File("good/entra/applications.json"), Path.Combine(loop, "sub", "applications.json"));
            Directory.CreateSymbolicLink(Path.Combine(loop, "sub", "up"), "..");
            Directory.CreateSymbolicLink(Path.Combine(loop, "self"), "../loop");

            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, loop);

            Assert.Empty(host.Errors);
            var once = OfflineData.Read(new RecordingHost(), null, OfflineData.File("good/entra/applications.json"));
            Assert.Equal(once.Select(i => i.Id).OrderBy(i => i), ids.Select(i => i.Id).OrderBy(i => i));
            Assert.Single(ids, i => i.Id == App1);
            Assert.Equal(2, host.Warnings.Count(w => w.Contains("not followed again")));
        }

        [Fact]
        public void An_unreadable_subfolder_is_one_error_and_everything_else_is_read()
        {
            Directory.CreateDirectory(Path.Combine(root, "a"));
            Directory.CreateDirectory(Path.Combine(root, "locked"));
            File.Copy(OfflineData.File("good/entra/applications.json"), Path.Combine(root, "a", "applications.json"));
            File.Copy(OfflineData.File("good/aws/credential-report.csv"), Path.Combine(root, "report.csv"));
            var locked = Path.Combine(root, "locked");
            // root reads any folder whatever its mode: the listing refuses it as the file system would for anyone else.
            string[] Refuse(string dir, Func<string, string[]> real) =>
                dir == locked ? throw new UnauthorizedAccessException("Access to the path '" + dir + "' is denied.") : real(dir);
            var options = new OfflineOptions { ListFiles = d => Refuse(d, Directory.GetFiles), ListDirectories = d => Refuse(d, Directory.GetDirectories) };

            var host = new RecordingHost();
            var ids = OfflineData.Read(host, options, root);

            var error = Assert.Single(host.Errors);
            Assert.Equal("NhiFileUnreadable", error.ErrorId);
            Assert.Contains("'" + locked + "'", error.Message);
            Assert.Contains(ids, i => i.Id == App1);
            Assert.Contains(ids, i => i.Provider == "Aws");
        }

        [Fact]
        public void Invalid_utf8_in_a_json_string_is_malformed_input_at_its_line_and_the_other_files_are_read()
        {
            var text = File.ReadAllText(OfflineData.File("good/entra/applications.json"));
            var bytes = Encoding.UTF8.GetBytes(text).ToList();
            var at = IndexOf(bytes, Encoding.UTF8.GetBytes("\"displayName\": \"billing-api-prod\"")) + 16;
            bytes.InsertRange(at, new byte[] { 0xC3, 0x28 }); // a lead byte without its continuation
            var bad = Path.Combine(root, "bad-apps.json");
            File.WriteAllBytes(bad, bytes.ToArray());
            var line = bytes.Take(at).Count(b => b == (byte)'\n') + 1;

            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, bad, OfflineData.File("good/aws/credential-report.csv"));

            var error = Assert.Single(host.Errors);
            Assert.Equal("NhiMalformedInput", error.ErrorId);
            Assert.Contains(bad, error.Message);
            Assert.Contains("line " + line, error.Message);
            Assert.Contains("UTF-8", error.Message);
            Assert.Contains(ids, i => i.Provider == "Aws");
        }

        [Fact]
        public void Invalid_utf8_in_an_activity_log_is_malformed_input_and_the_other_logs_are_read()
        {
            var text = File.ReadAllText(ActivityData.File("cloudtrail-records.json"));
            var bytes = Encoding.UTF8.GetBytes(text).ToList();
            var at = IndexOf(bytes, Encoding.UTF8.GetBytes("\"userName\":\"svc-etl\"")) + 13;
            bytes.InsertRange(at, new byte[] { 0xFF });
            var bad = Path.Combine(root, "bad-trail.json");
            File.WriteAllBytes(bad, bytes.ToArray());

            var host = new RecordingHost();
            var events = new ActivityReader(host).Read(new[] { bad, ActivityData.File("lookup-events.json") }, IdentityLinker.From(null)).ToList();

            var error = Assert.Single(host.Errors);
            Assert.Equal("NhiMalformedInput", error.ErrorId);
            Assert.Contains(bad, error.Message);
            Assert.Contains(events, e => e.Source.Contains("lookup-events.json"));
        }

        [Fact]
        public void A_note_in_a_folder_is_a_warning_and_the_same_note_named_alone_is_an_error()
        {
            File.WriteAllText(Path.Combine(root, "README.md"), "# exports from 2026-11-01\n");
            File.Copy(OfflineData.File("good/aws/credential-report.csv"), Path.Combine(root, "report.csv"));

            var inFolder = new RecordingHost();
            var ids = OfflineData.Read(inFolder, null, root);
            Assert.Empty(inFolder.Errors);
            Assert.Contains(inFolder.Warnings, w => w.Contains("README.md") && w.Contains("not a recognised export"));
            Assert.NotEmpty(ids);

            var named = new RecordingHost();
            OfflineData.Read(named, null, Path.Combine(root, "README.md"));
            Assert.Equal("NhiUnknownFormat", Assert.Single(named.Errors).ErrorId);
        }

        [Fact]
        public void A_json_value_beyond_the_limit_is_input_too_large_for_that_file_only()
        {
            var big = Path.Combine(root, "big-apps.json");
            using (var w = new StreamWriter(big, false, new UTF8Encoding(false)))
            {
                w.Write("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications\",\"value\":[{\"id\":\"1\",\"appId\":\"aaaaaaaa-0000-0000-0000-0000000000ff\",\"notes\":\"");
                var chunk = new string('x', 1 << 20);
                for (int i = 0; i < 66; i++) w.Write(chunk);
                w.Write("\"}]}");
            }

            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, big, OfflineData.File("good/aws/credential-report.csv"));
            File.Delete(big);

            var error = Assert.Single(host.Errors);
            Assert.Equal("NhiInputTooLarge", error.ErrorId);
            Assert.Contains(big, error.Message);
            Assert.Contains(ids, i => i.Provider == "Aws");
        }

        [Fact]
        public void A_csv_line_beyond_the_limit_is_input_too_large_for_that_file_only()
        {
            var big = Path.Combine(root, "big-report.csv");
            var report = File.ReadAllLines(OfflineData.File("good/aws/credential-report.csv"));
            using (var w = new StreamWriter(big, false, new UTF8Encoding(false)))
            {
                w.WriteLine(report[0]);
                w.Write("svc-huge,arn:aws:iam::123456789012:user/svc-huge,");
                var chunk = new string('y', 1 << 20);
                for (int i = 0; i < 66; i++) w.Write(chunk);
                w.WriteLine();
            }

            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, big, OfflineData.File("good/entra/applications.json"));
            File.Delete(big);

            var error = Assert.Single(host.Errors);
            Assert.Equal("NhiInputTooLarge", error.ErrorId);
            Assert.Contains(big, error.Message);
            Assert.Contains("line 2", error.Message);
            Assert.Contains(ids, i => i.Id == App1);
        }

        private static int IndexOf(List<byte> haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Count; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            throw new InvalidOperationException("marker not found in the test data");
        }

        public void Dispose()
        {
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }
}
