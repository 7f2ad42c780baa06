using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Report;

namespace NhiTools.Engine.Tests.Report
{
    /// <summary>A small mixed estate (AWS, Entra, Key Vault, an agent) with findings and rotation verdicts, as of 2026-11-01.</summary>
    public static class SampleEstate
    {
        public static readonly DateTime AsOf = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        public const string Hostile = "<script>alert(1)</script>";
        private const string Acct = "123456789012";
        private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

        private static DateTime Ago(int days) => AsOf.AddDays(-days);

        public static List<Identity> Identities(bool hostile = false)
        {
            var list = new List<Identity>
            {
                Aws("user/svc-billing", IdentityKind.IamUser, "svc-billing", new[] { "platform-team@contoso.com" },
                    new Credential { Id = "AKIAQ3EGRSVCBILLING1", Type = CredentialType.AccessKey, CreatedOn = Ago(412), LastUsedOn = Ago(1) },
                    perms: new[] { new Permission { Name = "BillingReadOnly", Type = PermissionType.ManagedPolicy, Resource = "arn:aws:s3:::contoso-invoices/*" } }),
                Aws("role/github-deploy", IdentityKind.IamRole, "github-deploy", new[] { "platform-team@contoso.com" }, null,
                    assumable: new[] { "token.actions.githubusercontent.com", "arn:aws:iam::999988887777:root" },
                    perms: new[] { new Permission { Name = "PowerUserAccess", Type = PermissionType.ManagedPolicy, Resource = "*" } }),
                Aws("user/legacy-backup", IdentityKind.IamUser, "legacy-backup", new string[0],
                    new Credential { Id = "AKIAQ3EGRLEGACYBKP01", Type = CredentialType.AccessKey, CreatedOn = Ago(1300), NeverUsed = true }),
                Aws("user/ci-admin", IdentityKind.IamUser, "ci-admin", new[] { "devops@contoso.com" },
                    new Credential { Id = "AKIAQ3EGRCIADMIN0001", Type = CredentialType.AccessKey, CreatedOn = Ago(95), LastUsedOn = Ago(0) },
                    perms: new[] { new Permission { Name = "AdministratorAccess", Type = PermissionType.ManagedPolicy, Resource = "*", AdminEquivalent = true } }),
                Entra("app", "3f2a1b9c-0d4e-4f5a-8b6c-7d8e9f0a1b2c", IdentityKind.Application, "billing-api", new[] { "alice@contoso.com" },
                    new Credential { Id = "0c9a2f1e-1111-4a2b-9c3d-000000000001", Type = CredentialType.ClientSecret, DisplayName = "prod", Hint = "Xk8", CreatedOn = Ago(730), ExpiresOn = Ago(10),
                        StoredIn = new[] { "keyvault:kv-prod/billing-api-secret" } },
                    ownerState: "Disabled",
                    perms: new[] { new Permission { Name = "Application.ReadWrite.All", Type = PermissionType.AppRole, Resource = "Microsoft Graph", AdminEquivalent = true } }),
                Entra("app", "8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d", IdentityKind.Application, "reporting", new[] { "bob@contoso.com" },
                    new Credential { Id = "0c9a2f1e-2222-4a2b-9c3d-000000000002", Type = CredentialType.ClientSecret, DisplayName = "ci", Hint = "q7~", CreatedOn = Ago(170), ExpiresOn = AsOf.AddDays(12) },
                    perms: new[] { new Permission { Name = "Reports.Read.All", Type = PermissionType.AppRole, Resource = "Microsoft Graph" } }),
                Entra("sp", "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", IdentityKind.ServicePrincipal, "Acme Sync (third party)", new string[0], null,
                    thirdParty: true, perms: new[] { new Permission { Name = "Files.ReadWrite.All", Type = PermissionType.AppRole, Resource = "Microsoft Graph" } }),
                Entra("sp", "9b8a7c6d-5e4f-4a3b-2c1d-0f9e8d7c6b5a", IdentityKind.ManagedIdentity, "mi-func-orders", new[] { "orders-team@contoso.com" }, null,
                    systems: new[] { "keyvault:kv-prod" }),
                Entra("sp", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", IdentityKind.AgentIdentity, "helpdesk-agent", new[] { "it-ops@contoso.com" }, null,
                    perms: new[] { new Permission { Name = "User.Read.All", Type = PermissionType.AppRole, Resource = "Microsoft Graph" } }),
                Vault("kv-prod", "billing-api-secret", new[] { "platform-team@contoso.com" }, Ago(730)),
                Vault("kv-prod", "old-sql-password", new string[0], Ago(900)),
            };
            if (hostile)
                list.Add(Aws("user/hostile", IdentityKind.IamUser, Hostile, new[] { "\"quoted\" & <b>bold</b>" },
                    new Credential { Id = "AKIAQ3EGRHOSTILE0001", Type = CredentialType.AccessKey, CreatedOn = Ago(40) }));
            return list;
        }

        public static List<Finding> Findings(IList<Identity> ids)
        {
            Identity I(string name) => ids.First(i => i.Name == name);
            Finding F(string name, string rule, string owasp, Severity sev, int score, string title, string evidence, string fix, string cred = null)
            {
                Identity i = I(name);
                return new Finding { IdentityId = i.Id, IdentityName = i.Name, Provider = i.Provider, Rule = rule, Owasp = owasp, Severity = sev, Score = score,
                    Title = title, Evidence = evidence, Remediation = fix, CredentialId = cred, AsOf = AsOf };
            }
            var list = new List<Finding>
            {
                F("ci-admin", "NHI-ADMIN", "NHI5", Severity.Critical, 96, "Admin-equivalent permission", "AdministratorAccess attached directly; key used today from a CI runner.", "Replace with a scoped policy; see Get-NhiFinding -Rule NHI-ADMIN"),
                F("billing-api", "NHI-OWNER-LEFT", "NHI1", Severity.High, 88, "Every owner has left", "Owner alice@contoso.com is disabled.", "Set-NhiOwner -Id entra:app:3f2a1b9c-0d4e-4f5a-8b6c-7d8e9f0a1b2c -Owner <team>"),
                F("billing-api", "NHI-HIGH-PRIV-GRAPH", "NHI5", Severity.Critical, 92, "High-risk Graph application permission", "Application.ReadWrite.All on Microsoft Graph lets it add credentials to any app.", "Remove the app role; grant Application.ReadWrite.OwnedBy if needed"),
                F("billing-api", "NHI-EXPIRED", "NHI7", Severity.Medium, 55, "Client secret expired", "Secret 'prod' expired 2026-10-22, created 730 days ago.", "Invoke-NhiRotate", "0c9a2f1e-1111-4a2b-9c3d-000000000001"),
                F("svc-billing", "NHI-KEY-AGE", "NHI7", Severity.High, 81, "Access key older than 365 days", "AKIAQ3EGRSVCBILLING1 created 412 days ago, never rotated.", "Invoke-NhiRotate -Id aws:arn:aws:iam::123456789012:user/svc-billing", "AKIAQ3EGRSVCBILLING1"),
                F("svc-billing", "NHI-SECRET-IN-FILE", "NHI2", Severity.Critical, 94, "Access key written in a file", "deploy/billing.ps1 line 12 holds AKIA****************(20).", "Move to a vault, then Invoke-NhiRotate"),
                F("github-deploy", "NHI-OIDC-LOOSE", "NHI6", Severity.High, 84, "OIDC trust not restricted to a repository", "token.actions.githubusercontent.com trusted with no 'sub' condition.", "Add a StringLike condition on token.actions.githubusercontent.com:sub"),
                F("github-deploy", "NHI-FOREIGN-ASSUME", "NHI3", Severity.Medium, 60, "Another account can assume this role", "arn:aws:iam::999988887777:root in the trust policy.", "Remove the foreign principal or add an ExternalId condition"),
                F("legacy-backup", "NHI-UNOWNED", "NHI1", Severity.Medium, 58, "No owner", "No owner tag, no owner in the store.", "Set-NhiOwner"),
                F("legacy-backup", "NHI-UNUSED-KEY", "NHI1", Severity.Medium, 52, "Access key never used", "AKIAQ3EGRLEGACYBKP01 created 1300 days ago, never used.", "Disable-NhiCredential then Remove-NhiCredential", "AKIAQ3EGRLEGACYBKP01"),
                F("Acme Sync (third party)", "NHI-THIRD-PARTY", "NHI3", Severity.Medium, 50, "Third-party app with write access to files", "Multi-tenant app from another organisation holds Files.ReadWrite.All.", "Review consent; remove if unused"),
                F("Acme Sync (third party)", "NHI-UNOWNED", "NHI1", Severity.Low, 35, "No owner", "No owners on the service principal.", "Set-NhiOwner"),
                F("helpdesk-agent", "NHI-AGENT-BROAD", "NHI5", Severity.Low, 30, "Agent can read every user", "User.Read.All application permission.", "Scope with an administrative unit"),
                F("old-sql-password", "NHI-SECRET-AGE", "NHI7", Severity.Medium, 54, "Vault secret not rotated for 900 days", "No rotation since 2024-05-15.", "Invoke-NhiRotate"),
                F("old-sql-password", "NHI-UNOWNED", "NHI1", Severity.Low, 33, "No owner", "No owner tag on the secret.", "Set-NhiOwner"),
                F("reporting", "NHI-CLIENT-SECRET", "NHI4", Severity.Info, 10, "Client secret where a certificate would do", "Secret 'ci' is the only credential.", "Use a certificate or federated credential"),
            };
            if (ids.Any(i => i.Name == Hostile))
                list.Add(F(Hostile, "NHI-UNOWNED", "NHI1", Severity.High, 99, "Name: " + Hostile, "Evidence <img src=x onerror=alert(2)> & \"quotes\"", "=HYPERLINK(\"http://evil\")"));
            return list;
        }

        public static List<RotationStatus> Rotation(IList<Identity> ids)
        {
            var list = new List<RotationStatus>();
            foreach (Identity i in ids)
                foreach (Credential c in i.Credentials)
                {
                    TimeSpan? age = (c.LastRotatedOn ?? c.CreatedOn) is DateTime t ? AsOf - t : (TimeSpan?)null;
                    RotationState st = c.ExpiresOn < AsOf ? RotationState.Expired : age?.TotalDays > 365 ? RotationState.Overdue
                        : c.ExpiresOn < AsOf.AddDays(30) || age?.TotalDays > 335 ? RotationState.DueSoon : RotationState.Compliant;
                    list.Add(new RotationStatus { IdentityId = i.Id, IdentityName = i.Name, Provider = i.Provider, CredentialId = c.Id, CredentialType = c.Type, Age = age,
                        ExpiresOn = c.ExpiresOn, NeverExpires = c.ExpiresOn == null, Status = st, Reason = st + " under the 365-day policy", AsOf = AsOf });
                }
            return list;
        }

        public static ReportData Data(bool hostile = false, IReadOnlyList<SecretFinding> secrets = null)
        {
            var ids = Identities(hostile);
            return new ReportData
            {
                Identities = ids, Findings = Findings(ids), Rotation = Rotation(ids), AsOf = AsOf, Title = "Contoso NHI review",
                Secrets = secrets ?? new[]
                {
                    new SecretFinding { Path = "deploy/billing.ps1", Line = 12, Column = 15, Kind = "AwsAccessKeyId", Masked = "AKIA****************(20)", Fingerprint = "4f1c2b9a0d3e5f67", IdentityId = ids[0].Id },
                    new SecretFinding { Path = "pipelines/release.yml", Line = 31, Column = 22, Kind = "EntraClientSecret", Masked = "Xk8Q" + new string('*', 32) + "(40)", Fingerprint = "a0b1c2d3e4f5a6b7" },
                },
            };
        }

        private static Identity Aws(string path, IdentityKind kind, string name, string[] owners, Credential cred, string[] assumable = null, Permission[] perms = null)
        {
            string arn = "arn:aws:iam::" + Acct + ":" + path;
            var i = new Identity { Id = "aws:" + arn, NativeId = arn, Provider = "Aws", Kind = kind, Name = name, Owners = owners, Account = Acct,
                Credentials = cred == null ? new Credential[0] : new[] { cred }, AssumableBy = assumable ?? new string[0], Permissions = perms ?? new Permission[0],
                Source = new[] { "exports/aws/account-authorization-details.json" } };
            foreach (var c in i.Credentials) c.IdentityId = i.Id;
            return i;
        }

        private static Identity Entra(string type, string guid, IdentityKind kind, string name, string[] owners, Credential cred, string ownerState = null,
            Permission[] perms = null, bool thirdParty = false, string[] systems = null)
        {
            var i = new Identity { Id = "entra:" + type + ":" + guid, NativeId = guid, Provider = "Entra", Kind = kind, Name = name, Owners = owners, Account = Tenant,
                Credentials = cred == null ? new Credential[0] : new[] { cred }, Permissions = perms ?? new Permission[0], ThirdParty = thirdParty, Systems = systems ?? new string[0],
                LastUsedOn = AsOf.AddDays(-3) };
            if (ownerState != null) foreach (string o in owners) i.OwnerStates[o] = ownerState;
            foreach (var c in i.Credentials) c.IdentityId = i.Id;
            return i;
        }

        private static Identity Vault(string vault, string secret, string[] owners, DateTime created)
        {
            var i = new Identity { Id = "keyvault:" + vault + "/" + secret, NativeId = "https://" + vault + ".vault.azure.net/secrets/" + secret, Provider = "KeyVault",
                Kind = IdentityKind.Secret, Name = secret, Owners = owners, Account = vault, CreatedOn = created };
            i.Credentials = new[] { new Credential { IdentityId = i.Id, Id = secret + "/v1", Type = CredentialType.Secret, CreatedOn = created } };
            return i;
        }
    }
}
