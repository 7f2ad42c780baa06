using System;
using System.IO;
using System.Linq;
using System.Threading;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    public class ErrorHandlingTests
    {
        [Fact]
        public void Each_bad_file_gets_its_own_error_and_the_others_are_still_read()
        {
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null,
                OfflineData.File("bad/unknown.json"),
                OfflineData.File("bad/malformed.json"),
                Path.Combine(OfflineData.Dir, "does-not-exist.json"),
                OfflineData.File("bad/report-badrow.csv"),
                OfflineData.File("good/entra/applications.json"));

            Assert.Equal(4, host.Errors.Count);
            var notFound = host.Errors.Single(e => e.ErrorId == "NhiPathNotFound");
            Assert.Equal(NhiErrorCategory.ObjectNotFound, notFound.Category);
            var unknown = host.Errors.Single(e => e.ErrorId == "NhiUnknownFormat");
            Assert.Equal(NhiErrorCategory.InvalidData, unknown.Category);
            Assert.Contains("unknown.json", unknown.Message);
            var malformed = host.Errors.Where(e => e.ErrorId == "NhiMalformedInput").ToList();
            Assert.Equal(2, malformed.Count);
            Assert.All(malformed, e => Assert.Equal(NhiErrorCategory.InvalidData, e.Category));
            Assert.Contains(malformed, e => e.Message.Contains("malformed.json") && e.Message.Contains("line 5"));
            Assert.Contains(malformed, e => e.Message.Contains("report-badrow.csv") && e.Message.Contains("line 3"));

            // The report's good rows before and after the bad one, and the applications file, still count.
            Assert.Contains(ids, i => i.Name == "svc-ok");
            Assert.Contains(ids, i => i.Name == "svc-after");
            Assert.DoesNotContain(ids, i => i.Name == "svc-short");
            Assert.Contains(ids, i => i.Id == "entra:app:aaaaaaaa-0000-0000-0000-000000000001");
        }

        [Fact]
        public void Malformed_json_after_the_first_chunk_reports_the_line_and_keeps_what_was_whole()
        {
            // 3000 applications (~400 KB, past the detector's prefix and the stream's first buffer), then damage.
            var sb = new System.Text.StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications\",\"value\":[\n");
            for (int i = 0; i < 3000; i++)
                sb.Append("{\"id\":\"").Append(Guid.NewGuid()).Append("\",\"appId\":\"").Append(new Guid(i, 0, 0, new byte[8])).Append("\",\"displayName\":\"app-").Append(i)
                  .Append("\",\"passwordCredentials\":[{\"keyId\":\"").Append(Guid.NewGuid()).Append("\",\"hint\":\"abc\",\"startDateTime\":\"2025-01-01T00:00:00Z\",\"endDateTime\":\"2027-01-01T00:00:00Z\"}],\"keyCredentials\":[]},\n");
            sb.Append("{\"id\":\"broken\" \"appId\":\"x\"}\n]}\n");
            var path = OfflineData.TempFile("apps.json", sb.ToString());
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, path);
            Assert.Equal(3000, ids.Count);
            Assert.Equal(3000, ids.Select(i => i.Id).Distinct().Count());
            var err = Assert.Single(host.Errors);
            Assert.Equal("NhiMalformedInput", err.ErrorId);
            Assert.Contains("line 3002", err.Message);
        }

        [Fact]
        public void Unknown_files_met_in_a_folder_are_warnings_and_the_rest_is_read()
        {
            // Issue 12 (from 15 item 5): a folder of exports often holds notes; a file named on its own stays an error.
            var dir = Path.GetDirectoryName(OfflineData.TempCopy("good/keyvault/kv-prod-01.json", "secrets.json"));
            File.WriteAllText(Path.Combine(dir, "README.md"), "# exports\n");
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, dir);
            Assert.Empty(host.Errors);
            Assert.Contains("README.md", Assert.Single(host.Warnings));
            Assert.Equal(3, ids.Count);
        }

        [Fact]
        public void Cancellation_stops_the_read()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            var host = new RecordingHost { Token = cts.Token };
            Assert.ThrowsAny<OperationCanceledException>(() => OfflineData.Read(host, null, OfflineData.Good));
        }

        [Fact]
        public void Progress_counts_files()
        {
            OfflineData.ReadGood(out var host);
            var fileCount = Directory.GetFiles(OfflineData.Good, "*", SearchOption.AllDirectories).Length;
            Assert.Equal(fileCount, host.Progress.Count(p => !p.Completed));
            Assert.True(host.Progress.Last().Completed);
            Assert.All(host.Progress, p => Assert.InRange(p.PercentComplete, 0, 100));
        }

        [Fact]
        public void Error_messages_never_quote_file_content()
        {
            var path = OfflineData.TempFile("x.json", "{\"AccessKeyMetadata\":[{\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG\" \"x\":1}]}");
            var host = new RecordingHost();
            OfflineData.Read(host, null, path);
            var err = Assert.Single(host.Errors);
            Assert.DoesNotContain("wJalr", err.Message);
            Assert.Null(err.InnerException);
        }
    }
}
