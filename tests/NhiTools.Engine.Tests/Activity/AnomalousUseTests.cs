using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Journal;
using NhiTools.Engine.Tests.Analysis;
using Xunit;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>
    /// NHI-ANOMALOUS-USE: each trigger fires on real CloudTrail log files and Graph sign-in exports written to a temp
    /// folder, and each near miss (short baseline, same /24, known region, old key used before its rotation) does not.
    /// </summary>
    public class AnomalousUseTests
    {
        private static readonly DateTime AsOf = Kit.AsOf; // 2026-11-01
        private const string Acct = Kit.Account;
        private const string Key = "AKIAAAAAAAAAAAAAAAA1", OldKey = "AKIAOLDOLDOLDOLDOLD1";

        /// <summary>One CloudTrail record as a trail writes it.</summary>
        private static string Record(string user, DateTime when, string source, string name, string ip, string key = Key, string region = "us-east-1", string resourcesJson = null, string error = null) =>
            "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::" + Acct + ":user/" + user
            + "\",\"accountId\":\"" + Acct + "\",\"accessKeyId\":\"" + key + "\",\"userName\":\"" + user + "\"},\"eventTime\":\"" + when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
            + "\",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region + "\",\"sourceIPAddress\":\"" + ip
            + "\",\"userAgent\":\"aws-cli/2.17.20\"" + (error != null ? ",\"errorCode\":\"" + error + "\"" : "") + ",\"requestParameters\":null,\"responseElements\":null"
            + (resourcesJson != null ? ",\"resources\":" + resourcesJson : "") + ",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"" + Acct + "\"}";

        /// <summary>A daily s3:GetObject from <paramref name="ip"/> for days [fromDaysAgo, toDaysAgo).</summary>
        private static IEnumerable<string> Daily(string user, int fromDaysAgo, int toDaysAgo, string ip = "198.51.100.40", string key = Key, string region = "us-east-1")
        {
            for (int d = fromDaysAgo; d > toDaysAgo; d--)
                yield return Record(user, AsOf.AddDays(-d).AddHours(2), "s3.amazonaws.com", "GetObject", ip, key, region);
        }

        private static void Trail(TempFolder t, string name, IEnumerable<string> records) =>
            File.WriteAllText(t.File(Acct + "_CloudTrail_us-east-1_" + name + ".json"), "{\"Records\":[" + string.Join(",", records) + "]}", new UTF8Encoding(false));

        private static List<Finding> Run(TempFolder t, IEnumerable<Identity> ids, FindingPolicy policy = null, IEnumerable<ChangeRecord> journal = null)
        {
            var host = new RecordingHost();
            var index = new ActivityIndex();
            foreach (var a in new ActivityReader(host).Read(new[] { t.Path }, IdentityLinker.From(null))) index.Add(a);
            Assert.Empty(host.Errors);
            index.Baseline.ReadJournal(journal);
            return new FindingEngine(policy ?? FindingPolicy.Default, host).Evaluate(ids, AsOf, index).Where(f => f.Rule == RuleIds.AnomalousUse).ToList();
        }

        private static Identity User(string name, params Credential[] creds) => Kit.IamUser(name, creds.Length > 0 ? creds : new[] { Kit.AccessKey(Key, 200, 1) });

        [Fact]
        public void New_network_fires_with_the_baseline_and_the_event()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 90, 0).Append(Record("svc-a", AsOf.AddDays(-2).AddHours(3), "s3.amazonaws.com", "ListBuckets", "203.0.113.77")));
                var f = Assert.Single(Run(t, new[] { User("svc-a") }));
                Assert.Equal("NHI2", f.Owasp);
                Assert.Equal(Severity.Medium, f.Severity);
                Assert.Contains("new network 203.0.113.0/24: 2026-10-30 03:00 UTC s3:ListBuckets from 203.0.113.77 in us-east-1 with " + Key, f.Evidence);
                Assert.Contains("seen from 198.51.100.0/24 on 83 days since 2026-08-03", f.Evidence);
            }
        }

        [Fact]
        public void Same_slash_24_and_known_region_do_not_fire()
        {
            using (var t = new TempFolder())
            {
                // .41 instead of .40: the same /24. us-west-2 was used in the baseline too.
                Trail(t, "a", Daily("svc-a", 90, 0).Concat(Daily("svc-a", 60, 55, region: "us-west-2"))
                    .Append(Record("svc-a", AsOf.AddDays(-1), "s3.amazonaws.com", "GetObject", "198.51.100.41", region: "us-west-2")));
                Assert.Empty(Run(t, new[] { User("svc-a") }));
            }
        }

        [Fact]
        public void New_region_fires_and_ipv6_networks_are_slash_48()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 60, 0, ip: "2001:db8:1:5::10")
                    .Append(Record("svc-a", AsOf.AddDays(-1), "s3.amazonaws.com", "GetObject", "2001:db8:1:9::99", region: "ap-southeast-2")));
                var f = Assert.Single(Run(t, new[] { User("svc-a") }));
                Assert.Contains("in a new region ap-southeast-2", f.Evidence);
                Assert.Contains("seen in us-east-1 on 53 days", f.Evidence);
                Assert.DoesNotContain("new network", f.Evidence); // 2001:db8:1::/48 both times
                Assert.Equal("2001:db8:1::/48", BehaviourBaseline.Network("2001:db8:1:9::99"));
            }
        }

        [Fact]
        public void First_high_risk_action_fires_high_and_cross_account_assume_role_names_the_account()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 60, 0)
                    .Append(Record("svc-a", AsOf.AddDays(-3), "iam.amazonaws.com", "CreateAccessKey", "198.51.100.40"))
                    .Append(Record("svc-a", AsOf.AddDays(-2), "sts.amazonaws.com", "AssumeRole", "198.51.100.40", resourcesJson: "[{\"accountId\":\"444455556666\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::444455556666:role/admin\"}]"))
                    // AssumeRole within its own account and an s3 call it never made before are not high-risk.
                    .Append(Record("svc-a", AsOf.AddDays(-2), "sts.amazonaws.com", "AssumeRole", "198.51.100.40", resourcesJson: "[{\"accountId\":\"" + Acct + "\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"arn:aws:iam::" + Acct + ":role/reader\"}]"))
                    .Append(Record("svc-a", AsOf.AddDays(-2), "s3.amazonaws.com", "PutObject", "198.51.100.40")));
                var f = Assert.Single(Run(t, new[] { User("svc-a") }));
                Assert.Equal(Severity.High, f.Severity);
                Assert.Contains("never called before, iam:CreateAccessKey", f.Evidence);
                Assert.Contains("never called before, sts:AssumeRole into 444455556666", f.Evidence);
                Assert.DoesNotContain("s3:PutObject", f.Evidence);
                Assert.DoesNotContain("sts:AssumeRole into " + Acct, f.Evidence);
            }
        }

        [Fact]
        public void High_risk_action_already_in_the_baseline_does_not_fire()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 60, 0)
                    .Append(Record("svc-a", AsOf.AddDays(-40), "secretsmanager.amazonaws.com", "GetSecretValue", "198.51.100.40"))
                    .Append(Record("svc-a", AsOf.AddDays(-1), "secretsmanager.amazonaws.com", "GetSecretValue", "198.51.100.40")));
                Assert.Empty(Run(t, new[] { User("svc-a") }));
            }
        }

        [Fact]
        public void Back_after_dormancy_fires()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 90, 50).Append(Record("svc-a", AsOf.AddDays(-2).AddHours(5), "s3.amazonaws.com", "GetObject", "198.51.100.40")));
                var f = Assert.Single(Run(t, new[] { User("svc-a") }));
                Assert.Contains("Used again 49 days after its last use (2026-09-11): 2026-10-30 05:00 UTC s3:GetObject", f.Evidence);
            }
        }

        [Fact]
        public void Baseline_too_short_gives_nothing_but_a_retired_key_still_fires()
        {
            using (var t = new TempFolder())
            {
                // 20 days of history: less than AnomalyMinBaselineDays (30) before the recent week.
                Trail(t, "a", Daily("svc-new", 26, 0).Append(Record("svc-new", AsOf.AddDays(-1), "iam.amazonaws.com", "ListUsers", "203.0.113.9", region: "eu-west-1")));
                Assert.Empty(Run(t, new[] { User("svc-new") }));

                // The policy can ask for less baseline.
                Assert.Single(Run(t, new[] { User("svc-new") }, FindingPolicy.Parse("@{ AnomalyMinBaselineDays = 10 }")));

                // A key the journal says was deleted fires however short the history.
                var journal = new[] { new ChangeRecord { At = AsOf.AddDays(-10), Action = "DeleteAccessKey", Target = Key, IdentityId = Kit.IamUser("svc-new").Id, Outcome = "Done", Actor = "runbook" } };
                var f = Assert.Single(Run(t, new[] { User("svc-new") }, journal: journal));
                Assert.Equal(Severity.High, f.Severity);
                Assert.Equal(Key, f.CredentialId);
                Assert.Contains("Credential " + Key + " was retired (DeleteAccessKey on 2026-10-22 by runbook (journal)) and used again: 2026-10-31 02:00 UTC s3:GetObject from 198.51.100.40", f.Evidence);
            }
        }

        [Fact]
        public void Old_key_used_after_rotation_fires_once_gone_from_the_inventory_and_not_before_its_replacement()
        {
            using (var t = new TempFolder())
            {
                // The old key until 40 days ago, the new one (created 40 days ago) since; the old key comes back 3 days ago.
                Trail(t, "a", Daily("svc-a", 90, 40, key: OldKey).Concat(Daily("svc-a", 40, 0))
                    .Append(Record("svc-a", AsOf.AddDays(-3).AddHours(4), "s3.amazonaws.com", "GetObject", "198.51.100.40", key: OldKey)));
                var user = User("svc-a", Kit.AccessKey(Key, 40, 1));
                var f = Assert.Single(Run(t, new[] { user }));
                Assert.Equal(Severity.High, f.Severity);
                Assert.Equal(OldKey, f.CredentialId);
                Assert.Contains("Credential " + OldKey + " was retired (gone from the inventory; replaced by " + Key + " on 2026-09-22, 1 grace day) and used again: 2026-10-29 04:00 UTC s3:GetObject from 198.51.100.40", f.Evidence);
            }
            using (var t = new TempFolder())
            {
                // Without the late use: the old key's use before its replacement is normal.
                Trail(t, "a", Daily("svc-a", 90, 40, key: OldKey).Concat(Daily("svc-a", 40, 0)));
                Assert.Empty(Run(t, new[] { User("svc-a", Kit.AccessKey(Key, 40, 1)) }));
            }
        }

        [Fact]
        public void Inactive_key_used_after_its_last_recorded_use_fires()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 60, 0).Append(Record("svc-a", AsOf.AddDays(-1), "s3.amazonaws.com", "ListBuckets", "198.51.100.40", key: OldKey, error: "InvalidClientTokenId")));
                var user = User("svc-a", Kit.AccessKey(Key, 100, 1), Kit.AccessKey(OldKey, 300, 120, enabled: false));
                var f = Assert.Single(Run(t, new[] { user }));
                Assert.Contains("Inactive in the inventory, last used 2026-07-04", f.Evidence);
                Assert.Contains("(InvalidClientTokenId)", f.Evidence);
            }
        }

        [Fact]
        public void Quarantined_identity_used_fires_and_reenabled_does_not()
        {
            using (var t = new TempFolder())
            {
                Trail(t, "a", Daily("svc-a", 60, 0));
                string id = Kit.IamUser("svc-a").Id;
                var quarantine = new ChangeRecord { At = AsOf.AddDays(-5), Action = "Disable", IdentityId = id, Outcome = "Done" };
                var f = Assert.Single(Run(t, new[] { User("svc-a") }, journal: new[] { quarantine }));
                Assert.Contains("The identity was quarantined (Disable on 2026-10-27 (journal)) and used again: 2026-10-31 02:00 UTC s3:GetObject", f.Evidence);
                // Disabled in the inventory too (the quarantine policy makes the importer say so): still evaluated for this.
                var disabled = User("svc-a");
                disabled.Enabled = false;
                var g = Assert.Single(Run(t, new[] { disabled }, journal: new[] { quarantine }));
                Assert.Equal(Severity.High, g.Severity);
                Assert.Contains("quarantined", g.Evidence);
                Assert.Empty(Run(t, new[] { disabled })); // disabled, no journal: behaviour rules do not run on it
                var enable = new ChangeRecord { At = AsOf.AddDays(-4), Action = "Enable", IdentityId = id, Outcome = "Done" };
                Assert.Empty(Run(t, new[] { User("svc-a") }, journal: new[] { quarantine, enable }));
                // A Started record is not a change made.
                Assert.Empty(Run(t, new[] { User("svc-a") }, journal: new[] { new ChangeRecord { At = AsOf.AddDays(-5), Action = "Disable", IdentityId = id, Outcome = "Started" } }));
            }
        }

        [Fact]
        public void New_country_in_the_entra_sign_in_log_fires()
        {
            using (var t = new TempFolder())
            {
                const string app = "11111111-1111-1111-1111-111111111111", sp = "22222222-2222-2222-2222-222222222222";
                var items = new List<string>();
                string SignIn(DateTime when, string ip, string city, string country) =>
                    "{\"id\":\"" + Guid.NewGuid() + "\",\"createdDateTime\":\"" + when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") + "\",\"appId\":\"" + app + "\",\"appDisplayName\":\"app-reports\",\"ipAddress\":\"" + ip
                    + "\",\"resourceDisplayName\":\"Microsoft Graph\",\"servicePrincipalId\":\"" + sp + "\",\"servicePrincipalName\":\"app-reports\",\"servicePrincipalCredentialKeyId\":\"33333333-3333-3333-3333-333333333333\",\"signInEventTypes\":[\"servicePrincipal\"],\"status\":{\"errorCode\":0},\"location\":{\"city\":\"" + city + "\",\"countryOrRegion\":\"" + country + "\"}}";
                for (int d = 60; d > 0; d--) items.Add(SignIn(AsOf.AddDays(-d).AddHours(6), "198.51.100.10", "Amsterdam", "NL"));
                items.Add(SignIn(AsOf.AddDays(-4).AddHours(1), "198.51.100.10", "Bucharest", "RO")); // same network, another country
                File.WriteAllText(t.File("signIns.json"), "{\"@odata.context\":\"https://graph.microsoft.com/beta/$metadata#auditLogs/signIns\",\"value\":[" + string.Join(",", items) + "]}");
                var entra = Kit.EntraApp("app-reports");
                entra.Id = "entra:app:" + app;
                entra.NativeId = app;
                var f = Assert.Single(Run(t, new[] { entra }));
                Assert.Contains("new country RO: 2026-10-28 01:00 UTC Sign-in (service principal) from 198.51.100.10 in Bucharest, RO", f.Evidence);
                Assert.Contains("seen from NL on 53 days", f.Evidence);
            }
        }

        [Fact]
        public void Entra_certificate_thumbprint_is_never_taken_for_a_key_gone_from_the_inventory()
        {
            var b = new BehaviourBaseline();
            var app = Kit.EntraApp("app-cert", Kit.ClientSecret("44444444-4444-4444-4444-444444444444", 10, 365));
            for (int d = 60; d > 0; d--)
                b.Observe(new NhiTools.Activity { IdentityId = app.Id, Provider = "Entra", Origin = ActivityOrigins.EntraSignIn, Action = "Sign-in (service principal)", When = AsOf.AddDays(-d), From = "198.51.100.10", Region = "Amsterdam, NL", CredentialId = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678", Result = "Success" });
            b.Know(app);
            Assert.Empty(b.Anomalies(AsOf));
            // The same story with a keyId the inventory no longer lists, replaced 10 days ago: fires.
            b.Observe(new NhiTools.Activity { IdentityId = app.Id, Provider = "Entra", Origin = ActivityOrigins.EntraSignIn, Action = "Sign-in (service principal)", When = AsOf.AddDays(-30), From = "198.51.100.10", Region = "Amsterdam, NL", CredentialId = "55555555-5555-5555-5555-555555555555", Result = "Success" });
            b.Observe(new NhiTools.Activity { IdentityId = app.Id, Provider = "Entra", Origin = ActivityOrigins.EntraSignIn, Action = "Sign-in (service principal)", When = AsOf.AddDays(-2), From = "198.51.100.10", Region = "Amsterdam, NL", CredentialId = "55555555-5555-5555-5555-555555555555", Result = "Success" });
            var a = Assert.Single(b.Anomalies(AsOf));
            Assert.Equal(AnomalyKind.RetiredCredentialUsed, a.Kind);
            Assert.Equal("55555555-5555-5555-5555-555555555555", a.CredentialId);
        }

        [Fact]
        public void Standalone_detector_observes_then_reports()
        {
            var b = new BehaviourBaseline();
            for (int d = 60; d > 0; d--)
                b.Observe(new NhiTools.Activity { IdentityId = "aws:x", Provider = "Aws", Origin = ActivityOrigins.CloudTrail, When = AsOf.AddDays(-d), Action = "s3:GetObject", From = "10.0.0.5", Region = "us-east-1", Result = "Success" });
            b.Observe(new NhiTools.Activity { IdentityId = "aws:x", Provider = "Aws", Origin = ActivityOrigins.CloudTrail, When = AsOf.AddDays(-1), Action = "s3:GetObject", From = "10.0.1.5", Region = "us-east-1", Result = "Success" });
            var a = Assert.Single(b.Anomalies(AsOf));
            Assert.Equal(AnomalyKind.NewNetwork, a.Kind);
            Assert.Equal("10.0.1.0/24", a.Value);
            Assert.Equal(61, b.Count);
            // As of a day earlier nothing is new yet.
            Assert.Empty(b.Anomalies(AsOf.AddDays(-2)));
        }
    }
}
