using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NhiTools.Engine.Report;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Tests.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Report
{
    public class ReportWriterTests
    {
        internal static string Render(Action<TextWriter, ReportData> write, ReportData d)
        {
            var sw = new StringWriter();
            write(sw, d);
            return sw.ToString();
        }

        [Fact]
        public void HtmlEscapesEveryNameAndLoadsNothingFromOutside()
        {
            string html = Render(ReportWriter.WriteHtml, SampleEstate.Data(hostile: true));
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img", html);
            Assert.Contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;", html);
            Assert.Single(Regex.Matches(html, "<script", RegexOptions.IgnoreCase));
            Assert.DoesNotMatch(new Regex(@"<(link|iframe|object|embed|img|base)\b|<[a-z][^>]*\s(src|href|action)\s*=|@import|url\((?!#)", RegexOptions.IgnoreCase), html);
            Assert.Contains("default-src 'none'", html);
            // every http(s) URL in the page is inert text (namespaces and escaped data), never a resource
            foreach (Match m in Regex.Matches(html, @"https?://[^\s""'<)]+"))
                Assert.True(m.Value.StartsWith("http://www.w3.org/2000/svg") || m.Value.StartsWith("http://evil"), m.Value);
        }

        [Fact]
        public void HtmlShowsTilesChartsTablesAndMap()
        {
            ReportData d = SampleEstate.Data();
            string html = Render(ReportWriter.WriteHtml, d);
            Assert.Matches(new Regex(@"id=""tile-identities""><div class=""tv"">11</div>"), html);
            Assert.Matches(new Regex(@"id=""tile-unowned""><div class=""tv"">4</div>"), html);    // legacy-backup, Acme, old-sql-password, billing-api (owner disabled)
            Assert.Matches(new Regex(@"id=""tile-critical-high""><div class=""tv"">6</div>"), html);
            foreach (string id in new[] { "chart-age", "chart-owasp", "chart-severity", "chart-provider" }) Assert.Contains("id=\"" + id + "\"", html);
            string fixFirst = Regex.Match(html, "<section id=\"fix-first\">.*?</section>", RegexOptions.Singleline).Value;
            var rules = Regex.Matches(fixFirst, "<tr data-rule=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(d.Findings.OrderByDescending(f => f.Score).Take(HtmlReport.FixFirstRows).Select(f => f.Rule), rules);
            Assert.Equal("NHI-ADMIN", rules[0]);
            string map = Regex.Match(html, "<section id=\"access-map\">.*?</section>", RegexOptions.Singleline).Value;
            Assert.Contains("<svg", map);
            Assert.Contains(">github-deploy<", map);
            Assert.Contains("class=\"edge assume\"", map);
            string unowned = Regex.Match(html, "<section id=\"unowned\">.*?</section>", RegexOptions.Singleline).Value;
            Assert.Equal(4, Regex.Matches(unowned, "<tr data-identity").Count);
            Assert.Contains("AKIA****************(20)", html);
        }

        [Fact]
        public void AgeBucketsCountEveryCredential()
        {
            ReportData d = SampleEstate.Data();
            var bars = HtmlReport.AgeBuckets(d);
            Assert.Equal(d.Rotation.Count, bars.Sum(b => b.Value));
            Assert.Equal(4, bars.Single(b => b.Label == "> 2 years").Value);   // 730, 730, 900 and 1300 days
        }

        [Fact]
        public void CsvQuotesAndDefusesFormulas()
        {
            ReportData d = SampleEstate.Data(hostile: true);
            string csv = Render(ReportWriter.WriteCsv, d);
            var rows = ParseCsv(csv);
            Assert.Equal("Score", rows[0][0]);
            Assert.Equal(d.Findings.Count + 1, rows.Count);
            Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
            var hostile = rows.Single(r => r[5] == SampleEstate.Hostile);
            Assert.Equal("99", hostile[0]);
            Assert.Equal("'=HYPERLINK(\"http://evil\")", hostile[10]);
            Assert.Equal("Evidence <img src=x onerror=alert(2)> & \"quotes\"", hostile[9]);
            Assert.Equal(new[] { "99", "96", "94" }, rows.Skip(1).Take(3).Select(r => r[0]));
        }

        internal static List<List<string>> ParseCsv(string csv)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < csv.Length; i++)
            {
                char c = csv[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
                else if (c == '\r') { }
                else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = new List<string>(); }
                else cell.Append(c);
            }
            Assert.False(quoted);
            return rows;
        }

        [Fact]
        public void JsonHoldsSummaryIdentitiesFindingsRotationAndSecrets()
        {
            ReportData d = SampleEstate.Data();
            using var doc = JsonDocument.Parse(Render(ReportWriter.WriteJson, d));
            JsonElement root = doc.RootElement;
            Assert.Equal("2026-11-01T00:00:00Z", root.GetProperty("asOf").GetString());
            Assert.Equal(11, root.GetProperty("summary").GetProperty("identities").GetInt32());
            Assert.Equal(4, root.GetProperty("summary").GetProperty("identitiesByProvider").GetProperty("Aws").GetInt32());
            Assert.Equal(d.Identities.Count, root.GetProperty("identities").GetArrayLength());
            Assert.Equal("IamRole", root.GetProperty("identities")[0].GetProperty("kind").GetString());   // sorted by id: aws:...:role/github-deploy first
            var findings = root.GetProperty("findings").EnumerateArray().ToList();
            Assert.Equal(d.Findings.Count, findings.Count);
            Assert.Equal("NHI-ADMIN", findings[0].GetProperty("rule").GetString());
            Assert.Equal("Critical", findings[0].GetProperty("severity").GetString());
            Assert.Equal(d.Rotation.Count, root.GetProperty("rotation").GetArrayLength());
            Assert.Equal("AKIA****************(20)", root.GetProperty("secrets")[0].GetProperty("masked").GetString());
        }

        [Fact]
        public void SarifHasRequiredPropertiesRulesAndLevels()
        {
            ReportData d = SampleEstate.Data();
            using var doc = JsonDocument.Parse(Render(ReportWriter.WriteSarif, d));
            SarifAssert.Valid(doc.RootElement);
            JsonElement run = doc.RootElement.GetProperty("runs")[0];
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
            JsonElement admin = rules.Single(r => r.GetProperty("id").GetString() == "NHI-ADMIN");
            Assert.Contains(admin.GetProperty("properties").GetProperty("tags").EnumerateArray(), t => t.GetString() == "OWASP-NHI5");
            Assert.Equal("error", admin.GetProperty("defaultConfiguration").GetProperty("level").GetString());
            Assert.Equal("9.5", admin.GetProperty("properties").GetProperty("security-severity").GetString());
            var results = run.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(d.Findings.Count + d.Secrets.Count, results.Count);
            Assert.Equal("note", results.Single(r => r.GetProperty("ruleId").GetString() == "NHI-CLIENT-SECRET").GetProperty("level").GetString());
            Assert.Equal("warning", results.First(r => r.GetProperty("ruleId").GetString() == "NHI-EXPIRED").GetProperty("level").GetString());
            JsonElement secret = results.Single(r => r.GetProperty("ruleId").GetString() == "NHI-SECRET-AwsAccessKeyId");
            Assert.Equal(12, secret.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
            Assert.Equal("deploy/billing.ps1", secret.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            // rule indexes point at the rule with that id
            foreach (JsonElement r in results)
                Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        }

        [Fact]
        public void SecretScanSarifIsValid()
        {
            var fakes = new FakeSecrets(3);
            using var dir = new TempDir();
            dir.Write("a b/c.env", "GITHUB_TOKEN=" + fakes["GITHUB"] + "\nAWS_ACCESS_KEY_ID=" + fakes["AWS_KEY_ID"] + "\n");
            var hits = new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }).ToList();
            var sw = new StringWriter();
            SecretScanner.WriteSarif(hits, sw);
            using var doc = JsonDocument.Parse(sw.ToString());
            SarifAssert.Valid(doc.RootElement);
            var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(2, results.Count);
            string uri = results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
            Assert.StartsWith("file:///", uri);
            Assert.EndsWith("a%20b/c.env", uri);
            Assert.Equal(2, results[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        }

        [Fact]
        public void NoOutputCarriesAScannedSecretValue()
        {
            var (dir, fakes) = (new TempDir(), new FakeSecrets(5));
            using (dir)
            {
                foreach (string t in FakeSecrets.KindOfToken.Keys) dir.Write(t + ".txt", "x = 1\n" + (t == "PEM" ? "" : "secret_value: ") + fakes[t] + "\n");
                var hits = new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }).ToList();
                Assert.True(hits.Count >= 10, hits.Count.ToString());
                ReportData d = SampleEstate.Data(secrets: hits);
                string all = Render(ReportWriter.WriteHtml, d) + Render(ReportWriter.WriteCsv, d) + Render(ReportWriter.WriteJson, d) + Render(ReportWriter.WriteSarif, d);
                foreach (string v in fakes.AllValues)
                    for (int i = 0; i + 8 <= v.Length; i += 4) Assert.DoesNotContain(v.Substring(i, 8), all);
            }
        }

        [Fact]
        public void EmptyReportStillRenders()
        {
            var d = new ReportData { AsOf = SampleEstate.AsOf };
            string html = Render(ReportWriter.WriteHtml, d);
            Assert.Contains("No findings.", html);
            using var doc = JsonDocument.Parse(Render(ReportWriter.WriteSarif, d));
            SarifAssert.Valid(doc.RootElement);
            Assert.Single(ParseCsv(Render(ReportWriter.WriteCsv, d)));
            Assert.Throws<ArgumentNullException>(() => ReportWriter.WriteHtml(new StringWriter(), null));
        }
    }

    /// <summary>The SARIF 2.1.0 properties consumers (GitHub code scanning, VS Code viewer) require.</summary>
    internal static class SarifAssert
    {
        public static void Valid(JsonElement root)
        {
            Assert.Equal("2.1.0", root.GetProperty("version").GetString());
            Assert.Contains("sarif", root.GetProperty("$schema").GetString());
            JsonElement runs = root.GetProperty("runs");
            Assert.True(runs.GetArrayLength() >= 1);
            foreach (JsonElement run in runs.EnumerateArray())
            {
                JsonElement driver = run.GetProperty("tool").GetProperty("driver");
                Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));
                var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
                Assert.Equal(ruleIds.Count, ruleIds.Distinct().Count());
                foreach (JsonElement r in run.GetProperty("results").EnumerateArray())
                {
                    Assert.Contains(r.GetProperty("ruleId").GetString(), ruleIds);
                    Assert.Contains(r.GetProperty("level").GetString(), new[] { "error", "warning", "note", "none" });
                    Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetProperty("text").GetString()));
                    JsonElement locs = r.GetProperty("locations");
                    Assert.True(locs.GetArrayLength() >= 1);
                    foreach (JsonElement l in locs.EnumerateArray())
                    {
                        if (l.TryGetProperty("physicalLocation", out JsonElement p))
                        {
                            Assert.False(string.IsNullOrEmpty(p.GetProperty("artifactLocation").GetProperty("uri").GetString()));
                            Assert.True(p.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
                        }
                        else Assert.True(l.GetProperty("logicalLocations").GetArrayLength() >= 1);
                    }
                }
            }
        }
    }
}
