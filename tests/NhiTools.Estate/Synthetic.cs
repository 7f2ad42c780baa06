using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NhiTools.Estate
{
    /// <summary>Generates estate items by index. Every item is a pure function of (seed, kind, index), so writers
    /// can regenerate them on each pass instead of holding 100,000 identities in memory.
    /// Healthy profile: compliant or mildly stale only (example filler). Mixed profile: realistic spread of problems (benchmarks).</summary>
    internal sealed class Synthetic
    {
        private static readonly string[] SecretKinds = { "db-password", "storage-key", "api-key", "client-secret", "conn-string", "signing-key" };
        private static readonly string[] Vendors = { "Fabrikam", "Northwind Traders", "Tailspin Toys", "Wingtip", "Adatum", "Litware" };
        private static readonly string[] VendorProducts = { "Analytics Connector", "Backup Cloud", "HR Sync", "Mail Archiver", "Sign", "Expense Bridge", "Survey" };
        private static readonly string[] VendorTenants =
        {
            "0d3f6a21-5c4b-4e7a-9b1d-2f8e6c4a7b90", "6e1b2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
            "2b4d6f80-1a3c-4e5f-8b9d-0c2e4a6b8d0f", "c0ffee00-1234-4abc-9def-0123456789ab", "7f3e2d1c-0b9a-4876-8543-210fedcba987",
        };

        private readonly int _seed;
        private readonly DateTime _asOf;
        private readonly bool _healthy;
        private readonly List<AwsAccount> _accounts = new List<AwsAccount>();
        private int _userPool = 10;
        private string _graphSpId;

        public Synthetic(int seed, DateTime asOf, bool healthy)
        {
            _seed = seed;
            _asOf = asOf;
            _healthy = healthy;
            _graphSpId = Rng.For(seed, "graph-sp", 0).GuidString();
        }

        public string GraphSpId => _graphSpId;
        public int UserPool { get => _userPool; set => _userPool = Math.Max(1, value); }

        private DateTime DaysAgo(Rng r, int min, int max) => _asOf.AddDays(-r.Range(min, max)).AddSeconds(-r.Int(86400));
        private static DateTime NotBefore(DateTime t, DateTime min) => t < min ? min.AddHours(1) : t;

        private static string Name(string prefix, int i, string envSuffix)
        {
            int w = Catalog.Workloads.Length, c = Catalog.Components.Length;
            int rep = i / (w * c);
            return prefix + Catalog.Workloads[i % w] + "-" + Catalog.Components[(i / w) % c] + (rep > 0 ? "-" + (rep + 1).ToString(CultureInfo.InvariantCulture) : "") + envSuffix;
        }

        public static string AccountId(int index) =>
            index == 0 ? Catalog.ProdAccount : index == 1 ? Catalog.DevAccount : (200000000000L + index * 1000003L).ToString(CultureInfo.InvariantCulture);

        public static string AccountEnv(int index) => index == 0 ? "prod" : index == 1 ? "dev" : (index % 2 == 0 ? "prod" : "stage");

        // ---------- AWS ----------

        public AwsAccount Account(int index, int users, int roles)
        {
            var acct = new AwsAccount { Id = AccountId(index), Env = AccountEnv(index), UserCount = users, RoleCount = roles };
            var r = Rng.For(_seed, "aws-account", index);
            acct.Root = new RootAccount { Created = new DateTime(2019, 3, 1, 9, 12, 40, DateTimeKind.Utc).AddDays(index * 3), PasswordLastUsed = DaysAgo(r, 20, 90), Mfa = true };
            acct.Users = () => Enumerable.Range(0, users).Select(i => User(acct, i));
            acct.Roles = () => Enumerable.Range(0, roles).Select(i => Role(acct, i));
            acct.Policies.AddRange(Catalog.AwsManagedPolicies(_asOf));
            int per = Math.Max(1, (users + roles) / Catalog.Workloads.Length);
            foreach (var p in acct.Policies) p.AttachmentCount = p.Arn == Catalog.AdministratorAccess ? 1 : 2;
            for (int w = 0; w < Catalog.Workloads.Length; w++)
            {
                var pr = Rng.For(_seed, "aws-policy/" + acct.Id, w);
                var created = DaysAgo(pr, 400, 1500);
                acct.Policies.Add(new ManagedPolicy
                {
                    Name = "app-" + Catalog.Workloads[w] + "-access",
                    Arn = "arn:aws:iam::" + acct.Id + ":policy/app-" + Catalog.Workloads[w] + "-access",
                    PolicyId = "ANPA" + pr.Base32(17),
                    Created = created,
                    Updated = NotBefore(DaysAgo(pr, 10, 300), created),
                    VersionId = "v" + pr.Range(1, 6).ToString(CultureInfo.InvariantCulture),
                    Document = Catalog.WorkloadPolicy(Catalog.Workloads[w], acct.Env, acct.Id),
                    AttachmentCount = per,
                });
            }
            var g = Rng.For(_seed, "aws-groups/" + acct.Id, 0);
            acct.Groups.Add(new IamGroup { Name = "developers", GroupId = "AGPA" + g.Base32(17), Created = new DateTime(2019, 4, 2, 10, 0, 0, DateTimeKind.Utc), ManagedPolicyArns = { Catalog.ReadOnlyAccess } });
            acct.Groups.Add(new IamGroup { Name = "admins", GroupId = "AGPA" + g.Base32(17), Created = new DateTime(2019, 4, 2, 10, 5, 0, DateTimeKind.Utc), ManagedPolicyArns = { Catalog.AdministratorAccess } });
            acct.Groups.Add(new IamGroup
            {
                Name = "ci-deployers", GroupId = "AGPA" + g.Base32(17), Created = new DateTime(2020, 6, 18, 14, 30, 0, DateTimeKind.Utc),
                Inline = { new InlinePolicy("deploy-artifacts", Catalog.PolicyDoc(Catalog.Allow("[\"cloudformation:CreateStack\",\"cloudformation:UpdateStack\",\"cloudformation:DescribeStacks\",\"s3:PutObject\"]", "\"*\"", "Deploy"))) },
            });
            _accounts.Add(acct);
            return acct;
        }

        public IamUser User(AwsAccount acct, int i)
        {
            var u = UserCore(acct, i);
            // A user exists before its oldest key.
            foreach (var k in u.Keys) if (k.Created < u.Created) u.Created = k.Created.AddDays(-3).AddHours(-5);
            return u;
        }

        private IamUser UserCore(AwsAccount acct, int i)
        {
            var r = Rng.For(_seed, "iam-user/" + acct.Id, i);
            string workload = Catalog.Workloads[i % Catalog.Workloads.Length];
            string team = Catalog.Teams[(i / 3) % Catalog.Teams.Length];
            bool human = !_healthy && i >= 3 && r.Chance(0.04); // the first three feed the multi-user keys file
            var u = new IamUser { UserId = "AIDA" + r.Base32(17), Created = DaysAgo(r, 200, 1800) };
            if (human)
            {
                string given = Catalog.GivenNames[i % Catalog.GivenNames.Length], sur = Catalog.Surnames[(i / 7) % Catalog.Surnames.Length];
                u.Name = (given + "." + sur + i.ToString(CultureInfo.InvariantCulture)).ToLowerInvariant() + (acct.Env == "prod" ? "" : "-" + acct.Env);
                u.Human = true;
                u.PasswordEnabled = true;
                u.PasswordLastChanged = NotBefore(DaysAgo(r, 10, 80), u.Created);
                u.PasswordLastUsed = DaysAgo(r, 0, 9);
                u.Mfa = true;
                u.Groups.Add("developers");
                return u;
            }

            u.Name = Name("svc-", i, acct.Env == "prod" ? "" : "-" + acct.Env);
            if (_healthy || r.Chance(0.9)) u.Tags.Add(new Tag("owner", team + "-team@" + Catalog.Domain));
            u.Tags.Add(new Tag("env", acct.Env));
            u.Tags.Add(new Tag("app", workload));
            u.ManagedPolicyArns.Add("arn:aws:iam::" + acct.Id + ":policy/app-" + workload + "-access");
            if (r.Chance(0.3)) u.ManagedPolicyArns.Add(Catalog.CloudWatchAgent);
            if (i < 3) { u.InSharedKeysFile = true; u.Groups.Add("ci-deployers"); }

            var key = new AccessKey { Id = "AKIA" + r.Base32(16), Region = r.Pick(Catalog.AwsRegions), Service = r.Pick(Catalog.AwsServices) };
            bool stale = r.Chance(0.15);
            key.Created = stale ? DaysAgo(r, 61, 85) : DaysAgo(r, 5, 60);
            key.LastUsed = NotBefore(stale ? DaysAgo(r, 5, 30) : DaysAgo(r, 0, 3), key.Created);
            u.Keys.Add(key);
            if (_healthy) return u;

            double roll = r.Next() / (double)ulong.MaxValue;
            if (roll < 0.06) { key.Created = DaysAgo(r, 400, 1500); }                                   // rotation overdue
            else if (roll < 0.10) { key.LastUsed = null; }                                                // never used
            else if (roll < 0.13) { u.Keys.Add(new AccessKey { Id = "AKIA" + r.Base32(16), Created = DaysAgo(r, 100, 300), LastUsed = DaysAgo(r, 30, 90), Region = key.Region, Service = key.Service }); u.Keys.Sort((a, b) => a.Created.CompareTo(b.Created)); }
            else if (roll < 0.17) { key.Created = DaysAgo(r, 300, 700); key.LastUsed = NotBefore(DaysAgo(r, 120, 290), key.Created); } // dormant
            else if (roll < 0.20) { key.Active = false; key.LastUsed = NotBefore(DaysAgo(r, 100, 300), key.Created); }
            else if (roll < 0.22) { if (i >= 3) u.Keys.Clear(); }
            else if (roll < 0.24) { u.ManagedPolicyArns.Add(Catalog.AdministratorAccess); }
            else if (roll < 0.25) { u.Inline.Add(new InlinePolicy("full-access", Catalog.PolicyDoc(Catalog.Allow("\"*\"", "\"*\"")))); }
            else if (roll < 0.26) { u.PasswordEnabled = true; u.PasswordLastChanged = NotBefore(DaysAgo(r, 100, 400), u.Created); u.PasswordLastUsed = DaysAgo(r, 1, 30); }
            else if (roll < 0.27) { u.Tags.Add(new Tag("temporary", "true")); u.Tags.Add(new Tag("expires", Fmt(DaysAgo(r, 10, 200)))); }
            else if (roll < 0.28) { u.Tags.Add(new Tag("workloads", workload + "," + Catalog.Workloads[(i + 5) % Catalog.Workloads.Length])); }
            return u;
        }

        private static string Fmt(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public IamRole Role(AwsAccount acct, int i)
        {
            var r = Rng.For(_seed, "iam-role/" + acct.Id, i);
            string workload = Catalog.Workloads[i % Catalog.Workloads.Length];
            string team = Catalog.Teams[(i / 5) % Catalog.Teams.Length];
            var role = new IamRole
            {
                Name = Name("role-", i, acct.Env == "prod" ? "" : "-" + acct.Env),
                RoleId = "AROA" + r.Base32(17),
                Created = DaysAgo(r, 100, 1600),
                TrustPolicy = Catalog.ServiceTrust(r.Pick(new[] { "lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com" })),
                LastUsedRegion = r.Pick(Catalog.AwsRegions),
            };
            role.LastUsed = NotBefore(DaysAgo(r, 0, 5), role.Created);
            role.Tags.Add(new Tag("owner", team + "-team@" + Catalog.Domain));
            role.Tags.Add(new Tag("env", acct.Env));
            role.ManagedPolicyArns.Add("arn:aws:iam::" + acct.Id + ":policy/app-" + workload + "-access");
            if (r.Chance(0.05))
                role.TrustPolicy = Catalog.GitHubTrust(acct.Id, "\"StringEquals\":{\"token.actions.githubusercontent.com:aud\":\"sts.amazonaws.com\",\"token.actions.githubusercontent.com:sub\":\"repo:contoso/" + workload + "-service:ref:refs/heads/main\"}");
            if (_healthy) return role;

            double roll = r.Next() / (double)ulong.MaxValue;
            if (roll < 0.03) role.TrustPolicy = Catalog.AccountTrust(Catalog.ForeignAccount);
            else if (roll < 0.06) role.TrustPolicy = Catalog.GitHubTrust(acct.Id, "\"StringLike\":{\"token.actions.githubusercontent.com:sub\":\"repo:contoso/*\"}");
            else if (roll < 0.10) role.TrustPolicy = Catalog.AccountTrust(acct.Id == Catalog.ProdAccount ? Catalog.DevAccount : Catalog.ProdAccount, "contoso-" + workload);
            else if (roll < 0.18) role.LastUsed = NotBefore(DaysAgo(r, 120, 500), role.Created);
            else if (roll < 0.22) role.LastUsed = null;
            else if (roll < 0.24) role.Inline.Add(new InlinePolicy("pass-any-role", Catalog.PolicyDoc(Catalog.Allow("\"iam:PassRole\"", "\"*\""))));
            else if (roll < 0.30) role.Tags.RemoveAt(0);
            return role;
        }

        // ---------- Entra ----------

        public EntraUser EntraUserAt(int j)
        {
            var r = Rng.For(_seed, "entra-user", j);
            string given = Catalog.GivenNames[j % Catalog.GivenNames.Length], sur = Catalog.Surnames[(j / Catalog.GivenNames.Length + j) % Catalog.Surnames.Length];
            return new EntraUser
            {
                Id = r.GuidString(),
                GivenName = given,
                Surname = sur,
                DisplayName = given + " " + sur,
                JobTitle = r.Pick(Catalog.JobTitles),
                UserPrincipalName = (given + "." + sur + (j >= Catalog.GivenNames.Length ? j.ToString(CultureInfo.InvariantCulture) : "")).ToLowerInvariant() + "@" + Catalog.Domain,
                AccountEnabled = _healthy || !r.Chance(0.03),
            };
        }

        public EntraSp GraphResource()
        {
            var sp = new EntraSp
            {
                ObjectId = _graphSpId,
                AppId = Formats.GraphWriter.MicrosoftGraphAppId,
                DisplayName = "Microsoft Graph",
                AppOwnerOrganizationId = Formats.GraphWriter.MicrosoftTenantId,
                Created = new DateTime(2019, 2, 14, 8, 2, 13, DateTimeKind.Utc),
                SignInAudience = "AzureADMultipleOrgs",
                ServicePrincipalNames = { "https://canary.graph.microsoft.com", "https://graph.microsoft.us", "https://dod-graph.microsoft.us", "00000003-0000-0000-c000-000000000000/ags.windows.net", "00000003-0000-0000-c000-000000000000", "https://canary.graph.microsoft.com/", "https://graph.microsoft.com", "https://ags.windows.net", "https://graph.microsoft.us/", "https://graph.microsoft.com/", "https://dod-graph.microsoft.us/" },
            };
            sp.AppRoles.AddRange(Catalog.GraphRoles);
            return sp;
        }

        private List<EntraOwner> PickOwners(Rng r, int count)
        {
            var list = new List<EntraOwner>();
            var seen = new HashSet<int>();
            for (int k = 0; k < count; k++)
            {
                int j = r.Int(_userPool);
                if (seen.Add(j)) list.Add(EntraUserAt(j).AsOwner());
            }
            return list;
        }

        public AppRoleGrant Grant(Rng r, AppRoleDef role, DateTime created) => new AppRoleGrant
        {
            Id = r.Base64Url(32), AppRoleId = role.Id, ResourceId = _graphSpId, ResourceDisplayName = "Microsoft Graph", Created = created,
        };

        public EntraApp App(int i)
        {
            var r = Rng.For(_seed, "entra-app", i);
            var a = new EntraApp
            {
                ObjectId = r.GuidString(),
                AppId = r.GuidString(),
                DisplayName = Name("app-", i, ""),
                Created = DaysAgo(r, 100, 1500),
            };
            string workload = Catalog.Workloads[i % Catalog.Workloads.Length];
            a.Description = "Service identity for the " + workload + " platform.";
            a.Tags.Add("env=" + (i % 3 == 2 ? "dev" : "prod"));
            a.Owners = PickOwners(r, _healthy ? r.Range(1, 3) : (r.Chance(0.08) ? 0 : r.Range(1, 3)));
            var sp = a.Sp = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = a.AppId, DisplayName = a.DisplayName, AppOwnerOrganizationId = Catalog.TenantId,
                Created = a.Created.AddMinutes(2), AppBacked = true, ServicePrincipalNames = { a.AppId },
                Tags = { "WindowsAzureActiveDirectoryIntegratedApp" },
            };
            bool stale = r.Chance(0.15);
            sp.InSignInReport = true;
            sp.LastSignIn = stale ? DaysAgo(r, 20, 50) : DaysAgo(r, 0, 3);

            var p = new PasswordCred { KeyId = r.GuidString(), DisplayName = r.Pick(new[] { "pipeline-rotated", "prod", null, "client-secret" }), Hint = r.Alnum(3), Start = DaysAgo(r, 10, 60) };
            p.End = p.Start.AddDays(180);
            p.InReport = true;
            p.LastSignIn = sp.LastSignIn;
            a.Passwords.Add(p);
            if (r.Chance(0.25))
            {
                var k = new KeyCred { KeyId = r.GuidString(), DisplayName = "CN=" + a.DisplayName, Thumbprint = Thumbprint(r), Start = DaysAgo(r, 30, 200) };
                k.End = k.Start.AddDays(365);
                k.InReport = true;
                k.LastSignIn = sp.LastSignIn;
                a.Keys.Add(k);
            }
            if (r.Chance(0.4)) sp.AppRoleAssignments.Add(Grant(r, r.Pick(Catalog.LowRiskGraphRoles), a.Created.AddDays(1)));
            if (r.Chance(0.25)) sp.Grants.Add(new DelegatedGrant { Id = r.Base64Url(32), ResourceId = _graphSpId, Scope = "User.Read openid profile offline_access" });
            if (_healthy) return a;

            double roll = r.Next() / (double)ulong.MaxValue;
            if (roll < 0.05) { p.Start = DaysAgo(r, 400, 600); p.End = DaysAgo(r, 1, 60); }           // expired, still attached
            else if (roll < 0.09) { p.Start = DaysAgo(r, 300, 900); p.End = new DateTime(2099, 12, 31, 0, 0, 0, DateTimeKind.Utc); }
            else if (roll < 0.13) { p.End = p.Start.AddYears(2); }
            else if (roll < 0.18) { p.Start = DaysAgo(r, 160, 175); p.End = p.Start.AddDays(180); }   // expiring within 30 days
            else if (roll < 0.23) { p.LastSignIn = null; }
            else if (roll < 0.33) { sp.LastSignIn = DaysAgo(r, 120, 500); p.LastSignIn = sp.LastSignIn; }
            else if (roll < 0.38) { sp.InSignInReport = false; p.InReport = false; }
            else if (roll < 0.41) { sp.AppRoleAssignments.Add(Grant(r, r.Pick(Catalog.HighRiskGraphRoles), a.Created.AddDays(3))); }
            return a;
        }

        private static string Thumbprint(Rng r) => Convert.ToBase64String(Encoding.ASCII.GetBytes(r.Hex(40).ToUpperInvariant()));

        public EntraSp ManagedIdentity(int i, string subscription = Catalog.SubscriptionProd)
        {
            var r = Rng.For(_seed, "entra-mi", i);
            string workload = Catalog.Workloads[i % Catalog.Workloads.Length];
            int rep = i / Catalog.Workloads.Length;
            string suffix = rep > 0 ? "-" + (rep + 1).ToString(CultureInfo.InvariantCulture) : "";
            bool userAssigned = i % 2 == 1;
            string rg = "rg-" + workload + "-prod";
            string name, resourceId;
            if (userAssigned)
            {
                name = "id-" + workload + "-prod" + suffix;
                resourceId = "/subscriptions/" + subscription + "/resourcegroups/" + rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name;
            }
            else
            {
                string[] kinds = { "Microsoft.Web/sites", "Microsoft.Logic/workflows", "Microsoft.Compute/virtualMachines", "Microsoft.Automation/automationAccounts" };
                string[] prefixes = { "func-", "logic-", "vm-", "aa-" };
                int k = (i / 2) % kinds.Length;
                name = prefixes[k] + workload + "-prod" + suffix;
                resourceId = "/subscriptions/" + subscription + "/resourcegroups/" + rg + "/providers/" + kinds[k] + "/" + name;
            }
            var sp = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = r.GuidString(), DisplayName = name, Type = "ManagedIdentity",
                Created = DaysAgo(r, 30, 900), AlternativeNames = { "isExplicit=" + (userAssigned ? "True" : "False"), resourceId },
                InSignInReport = true, LastSignIn = DaysAgo(r, 0, 2),
            };
            sp.ServicePrincipalNames.Add(sp.AppId);
            sp.ServicePrincipalNames.Add("https://identity.azure.net/" + r.Base64(32));
            // Azure rotates the MI's certificate itself; it is visible on the SP but is not ours to rotate.
            var cert = new KeyCred { KeyId = r.GuidString(), DisplayName = sp.AppId, Thumbprint = Thumbprint(r), Start = DaysAgo(r, 1, 40) };
            cert.End = cert.Start.AddDays(90);
            sp.Keys.Add(cert);
            if (r.Chance(0.3)) sp.AppRoleAssignments.Add(Grant(r, r.Pick(Catalog.LowRiskGraphRoles), sp.Created.AddDays(1)));
            return sp;
        }

        public EntraSp ThirdParty(int i)
        {
            var r = Rng.For(_seed, "entra-3p", i);
            int v = i % Vendors.Length;
            int rep = i / (Vendors.Length * VendorProducts.Length);
            var sp = new EntraSp
            {
                ObjectId = r.GuidString(), AppId = r.GuidString(),
                DisplayName = Vendors[v] + " " + VendorProducts[(i / Vendors.Length) % VendorProducts.Length] + (rep > 0 ? " " + (rep + 1).ToString(CultureInfo.InvariantCulture) : ""),
                AppOwnerOrganizationId = VendorTenants[v], SignInAudience = "AzureADMultipleOrgs", Created = DaysAgo(r, 60, 1200),
                Tags = { "WindowsAzureActiveDirectoryIntegratedApp" }, ThirdParty = true, InSignInReport = true, LastSignIn = DaysAgo(r, 0, 10),
            };
            sp.ServicePrincipalNames.Add(sp.AppId);
            sp.Grants.Add(new DelegatedGrant { Id = r.Base64Url(32), ResourceId = _graphSpId, Scope = "User.Read openid profile offline_access" });
            if (r.Chance(0.5)) sp.AppRoleAssignments.Add(Grant(r, r.Pick(Catalog.LowRiskGraphRoles), sp.Created.AddDays(1)));
            if (!_healthy && r.Chance(0.2)) sp.AppRoleAssignments.Add(Grant(r, r.Pick(new[] { Catalog.MailRead, Catalog.FilesReadWriteAll, Catalog.DirectoryReadWriteAll }), sp.Created.AddDays(2)));
            return sp;
        }

        // ---------- Key Vault ----------

        public static string VaultName(int v) => v == 0 ? "kv-contoso-prod" : v == 1 ? "kv-contoso-dev" : "kv-contoso-" + v.ToString("00", CultureInfo.InvariantCulture);

        public Vault Vault(int v, int secrets)
        {
            var vault = new Vault { Name = VaultName(v), Env = v == 1 ? "dev" : "prod", SecretCount = secrets };
            vault.Secrets = () => Enumerable.Range(0, secrets).Select(i => Secret(vault, v, i));
            return vault;
        }

        public VaultSecret Secret(Vault vault, int v, int i)
        {
            var r = Rng.For(_seed, "kv-secret/" + vault.Name, i);
            int w = Catalog.Workloads.Length, c = Catalog.Components.Length, k = SecretKinds.Length;
            int rep = i / (w * c * k);
            string workload = Catalog.Workloads[i % w];
            var s = new VaultSecret
            {
                Name = workload + "-" + Catalog.Components[(i / w) % c] + "-" + SecretKinds[(i / (w * c)) % k] + (rep > 0 ? "-" + (rep + 1).ToString(CultureInfo.InvariantCulture) : ""),
                Created = DaysAgo(r, 100, 900),
                ContentType = r.Chance(0.5) ? "text/plain" : null,
            };
            s.Updated = NotBefore(DaysAgo(r, 5, 60), s.Created);
            s.Expires = s.Updated.AddDays(180);
            if (_healthy || r.Chance(0.9)) s.Tags.Add(new Tag("owner", Catalog.Teams[i % Catalog.Teams.Length] + "-team@" + Catalog.Domain));
            s.Tags.Add(new Tag("env", vault.Env));
            if (r.Chance(0.2)) s.Tags.Add(new Tag("file-encoding", "utf-8"));

            // Every fifth secret holds an IAM user's access key, tagged the way the rotation runbooks tag them.
            var acct = AccountFor(vault.Env);
            if (i % 5 == 0 && acct != null && acct.UserCount > 0 && i / 5 < acct.UserCount)
            {
                var u = User(acct, (int)((i / 5 * 7919L) % acct.UserCount));
                var key = u.Keys.FirstOrDefault(x => x.Active);
                if (key != null)
                {
                    s.Name = "aws-" + u.Name + "-key";
                    s.Tags.Add(new Tag("accessKeyId", key.Id));
                    s.Tags.Add(new Tag("nhi-identity", "aws:arn:aws:iam::" + acct.Id + ":user/" + u.Name));
                    s.Updated = NotBefore(key.Created.AddMinutes(5), s.Created);
                    s.Expires = key.Created.AddDays(180);
                }
            }
            if (_healthy) return s;

            double roll = r.Next() / (double)ulong.MaxValue;
            if (roll < 0.08) s.Expires = null;
            else if (roll < 0.12) { s.Expires = DaysAgo(r, 1, 200); s.Updated = NotBefore(s.Expires.Value.AddDays(-180), s.Created); }
            else if (roll < 0.15) s.Enabled = false;
            else if (roll < 0.20) { s.Created = DaysAgo(r, 800, 1400); s.Updated = DaysAgo(r, 700, 790); s.Expires = null; }
            return s;
        }

        private AwsAccount AccountFor(string env)
        {
            foreach (var a in _accounts) if (a.Env == env) return a;
            return _accounts.Count > 0 ? _accounts[0] : null;
        }
    }
}
