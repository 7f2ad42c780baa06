using System;
using System.Collections.Generic;
using System.Linq;

namespace NhiTools.Estate
{
    /// <summary>The committed example estate: healthy filler from the synthetic generator plus every planted case,
    /// each on a named identity, with its answer key.</summary>
    internal sealed class ExampleEstate
    {
        public const int Seed = 20261101;
        public static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        private const string Prod = Catalog.ProdAccount;
        private const string Dev = Catalog.DevAccount;
        private const string ProdVault = "kv-contoso-prod";
        private const string DevVault = "kv-contoso-dev";

        private readonly Synthetic _syn = new Synthetic(Seed, AsOf, healthy: true) { UserPool = 30 };
        private readonly List<PlantedCase> _planted = new List<PlantedCase>();
        private readonly Dictionary<string, IamUser> _users = new Dictionary<string, IamUser>();
        private readonly Dictionary<string, EntraApp> _apps = new Dictionary<string, EntraApp>();

        public IReadOnlyList<PlantedCase> Planted => _planted;

        private static DateTime D(int y, int m, int d, int h = 9, int min = 0) => new DateTime(y, m, d, h, min, 0, DateTimeKind.Utc);
        private static Rng Id(string kind, string name) => Rng.For(Seed, kind + "/" + name, 0);
        private static string Owner(string team) => team + "-team@" + Catalog.Domain;

        private void Plant(string id, string name, string provider, string file, string rotation, string note, params string[] rules) =>
            _planted.Add(new PlantedCase { IdentityId = id, Name = name, Provider = provider, File = file, RotationStatus = rotation, Note = note, Rules = rules.ToList() });

        // ---------------- AWS ----------------

        private IamUser U(string account, string name, DateTime created, string owner, params Tag[] tags)
        {
            var u = new IamUser { Name = name, UserId = "AIDA" + Id("user", account + name).Base32(17), Created = created };
            if (owner != null) u.Tags.Add(new Tag("owner", owner));
            u.Tags.Add(new Tag("env", account == Prod ? "prod" : "dev"));
            u.Tags.AddRange(tags);
            _users[account + "/" + name] = u;
            return u;
        }

        private static AccessKey K(string user, int n, DateTime created, DateTime? lastUsed, bool active = true, string service = "s3", string region = "us-east-1") =>
            new AccessKey { Id = "AKIA" + Id("key", user + "#" + n).Base32(16), Created = created, LastUsed = lastUsed, Active = active, Service = lastUsed.HasValue ? service : null, Region = lastUsed.HasValue ? region : null };

        private static string UserId(string account, string name) => "aws:arn:aws:iam::" + account + ":user/" + name;
        private static string RoleId(string account, string name) => "aws:arn:aws:iam::" + account + ":role/" + name;
        private static string Report(string account) => "aws/" + account + "/credential-report.csv";
        private static string Auth(string account) => "aws/" + account + "/authorization-details.json";

        public IamUser User(string account, string name) => _users[account + "/" + name];
        public EntraApp AppNamed(string name) => _apps[name];
        public EntraSp AgentSp { get; private set; }
        public EntraSp OrdersFunctionSp { get; private set; }

        private List<IamUser> ProdUsers()
        {
            var list = new List<IamUser>();
            string wh = "arn:aws:iam::" + Prod + ":policy/app-warehouse-access";

            var u = U(Prod, "svc-legacy-etl", D(2022, 1, 12), Owner("data"), new Tag("app", "warehouse"), new Tag("purpose", "Nightly warehouse ETL from the legacy billing database"));
            u.Keys.Add(K(u.Name, 1, D(2025, 8, 20), D(2026, 10, 30, 2, 15)));
            u.ManagedPolicyArns.Add(wh);
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Overdue", "Only access key created 2025-08-20 (438 days at AsOf), never rotated, still in daily use.", "NHI-ROTATION-OVERDUE");
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Overdue", "Governance: purpose at the source (IAM tag purpose). examples/governance/policy.psd1 holds an exception for its NHI-ROTATION-OVERDUE that ended 2026-09-30: with -Policy the finding is open again and says so (Exception 'expired: ...').", "NHI-ROTATION-OVERDUE");

            u = U(Prod, "svc-report-export", D(2026, 9, 14), Owner("finance"), new Tag("app", "reporting"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 14, 10), null));
            u.ManagedPolicyArns.Add(Catalog.S3ReadOnly);
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Compliant", "Access key created 2026-09-14 and never used (access_key_1_last_used_date N/A).", "NHI-UNUSED-CREDENTIAL");

            u = U(Prod, "svc-payments", D(2021, 6, 7), Owner("payments"), new Tag("app", "payments"));
            u.Keys.Add(K(u.Name, 1, D(2025, 9, 3), D(2026, 9, 28, 23, 40), service: "dynamodb"));
            u.Keys.Add(K(u.Name, 2, D(2026, 9, 28, 14), D(2026, 10, 31, 22, 5), service: "dynamodb"));
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-checkout-access");
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Overdue",
                "Two active keys: key 1 (2025-09-03, 424 days) was never deactivated after rotation on 2026-09-28. Key 2's id is stored in kv-contoso-prod AND kv-contoso-dev (secret aws-svc-payments-key).",
                "NHI-MULTIPLE-ACTIVE-KEYS", "NHI-ROTATION-OVERDUE", "NHI-ENV-REUSE");

            u = U(Prod, "svc-old-batch", D(2020, 11, 2), Owner("ops"), new Tag("app", "batch"));
            u.Keys.Add(K(u.Name, 1, D(2024, 11, 5), D(2025, 2, 11, 4), active: false));
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Disabled", "Only key is Inactive; last used 2025-02-11. Candidate for deletion.", "NHI-DORMANT");

            u = U(Prod, "svc-inventory-sync", D(2023, 4, 18), Owner("commerce"), new Tag("app", "stock"));
            u.Keys.Add(K(u.Name, 1, D(2026, 2, 2), D(2026, 3, 15, 7, 30), service: "sqs"));
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-stock-access");
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), null, "Active key, last used 2026-03-15 (231 days before AsOf).", "NHI-DORMANT");

            foreach (var (name, app) in new[] { ("svc-metrics-push", "monitoring"), ("svc-backup-agent", "backup"), ("svc-log-shipper", "logging") })
            {
                u = U(Prod, name, D(2024, 3, 4), null, new Tag("app", app));
                u.Keys.Add(K(name, 1, D(2026, 10, 1), D(2026, 10, 31, 18), service: "cloudwatch"));
                u.ManagedPolicyArns.Add(Catalog.CloudWatchAgent);
                list.Add(u);
                Plant(UserId(Prod, name), name, "Aws", Auth(Prod), "Compliant", "No owner tag (only env and app).", "NHI-UNOWNED");
            }
            // Statement as a single object (allowed by the policy grammar).
            User(Prod, "svc-metrics-push").Inline.Add(new InlinePolicy("put-metrics",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"cloudwatch:PutMetricData\",\"Resource\":\"*\"}}"));

            u = U(Prod, "svc-order-history", D(2022, 8, 30), Owner("commerce"), new Tag("app", "orders"), new Tag("purpose", "Order history API for the customer portal: reads the orders queue"));
            u.Keys.Add(K(u.Name, 1, D(2026, 10, 2), D(2026, 10, 31, 23, 59), service: "sqs"));
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-orders-access");
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/ReadConfigParameters");
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Compliant", "Control: owned (owner tag), fresh key in use, least privilege. Attached ReadConfigParameters has Statement as an object.");
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "Governance control: purpose at the source (IAM tag purpose), so never NHI-NO-PURPOSE even with GovernanceScope All.");

            foreach (var (name, group) in new[] { ("alice.martin", "developers"), ("bob.nguyen", "admins") })
            {
                u = U(Prod, name, D(2020, 2, 10), null);
                u.Tags.Clear();
                u.Human = true;
                u.PasswordEnabled = true;
                u.PasswordLastChanged = D(2026, 9, 1);
                u.PasswordLastUsed = D(2026, 10, 30, 8, 12);
                u.Mfa = true;
                u.Groups.Add(group);
                list.Add(u);
                Plant(UserId(Prod, name), name, "Aws", Report(Prod), null, "Human: console password with MFA, no access keys. Left out by default (Kind Human), shown with -IncludeHuman.");
            }

            u = U(Prod, "svc-reporting-bi", D(2023, 1, 9), Owner("data"), new Tag("app", "reporting"));
            u.PasswordEnabled = true;
            u.PasswordLastChanged = D(2023, 1, 9, 10);
            u.PasswordLastUsed = D(2026, 10, 29, 16, 40);
            u.Mfa = false;
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 20), D(2026, 10, 30, 6), service: "athena"));
            u.ManagedPolicyArns.Add(Catalog.ReadOnlyAccess);
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), null, "Service user with console password enabled and used (2026-10-29), no MFA: someone logs in as it. CloudTrail (activity/aws/111122223333/lookup-events-console-logins.json) shows three ConsoleLogin events from 198.51.100.23 and one failed attempt: NHI-HUMAN-USE cites them.", "NHI-HUMAN-USE", "NHI-WEAK-AUTH");

            u = U(Prod, "svc-terraform", D(2021, 3, 15), Owner("platform"), new Tag("app", "iac"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 30), D(2026, 10, 31, 12), service: "iam"));
            u.ManagedPolicyArns.Add(Catalog.AdministratorAccess);
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "AdministratorAccess attached to a service user.", "NHI-OVERPRIVILEGED");

            u = U(Prod, "svc-bi-exporter", D(2025, 4, 7), Owner("data"), new Tag("app", "bi-export"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 20), D(2026, 10, 31, 22), service: "s3"));
            u.ManagedPolicyArns.Add(Catalog.AdministratorAccess);
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", "activity/aws/111122223333/access-advisor/svc-bi-exporter.json", "Compliant",
                "AdministratorAccess attached, but CloudTrail (2026-08-03 to 2026-10-31) and Access Advisor show it only ever used s3 and cloudwatch.",
                "NHI-OVERPRIVILEGED", "NHI-UNUSED-PERMISSION");
            Plant(UserId(Prod, u.Name), u.Name, "Aws", ExampleActivity.LeakedKeyTrailFile, null,
                "Its key from before the rotation of 2026-09-20 (gone from the inventory, replaced by " + u.Keys[0].Id + ") is used again on 2026-10-29 from 203.0.113.77, a network it never used (it always calls from 198.51.100.0/24): ListBuckets and two GetObject on contoso-bi-exports. NHI-ANOMALOUS-USE names the retired key and the new network with the baseline.",
                "NHI-ANOMALOUS-USE");

            u = U(Prod, "svc-ops-automation", D(2022, 5, 5), Owner("ops"), new Tag("app", "runbooks"));
            u.Keys.Add(K(u.Name, 1, D(2026, 10, 10), D(2026, 10, 31, 3), service: "ec2"));
            u.Inline.Add(new InlinePolicy("ops-everything", Catalog.PolicyDoc(Catalog.Allow("\"*\"", "\"*\"", "Everything"))));
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "Inline policy ops-everything allows Action * on Resource *.", "NHI-OVERPRIVILEGED");

            u = U(Prod, "svc-data-loader", D(2024, 6, 1), Owner("data"), new Tag("app", "warehouse"));
            u.Keys.Add(K(u.Name, 1, D(2026, 10, 12), D(2026, 10, 31, 1)));
            u.Inline.Add(new InlinePolicy("landing-bucket", Catalog.PolicyDoc(Catalog.Allow("[\"s3:GetObject\",\"s3:PutObject\"]", "\"arn:aws:s3:::contoso-data-landing/*\"")), urlEncoded: true));
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "Control for parsing: its inline PolicyDocument is a URL-encoded string (the wire form); it must decode to s3:GetObject/PutObject on contoso-data-landing.");

            u = U(Prod, "svc-migration-temp", D(2026, 7, 28), Owner("data"), new Tag("temporary", "true"), new Tag("expires", "2026-09-30"), new Tag("ticket", "CHG-4711"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 2), D(2026, 10, 25, 22)));
            u.ManagedPolicyArns.Add(wh);
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "Tagged temporary=true, expires=2026-09-30, ticket=CHG-4711; past its end and its key is still active and used.", "NHI-TEMP-ACCESS-EXPIRED");

            u = U(Prod, "svc-shared-batch", D(2022, 10, 10), Owner("finance"), new Tag("workloads", "billing,reporting"));
            u.Keys.Add(K(u.Name, 1, D(2026, 10, 5), D(2026, 10, 31, 4), service: "sqs"));
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-billing-access");
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-analytics-access");
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "One identity for two workloads (tag workloads=billing,reporting).", "NHI-SHARED");

            u = U(Prod, "svc-orphan-keys", D(2025, 5, 20), Owner("ops"), new Tag("app", "legacy-cron"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 10), D(2026, 10, 29, 5)));
            u.NoKeysFile = true;
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Compliant", "Key seen only in the credential report (no list-access-keys file): its access key id is unknown; the credential must still be reported (as access_key_1).");

            u = U(Prod, "agent-claims-triage", D(2026, 8, 18), Owner("ai-platform"), new Tag("agent", "true"), new Tag("app", "claims-ai"));
            u.Keys.Add(K(u.Name, 1, D(2026, 10, 5), D(2026, 10, 31, 20), service: "bedrock"));
            u.Inline.Add(new InlinePolicy("bedrock-agent", Catalog.PolicyDoc(Catalog.Allow("\"bedrock:*\"", "\"*\"", "Agent"))));
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "AI agent (tag agent=true) with bedrock:* on *: a whole service on every resource. CloudTrail shows its calls (bedrock:InvokeModel) and one denied s3:GetObject; it uses what it is granted, so no NHI-UNUSED-PERMISSION.", "NHI-OVERPRIVILEGED");

            // Agent case (examples/agents.ps1, agent support-copilot): an old service account shared with the helpdesk portal,
            // which the agent inherited with rights its purpose never needed (writing tickets, sending mail).
            u = U(Prod, "svc-helpdesk-legacy", D(2023, 3, 14), Owner("support"), new Tag("app", "helpdesk"), new Tag("workloads", "helpdesk-portal,support-copilot"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 20), D(2026, 10, 31, 18), service: "dynamodb"));
            u.Inline.Add(new InlinePolicy("helpdesk-tickets", Catalog.PolicyDoc(Catalog.Allow("[\"dynamodb:Query\",\"dynamodb:PutItem\",\"dynamodb:DeleteItem\"]", "\"arn:aws:dynamodb:us-east-1:" + Prod + ":table/helpdesk-tickets\"", "Tickets"))));
            u.Inline.Add(new InlinePolicy("helpdesk-mail", Catalog.PolicyDoc(Catalog.Allow("[\"ses:SendEmail\",\"ses:SendRawEmail\"]", "\"*\"", "Mail"))));
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Auth(Prod), "Compliant", "One service account for the helpdesk portal and the support-copilot agent (tag workloads=helpdesk-portal,support-copilot), created 2023-03-14. Agent case: see examples/agents.ps1.", "NHI-SHARED");

            u = U(Prod, "svc-ci-deploy", D(2023, 2, 14), Owner("platform"), new Tag("app", "ci"));
            u.Keys.Add(K(u.Name, 1, D(2026, 9, 25), D(2026, 10, 31, 21), service: "cloudformation"));
            u.Groups.Add("ci-deployers");
            list.Add(u);
            Plant(UserId(Prod, u.Name), u.Name, "Aws", Report(Prod), "Compliant", "Healthy in the estate, but its key id and secret are committed in examples/repo/.env (Invoke-NhiScan links the leak to this identity).");
            return list;
        }

        private List<IamRole> ProdRoles()
        {
            var list = new List<IamRole>();
            IamRole R(string name, string trust, DateTime created, DateTime? lastUsed, string owner)
            {
                var r = new IamRole { Name = name, RoleId = "AROA" + Id("role", name).Base32(17), TrustPolicy = trust, Created = created, LastUsed = lastUsed };
                if (owner != null) r.Tags.Add(new Tag("owner", owner));
                r.Tags.Add(new Tag("env", "prod"));
                list.Add(r);
                return r;
            }

            var role = R("role-ci-passrole", Catalog.ServiceTrust("codebuild.amazonaws.com"), D(2023, 7, 7), D(2026, 10, 31, 9), Owner("platform"));
            role.Inline.Add(new InlinePolicy("pass-any-role", Catalog.PolicyDoc(Catalog.Allow("\"iam:PassRole\"", "\"*\"", "PassAnything"))));
            Plant(RoleId(Prod, role.Name), role.Name, "Aws", Auth(Prod), null, "iam:PassRole on * lets it hand any role (including admin roles) to a service it creates: privilege escalation.", "NHI-OVERPRIVILEGED");

            role = R("role-partner-audit", Catalog.AccountTrust(Catalog.ForeignAccount), D(2024, 2, 12), D(2026, 10, 29, 11), Owner("security"));
            role.ManagedPolicyArns.Add(Catalog.ReadOnlyAccess);
            Plant(RoleId(Prod, role.Name), role.Name, "Aws", Auth(Prod), null, "Assumable by foreign account 999988887777 (arn:aws:iam::999988887777:root) with no sts:ExternalId condition.", "NHI-CROSS-SYSTEM", "NHI-THIRD-PARTY");

            role = R("role-github-deploy-any", Catalog.GitHubTrust(Prod, "\"StringLike\":{\"token.actions.githubusercontent.com:sub\":\"repo:contoso/*\"},\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"}"), D(2025, 3, 3), D(2026, 10, 30, 15), Owner("platform"));
            role.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-orders-access");
            Plant(RoleId(Prod, role.Name), role.Name, "Aws", Auth(Prod), null, "GitHub OIDC trust with sub repo:contoso/* : any branch of any repo in the org (including forks' PRs workflows) can assume it.", "NHI-INSECURE-DEPLOY");

            // Agent case (agent support-copilot): the agent's own new role, scoped to one model and one bucket.
            role = R("role-support-copilot", Catalog.ServiceTrust("lambda.amazonaws.com"), D(2026, 9, 25), D(2026, 10, 31, 19), Owner("ai-platform"));
            role.Tags.Add(new Tag("agent", "support-copilot"));
            role.Inline.Add(new InlinePolicy("invoke-model", Catalog.PolicyDoc(Catalog.Allow("\"bedrock:InvokeModel\"", "\"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0\"", "Model"))));
            role.Inline.Add(new InlinePolicy("read-attachments", Catalog.PolicyDoc(Catalog.Allow("\"s3:GetObject\"", "\"arn:aws:s3:::contoso-helpdesk-attachments/*\"", "Attachments"))));
            Plant(RoleId(Prod, role.Name), role.Name, "Aws", Auth(Prod), null, "Control: the support-copilot agent's own role (tag agent=support-copilot), created 2026-09-25: bedrock:InvokeModel on one model, s3:GetObject on one bucket. Agent case: see examples/agents.ps1.");

            // Agent case (agent ops-agent): an agent runtime role that may assume two other roles of the account, one of them role-ci-passrole.
            role = R("role-ops-agent", Catalog.ServiceTrust("bedrock-agentcore.amazonaws.com"), D(2026, 10, 12), D(2026, 10, 31, 22), Owner("platform"));
            role.Tags.Add(new Tag("ai", "true"));
            role.Inline.Add(new InlinePolicy("agent-runtime", Catalog.PolicyDoc(Catalog.Allow("[\"bedrock-agentcore:InvokeAgentRuntime\",\"bedrock-agentcore:GetWorkloadAccessToken\"]", "\"arn:aws:bedrock-agentcore:us-east-1:" + Prod + ":runtime/ops-agent\"", "Runtime"))));
            role.Inline.Add(new InlinePolicy("assume-ops-roles", Catalog.PolicyDoc(Catalog.Allow("\"sts:AssumeRole\"", "[\"arn:aws:iam::" + Prod + ":role/role-ci-passrole\",\"arn:aws:iam::" + Prod + ":role/role-partner-audit\"]", "Chain"))));
            Plant(RoleId(Prod, role.Name), role.Name, "Aws", Auth(Prod), null, "Agent runtime role (tag ai=true, trusted by bedrock-agentcore) whose inline policy allows sts:AssumeRole on role-ci-passrole (iam:PassRole on *) and role-partner-audit: the agent can become either. Agent case: see examples/agents.ps1.");

            role = R("role-github-deploy-main", Catalog.GitHubTrust(Prod, "\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\",\"token.actions.githubusercontent.com:sub\":\"repo:contoso/payments-api:ref:refs/heads/main\"}"), D(2025, 3, 3), D(2026, 10, 31, 10), Owner("payments"));
            role.ManagedPolicyArns.Add("arn:aws:iam::" + Prod + ":policy/app-checkout-access");
            Plant(RoleId(Prod, role.Name), role.Name, "Aws", Auth(Prod), null, "Control: GitHub OIDC trust restricted to repo:contoso/payments-api:ref:refs/heads/main with aud sts.amazonaws.com.");
            return list;
        }

        private List<IamRole> DevRoles()
        {
            var r = new IamRole
            {
                Name = "role-github-oidc-nosub", RoleId = "AROA" + Id("role", "role-github-oidc-nosub").Base32(17),
                TrustPolicy = Catalog.GitHubTrust(Dev, "\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\"}"),
                Created = D(2025, 11, 20), LastUsed = D(2026, 10, 28, 13),
                Tags = { new Tag("owner", Owner("platform")), new Tag("env", "dev") },
                ManagedPolicyArns = { Catalog.AdministratorAccess },
            };
            Plant(RoleId(Dev, r.Name), r.Name, "Aws", Auth(Dev), null, "GitHub OIDC trust with no sub condition at all: any GitHub repository's workflow can assume it (and it has AdministratorAccess).", "NHI-INSECURE-DEPLOY", "NHI-OVERPRIVILEGED");
            return new List<IamRole> { r };
        }

        private List<IamUser> DevUsers()
        {
            var u = U(Dev, "svc-payments-dev", D(2022, 3, 3), Owner("payments"), new Tag("app", "payments"));
            u.Keys.Add(K(u.Name, 1, D(2026, 10, 3), D(2026, 10, 31, 17), service: "dynamodb"));
            u.ManagedPolicyArns.Add("arn:aws:iam::" + Dev + ":policy/app-checkout-access");
            Plant(UserId(Dev, u.Name), u.Name, "Aws", Report(Dev), "Compliant", "Control: dev counterpart of svc-payments with its own key (the dev vault should hold this key, not prod's).");
            return new List<IamUser> { u };
        }

        private static void AddPolicy(AwsAccount acct, string name, string doc, DateTime created, int attachments)
        {
            var r = Id("policy", acct.Id + name);
            acct.Policies.Add(new ManagedPolicy { Name = name, Arn = "arn:aws:iam::" + acct.Id + ":policy/" + name, PolicyId = "ANPA" + r.Base32(17), Created = created, Updated = created, Document = doc, AttachmentCount = attachments });
        }

        private AwsAccount Account(int index, int fillerUsers, int fillerRoles, List<IamUser> users, List<IamRole> roles, RootAccount root)
        {
            var acct = _syn.Account(index, fillerUsers, fillerRoles);
            var synUsers = acct.Users;
            var synRoles = acct.Roles;
            acct.Users = () => users.Concat(synUsers());
            acct.Roles = () => roles.Concat(synRoles());
            if (root != null) acct.Root = root;
            return acct;
        }

        // ---------------- Entra ----------------

        private EntraUser _dave, _priya;

        private EntraApp App(string name, DateTime created, IEnumerable<EntraOwner> owners, DateTime? lastSignIn = null)
        {
            var r = Id("app", name);
            var a = new EntraApp { ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = name, Created = created, Description = null };
            a.Owners.AddRange(owners);
            a.Sp = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = a.AppId, DisplayName = name, AppOwnerOrganizationId = Catalog.TenantId, Created = created.AddMinutes(3),
                AppBacked = true, ServicePrincipalNames = { a.AppId }, Tags = { "WindowsAzureActiveDirectoryIntegratedApp" },
                InSignInReport = true, LastSignIn = lastSignIn ?? D(2026, 10, 31, 6),
            };
            _apps[name] = a;
            return a;
        }

        private static PasswordCred Pwd(string app, int n, DateTime start, DateTime end, DateTime? lastSignIn, string hint = null, string displayName = null)
        {
            var r = Id("pwd", app + "#" + n);
            return new PasswordCred { KeyId = r.GuidString(), Hint = hint ?? r.Alnum(3), Start = start, End = end, InReport = true, LastSignIn = lastSignIn, DisplayName = displayName };
        }

        private EntraOwner Pool(int j) => _syn.EntraUserAt(j).AsOwner();
        private static string AppId(EntraApp a) => "entra:app:" + a.AppId;
        private const string AppsFile = "entra/applications-001.json";
        private const string SpsFile = "entra/servicePrincipals-001.json";

        private List<EntraApp> Apps()
        {
            var list = new List<EntraApp>();
            DateTime recent = D(2026, 10, 31, 6);

            var a = App("app-invoice-sync", D(2022, 4, 4), new[] { Pool(0), Pool(1) });
            a.Notes = "Syncs approved invoices from the billing system to the finance SharePoint site.";
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 2, 15), D(2026, 8, 15), D(2026, 8, 14, 23), displayName: "2026-H1"));
            a.Passwords.Add(Pwd(a.DisplayName, 2, D(2026, 9, 10), D(2027, 3, 9), recent, displayName: "2026-H2"));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Expired", "Governance: purpose at the source (the application's notes).", "NHI-EXPIRED-CREDENTIAL");
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Expired", "Client secret 2026-H1 expired 2026-08-15 and is still attached next to the current one (2026-H2). The current secret's keyId is tagged on kv-contoso-prod/app-invoice-sync-secret. The sign-in log shows that secret used from its two servers (198.51.100.10/.11) and, on 2026-10-27, from 203.0.113.66 (Bucharest) after one failed attempt: Get-NhiActivity | Group-Object From. NHI-ANOMALOUS-USE names that new network and country against its baseline (198.51.100.0/24, NL).", "NHI-EXPIRED-CREDENTIAL", "NHI-ANOMALOUS-USE");

            a = App("app-legacy-crm-connector", D(2019, 11, 5), new[] { Pool(2) });
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2023, 2, 1), new DateTime(2099, 12, 31, 0, 0, 0, DateTimeKind.Utc), recent, displayName: "never-expires"));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Overdue", "Client secret valid until 2099-12-31 (no practical expiry), created 2023-02-01 and never rotated.", "NHI-LONG-LIVED", "NHI-ROTATION-OVERDUE");

            a = App("app-hr-feed", D(2024, 1, 20), new[] { Pool(3) });
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 10, 1), D(2028, 10, 1), recent));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "Client secret with a 2-year lifetime (2026-10-01 to 2028-10-01): fresh, but too long-lived.", "NHI-LONG-LIVED");

            a = App("app-notify-gateway", D(2023, 5, 2), new[] { Pool(4), Pool(5) });
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 8, 22), D(2026, 11, 20), recent));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "DueSoon", "Only client secret (90-day lifetime, issued 2026-08-22) expires 2026-11-20, 19 days after AsOf.");

            a = App("app-sso-signing", D(2022, 9, 9), new[] { Pool(6) });
            a.Keys.Add(new KeyCred { KeyId = Id("cert", a.DisplayName).GuidString(), DisplayName = "CN=sso.contoso.com", Thumbprint = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Id("thumb", a.DisplayName).Hex(40).ToUpperInvariant())), Start = D(2026, 9, 15), End = D(2027, 9, 15), InReport = true, LastSignIn = recent });
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "Control: certificate credential (keyCredentials) valid 2026-09-15 to 2027-09-15, in use.");

            a = App("app-orphaned-poc", D(2025, 2, 2), Array.Empty<EntraOwner>());
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 9, 1), D(2027, 2, 28), D(2026, 10, 20)));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "DueSoon", "No owners at all (owners: []).", "NHI-UNOWNED");

            a = App("app-finance-reconcile", D(2021, 8, 16), new[] { _dave.AsOwner() });
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 9, 15), D(2027, 3, 14), recent));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "Only owner is dave.wilson@contoso.com, whose account is disabled (entra/users.json accountEnabled false).", "NHI-OWNER-GONE");

            a = App("app-platform-shared", D(2020, 6, 6), Enumerable.Range(0, 25).Select(Pool));
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 10, 1), D(2027, 3, 30), recent));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "25 owners in the tenant, but $expand=owners returns 20: NhiTools must show 20 and say the list may be incomplete (GET /applications/{id}/owners for all).");

            a = App("app-terraform-runner", D(2022, 2, 2), new[] { Pool(7) });
            a.Keys.Add(new KeyCred { KeyId = Id("cert", a.DisplayName).GuidString(), DisplayName = "CN=terraform-runner", Thumbprint = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Id("thumb", a.DisplayName).Hex(40).ToUpperInvariant())), Start = D(2026, 9, 1), End = D(2027, 9, 1), InReport = true, LastSignIn = recent });
            a.Sp.AppRoleAssignments.Add(_syn.Grant(Id("grant", a.DisplayName), Catalog.DirectoryReadAll, D(2022, 2, 3)));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "Control: certificate auth, Directory.Read.All only; its certificate is judged by its expiry and the 397-day certificate age, not the 90-day key age. Its service principal owns app-provisioning-engine (owner of @odata.type #microsoft.graph.servicePrincipal).");
            var terraformSp = new EntraOwner { IsServicePrincipal = true, Id = a.Sp.ObjectId, AppId = a.AppId, DisplayName = a.DisplayName };

            foreach (var (name, role, owner) in new[]
            {
                ("app-directory-admin-tool", Catalog.RoleManagementReadWriteDirectory, Pool(8)),
                ("app-provisioning-engine", Catalog.ApplicationReadWriteAll, terraformSp),
                ("app-sync-everything", Catalog.DirectoryReadWriteAll, Pool(9)),
            })
            {
                a = App(name, D(2023, 3, 3), new[] { owner });
                a.Passwords.Add(Pwd(name, 1, D(2026, 9, 20), D(2027, 3, 19), recent));
                a.Sp.AppRoleAssignments.Add(_syn.Grant(Id("grant", name), role, D(2023, 3, 4)));
                list.Add(a);
                if (name == "app-sync-everything")
                    Plant(AppId(a), name, "Entra", SpsFile, "Compliant", "Microsoft Graph application permission " + role.Value + " (app role " + role.Id + ") granted: tenant takeover path. The sign-in log shows it signing in to Graph every day, yet the directory audit log (activity/entra/directoryAudits.json) has no change initiated by it: the write right is unused.", "NHI-OVERPRIVILEGED", "NHI-UNUSED-PERMISSION");
                else if (name == "app-provisioning-engine")
                    Plant(AppId(a), name, "Entra", SpsFile, "Compliant", "Microsoft Graph application permission " + role.Value + " (app role " + role.Id + ") granted: tenant takeover path. It uses it: the audit log shows it adding credentials to app-hr-feed on 2026-10-01 (no NHI-UNUSED-PERMISSION).", "NHI-OVERPRIVILEGED");
                else
                    Plant(AppId(a), name, "Entra", SpsFile, "Compliant", "Microsoft Graph application permission " + role.Value + " (app role " + role.Id + ") granted: tenant takeover path.", "NHI-OVERPRIVILEGED");
            }

            a = App("app-webhook-relay", D(2026, 9, 5), new[] { Pool(10) }, lastSignIn: null);
            a.Sp.LastSignIn = null;
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 9, 5, 10), D(2027, 3, 4), null));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", "entra/reports/appCredentialSignInActivities.json", "Compliant", "Its client secret appears in appCredentialSignInActivities with signInActivity.lastSignInDateTime null: issued 2026-09-05, never used.", "NHI-UNUSED-CREDENTIAL");

            a = App("app-order-service", D(2021, 10, 10), new[] { Pool(11), Pool(12) }, lastSignIn: D(2026, 10, 31, 23, 50));
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 9, 12), D(2027, 3, 11), D(2026, 10, 31, 23, 50), hint: "kT4", displayName: "orders-api-2026-09"));
            a.ServiceManagementReference = "CHG-3302";
            a.Sp.Grants.Add(new DelegatedGrant { Id = Id("oauth", a.DisplayName).Base64Url(32), ResourceId = _syn.GraphSpId, ConsentType = "Principal", PrincipalId = _syn.EntraUserAt(11).Id, Scope = "User.Read offline_access" });
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", "entra/reports/appCredentialSignInActivities.json", "Compliant", "Control: secret used minutes before AsOf. Its secret (hint kT4) is committed in examples/repo/src/appsettings.json next to this appId.");

            a = App("app-quarterly-audit", D(2022, 12, 1), new[] { Pool(13) }, lastSignIn: D(2025, 12, 1, 4));
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 6, 1), D(2027, 5, 29), D(2025, 12, 1, 4)));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", "entra/reports/servicePrincipalSignInActivities.json", null, "Service principal last signed in 2025-12-01 (335 days before AsOf); its secret is current but unused since.", "NHI-DORMANT");

            a = App("app-migration-temp", D(2026, 6, 10), new[] { Pool(14) });
            a.Tags.AddRange(new[] { "temporary=true", "expires=2026-08-31", "ticket=CHG-5120" });
            a.Notes = "Temporary: data migration CHG-5120, remove after 2026-08-31.";
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 9, 10, 11), D(2027, 3, 9), D(2026, 10, 30, 2)));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "Tagged temporary=true, expires=2026-08-31, ticket=CHG-5120 (notes say the same); still has a live secret used 2026-10-30.", "NHI-TEMP-ACCESS-EXPIRED");

            a = App("app-catalog-service", D(2021, 5, 5), new[] { Pool(15) });
            a.Tags.AddRange(new[] { "env=prod", "env=dev" });
            a.Notes = "Shared by the catalog prod and dev deployments (same client secret in both).";
            a.Passwords.Add(Pwd(a.DisplayName, 1, D(2026, 10, 8), D(2027, 4, 6), recent));
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "One app registration used by prod and dev (tags env=prod and env=dev, notes).", "NHI-ENV-REUSE");

            // Entra Agent ID: blueprint (application) and its blueprint principal (service principal).
            a = App("Claims Triage Agent Blueprint", D(2026, 8, 20), new[] { _priya.AsOwner() });
            a.ODataType = "#microsoft.graph.agentIdentityBlueprint";
            a.Sp.ODataType = "#microsoft.graph.agentIdentityBlueprintPrincipal";
            a.Keys.Add(new KeyCred { KeyId = Id("cert", a.DisplayName).GuidString(), DisplayName = "CN=claims-triage-blueprint", Thumbprint = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Id("thumb", a.DisplayName).Hex(40).ToUpperInvariant())), Start = D(2026, 9, 20), End = D(2027, 3, 19), InReport = true, LastSignIn = recent });
            list.Add(a);
            Plant(AppId(a), a.DisplayName, "Entra", AppsFile, "Compliant", "Agent identity blueprint (@odata.type #microsoft.graph.agentIdentityBlueprint, beta); owner priya.raman. Its agent identity is 'Claims Triage Agent'.");
            return list;
        }

        private List<EntraSp> OtherSps(EntraApp blueprint)
        {
            var list = new List<EntraSp> { _syn.GraphResource() };

            var r = Id("sp", "fabrikam-mail-insights");
            var tp = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = "Fabrikam Mail Insights", AppOwnerOrganizationId = "0d3f6a21-5c4b-4e7a-9b1d-2f8e6c4a7b90",
                SignInAudience = "AzureADMultipleOrgs", Created = D(2024, 9, 9), ThirdParty = true, InSignInReport = true, LastSignIn = D(2026, 10, 31, 5),
                Tags = { "WindowsAzureActiveDirectoryIntegratedApp" },
            };
            tp.ServicePrincipalNames.Add(tp.AppId);
            tp.ServicePrincipalNames.Add("https://mailinsights.fabrikam.example");
            foreach (var role in new[] { Catalog.MailRead, Catalog.FilesReadWriteAll, Catalog.DirectoryReadAll })
                tp.AppRoleAssignments.Add(_syn.Grant(Id("grant", tp.DisplayName + role.Value), role, D(2024, 9, 9, 10)));
            tp.Grants.Add(new DelegatedGrant { Id = Id("oauth", tp.DisplayName).Base64Url(32), ResourceId = _syn.GraphSpId, Scope = "Mail.Read Files.Read.All offline_access openid profile" });
            list.Add(tp);
            Plant("entra:sp:" + tp.ObjectId, tp.DisplayName, "Entra", SpsFile, null,
                "Multi-tenant SP of another organisation (appOwnerOrganizationId 0d3f6a21-...), tenant-wide Mail.Read and Files.ReadWrite.All app roles plus an AllPrincipals delegated grant.",
                "NHI-THIRD-PARTY", "NHI-OVERPRIVILEGED");

            r = Id("sp", "func-orders-prod");
            var mi = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = "func-orders-prod", Type = "ManagedIdentity", Created = D(2024, 4, 4),
                AlternativeNames = { "isExplicit=False", "/subscriptions/" + Catalog.SubscriptionProd + "/resourcegroups/rg-orders-prod/providers/Microsoft.Web/sites/func-orders-prod" },
                InSignInReport = true, LastSignIn = D(2026, 10, 31, 23),
            };
            mi.ServicePrincipalNames.AddRange(new[] { mi.AppId, "https://identity.azure.net/" + r.Base64(32) });
            mi.Keys.Add(new KeyCred { KeyId = r.GuidString(), DisplayName = mi.AppId, Thumbprint = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(r.Hex(40).ToUpperInvariant())), Start = D(2026, 9, 20), End = D(2026, 12, 19) });
            list.Add(mi);
            OrdersFunctionSp = mi;
            Plant("entra:sp:" + mi.ObjectId, mi.DisplayName, "Entra", SpsFile, null, "System-assigned managed identity of a Function App (alternativeNames isExplicit=False + ARM id). Kind ManagedIdentity; its certificate is Azure-managed: nothing to rotate, no owner expected.");

            r = Id("sp", "id-payments-batch-prod");
            mi = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = "id-payments-batch-prod", Type = "ManagedIdentity", Created = D(2023, 10, 1),
                AlternativeNames = { "isExplicit=True", "/subscriptions/" + Catalog.SubscriptionProd + "/resourcegroups/rg-payments-prod/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-payments-batch-prod" },
                InSignInReport = true, LastSignIn = D(2026, 10, 31, 22),
            };
            mi.ServicePrincipalNames.AddRange(new[] { mi.AppId, "https://identity.azure.net/" + r.Base64(32) });
            mi.Keys.Add(new KeyCred { KeyId = r.GuidString(), DisplayName = mi.AppId, Thumbprint = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(r.Hex(40).ToUpperInvariant())), Start = D(2026, 10, 2), End = D(2026, 12, 31) });
            list.Add(mi);
            Plant("entra:sp:" + mi.ObjectId, mi.DisplayName, "Entra", SpsFile, null, "User-assigned managed identity (alternativeNames isExplicit=True + Microsoft.ManagedIdentity/userAssignedIdentities id). Kind ManagedIdentity.");

            r = Id("sp", "legacy-sharepoint-connector");
            var legacy = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = "Contoso Legacy SharePoint Connector", Type = "Legacy", AppOwnerOrganizationId = null,
                Created = D(2016, 5, 12), InSignInReport = true, LastSignIn = D(2026, 9, 30), Owners = { Pool(16) },
                Notes = "Pre-2017 connector; no app registration exists for it in this tenant.",
            };
            legacy.ServicePrincipalNames.AddRange(new[] { legacy.AppId, "spconnector/contoso.com" });
            list.Add(legacy);
            Plant("entra:sp:" + legacy.ObjectId, legacy.DisplayName, "Entra", SpsFile, null, "servicePrincipalType Legacy (created before app registrations existed): no application object in the tenant.");

            r = Id("sp", "claims-triage-agent");
            var agent = new EntraSp
            {
                ODataType = "#microsoft.graph.agentIdentity", ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = "Claims Triage Agent",
                Type = "ServiceIdentity", AppOwnerOrganizationId = Catalog.TenantId, Created = D(2026, 8, 21), AgentBlueprintId = blueprint.AppId, CreatedByAppId = blueprint.AppId,
                Sponsors = new List<EntraOwner> { _priya.AsOwner() }, InSignInReport = true, LastSignIn = D(2026, 10, 31, 21),
            };
            agent.ServicePrincipalNames.Add(agent.AppId);
            agent.AppRoleAssignments.Add(_syn.Grant(Id("grant", agent.DisplayName), Catalog.UserReadAll, D(2026, 8, 21, 12)));
            list.Add(agent);
            AgentSp = agent;
            Plant("entra:sp:" + agent.ObjectId, agent.DisplayName, "Entra", SpsFile, null,
                "Entra Agent ID agent identity (@odata.type #microsoft.graph.agentIdentity, agentIdentityBlueprintId = the blueprint's appId, sponsor priya.raman). Kind AgentIdentity; owner = sponsor. Beta shape, see README.");

            for (int i = 0; i < 6; i++) list.Add(_syn.ManagedIdentity(i));
            return list;
        }

        // ---------------- Key Vault ----------------

        private static VaultSecret S(string name, DateTime created, DateTime updated, DateTime? expires, string owner, string env, params Tag[] tags)
        {
            var s = new VaultSecret { Name = name, Created = created, Updated = updated, Expires = expires, ContentType = "text/plain" };
            if (owner != null) s.Tags.Add(new Tag("owner", owner));
            s.Tags.Add(new Tag("env", env));
            s.Tags.AddRange(tags);
            return s;
        }

        private static string SecretId(string vault, string name) => "keyvault:" + vault + "/" + name;

        private List<VaultSecret> ProdSecrets()
        {
            string file = "keyvault/" + ProdVault + ".json";
            var list = new List<VaultSecret>();
            var s = S("stripe-api-key", D(2024, 5, 5), D(2026, 9, 20), null, Owner("payments"), "prod");
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, null, "No expiry set (attributes.expires null).", "NHI-LONG-LIVED");

            s = S("legacy-ftp-password", D(2023, 1, 2), D(2026, 1, 2), D(2026, 7, 1), Owner("ops"), "prod");
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "Expired", "Expired 2026-07-01, still enabled.", "NHI-EXPIRED-CREDENTIAL");

            s = S("old-smtp-relay-password", D(2022, 6, 1), D(2025, 6, 1), D(2026, 12, 1), Owner("ops"), "prod");
            s.Enabled = false;
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "Disabled", "Disabled secret (attributes.enabled false).");

            s = S("sql-reporting-conn", D(2023, 5, 1), D(2024, 10, 15), D(2027, 6, 30), Owner("data"), "prod", new Tag("purpose", "Connection string of the reporting SQL database read by Power BI"));
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "Overdue", "Not updated since 2024-10-15 (747 days).", "NHI-ROTATION-OVERDUE");
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "Overdue", "Governance: purpose at the source (vault tag purpose). examples/governance/policy.psd1 holds a live exception for its NHI-ROTATION-OVERDUE until 2026-12-31: with -Policy the finding is Suppressed (-IncludeSuppressed shows it).", "NHI-ROTATION-OVERDUE");

            s = S("tmp-debug-token", D(2026, 9, 1), D(2026, 9, 1), D(2027, 3, 1), null, "prod");
            s.NotBefore = D(2026, 9, 1);
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "DueSoon", "No owner tag. Named tmp- (temporary) with no end date, created 2026-09-01: past the 30-day maximum for temporary access.", "NHI-UNOWNED", "NHI-TEMP-ACCESS-EXPIRED");

            var payments = User(Prod, "svc-payments");
            s = S("aws-svc-payments-key", D(2021, 6, 7), D(2026, 9, 28, 14, 5), D(2027, 3, 27), Owner("payments"), "prod",
                new Tag("accessKeyId", payments.Keys[1].Id), new Tag("nhi-identity", UserId(Prod, "svc-payments")));
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "Compliant", "Holds svc-payments' current access key (tags accessKeyId, nhi-identity). Correct place; the dev vault has the same key.");

            var invoice = _apps["app-invoice-sync"];
            s = S("app-invoice-sync-secret", D(2022, 4, 4), D(2026, 9, 10, 9, 5), D(2027, 3, 9), Owner("finance"), "prod",
                new Tag("appId", invoice.AppId), new Tag("keyId", invoice.Passwords[1].KeyId), new Tag("nhi-identity", "entra:app:" + invoice.AppId));
            list.Add(s);
            Plant(SecretId(ProdVault, s.Name), s.Name, "KeyVault", file, "Compliant", "Holds app-invoice-sync's current client secret (tags appId + keyId): links the vault secret to the Entra credential.");
            return list;
        }

        private List<VaultSecret> DevSecrets()
        {
            string file = "keyvault/" + DevVault + ".json";
            var list = new List<VaultSecret>();
            var payments = User(Prod, "svc-payments");
            var s = S("aws-svc-payments-key", D(2026, 9, 29), D(2026, 9, 29, 9, 30), D(2027, 3, 28), Owner("payments"), "dev",
                new Tag("accessKeyId", payments.Keys[1].Id), new Tag("nhi-identity", UserId(Prod, "svc-payments")));
            list.Add(s);
            Plant(SecretId(DevVault, s.Name), s.Name, "KeyVault", file, "Compliant", "Dev vault holds the PROD access key of svc-payments (same accessKeyId as kv-contoso-prod/aws-svc-payments-key).", "NHI-ENV-REUSE");

            s = S("scratch-api-key", D(2026, 9, 8), D(2026, 9, 8), D(2027, 3, 7), null, "dev");
            list.Add(s);
            Plant(SecretId(DevVault, s.Name), s.Name, "KeyVault", file, "Compliant", "No owner tag.", "NHI-UNOWNED");
            return list;
        }

        private Vault WrapVault(int v, int filler, List<VaultSecret> planted)
        {
            var vault = _syn.Vault(v, filler);
            var syn = vault.Secrets;
            vault.Secrets = () => planted.Concat(syn());
            vault.SecretCount = filler + planted.Count;
            return vault;
        }

        public Estate Build()
        {
            _dave = new EntraUser { Id = Id("user", "dave.wilson").GuidString(), UserPrincipalName = "dave.wilson@contoso.com", DisplayName = "Dave Wilson", GivenName = "Dave", Surname = "Wilson", JobTitle = "Finance Systems Lead", AccountEnabled = false };
            _priya = new EntraUser { Id = Id("user", "priya.raman").GuidString(), UserPrincipalName = "priya.raman@contoso.com", DisplayName = "Priya Raman", GivenName = "Priya", Surname = "Raman", JobTitle = "AI Platform Lead" };

            var estate = new Estate { AsOf = AsOf, GraphPageSize = 40, IndentGraph = true };
            var prodRoot = new RootAccount { Created = D(2019, 3, 1, 9, 12), PasswordLastUsed = D(2026, 10, 2, 7, 45), Mfa = true };
            prodRoot.Keys.Add(K("<root_account>", 1, D(2021, 5, 10), D(2026, 10, 20, 13), service: "iam"));
            var prod = Account(0, 60, 15, ProdUsers(), ProdRoles(), prodRoot);
            AddPolicy(prod, "ReadConfigParameters",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"ReadParams\",\"Effect\":\"Allow\",\"Action\":[\"ssm:GetParameter\",\"ssm:GetParametersByPath\"],\"Resource\":\"arn:aws:ssm:us-east-1:111122223333:parameter/orders/*\"}}",
                D(2022, 8, 30), 1);
            estate.Accounts.Add(prod);
            Plant("aws:arn:aws:iam::" + Prod + ":root", "<root_account>", "Aws", Report(Prod), "Overdue", "Root account has an active access key (created 2021-05-10, used 2026-10-20). Root keys should not exist.", "NHI-OVERPRIVILEGED");
            estate.Accounts.Add(Account(1, 40, 10, DevUsers(), DevRoles(), null));

            var apps = Apps();
            var blueprint = apps.Last();
            var sps = OtherSps(blueprint);
            var fillerApps = Enumerable.Range(0, 50).Select(i => _syn.App(i)).ToList();
            var users = Enumerable.Range(0, _syn.UserPool).Select(_syn.EntraUserAt).Concat(new[] { _dave, _priya }).ToList();
            estate.Tenant = new Tenant
            {
                TenantId = Catalog.TenantId, Domain = Catalog.Domain,
                AppCount = apps.Count + fillerApps.Count, Apps = () => apps.Concat(fillerApps),
                OtherSpCount = sps.Count, OtherSps = () => sps,
                UserCount = users.Count, Users = () => users,
            };
            estate.Vaults.Add(WrapVault(0, 20, ProdSecrets()));
            estate.Vaults.Add(WrapVault(1, 15, DevSecrets()));
            CheckUnique(estate);
            return estate;
        }

        /// <summary>Planted names must not collide with filler: a duplicate would make the answer key ambiguous.</summary>
        private static void CheckUnique(Estate e)
        {
            foreach (var a in e.Accounts)
            {
                Unique(a.Users().Select(u => u.Name), "IAM users in " + a.Id);
                Unique(a.Roles().Select(r => r.Name), "IAM roles in " + a.Id);
            }
            Unique(e.Tenant.Apps().Select(x => x.DisplayName).Concat(e.Tenant.OtherSps().Select(s => s.DisplayName)), "Entra display names");
            foreach (var v in e.Vaults) Unique(v.Secrets().Select(s => s.Name), "secrets in " + v.Name);
        }

        private static void Unique(IEnumerable<string> names, string what)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var n in names) if (!seen.Add(n)) throw new InvalidOperationException("Duplicate name in example estate (" + what + "): " + n);
        }
    }
}
