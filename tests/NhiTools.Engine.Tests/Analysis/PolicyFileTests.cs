using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Engine.Analysis;
using NhiTools.Hosting;
using Xunit;
using static NhiTools.Engine.Tests.Analysis.Kit;
using R = NhiTools.Engine.Analysis.RuleIds;

namespace NhiTools.Engine.Tests.Analysis
{
    public class PolicyFileTests
    {
        internal static string RepoFile(string relative)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("Not found above the test output: " + relative);
        }

        [Fact]
        public void Shipped_policy_file_equals_the_built_in_defaults()
        {
            var loaded = FindingPolicy.Load(RepoFile(Path.Combine("module", "NhiTools.Policy.psd1")));
            var defaults = FindingPolicy.Default;
            var props = typeof(FindingPolicy).GetProperties().Where(p => p.CanWrite).ToList();
            Assert.True(props.Count >= 30, "policy has " + props.Count + " settings");
            foreach (var p in props)
            {
                object a = p.GetValue(defaults), b = p.GetValue(loaded);
                if (a is string[] la) Assert.True(la.SequenceEqual((string[])b), p.Name + ": file has " + string.Join(",", (string[])b));
                else if (a is Dictionary<string, string>[] ma) Assert.True(ma.Length == ((Dictionary<string, string>[])b).Length, p.Name);
                else if (a is Dictionary<string, string> da)
                    Assert.True(da.OrderBy(k => k.Key).SequenceEqual(((Dictionary<string, string>)b).OrderBy(k => k.Key)), p.Name);
                else if (a is Dictionary<string, int> di)
                    Assert.True(di.OrderBy(k => k.Key).SequenceEqual(((Dictionary<string, int>)b).OrderBy(k => k.Key)), p.Name);
                else Assert.True(Equals(a, b), p.Name + ": default " + a + ", file " + b);
            }
        }

        [Fact]
        public void Every_policy_key_is_written_in_the_shipped_file()
        {
            var text = File.ReadAllText(RepoFile(Path.Combine("module", "NhiTools.Policy.psd1")));
            foreach (var p in typeof(FindingPolicy).GetProperties().Where(p => p.CanWrite))
                Assert.Matches(@"(?m)^\s*" + p.Name + @"\s*=", text);
        }

        [Fact]
        public void Parses_comments_nesting_quoting_and_overrides_over_defaults()
        {
            var p = FindingPolicy.Parse(@"
<# a block
   comment #>
@{
    RotationMaxAgeDays = 30   # tighter
    'DormantDays' = 60; UnusedCredentialDays = 45
    ProductionEnvironments = 'prod',
        'prd'
    OwnerTagKeys = 'owner'
    PipelineWords = @(
        'ci'   # comment inside
        ""it's""
        'o''brien'
    )
    AccountEnvironments = @{ '111111111111' = 'prod'; kv-dev = ""dev"" }
    SeverityOverrides = @{ 'NHI-LONG-LIVED' = 'Low' }
    DisabledRules = @()
}", "inline.psd1");
            Assert.Equal(30, p.RotationMaxAgeDays);
            Assert.Equal(60, p.DormantDays);
            Assert.Equal(45, p.UnusedCredentialDays);
            Assert.Equal(new[] { "prod", "prd" }, p.ProductionEnvironments);
            Assert.Equal(new[] { "owner" }, p.OwnerTagKeys);
            Assert.Equal(new[] { "ci", "it's", "o'brien" }, p.PipelineWords);
            Assert.Equal("prod", p.AccountEnvironments["111111111111"]);
            Assert.Equal("dev", p.AccountEnvironments["KV-DEV"]);
            Assert.Equal("Low", p.SeverityOverrides["nhi-long-lived"]);
            Assert.Empty(p.DisabledRules);
            Assert.Equal(365, p.MaxLifetimeDays); // untouched key keeps its default
        }

        [Theory]
        [InlineData("@{\n  RotationMaxAgeDays = 30\n  RotatonMaxAgeDays = 10\n}", 3, "unknown key 'RotatonMaxAgeDays'")]
        [InlineData("@{\n  DormantDays = 'ninety'\n}", 2, "'DormantDays' must be a whole number")]
        [InlineData("@{\n  DormantDays = -5\n}", 2, "'DormantDays' must be a whole number")]
        [InlineData("@{\n\n  OwnerTagKeys = @('owner', 3)\n}", 3, "item 2 is 3")]
        [InlineData("@{\n  DormantDays = $env:DAYS\n}", 2, "variables and expressions are not allowed")]
        [InlineData("@{\n  PipelineWords = \"$(Remove-Item x)\"\n}", 2, "would expand a variable")]
        [InlineData("@{\n  PipelineWords = Get-Content\n}", 2, "expected a value")]
        [InlineData("@{\n  DormantDays = 1\n  dormantdays = 2\n}", 3, "duplicate key 'dormantdays'")]
        [InlineData("@{\n  OwnerTagKeys = @('a',\n 'b'\n", 2, "never closed")]
        [InlineData("@{ DormantDays = 1 } extra", 1, "unexpected text")]
        [InlineData("DormantDays = 1", 1, "one hashtable literal")]
        [InlineData("@{\n  AccountEnvironments = @('a')\n}", 2, "must be a hashtable")]
        [InlineData("@{\n  PipelineWords = 'a'\n  DormantDays = 1 2\n}", 3, "expected a newline")]
        public void Bad_files_fail_with_NhiPolicyInvalid_naming_key_and_line(string text, int line, string message)
        {
            var e = Assert.Throws<NhiException>(() => FindingPolicy.Parse(text, "bad.psd1"));
            Assert.Equal("NhiPolicyInvalid", e.ErrorId);
            Assert.Equal(NhiErrorCategory.InvalidData, e.Category);
            Assert.Contains("bad.psd1 line " + line + ":", e.Message);
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void Unknown_rule_ids_and_severities_in_a_policy_are_rejected()
        {
            var e = Assert.Throws<NhiException>(() => FindingPolicy.Parse("@{ DisabledRules = @('NHI-NOPE') }", "p.psd1"));
            Assert.Equal("NhiPolicyInvalid", e.ErrorId);
            Assert.Contains("NHI-NOPE", e.Message);
            e = Assert.Throws<NhiException>(() => FindingPolicy.Parse("@{ SeverityOverrides = @{ 'NHI-DORMANT' = 'Severe' } }", "p.psd1"));
            Assert.Contains("'Severe' is not one of", e.Message);
            e = Assert.Throws<NhiException>(() => new FindingEngine(FindingPolicy.Parse("@{ RotationCredentialTypes = @('Passkey') }"), NullHostContext.Instance));
            Assert.Contains("unknown credential type 'Passkey'", e.Message);
        }

        [Fact]
        public void Missing_file_is_NhiPolicyNotFound()
        {
            var e = Assert.Throws<NhiException>(() => FindingPolicy.Load(Path.Combine(Path.GetTempPath(), "no-such-nhitools-policy.psd1")));
            Assert.Equal("NhiPolicyNotFound", e.ErrorId);
            Assert.Equal(NhiErrorCategory.ObjectNotFound, e.Category);
        }

        [Fact]
        public void A_loaded_policy_changes_what_fires()
        {
            var path = Path.Combine(Path.GetTempPath(), "nhitools-policy-" + System.Guid.NewGuid().ToString("N") + ".psd1");
            File.WriteAllText(path, "@{\n RotationMaxAgeDays = 30\n DisabledRules = @('NHI-LONG-LIVED')\n SeverityOverrides = @{ 'NHI-ROTATION-OVERDUE' = 'High' }\n}");
            try
            {
                var user = IamUser("svc-x", AccessKey("AKIAPOLICY0000000001", 45, 1));
                var defaults = Run(new[] { user }, null);
                None(defaults, R.RotationOverdue);
                Assert.Contains(defaults, f => f.Rule == R.LongLived);

                var tuned = Run(new[] { user }, FindingPolicy.Load(path));
                var f = Single(tuned, R.RotationOverdue, "NHI7", Severity.High);
                Assert.Contains("30-day rotation limit", f.Evidence);
                Assert.Equal(60, f.Score);
                None(tuned, R.LongLived);
            }
            finally { File.Delete(path); }
        }
    }
}
