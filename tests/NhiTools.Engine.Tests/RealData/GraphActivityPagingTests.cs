using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Activity;
using Xunit;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>
    /// Graph's documented auditLogs/signIns page (microsoft-graph-docs signin-list.md, example 1: one sign-in and an
    /// @odata.nextLink; provenance in TestData/real/PROVENANCE.md): a page that says more follows warns like every
    /// other paged export.
    /// </summary>
    public class GraphActivityPagingTests
    {
        private static string File => Path.Combine(AppContext.BaseDirectory, "TestData", "real", "graph", "signins-page.json");

        [Fact]
        public void A_sign_in_page_with_a_next_link_warns_that_the_log_is_incomplete()
        {
            var host = new RecordingHost();
            var events = new ActivityReader(host).Read(new[] { File }).ToList();
            Assert.Single(events);
            Assert.Empty(host.Errors);
            Assert.Contains(host.Warnings, w => w.Contains("Graph auditLogs/signIns") && w.Contains("incomplete"));
        }

        [Fact]
        public void The_last_page_completes_the_log()
        {
            var dir = Path.Combine(Path.GetTempPath(), "nhi-graphpages-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            System.IO.File.Copy(File, Path.Combine(dir, "page1.json"));
            System.IO.File.WriteAllText(Path.Combine(dir, "page2.json"),
                "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\",\"value\":[]}");
            var host = new RecordingHost();
            new ActivityReader(host).Read(new[] { dir }).ToList();
            Assert.DoesNotContain(host.Warnings, w => w.Contains("incomplete"));
        }
    }
}
