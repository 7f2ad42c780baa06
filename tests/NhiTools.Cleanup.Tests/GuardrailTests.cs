using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Cleanup;
using NhiTools.Hosting;
using NhiTools.Labs.Graph;
using Xunit;

namespace NhiTools.Cleanup.Tests
{
    /// <summary>-WhatIf, -MaximumChanges, protection and a target changed since it was read, against the labs.</summary>
    [Collection("LiveSessions")]
    public sealed class GuardrailTests
    {
        private static CleanupTarget[] Dormant(CleanupLabs labs)
        {
            var all = labs.Read("Entra").Concat(labs.Read("Aws")).ToList();
            return new FindingEngine(FindingPolicy.Default, NullHostContext.Instance)
                .Evaluate(all, DateTime.UtcNow, new System.Collections.Generic.HashSet<string> { RuleIds.Dormant })
                .Select(f => new CleanupTarget { IdentityId = f.IdentityId, Provider = f.Provider, Rule = f.Rule, Evidence = f.Evidence })
                .ToArray();
        }

        [Fact]
        public async Task WhatIf_sends_zero_write_requests_and_journals_nothing()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var targets = Dormant(labs);
            Assert.Equal(4, targets.Length);
            labs.Graph.Log.Clear();
            labs.Iam.Log.Clear();
            var host = new RecordingHost { Approve = false };
            Assert.Empty(labs.Runner(host).Run(targets, CleanupLabs.DisablePlan));
            Assert.Equal(4, host.Messages.Count(m => m.StartsWith("? ")));
            Assert.Equal(0, labs.Graph.Log.Writes());
            Assert.Equal(0, labs.Iam.Log.Writes());
            Assert.Empty(labs.Journal.Changes());
        }

        [Fact]
        public async Task MaximumChanges_stops_before_any_request()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var targets = Dormant(labs);
            labs.Graph.Log.Clear();
            labs.Iam.Log.Clear();
            var ex = Assert.Throws<NhiException>(() => labs.Runner(new RecordingHost(), max: 3).Run(targets, CleanupLabs.DisablePlan).ToList());
            Assert.Equal(CleanupErrors.BlastRadius, ex.ErrorId);
            Assert.Contains("4 targets (2 Aws, 2 Entra)", ex.Message.Replace("(2 Entra, 2 Aws)", "(2 Aws, 2 Entra)"));
            Assert.Equal(0, labs.Graph.Log.Count());
            Assert.Equal(0, labs.Iam.Log.Count());
            Assert.Empty(labs.Journal.Changes());
        }

        [Fact]
        public async Task A_target_whose_tags_changed_since_it_was_read_is_skipped()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var app = labs.Find("Entra", "app-migration-temp");
            // Someone extends the end date after the identity was read.
            using (var http = new HttpClient())
            {
                var request = new HttpRequestMessage(new HttpMethod("PATCH"), labs.Graph.GraphBaseUrl + "/servicePrincipals(appId='" + app.Id.Substring(10) + "')")
                {
                    Content = new StringContent("{\"tags\":[\"expires:2099-12-31\"]}", Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + GraphLabCredentials.StaticToken);
                Assert.True((await http.SendAsync(request)).IsSuccessStatusCode);
            }
            labs.Graph.Log.Clear();
            var host = new RecordingHost();
            Assert.Empty(labs.Runner(host).Run(new[] { new CleanupTarget { IdentityId = app.Id, AsRead = app } }, CleanupLabs.DisablePlan));
            Assert.Contains(host.Warnings, w => w.Contains("tags of " + app.Id + " changed since it was read"));
            Assert.Equal(0, labs.Graph.Log.Writes());
            Assert.True(labs.SpEnabled(app.Id.Substring(10)));
        }

        [Fact]
        public async Task A_finding_whose_rule_no_longer_fires_is_skipped()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var target = Dormant(labs).First(t => t.Provider == "Aws");
            // The identity is used again: the dormant rule no longer fires on the live data.
            var name = target.IdentityId.Substring(target.IdentityId.LastIndexOf('/') + 1);
            lock (labs.Iam.Store.Gate)
                foreach (var k in labs.Iam.Store.KeysOf(name))
                {
                    k.LastUsedDate = DateTimeOffset.UtcNow.AddHours(-1);
                    k.LastUsedService = "s3";
                    k.LastUsedRegion = "us-east-1";
                }
            labs.Iam.Log.Clear();
            var host = new RecordingHost();
            Assert.Empty(labs.Runner(host).Run(new[] { target }, CleanupLabs.DisablePlan));
            Assert.Contains(host.Warnings, w => w.Contains("NHI-DORMANT no longer holds"));
            Assert.Equal(0, labs.Iam.Log.Writes());
        }

        [Fact]
        public async Task A_temporary_access_finding_whose_end_date_was_extended_is_skipped()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var all = labs.Read("Aws");
            var finding = new FindingEngine(FindingPolicy.Default, NullHostContext.Instance)
                .Evaluate(all, DateTime.UtcNow, new System.Collections.Generic.HashSet<string> { RuleIds.TempAccessExpired }).Single();
            lock (labs.Iam.Store.Gate)
            {
                var user = labs.Iam.Store.FindUser("svc-migration-temp");
                user.Tags.RemoveAll(t => t.Key == "expires");
                user.Tags.Add(new NhiTools.Labs.Iam.IamTag("expires", "2099-12-31"));
            }
            labs.Iam.Log.Clear();
            var host = new RecordingHost();
            var target = new CleanupTarget { IdentityId = finding.IdentityId, Provider = "Aws", Rule = finding.Rule, Evidence = finding.Evidence };
            Assert.Empty(labs.Runner(host).Run(new[] { target }, CleanupLabs.DisablePlan));
            Assert.Contains(host.Warnings, w => w.Contains("NHI-TEMP-ACCESS-EXPIRED no longer holds"));
            Assert.Equal(0, labs.Iam.Log.Writes());
            Assert.False(labs.Quarantined("svc-migration-temp"));
        }

        [Fact]
        public void Protection_by_tag_and_by_policy_list()
        {
            var guard = new CleanupGuard(new FindingPolicy { ProtectedIdentities = new[] { "svc-break-*", "entra:sp:1234" } }, DateTime.UtcNow);
            var tagged = new Identity { Id = "aws:x", Name = "a" };
            tagged.Tags["nhi-protected"] = "";
            Assert.Contains("tagged nhi-protected", guard.ProtectedBecause(tagged));
            tagged.Tags["nhi-protected"] = "false";
            Assert.Null(guard.ProtectedBecause(tagged));
            Assert.NotNull(guard.ProtectedBecause(new Identity { Id = "aws:y", Name = "svc-break-glass" }));
            Assert.NotNull(guard.ProtectedBecause(null, "ENTRA:SP:1234"));
            Assert.Null(guard.ProtectedBecause(new Identity { Id = "aws:z", Name = "svc-other" }));
        }
    }
}
