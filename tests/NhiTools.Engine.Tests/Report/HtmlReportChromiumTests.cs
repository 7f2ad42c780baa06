using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NhiTools.Engine.Report;
using NhiTools.Engine.Tests.Scan;
using NhiTools.Engine.Tests.Support;
using Xunit;

namespace NhiTools.Engine.Tests.Report
{
    /// <summary>Opens the HTML report in headless Chromium (offline) and checks what a reader would see.</summary>
    public class HtmlReportChromiumTests
    {
        private static (int Exit, string Stdout, string Stderr) RunChromium(string userDir, params string[] args)
        {
            var psi = new ProcessStartInfo(Chromium.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + userDir, "--enable-logging=stderr", "--v=0" }.Concat(args))
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(90_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 90 s"); }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        /// <summary>Console messages Chromium logs to stderr ("...:CONSOLE(n)] ..." or "...:CONSOLE:n] ...").</summary>
        private static List<string> ConsoleLines(string stderr) =>
            stderr.Split('\n').Where(l => l.Contains(":CONSOLE")).ToList();

        [ChromiumFact]
        public void ReportRendersItsRowsWithoutConsoleErrors()
        {
            using var dir = new TempDir();
            ReportData d = SampleEstate.Data(hostile: true);
            string html = Path.Combine(dir.Path, "report.html");
            using (var w = new StreamWriter(html)) ReportWriter.WriteHtml(w, d);

            // Control: a page that does throw must show up in the log, or the check below proves nothing.
            string bad = dir.Write("bad.html", "<!DOCTYPE html><html><body><script>throw new Error('nhi-control-error')</script></body></html>");
            var control = RunChromium(Path.Combine(dir.Path, "u0"), "--dump-dom", new Uri(bad).AbsoluteUri);
            Assert.Contains(ConsoleLines(control.Stderr), l => l.Contains("nhi-control-error"));

            var run = RunChromium(Path.Combine(dir.Path, "u1"), "--dump-dom", new Uri(html).AbsoluteUri);
            Assert.Equal(0, run.Exit);
            Assert.Empty(ConsoleLines(run.Stderr));
            string dom = run.Stdout;
            Assert.Contains("Contoso NHI review", dom);
            string fixFirst = Regex.Match(dom, "<section id=\"fix-first\">.*?</section>", RegexOptions.Singleline).Value;
            var rules = Regex.Matches(fixFirst, "<tr data-rule=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(d.Findings.OrderByDescending(f => f.Score).Take(HtmlReport.FixFirstRows).Select(f => f.Rule), rules);
            // the hostile name is text in the DOM, not an element: no script ran, no <img> was created
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", fixFirst);
            Assert.DoesNotContain("<img", dom);
            Assert.Single(Regex.Matches(dom, "<script", RegexOptions.IgnoreCase));
            Assert.Contains("id=\"access-map\"", dom);
            Assert.Matches(new Regex("<svg[^>]*class=\"map\""), dom);
        }

        [ChromiumFact]
        public void ScreenshotOfTheSampleReport()
        {
            using var dir = new TempDir();
            string html = Path.Combine(dir.Path, "report.html");
            using (var w = new StreamWriter(html)) ReportWriter.WriteHtml(w, SampleEstate.Data());
            string png = Path.Combine(dir.Path, "report.png");
            var run = RunChromium(Path.Combine(dir.Path, "u"), "--hide-scrollbars", "--window-size=1400,2400", "--screenshot=" + png, new Uri(html).AbsoluteUri);
            Assert.True(File.Exists(png), "no screenshot: " + run.Stderr);
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes.Take(4).ToArray());
            Assert.True(bytes.Length > 50_000, "screenshot suspiciously small: " + bytes.Length);
            // NHITOOLS_REPORT_PNG=<path> keeps the image (docs/report.png is made this way).
            string keep = Environment.GetEnvironmentVariable("NHITOOLS_REPORT_PNG");
            if (!string.IsNullOrEmpty(keep)) { File.Copy(png, keep, true); File.Copy(html, Path.ChangeExtension(keep, ".html"), true); }
        }
    }
}
