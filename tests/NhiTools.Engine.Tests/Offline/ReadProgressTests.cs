using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    /// <summary>Issue 12 item 8: a long folder read says how far it is (files listed, formats recognised, identities read).</summary>
    public sealed class ReadProgressTests : IDisposable
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "nhi-progress-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public void A_big_folder_reports_listing_recognising_and_identities_as_it_goes()
        {
            Directory.CreateDirectory(Path.Combine(root, "notes"));
            for (int i = 0; i < 1050; i++) File.WriteAllText(Path.Combine(root, "notes", $"n{i:0000}.txt"), "note\n");
            var header = File.ReadLines(OfflineData.File("good/aws/credential-report.csv")).First();
            var report = new StringBuilder(header).Append('\n');
            var columns = header.Split(',').Length;
            for (int i = 0; i < 2500; i++)
            {
                // An IAM user with one active key: a non-human identity in every reading.
                var fields = Enumerable.Repeat("N/A", columns).ToArray();
                fields[0] = "svc-" + i;
                fields[1] = "arn:aws:iam::123456789012:user/svc-" + i;
                fields[2] = "2024-01-01T00:00:00+00:00";
                fields[3] = "false";
                fields[7] = "false";
                fields[8] = "true";
                fields[9] = "2025-01-01T00:00:00+00:00";
                for (int c = 10; c < columns; c++) fields[c] = header.Split(',')[c].EndsWith("_active") ? "false" : "N/A";
                report.Append(string.Join(",", fields)).Append('\n');
            }
            File.WriteAllText(Path.Combine(root, "report.csv"), report.ToString());

            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, root);

            Assert.Equal(2500, ids.Count);
            var statuses = host.Progress.Select(p => p.Status ?? "").ToList();
            Assert.Contains(statuses, s => s.StartsWith("listing '", StringComparison.Ordinal) && s.EndsWith(1051.ToString("N0") + " files found", StringComparison.Ordinal));
            Assert.Contains("recognising formats: 100/1051 files", statuses);
            // Identities every 1,000, in order, then the total when done.
            var counts = statuses.Where(s => s.EndsWith(" identities", StringComparison.Ordinal) && s.Contains(" files, ")).ToList();
            Assert.Equal(new[] { 1000, 2000 }.Select(n => n.ToString("N0") + " identities"), counts.Select(s => s.Substring(s.LastIndexOf(", ", StringComparison.Ordinal) + 2)));
            var last = host.Progress.Last(p => p.Activity == "Reading export files");
            Assert.True(last.Completed);
            Assert.EndsWith(2500.ToString("N0") + " identities", last.Status);
        }

        public void Dispose()
        {
            try { Directory.Delete(root, true); } catch (IOException) { }
        }
    }
}
