using System;
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
    /// <summary>The HTML report's governance table: purpose, last review decision (who, when), next due, exceptions in force.</summary>
    public class HtmlGovernanceTests
    {
        private static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        private const string Reviewed = "aws:arn:aws:iam::111122223333:user/svc-reviewed";
        private const string Hostile = "entra:app:<img src=x onerror=alert(3)>";

        private static ReportData Data()
        {
            var reviewed = new Identity { Id = Reviewed, Name = "svc-reviewed", Provider = "Aws", Kind = IdentityKind.IamUser, Owners = new[] { "alice@contoso.com" }, LastReviewedOn = AsOf.AddDays(-17) };
            reviewed.Tags["purpose"] = "Nightly invoice export to S3";
            var hostile = new Identity { Id = Hostile, Name = "app-<script>alert(4)</script>", Provider = "Entra", Kind = IdentityKind.Application, Notes = "Purpose <b>bold</b> & \"quoted\"" };
            var never = new Identity { Id = "keyvault:kv/never", Name = "never", Provider = "KeyVault", Kind = IdentityKind.Secret };
            return new ReportData
            {
                Identities = new[] { reviewed, hostile, never },
                AsOf = AsOf,
                Title = "gov",
                Reviews = new[]
                {
                    new ReviewItem { Review = "2026-Q3", DueOn = new DateTime(2026, 10, 31), IdentityId = Reviewed, Decision = ReviewDecision.Keep, DecidedBy = "alice@contoso.com", DecidedOn = AsOf.AddDays(-17), Justification = "Exports invoices nightly <for finance>" },
                    new ReviewItem { Review = "2026-Q4<x>", DueOn = new DateTime(2026, 10, 15), IdentityId = Hostile },
                },
                Exemptions = new[]
                {
                    new Exemption { Id = 1, Rule = "NHI-ROTATION-OVERDUE", IdentityId = Reviewed, Reason = "Vendor <appliance>", ApprovedBy = "ciso@contoso.com", ExpiresOn = new DateTime(2026, 12, 31) },
                    new Exemption { Id = 2, Rule = "NHI-LONG-LIVED", IdentityId = "keyvault:kv/*", Reason = "Legacy", ApprovedBy = "ciso@contoso.com", ExpiresOn = new DateTime(2026, 9, 30) },
                },
            };
        }

        private static string Row(string html, string id) =>
            Regex.Match(Regex.Match(html, "<section id=\"governance\">.*?</section>", RegexOptions.Singleline).Value,
                "<tr data-identity=\"" + Regex.Escape(id) + "\">.*?</tr>", RegexOptions.Singleline).Value;

        [Fact]
        public void Each_identity_shows_purpose_last_decision_next_due_and_exceptions()
        {
            string html = ReportWriterTests.Render(ReportWriter.WriteHtml, Data());
            Assert.Contains("<section id=\"governance\">", html);
            var row = Row(html, Reviewed);
            Assert.Contains("Nightly invoice export to S3", row);
            Assert.Contains("<b>Keep</b> by alice@contoso.com on 2026-10-15", row);
            Assert.Contains("2027-01-13", row); // decided 2026-10-15 + 90 days
            Assert.Contains("NHI-ROTATION-OVERDUE", row);
            Assert.Contains("until 2026-12-31", row);
            Assert.Contains("Exports invoices nightly &lt;for finance&gt;", row);

            var secret = Row(html, "keyvault:kv/never");
            Assert.True(secret.Contains("never reviewed"), secret);
            Assert.Contains("ended 2026-09-30, finding open again", secret);
            Assert.Contains("gov-due", secret);

            // The pending item's due date is the next due, overdue at AsOf; every value is escaped.
            var hostile = Row(html, "entra:app:&lt;img src=x onerror=alert(3)&gt;");
            Assert.Contains("2026-10-15 (overdue)", hostile);
            Assert.Contains("2026-Q4&lt;x&gt;", hostile);
            Assert.Contains("Purpose &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;", hostile);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<b>bold", html);
            Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
            Assert.Contains("2 of 3 identities have a purpose; 1 were reviewed within the 90-day cycle; 1 carry an exception in force and 1 one that has ended", html);
        }

        [Fact]
        public void An_estate_without_reviews_or_exceptions_still_gets_the_table()
        {
            var d = Data();
            d.Reviews = null;
            d.Exemptions = null;
            string html = ReportWriterTests.Render(ReportWriter.WriteHtml, d);
            Assert.Contains("decided on 2026-10-15", Row(html, Reviewed));
            Assert.Contains("0 carry an exception in force", html);
        }

        [ChromiumFact]
        public void Chromium_renders_the_governance_table_as_text()
        {
            using var dir = new TempDir();
            string html = Path.Combine(dir.Path, "gov.html");
            using (var w = new StreamWriter(html)) ReportWriter.WriteHtml(w, Data());
            var psi = new ProcessStartInfo(Chromium.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + Path.Combine(dir.Path, "u"), "--dump-dom", new Uri(html).AbsoluteUri })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(90_000), "chromium did not finish");
            string dom = stdout.Result;
            var table = Regex.Match(dom, "<table class=\"grid\" id=\"governance-table\">.*?</table>", RegexOptions.Singleline).Value;
            Assert.Equal(3, Regex.Matches(table, "<tr data-identity=").Count);
            Assert.Contains("app-&lt;script&gt;alert(4)&lt;/script&gt;", table);
            Assert.DoesNotContain("<img", dom);
        }
    }
}
