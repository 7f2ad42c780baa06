using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Analysis.Rules;
using NhiTools.Engine.Tests.Analysis;

using Xunit;

namespace NhiTools.Engine.Tests.Activity
{
    /// <summary>NHI-UNUSED-PERMISSION and the activity side of NHI-HUMAN-USE: fire on evidence, never on silence.</summary>
    public class UnusedPermissionTests
    {
        private static readonly DateTime AsOf = Kit.AsOf;
        private const string Acct = Kit.Account;

        private static Identity User(string name, params Permission[] permissions)
        {
            var u = Kit.IamUser(name, Kit.AccessKey("AKIA" + name.ToUpperInvariant().PadRight(16, 'X').Substring(0, 16), 30, 1));
            u.Permissions = permissions;
            return u;
        }

        private static Permission Admin() => new Permission { Name = "AdministratorAccess", Type = PermissionType.ManagedPolicy, Actions = new[] { "*" }, Resource = "*", AdminEquivalent = true };
        private static Permission Policy(string name, params string[] actions) => new Permission { Name = name, Type = PermissionType.InlinePolicy, Actions = actions, Resource = "*" };

        private static NhiTools.Activity Call(string user, string action, double daysAgo, string result = "Success") => new NhiTools.Activity
        {
            IdentityId = "aws:arn:aws:iam::" + Acct + ":user/" + user, Provider = "Aws", Origin = ActivityOrigins.CloudTrail, Account = Acct,
            Action = action, Service = action.Split(':')[0], When = AsOf.AddDays(-daysAgo), Result = result,
        };

        /// <summary>Someone else's calls: they make the account's trail cover a period without naming the user.</summary>
        private static IEnumerable<NhiTools.Activity> Trail(double fromDaysAgo, double toDaysAgo)
        {
            yield return Call("someone-else", "ec2:DescribeInstances", fromDaysAgo);
            yield return Call("someone-else", "ec2:DescribeInstances", toDaysAgo);
        }

        private static List<Finding> Run(IEnumerable<Identity> ids, IEnumerable<NhiTools.Activity> acts, FindingPolicy policy = null)
        {
            var index = new ActivityIndex();
            foreach (var a in acts) index.Add(a);
            return new FindingEngine(policy ?? FindingPolicy.Default, new RecordingHost()).Evaluate(ids, AsOf, index).ToList();
        }

        private static List<Finding> Unused(List<Finding> f) => f.Where(x => x.Rule == RuleIds.UnusedPermission).ToList();

        [Fact]
        public void Admin_that_only_used_s3_and_cloudwatch_fires_high_with_the_evidence()
        {
            var u = User("svc-bi", Admin());
            var acts = Trail(85, 1).Concat(new[] { Call("svc-bi", "s3:GetObject", 80), Call("svc-bi", "s3:PutObject", 3), Call("svc-bi", "cloudwatch:DescribeAlarms", 10) });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Equal(Severity.High, f.Severity);
            Assert.Equal("NHI5", f.Owasp);
            Assert.Contains("AdministratorAccess grants every service (*)", f.Evidence);
            Assert.Contains("cloudwatch (1 call: cloudwatch:DescribeAlarms)", f.Evidence);
            Assert.Contains("s3 (2 calls: s3:GetObject, s3:PutObject)", f.Evidence);
            Assert.Contains("Logs: CloudTrail 2026-08-08..2026-10-31 (85 days)", f.Evidence);
            Assert.Contains("Remove the unused rights", f.Remediation);
        }

        [Fact]
        public void No_activity_naming_the_identity_gives_no_finding()
        {
            var u = User("svc-quiet", Admin());
            Assert.Empty(Unused(Run(new[] { u }, Trail(85, 1)))); // the account is covered, the user never appears: unknown
            Assert.Empty(Unused(Run(new[] { u }, Enumerable.Empty<NhiTools.Activity>())));
            // No index at all: the rule does nothing.
            Assert.DoesNotContain(new FindingEngine(FindingPolicy.Default, new RecordingHost()).Evaluate(new[] { u }, AsOf), x => x.Rule == RuleIds.UnusedPermission);
        }

        [Fact]
        public void Every_granted_action_called_within_the_window_gives_no_finding()
        {
            var u = User("svc-etl", Policy("etl", "s3:GetObject", "s3:ListAllMyBuckets", "sqs:SendMessage"));
            var acts = Trail(85, 1).Concat(new[] { Call("svc-etl", "s3:GetObject", 30), Call("svc-etl", "s3:ListBuckets", 30), Call("svc-etl", "sqs:SendMessage", 5) });
            Assert.Empty(Unused(Run(new[] { u }, acts)));
        }

        [Fact]
        public void Granted_actions_never_called_in_a_used_service_are_named_at_action_level()
        {
            var u = User("svc-etl", Policy("etl", "s3:GetObject", "s3:PutObject", "sqs:SendMessage", "iam:GetUser", "iam:ListUsers"));
            var acts = Trail(85, 1).Concat(new[] { Call("svc-etl", "s3:GetObject", 30), Call("svc-etl", "sqs:SendMessage", 5), Call("svc-etl", "iam:ListUsers", 5) });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Equal(Severity.Medium, f.Severity);
            Assert.Contains("Granted actions never called (CloudTrail, action level): s3:PutObject (etl), iam:GetUser (etl).", f.Evidence);
            Assert.Contains("Logs: CloudTrail 2026-08-08..2026-10-31 (85 days)", f.Evidence);
            Assert.DoesNotContain("granted but unused:", f.Evidence); // every service was used
            Assert.StartsWith("Used in the window: iam (1 call: iam:ListUsers), s3 (1 call: s3:GetObject), sqs (1 call: sqs:SendMessage). Granted actions never called", f.Evidence);
        }

        [Fact]
        public void Data_event_actions_are_not_judged_when_the_logs_hold_no_data_events()
        {
            // Only management events of s3 (ListBuckets) in the logs: whether PutObject was called is unknown.
            var u = User("svc-etl", Policy("etl", "s3:ListAllMyBuckets", "s3:PutObject", "s3:GetBucketPolicy"));
            var acts = Trail(85, 1).Concat(new[] { Call("svc-etl", "s3:ListBuckets", 30) });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Contains("s3:GetBucketPolicy (etl)", f.Evidence);
            Assert.DoesNotContain("s3:PutObject", f.Evidence.Substring(f.Evidence.IndexOf("never called", StringComparison.Ordinal)));
        }

        [Fact]
        public void A_policy_whose_every_action_was_never_called_is_named_for_the_review()
        {
            var u = User("svc-etl", Policy("etl", "s3:GetObject"), Policy("extra", "iam:GetUser", "iam:CreateUser"));
            var acts = Trail(85, 1).Concat(new[] { Call("svc-etl", "s3:GetObject", 30), Call("svc-etl", "iam:ListUsers", 3) });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Equal(new[] { "extra" }, ActivityRules.UnusedPermissionNames(u, f.Evidence));
        }

        [Fact]
        public void Use_before_the_window_does_not_count()
        {
            var u = User("svc-etl", Policy("etl", "s3:GetObject", "sqs:SendMessage"));
            var acts = Trail(200, 1).Concat(new[] { Call("svc-etl", "s3:GetObject", 30), Call("svc-etl", "sqs:SendMessage", 150) });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Equal(Severity.Medium, f.Severity);
            Assert.Contains("granted but unused: sqs (sqs:SendMessage)", f.Evidence);
            Assert.Contains("CloudTrail 2026-08-03..2026-10-31 (90 days)", f.Evidence); // the window, not the whole trail
        }

        [Fact]
        public void Wildcard_policies_count_by_service()
        {
            var u = User("svc-wild", Policy("wild", "s3:*", "dynamodb:Get*", "bedrock:*"));
            var acts = Trail(85, 1).Concat(new[] { Call("svc-wild", "s3:GetObject", 30), Call("svc-wild", "bedrock:InvokeModel", 2) });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Contains("granted but unused: dynamodb (dynamodb:Get*)", f.Evidence);
            Assert.DoesNotContain("s3 (s3:*)", f.Evidence);
            Assert.DoesNotContain("bedrock (", f.Evidence.Substring(0, f.Evidence.IndexOf("Used in", StringComparison.Ordinal)));
        }

        [Fact]
        public void Denied_calls_are_not_use()
        {
            var u = User("svc-etl", Policy("etl", "s3:GetObject", "iam:ListUsers"));
            var acts = Trail(85, 1).Concat(new[] { Call("svc-etl", "s3:GetObject", 30), Call("svc-etl", "iam:ListUsers", 3, "AccessDenied") });
            var f = Unused(Run(new[] { u }, acts)).Single();
            Assert.Contains("iam (iam:ListUsers)", f.Evidence);
        }

        [Fact]
        public void Logs_covering_too_little_of_the_window_give_no_finding()
        {
            var u = User("svc-bi", Admin());
            var acts = Trail(7, 1).Concat(new[] { Call("svc-bi", "s3:GetObject", 3) }); // a week of lookup-events
            Assert.Empty(Unused(Run(new[] { u }, acts)));
            var lenient = FindingPolicy.Parse("@{ UnusedPermissionMinCoverageDays = 5 }");
            Assert.Single(Unused(Run(new[] { u }, acts, lenient)));
        }

        [Fact]
        public void A_login_only_export_does_not_cover_api_use()
        {
            var u = User("svc-bi", Policy("etl", "s3:GetObject"));
            var login = Call("svc-bi", "signin:ConsoleLogin", 40);
            login.Interactive = true;
            var login2 = Call("svc-bi", "signin:ConsoleLogin", 2);
            login2.Interactive = true;
            Assert.Empty(Unused(Run(new[] { u }, new[] { login, login2 })));
        }

        [Fact]
        public void Access_Advisor_alone_covers_its_tracking_period()
        {
            var u = User("svc-aa", Policy("p", "s3:GetObject", "kms:Decrypt"));
            var s3 = new NhiTools.Activity
            {
                IdentityId = u.Id, Provider = "Aws", Origin = ActivityOrigins.AccessAdvisor, Action = "s3:*", Service = "s3", When = AsOf.AddDays(-2),
                PeriodEnd = AsOf.AddHours(-1), PeriodStart = AsOf.AddDays(-400), Result = "Success",
            };
            var f = Unused(Run(new[] { u }, new[] { s3 })).Single();
            Assert.Contains("kms (kms:Decrypt)", f.Evidence);
            Assert.Contains("Logs: Access Advisor, service level, ", f.Evidence);
            Assert.Contains("s3 (Access Advisor: last 2026-10-30)", f.Evidence);
        }

        [Fact]
        public void Activity_may_arrive_after_the_identities_have_started()
        {
            var u = User("svc-bi", Admin());
            var index = new ActivityIndex();
            var findings = new FindingEngine(FindingPolicy.Default, new RecordingHost()).Evaluate(Late(u, index), AsOf, index);
            Assert.Single(findings, x => x.Rule == RuleIds.UnusedPermission);
        }

        private static IEnumerable<Identity> Late(Identity u, ActivityIndex index)
        {
            yield return u;
            foreach (var a in Trail(85, 1).Concat(new[] { Call("svc-bi", "s3:GetObject", 3) })) index.Add(a); // as piped activities would
        }

        [Fact]
        public void Entra_write_rights_with_no_directory_change_fire_and_used_ones_do_not()
        {
            Identity App(string name, string role) => new Identity
            {
                Id = "entra:app:" + Kit.Guid(name), Provider = "Entra", Kind = IdentityKind.Application, Name = name, NativeId = Kit.Guid(name), Owners = new[] { "a@contoso.com" },
                Permissions = new[] { new Permission { Name = role, Type = PermissionType.AppRole, Resource = "Microsoft Graph", AdminEquivalent = role.StartsWith("Directory", StringComparison.Ordinal) } },
            };
            var writer = App("app-writer", "Directory.ReadWrite.All");
            var busy = App("app-busy", "Application.ReadWrite.All");
            var sharepoint = App("app-sp", "Sites.Read.All");
            sharepoint.Permissions[0].Resource = "Office 365 SharePoint Online";
            NhiTools.Activity SignIn(Identity i, double daysAgo, string resource = "Microsoft Graph") => new NhiTools.Activity
            {
                Provider = "Entra", Origin = ActivityOrigins.EntraSignIn, Action = "Sign-in (service principal)", Principal = i.NativeId, IdentityId = i.Id,
                Service = resource, Resource = resource, When = AsOf.AddDays(-daysAgo), Result = "Success",
            };
            NhiTools.Activity Audit(Identity i, double daysAgo) => new NhiTools.Activity
            {
                Provider = "Entra", Origin = ActivityOrigins.EntraAudit, Action = "Add service principal credentials", Principal = i?.NativeId, IdentityId = i?.Id,
                When = AsOf.AddDays(-daysAgo), Result = "Success", Interactive = i == null,
            };
            var acts = new[] { SignIn(writer, 80), SignIn(writer, 2), SignIn(busy, 70), SignIn(busy, 3), SignIn(sharepoint, 60), Audit(busy, 20), Audit(null, 85), Audit(null, 1) };
            var f = Unused(Run(new[] { writer, busy, sharepoint }, acts));
            var w = f.Single(x => x.IdentityName == "app-writer");
            Assert.Equal(Severity.High, w.Severity);
            Assert.Contains("no directory change initiated by it for its write rights Directory.ReadWrite.All", w.Evidence);
            Assert.DoesNotContain(f, x => x.IdentityName == "app-busy");
            var s = f.Single(x => x.IdentityName == "app-sp");
            Assert.Contains("no sign-in to Office 365 SharePoint Online for its app roles Sites.Read.All", s.Evidence);
        }

        [Fact]
        public void Console_logins_are_human_use_evidence()
        {
            var quiet = User("svc-quiet"); // no console password in the inventory
            var withPassword = User("svc-bi");
            withPassword.HasPassword = true;
            withPassword.PasswordLastUsedOn = AsOf.AddDays(-2);
            NhiTools.Activity Login(string user, double daysAgo, string result = "Success")
            {
                var a = Call(user, "signin:ConsoleLogin", daysAgo, result);
                a.Interactive = true;
                a.From = "198.51.100.23";
                return a;
            }
            var f = Run(new[] { quiet, withPassword }, new[] { Login("svc-quiet", 5), Login("svc-quiet", 6, "Failure"), Login("svc-bi", 2) })
                .Where(x => x.Rule == RuleIds.HumanUse).ToList();
            var q = f.Single(x => x.IdentityName == "svc-quiet");
            Assert.Equal(Severity.High, q.Severity);
            Assert.Contains("1 successful console login (CloudTrail ConsoleLogin), last 2026-10-27", q.Evidence);
            Assert.Contains("198.51.100.23; 1 failed", q.Evidence);
            var b = f.Single(x => x.IdentityName == "svc-bi"); // one finding, the inventory's evidence and the logs'
            Assert.Contains("Console password / interactive sign-in enabled", b.Evidence);
            Assert.Contains("console login", b.Evidence);
            // Failed logins alone prove no use.
            Assert.DoesNotContain(Run(new[] { User("svc-x") }, new[] { Login("svc-x", 3, "Failure") }), x => x.Rule == RuleIds.HumanUse);
        }
    }
}
