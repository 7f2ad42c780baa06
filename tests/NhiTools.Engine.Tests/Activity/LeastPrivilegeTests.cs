using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.LeastPrivilege;
using NhiTools.Engine.Sources.Offline.Aws;
using NhiTools.Engine.Tests.Analysis;
using Xunit;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>Get-NhiLeastPrivilege's engine: event-to-action mapping, resource narrowing, refusal, Entra roles.</summary>
    public class LeastPrivilegeTests
    {
        private const string Acct = Kit.Account;
        private static readonly DateTime End = Kit.AsOf;

        private static Identity User(string name, params Permission[] permissions)
        {
            var u = Kit.IamUser(name);
            u.Permissions = permissions;
            return u;
        }

        private static Permission Admin() => new Permission
        {
            Name = "AdministratorAccess", Type = PermissionType.ManagedPolicy, Actions = new[] { "*" }, Resource = "*", AdminEquivalent = true, Via = "direct",
            Statements = new[] { new PolicyStatement { Effect = "Allow", Actions = new[] { "*" }, Resources = new[] { "*" } } },
        };

        // As CloudTrailEvents makes them: Action is service:eventName, not the IAM action.
        private static NhiTools.Activity Event(string user, string source, string name, double daysAgo, string resource = null, string result = "Success") => new NhiTools.Activity
        {
            IdentityId = "aws:arn:aws:iam::" + Acct + ":user/" + user, Provider = "Aws", Origin = ActivityOrigins.CloudTrail, Account = Acct, RecipientAccount = Acct,
            Service = CloudTrailEvents.ServiceOf(source), Action = CloudTrailEvents.ServiceOf(source) + ":" + name, When = End.AddDays(-daysAgo), Resource = resource, Result = result,
        };

        private static IEnumerable<NhiTools.Activity> BiExporter(double days)
        {
            for (int d = 0; d < days; d++)
            {
                yield return Event("svc-bi", "s3.amazonaws.com", "ListBuckets", d);
                yield return Event("svc-bi", "s3.amazonaws.com", "GetObject", d, "arn:aws:s3:::contoso-bi/daily/2026-10-" + (d % 28 + 1).ToString("00") + ".parquet");
                yield return Event("svc-bi", "s3.amazonaws.com", "PutObject", d, "arn:aws:s3:::contoso-bi/out/" + d + ".csv");
                yield return Event("svc-bi", "monitoring.amazonaws.com", "DescribeAlarms", d);
            }
        }

        private static NhiTools.LeastPrivilege Build(Identity i, IEnumerable<NhiTools.Activity> acts, FindingPolicy policy = null, DateTime? from = null, DateTime? to = null)
        {
            var b = new LeastPrivilegeBuilder(policy ?? FindingPolicy.Default, from ?? DateTime.MinValue, to ?? DateTime.MaxValue);
            foreach (var a in acts) b.Add(a);
            return b.Build(i);
        }

        /// <summary>The document parsed back with the offline importer's own policy parser.</summary>
        private static PolicyStatement[] Parse(string json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                Assert.Equal("2012-10-17", doc.RootElement.GetProperty("Version").GetString());
                var summary = PolicyDocument.Summarize(doc.RootElement.Clone());
                Assert.NotNull(summary);
                return summary.Statements;
            }
        }

        private static bool Grants(PolicyStatement[] statements, string action, string resource)
        {
            var g = new StatementGrants(statements);
            return statements.Any(s => g.Granting(s, action, out _) != null && s.Resources.Any(r => Text.GlobMatch(r, resource)));
        }

        [Theory]
        [InlineData("s3:ListBuckets", "s3:ListAllMyBuckets")]
        [InlineData("s3:HeadObject", "s3:GetObject")]
        [InlineData("s3:ListObjectsV2", "s3:ListBucket")]
        [InlineData("s3:DeleteObjects", "s3:DeleteObject")]
        [InlineData("s3:GetBucketEncryption", "s3:GetEncryptionConfiguration")]
        [InlineData("s3:GetObject", "s3:GetObject")]
        [InlineData("cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarms")]
        [InlineData("lambda:Invoke", "lambda:InvokeFunction")]
        [InlineData("lambda:GetFunction20150331v2", "lambda:GetFunction")]
        [InlineData("lambda:ListFunctions20150331", "lambda:ListFunctions")]
        [InlineData("bedrock:Converse", "bedrock:InvokeModel")]
        [InlineData("sts:AssumeRole", "sts:AssumeRole")]
        [InlineData("secretsmanager:GetSecretValue", "secretsmanager:GetSecretValue")]
        [InlineData("kms:Decrypt", "kms:Decrypt")]
        public void CloudTrail_events_map_to_real_IAM_actions(string logged, string action)
        {
            Assert.Equal(action, IamActions.FromEvent(logged, out bool none));
            Assert.False(none);
        }

        [Fact]
        public void Monitoring_event_source_is_the_cloudwatch_prefix()
        {
            Assert.Equal("cloudwatch:DescribeAlarms", IamActions.FromEvent(CloudTrailEvents.ServiceOf("monitoring.amazonaws.com") + ":DescribeAlarms", out _));
        }

        [Theory]
        [InlineData("signin:ConsoleLogin", true)]
        [InlineData("sts:AssumeRoleWithWebIdentity", true)]
        [InlineData("appflow:StartFlow", false)]     // a service whose names are not vouched for
        [InlineData("s3:not an action", false)]
        [InlineData("unknown:Get", false)]
        public void Events_with_no_known_action_are_not_guessed(string logged, bool needsNone)
        {
            Assert.Null(IamActions.FromEvent(logged, out bool none));
            Assert.Equal(needsNone, none);
        }

        [Fact]
        public void Svc_bi_exporter_gets_a_policy_that_parses_and_grants_exactly_what_it_used()
        {
            var r = Build(User("svc-bi", Admin()), BiExporter(90));
            Assert.Equal(LeastPrivilegeBuilder.Ready, r.Status);
            Assert.Equal(new[] { "cloudwatch:DescribeAlarms", "s3:GetObject", "s3:ListAllMyBuckets", "s3:PutObject" }, r.Used);
            Assert.Contains("CloudTrail 2026-08-04..2026-11-01 (90 days)", r.Sources);

            var statements = Parse(r.PolicyDocument);
            var granted = statements.Where(s => s.IsAllow).SelectMany(s => s.Actions).OrderBy(a => a, StringComparer.Ordinal).ToArray();
            Assert.Equal(r.Used, granted);
            Assert.Equal(new[] { "cloudwatch", "s3" }, statements.SelectMany(s => s.Actions).Select(a => a.Split(':')[0]).Distinct().OrderBy(x => x).ToArray());
            Assert.True(Grants(statements, "s3:GetObject", "arn:aws:s3:::contoso-bi/daily/2026-12-01.parquet"));
            Assert.True(Grants(statements, "s3:PutObject", "arn:aws:s3:::contoso-bi/out/9.csv"));
            Assert.True(Grants(statements, "s3:ListAllMyBuckets", "*"));
            Assert.False(Grants(statements, "s3:PutObject", "arn:aws:s3:::contoso-bi/daily/x")); // narrowed to the folder it wrote
            Assert.False(Grants(statements, "s3:GetObject", "arn:aws:s3:::other-bucket/daily/x"));
            Assert.False(Grants(statements, "s3:DeleteObject", "arn:aws:s3:::contoso-bi/out/1.csv"));
            Assert.False(Grants(statements, "iam:CreateUser", "*"));

            Assert.All(r.Keep, k => Assert.Equal("AdministratorAccess", k.GrantedBy));
            Assert.Equal(4, r.Keep.Length);
            var remove = Assert.Single(r.Remove);
            Assert.Equal("*", remove.Permission);
            Assert.Equal("AdministratorAccess", remove.GrantedBy);
        }

        [Fact]
        public void Resources_are_narrowed_only_where_the_action_supports_it_and_every_call_named_one()
        {
            var acts = BiExporter(60).Concat(new[]
            {
                Event("svc-bi", "sqs.amazonaws.com", "SendMessage", 5, "arn:aws:sqs:us-east-1:" + Acct + ":jobs"),
                Event("svc-bi", "sqs.amazonaws.com", "SendMessage", 6, "arn:aws:sqs:us-east-1:" + Acct + ":jobs"),
                Event("svc-bi", "sqs.amazonaws.com", "ListQueues", 6, "arn:aws:sqs:us-east-1:" + Acct + ":jobs"), // no resource-level: "*"
                Event("svc-bi", "secretsmanager.amazonaws.com", "GetSecretValue", 7, "prod/db"),                   // a name, not an ARN: "*"
                Event("svc-bi", "kms.amazonaws.com", "Decrypt", 7, "arn:aws:kms:us-east-1:" + Acct + ":key/1111"),
                Event("svc-bi", "kms.amazonaws.com", "Decrypt", 8, null),                                            // one call without: "*"
                Event("svc-bi", "s3.amazonaws.com", "GetObject", 9, "arn:aws:s3:::a/1, arn:aws:s3:::a/2, arn:aws:s3:::a/3, ..."),
            });
            var r = Build(User("svc-bi", Admin()), acts);
            var st = Parse(r.PolicyDocument);
            PolicyStatement For(string action) => st.Single(s => s.Actions.Contains(action));
            Assert.Equal(new[] { "arn:aws:sqs:us-east-1:" + Acct + ":jobs" }, For("sqs:SendMessage").Resources);
            Assert.Equal(new[] { "*" }, For("sqs:ListQueues").Resources);
            Assert.Equal(new[] { "*" }, For("secretsmanager:GetSecretValue").Resources);
            Assert.Equal(new[] { "*" }, For("kms:Decrypt").Resources);
            Assert.Equal(new[] { "*" }, For("s3:GetObject").Resources); // a cut resource list hides some objects
            Assert.Contains(r.Notes, n => n.StartsWith("kms:Decrypt takes resource-level permissions", StringComparison.Ordinal));
            Assert.Equal(new[] { "*" }, For("cloudwatch:DescribeAlarms").Resources);
        }

        [Fact]
        public void A_trail_without_data_events_is_noted()
        {
            var acts = Enumerable.Range(0, 40).Select(d => Event("svc-bi", "s3.amazonaws.com", "ListBuckets", d));
            var r = Build(User("svc-bi", Admin()), acts);
            Assert.Equal(new[] { "s3:ListAllMyBuckets" }, r.Used);
            Assert.Contains(r.Notes, n => n.StartsWith("The trail holds no s3 data events", StringComparison.Ordinal));
            Assert.DoesNotContain(Build(User("svc-bi", Admin()), BiExporter(40)).Notes, n => n.Contains("data events"));
        }

        [Fact]
        public void Unmapped_events_are_named_and_left_out()
        {
            var acts = BiExporter(40).Concat(new[] { Event("svc-bi", "appflow.amazonaws.com", "StartFlow", 3) });
            var r = Build(User("svc-bi", Admin()), acts);
            Assert.Equal(new[] { "appflow:StartFlow" }, r.Unmapped);
            Assert.DoesNotContain("appflow", r.PolicyDocument);
        }

        [Fact]
        public void Denied_calls_are_not_use()
        {
            var acts = BiExporter(40).Concat(new[] { Event("svc-bi", "iam.amazonaws.com", "CreateUser", 3, result: "AccessDenied") });
            var r = Build(User("svc-bi", Admin()), acts);
            Assert.DoesNotContain("iam:CreateUser", r.Used);
        }

        [Fact]
        public void Refused_when_the_window_is_shorter_than_the_minimum_coverage()
        {
            var r = Build(User("svc-bi", Admin()), BiExporter(20));
            Assert.Equal(LeastPrivilegeBuilder.Refused, r.Status);
            Assert.Contains("fewer than the policy's minimum coverage of 30 days", r.Reason);
            Assert.Contains("CloudTrail 2026-10-13..2026-11-01 (20 days)", r.Reason);
            Assert.Null(r.PolicyDocument);
            Assert.Empty(r.Keep);
            Assert.Empty(r.Remove);
        }

        [Fact]
        public void Refused_when_After_and_Before_cut_the_logs_below_the_minimum()
        {
            var r = Build(User("svc-bi", Admin()), BiExporter(90), from: End.AddDays(-10), to: End);
            Assert.Equal(LeastPrivilegeBuilder.Refused, r.Status);
            var ok = Build(User("svc-bi", Admin()), BiExporter(90), from: End.AddDays(-45), to: End);
            Assert.Equal(LeastPrivilegeBuilder.Ready, ok.Status);
            Assert.Equal(46, ok.WindowDays);
        }

        [Fact]
        public void Refused_when_no_log_names_the_identity_even_if_the_trail_covers_the_account()
        {
            var r = Build(User("svc-quiet", Admin()), BiExporter(90));
            Assert.Equal(LeastPrivilegeBuilder.Refused, r.Status);
            Assert.Contains("unknown is not unused", r.Reason);
        }

        [Fact]
        public void A_policy_minimum_coverage_is_honoured()
        {
            var strict = new FindingPolicy { UnusedPermissionMinCoverageDays = 120 };
            Assert.Equal(LeastPrivilegeBuilder.Refused, Build(User("svc-bi", Admin()), BiExporter(90), strict).Status);
        }

        [Fact]
        public void Unused_patterns_of_narrow_policies_are_removed_with_their_policy()
        {
            var p = new Permission
            {
                Name = "app-access", Type = PermissionType.InlinePolicy, Via = "direct",
                Statements = new[] { new PolicyStatement { Effect = "Allow", Actions = new[] { "s3:GetObject", "s3:PutObject", "s3:ListAllMyBuckets", "sqs:ReceiveMessage" }, Resources = new[] { "*" } } },
            };
            var cw = new Permission
            {
                Name = "CloudWatchReadOnlyAccess", Type = PermissionType.ManagedPolicy, Via = "group:ops",
                Statements = new[] { new PolicyStatement { Effect = "Allow", Actions = new[] { "cloudwatch:Describe*", "cloudwatch:Get*" }, Resources = new[] { "*" } } },
            };
            var r = Build(User("svc-bi", p, cw), BiExporter(40));
            Assert.Equal("CloudWatchReadOnlyAccess", r.Keep.Single(k => k.Permission == "cloudwatch:DescribeAlarms").GrantedBy);
            Assert.Equal("group:ops", r.Keep.Single(k => k.Permission == "cloudwatch:DescribeAlarms").Via);
            Assert.Equal(new[] { "sqs:ReceiveMessage", "cloudwatch:Describe*", "cloudwatch:Get*" }, r.Remove.Select(x => x.Permission).ToArray());
            Assert.Equal("not used in the window", r.Remove[0].Detail);
        }

        [Fact]
        public void Access_Advisor_fills_a_service_the_trail_does_not_show_at_service_level()
        {
            var acts = BiExporter(40).Concat(new[]
            {
                new NhiTools.Activity
                {
                    IdentityId = "aws:arn:aws:iam::" + Acct + ":user/svc-bi", Provider = "Aws", Origin = ActivityOrigins.AccessAdvisor, Action = "dynamodb:*", Service = "dynamodb",
                    When = End.AddDays(-3), PeriodStart = End.AddDays(-400), PeriodEnd = End, Result = "Success",
                },
            });
            var r = Build(User("svc-bi", Admin()), acts);
            Assert.Contains("dynamodb:*", r.Used);
            Assert.Contains(r.Sources, s => s.StartsWith("Access Advisor, service level", StringComparison.Ordinal));
            Assert.Contains(r.Notes, n => n.StartsWith("dynamodb:* is kept from Access Advisor, service level", StringComparison.Ordinal));
            Parse(r.PolicyDocument);
        }

        private static NhiTools.Activity SignIn(string appId, string resource, double daysAgo) => new NhiTools.Activity
        {
            IdentityId = "entra:app:" + appId, Principal = appId, Provider = "Entra", Origin = ActivityOrigins.EntraSignIn, Action = "Sign-in (service principal)",
            Service = resource, Resource = resource, When = End.AddDays(-daysAgo), Result = "Success", Account = "tenant",
        };

        private static NhiTools.Activity Change(string appId, string what, double daysAgo) => new NhiTools.Activity
        {
            IdentityId = "entra:app:" + appId, Principal = appId, Provider = "Entra", Origin = ActivityOrigins.EntraAudit, Action = what, Service = "ApplicationManagement",
            When = End.AddDays(-daysAgo), Result = "Success", Account = "tenant",
        };

        private static Identity App(string appId, params Permission[] p)
        {
            var i = Kit.EntraApp("app-sync");
            i.Id = "entra:app:" + appId;
            i.NativeId = appId;
            i.Permissions = p;
            return i;
        }

        private static Permission Role(string name, string resource) => new Permission { Name = name, Type = PermissionType.AppRole, Resource = resource, Via = "direct" };

        [Fact]
        public void Entra_keeps_roles_on_resources_it_signs_in_to_and_removes_the_rest()
        {
            string app = Kit.Guid("app-sync");
            var acts = Enumerable.Range(0, 60).Select(d => SignIn(app, "Microsoft Graph", d))
                .Concat(new[] { Change("someone-else", "Update user", 70), Change("someone-else", "Update user", 1) });
            var r = Build(App(app, Role("User.Read.All", "Microsoft Graph"), Role("Directory.ReadWrite.All", "Microsoft Graph"), Role("user_impersonation", "Azure Key Vault"),
                new Permission { Name = "Mail.Send", Type = PermissionType.DelegatedScope, Resource = "Microsoft Graph", Via = "consent:AllPrincipals" }), acts);
            Assert.Equal(LeastPrivilegeBuilder.Ready, r.Status);
            Assert.Null(r.PolicyDocument);
            Assert.Equal(new[] { "User.Read.All", "Mail.Send" }, r.Keep.Select(k => k.Permission).ToArray());
            Assert.Equal(new[] { "Directory.ReadWrite.All", "user_impersonation" }, r.Remove.Select(k => k.Permission).ToArray());
            Assert.Equal("Azure Key Vault", r.Remove[1].GrantedBy);
            Assert.Contains("Microsoft Graph: User.Read.All", r.Used);
            Assert.Contains(r.Sources, s => s.StartsWith("Entra sign-in log ", StringComparison.Ordinal));
        }

        [Fact]
        public void Entra_write_role_is_kept_when_the_audit_log_shows_its_changes()
        {
            string app = Kit.Guid("app-prov");
            var acts = Enumerable.Range(0, 60).Select(d => SignIn(app, "Microsoft Graph", d)).Concat(new[] { Change(app, "Add service principal credentials", 10), Change("x", "Update user", 70) });
            var r = Build(App(app, Role("Application.ReadWrite.All", "Microsoft Graph")), acts);
            Assert.Equal("Application.ReadWrite.All", Assert.Single(r.Keep).Permission);
            Assert.Empty(r.Remove);
        }

        [Fact]
        public void Entra_is_refused_without_sign_ins_naming_it_or_with_too_short_a_log()
        {
            string app = Kit.Guid("app-x");
            Assert.Equal(LeastPrivilegeBuilder.Refused, Build(App(app, Role("User.Read.All", "Microsoft Graph")), new[] { SignIn("other", "Microsoft Graph", 1), SignIn("other", "Microsoft Graph", 80) }).Status);
            var shortLog = Build(App(app, Role("User.Read.All", "Microsoft Graph")), Enumerable.Range(0, 10).Select(d => SignIn(app, "Microsoft Graph", d)));
            Assert.Equal(LeastPrivilegeBuilder.Refused, shortLog.Status);
            Assert.Contains("Entra sign-in log", shortLog.Reason);
        }
    }
}
