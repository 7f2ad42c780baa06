using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Hosting;

namespace NhiTools.Engine.Analysis
{
    /// <summary>
    /// Every threshold and list the finding rules use. <see cref="Default"/> equals module/NhiTools.Policy.psd1
    /// (a test loads that file and compares); <see cref="Load"/> reads a file with the same keys, any subset
    /// of them, over the defaults. Thresholds fire when a value is strictly greater than the threshold.
    /// </summary>
    public sealed class FindingPolicy
    {
        // ---- Offboarding (NHI1)
        /// <summary>NHI-DORMANT: days without any known use before an enabled identity is dormant.</summary>
        public int DormantDays { get; set; } = 90;
        /// <summary>Tag keys that name an owner (besides Identity.Owners).</summary>
        public string[] OwnerTagKeys { get; set; } = { "owner", "owners" };
        /// <summary>OwnerStates values meaning the owner has left.</summary>
        public string[] GoneOwnerStates { get; set; } = { "Disabled", "Deleted" };

        // ---- Credentials (NHI7, NHI9)
        /// <summary>NHI-ROTATION-OVERDUE: days since last rotation (or creation).</summary>
        public int RotationMaxAgeDays { get; set; } = 90;
        /// <summary>
        /// Maximum age per credential type, overriding RotationMaxAgeDays (NHI-ROTATION-OVERDUE and Test-NhiRotation).
        /// Certificates are replaced before they expire, so their age limit is their own (397 days: the longest
        /// validity a public TLS certificate may have) and their expiry window does the rest.
        /// </summary>
        public Dictionary<string, int> RotationMaxAgeDaysByType { get; set; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Certificate"] = 397 };
        /// <summary>Test-NhiRotation: days before expiry a credential is DueSoon.</summary>
        public int RotationExpiryWarningDays { get; set; } = 30;
        /// <summary>Expiry window per credential type, overriding RotationExpiryWarningDays.</summary>
        public Dictionary<string, int> RotationExpiryWarningDaysByType { get; set; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Credential types that must be rotated.</summary>
        public string[] RotationCredentialTypes { get; set; } = { "ClientSecret", "AccessKey", "Secret", "Token", "Password" };
        /// <summary>NHI-LONG-LIVED: longest acceptable lifetime (ExpiresOn - CreatedOn) in days.</summary>
        public int MaxLifetimeDays { get; set; } = 365;
        /// <summary>Credential types checked for lifetime and missing expiry.</summary>
        public string[] LifetimeCredentialTypes { get; set; } = { "ClientSecret", "AccessKey", "Secret", "Token", "Certificate" };
        /// <summary>NHI-UNUSED-CREDENTIAL: days without use (or since creation when never used).</summary>
        public int UnusedCredentialDays { get; set; } = 90;
        /// <summary>NHI-UNUSED-CREDENTIAL: a never-used credential fires once it is older than this (a key made today is not unused yet).</summary>
        public int NeverUsedGraceDays { get; set; } = 7;
        /// <summary>NHI-MULTIPLE-ACTIVE-KEYS: most enabled, unexpired keys/secrets one identity should hold.</summary>
        public int MaxActiveCredentials { get; set; } = 1;
        /// <summary>Credential types counted by NHI-MULTIPLE-ACTIVE-KEYS, NHI-WEAK-AUTH and static-key checks.</summary>
        public string[] StaticKeyCredentialTypes { get; set; } = { "AccessKey", "ClientSecret" };

        // ---- Reuse and environments (NHI8, NHI9)
        /// <summary>Tag keys listing the workloads/agents that use an identity (a,b,c): more than one means shared.</summary>
        public string[] SharedTagKeys { get; set; } = { "workloads", "apps", "applications", "consumers", "usedby", "used-by", "agents" };
        /// <summary>Tag keys on a vault secret naming the credential it holds (links vault copies of one key).</summary>
        public string[] CredentialLinkTagKeys { get; set; } = { "CredentialId", "credential-id", "KeyId", "AccessKeyId" };
        /// <summary>Tag keys naming environments (besides Identity.Environment).</summary>
        public string[] EnvironmentTagKeys { get; set; } = { "env", "environment", "environments" };
        public string[] ProductionEnvironments { get; set; } = { "prod", "production", "prd", "live" };
        public string[] NonProductionEnvironments { get; set; } = { "dev", "development", "test", "testing", "qa", "uat", "stage", "staging", "sandbox", "nonprod", "non-prod", "preprod" };
        /// <summary>Environment of an AWS account id, Entra tenant id or vault name, where naming does not say.</summary>
        public Dictionary<string, string> AccountEnvironments { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// NHI-THIRD-PARTY: AWS account ids of your own organisation. A role trusted by an account that is neither here
        /// nor the account of any identity being evaluated belongs to someone else.
        /// </summary>
        public string[] TrustedAccounts { get; set; } = Array.Empty<string>();

        // ---- Activity (NHI5 unused permissions)
        /// <summary>NHI-UNUSED-PERMISSION: the window (days before AsOf) in which granted rights must have been used.</summary>
        public int UnusedPermissionDays { get; set; } = 90;
        /// <summary>NHI-UNUSED-PERMISSION: fewest days of that window the activity logs must cover (a week of logs proves little).</summary>
        public int UnusedPermissionMinCoverageDays { get; set; } = 30;

        // ---- Activity (NHI-ANOMALOUS-USE, behaviour that changed)
        /// <summary>NHI-ANOMALOUS-USE: the recent part of the logs (days before AsOf) compared with the older part, the baseline.</summary>
        public int AnomalyRecentDays { get; set; } = 7;
        /// <summary>NHI-ANOMALOUS-USE: fewest days of baseline (first event to the recent part) before a change counts; a retired credential used needs none.</summary>
        public int AnomalyMinBaselineDays { get; set; } = 30;
        /// <summary>NHI-ANOMALOUS-USE: days without any use after which a use is a comeback from dormancy.</summary>
        public int AnomalyDormantDays { get; set; } = 30;
        /// <summary>NHI-ANOMALOUS-USE: days the old credential may still be used after its replacement was issued (the switch-over), when only the inventory says it was rotated.</summary>
        public int AnomalyRotationGraceDays { get; set; } = 1;
        /// <summary>NHI-ANOMALOUS-USE: actions whose first call is a finding (trailing * is a prefix; AssumeRole into another account is "sts:AssumeRole into &lt;account&gt;"; Entra: directory audit activity names).</summary>
        public string[] AnomalyHighRiskActions { get; set; } =
        {
            "iam:*", "sts:AssumeRole into *", "secretsmanager:GetSecretValue", "kms:Decrypt", "ssm:GetParameter*", "organizations:*",
            "Add member to role*", "Add eligible member to role*", "Add app role assignment*", "Add service principal credentials*",
            "Update application*Certificates and secrets*", "Add owner to*", "Add delegated permission grant*", "Consent to application*",
            "Add service principal", "Add application",
        };

        /// <summary>NHI-CROSS-SYSTEM: most resource apps (Graph, SharePoint...) an identity may hold rights in.</summary>
        public int MaxResourceApps { get; set; } = 1;

        // ---- Privilege (NHI5, NHI3)
        /// <summary>Permission, policy and role names that are admin-equivalent (Critical).</summary>
        public string[] PrivilegedPermissions { get; set; } =
        {
            "AdministratorAccess", "IAMFullAccess",
            "RoleManagement.ReadWrite.Directory", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.ReadWrite.All",
            "Global Administrator", "Privileged Role Administrator", "Privileged Authentication Administrator",
            "Application Administrator", "Cloud Application Administrator", "Hybrid Identity Administrator",
            "Owner", "User Access Administrator",
        };
        /// <summary>AWS actions that are admin-equivalent whatever the resource (Critical). Granted wildcards are expanded.</summary>
        public string[] PrivilegedActions { get; set; } = { "*:*", "iam:*", "organizations:*" };
        /// <summary>Names that are high-risk but not admin-equivalent (High).</summary>
        public string[] HighRiskPermissions { get; set; } =
        {
            "PowerUserAccess", "Contributor",
            "Policy.ReadWrite.ConditionalAccess", "Group.ReadWrite.All", "User.ReadWrite.All", "UserAuthenticationMethod.ReadWrite.All",
            "Security Administrator", "User Administrator", "Authentication Administrator", "Exchange Administrator", "Intune Administrator",
        };
        /// <summary>AWS actions that are high-risk (privilege escalation) when the resource is a wildcard (High).</summary>
        public string[] HighRiskActions { get; set; } =
        {
            "iam:PassRole", "sts:AssumeRole", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
            "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
            "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy",
        };
        /// <summary>Names granting tenant-wide data access (Medium).</summary>
        public string[] DataWidePermissions { get; set; } =
        {
            "Mail.ReadWrite", "Mail.Read", "Mail.Send", "Files.ReadWrite.All", "Files.Read.All", "Sites.ReadWrite.All",
            "Sites.FullControl.All", "Sites.Read.All", "ReadOnlyAccess", "AmazonS3FullAccess",
        };
        /// <summary>AWS actions granting account-wide data access when the resource is a wildcard (Medium).</summary>
        public string[] DataWideActions { get; set; } =
        {
            "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters",
            "kms:Decrypt", "dynamodb:Scan", "dynamodb:GetItem",
        };

        // ---- Usage context (NHI6, scoring)
        /// <summary>Words (in name, tags or notes) meaning a CI/CD pipeline uses the identity.</summary>
        public string[] PipelineWords { get; set; } = { "ci", "cd", "cicd", "pipeline", "pipelines", "github", "gitlab", "jenkins", "buildkite", "circleci", "teamcity", "bamboo", "azdo", "devops", "deploy", "deployer", "terraform" };
        /// <summary>Words (in name, tags or notes) meaning an AI agent uses the identity.</summary>
        public string[] AgentWords { get; set; } = { "agent", "agents", "ai", "copilot", "llm", "gpt", "bot", "mcp", "bedrock", "openai", "foundry" };

        // ---- AI agents (Register-NhiAgent, Get-NhiAgent, NHI-AGENT-*)
        /// <summary>Tag keys marking an identity as used by an AI agent (value true/yes, or the agent's name): discovery of candidate agents.</summary>
        public string[] AgentTagKeys { get; set; } = { "agent", "ai", "ai-agent", "agent-name" };
        /// <summary>Permission or role names, and resource apps, that reach AI model endpoints: discovery of candidate agents.</summary>
        public string[] ModelEndpointPermissions { get; set; } =
        {
            "Cognitive Services OpenAI User", "Cognitive Services OpenAI Contributor", "Cognitive Services User", "Cognitive Services Contributor",
            "Azure AI Developer", "Azure AI User", "Azure AI Administrator", "Azure Cognitive Services", "Azure Machine Learning Services",
            "AmazonBedrockFullAccess", "BedrockAgentCoreFullAccess",
        };
        /// <summary>AWS actions that invoke models or agent runtimes (a granted service wildcard such as bedrock:* covers them; a bare * does not count).</summary>
        public string[] ModelEndpointActions { get; set; } =
        {
            "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse", "bedrock:ConverseStream", "bedrock:InvokeAgent",
            "bedrock-agentcore:InvokeAgentRuntime", "bedrock-agentcore:GetWorkloadAccessToken", "sagemaker:InvokeEndpoint",
        };
        /// <summary>
        /// NHI-AGENT-INHERITED: an identity created up to this many days before the agent went into service counts as made for it
        /// (set up ahead of launch); older identities with rights of their own are inherited.
        /// </summary>
        public int AgentIdentityGraceDays { get; set; } = 30;

        // ---- Temporary access (NHI1)
        /// <summary>Tag keys marking access as temporary (any value except false/no).</summary>
        public string[] TemporaryTagKeys { get; set; } = { "temporary", "temp", "ticket" };
        /// <summary>Tag keys holding the date temporary access ends (yyyy-MM-dd); the access is valid through that whole day.</summary>
        public string[] EndDateTagKeys { get; set; } = { "expires", "expiry", "expiration", "until", "end", "enddate", "end-date", "valid-until" };
        /// <summary>NHI-TEMP-ACCESS-EXPIRED: days an identity marked temporary but with no end date may exist.</summary>
        public int MaxTemporaryAgeDays { get; set; } = 30;

        // ---- Embedded secrets (NHI2)
        /// <summary>SecretFinding kinds that are identifiers rather than secrets (Medium instead of High).</summary>
        public string[] LowRiskSecretKinds { get; set; } = { "AwsAccessKeyId" };

        // ---- Cleanup guardrails (Disable-NhiIdentity, Remove-NhiCredential, Revoke-NhiPermission, Remove-NhiIdentity)
        /// <summary>Identity ids or names (wildcards * and ?) that no cleanup cmdlet ever changes.</summary>
        public string[] ProtectedIdentities { get; set; } = Array.Empty<string>();
        /// <summary>Tag keys that protect an identity from cleanup (any value but false/no/0).</summary>
        public string[] ProtectedTagKeys { get; set; } = { "nhi-protected" };
        // ---- Exceptions (Add-NhiException, NHI-EXCEPTION-NORM)
        /// <summary>
        /// Exceptions kept in git beside the policy: each a hashtable with Rule, Identity, Reason, ExpiresOn (yyyy-MM-dd or
        /// ISO 8601) and ApprovedBy. One without an end date or an approver makes the file invalid.
        /// </summary>
        public Dictionary<string, string>[] Exceptions { get; set; } = Array.Empty<Dictionary<string, string>>();
        /// <summary>NHI-NOT-REVIEWED and NHI-NO-PURPOSE: days within which an access review decision counts as recent.</summary>
        public int ReviewCycleDays { get; set; } = 90;
        /// <summary>
        /// NHI-NO-PURPOSE and NHI-NOT-REVIEWED fire only on identities with one of these exposures: Privileged (admin-equivalent
        /// rights), CrossSystem (reachable across an account or tenant boundary, third parties, credentials in several places),
        /// Agent (an AI agent acts through it), Production, Unowned, Automation; or All (every identity: the strict behaviour).
        /// A lapsed review (decided once, outside ReviewCycleDays) is always reported. Default: Privileged, CrossSystem, Agent.
        /// </summary>
        public string[] GovernanceScope { get; set; } = { "Privileged", "CrossSystem", "Agent" };
        /// <summary>Values GovernanceScope accepts.</summary>
        public static readonly string[] GovernanceScopes = { "All", "Privileged", "CrossSystem", "Agent", "Production", "Unowned", "Automation" };
        /// <summary>NHI-EXCEPTION-NORM: largest share (percent) of one rule's findings that live exceptions may cover.</summary>
        public int ExceptionSharePercent { get; set; } = 20;

        // ---- Rule switches
        /// <summary>Rule ids never evaluated.</summary>
        public string[] DisabledRules { get; set; } = Array.Empty<string>();
        /// <summary>Rule id -> severity (Info, Low, Medium, High, Critical) replacing the rule's own severity.</summary>
        public Dictionary<string, string> SeverityOverrides { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>A fresh copy of the built-in defaults (the same values as module/NhiTools.Policy.psd1).</summary>
        public static FindingPolicy Default => new FindingPolicy();

        /// <summary>Reads a .psd1 policy file over the defaults. Never runs code. Bad file: NhiException NhiPolicyInvalid (InvalidData) naming the key and line.</summary>
        public static FindingPolicy Load(string psd1Path)
        {
            if (string.IsNullOrWhiteSpace(psd1Path))
                throw new NhiException("NhiPolicyNotFound", NhiErrorCategory.InvalidArgument, "No policy file path was given.");
            string text;
            try { text = File.ReadAllText(psd1Path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new NhiException("NhiPolicyNotFound", NhiErrorCategory.ObjectNotFound,
                    "Cannot read the policy file '" + psd1Path + "': " + e.Message, psd1Path, e);
            }
            return Parse(text, psd1Path);
        }

        /// <summary>Parses policy text (the content of a .psd1 file); <paramref name="name"/> is used in error messages.</summary>
        public static FindingPolicy Parse(string text, string name = "policy")
        {
            var table = PowerShellDataFile.Parse(text, name);
            var policy = new FindingPolicy();
            PolicyBinder.Bind(policy, table, name);
            policy.Validate(name);
            return policy;
        }

        /// <summary>The rotation age limit for one credential type, in days.</summary>
        public int RotationMaxAgeDaysFor(CredentialType type) =>
            RotationMaxAgeDaysByType != null && RotationMaxAgeDaysByType.TryGetValue(type.ToString(), out var d) ? d : RotationMaxAgeDays;

        /// <summary>The policy's Exceptions as exception records (Source = <paramref name="name"/>); throws NhiPolicyInvalid on a bad entry.</summary>
        public IReadOnlyList<Exemption> PolicyExemptions(string name = "policy")
        {
            var list = new List<Exemption>();
            for (int i = 0; i < Exceptions.Length; i++)
            {
                var map = Exceptions[i];
                string Get(string key) => map.TryGetValue(key, out var v) ? v : null;
                var where = name + ": Exceptions item " + (i + 1);
                foreach (var key in map.Keys)
                    if (!new[] { "Rule", "Identity", "IdentityId", "Reason", "ExpiresOn", "ApprovedBy" }.Contains(key, StringComparer.OrdinalIgnoreCase))
                        throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                            where + " has unknown key '" + key + "'. Keys: Rule, Identity, Reason, ExpiresOn, ApprovedBy.", name);
                var e = new Exemption
                {
                    Rule = Get("Rule"), IdentityId = Get("Identity") ?? Get("IdentityId"), Reason = Get("Reason"), ApprovedBy = Get("ApprovedBy"), Source = name,
                };
                var expires = Get("ExpiresOn");
                if (!string.IsNullOrWhiteSpace(expires))
                {
                    if (!DateTime.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture,
                            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var d))
                        throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                            where + ": ExpiresOn '" + expires + "' is not a date (yyyy-MM-dd or ISO 8601).", name);
                    e.ExpiresOn = d;
                }
                try { Governance.ExemptionRules.Validate(e, where); }
                catch (NhiException ex) { throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData, ex.Message, name); }
                list.Add(e);
            }
            return list;
        }

        internal void Validate(string name)
        {
            PolicyExemptions(name);
            foreach (var map in new[] { (nameof(RotationMaxAgeDaysByType), RotationMaxAgeDaysByType), (nameof(RotationExpiryWarningDaysByType), RotationExpiryWarningDaysByType) })
                foreach (var kv in map.Item2 ?? new Dictionary<string, int>())
                {
                    if (!Enum.TryParse(kv.Key, true, out CredentialType _) || int.TryParse(kv.Key, out _))
                        throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                            name + ": " + map.Item1 + " names an unknown credential type '" + kv.Key + "'. Known: " + string.Join(", ", Enum.GetNames(typeof(CredentialType))) + ".", name);
                    if (map.Item1 == nameof(RotationMaxAgeDaysByType) && kv.Value <= 0)
                        throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                            name + ": " + map.Item1 + "['" + kv.Key + "'] must be a positive number of days.", name);
                }
            foreach (var scope in GovernanceScope ?? Array.Empty<string>())
                if (!GovernanceScopes.Contains(scope, StringComparer.OrdinalIgnoreCase))
                    throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                        name + ": GovernanceScope names '" + scope + "'. Known: " + string.Join(", ", GovernanceScopes) + ".", name);
            foreach (var rule in DisabledRules.Concat(SeverityOverrides.Keys))
                if (RuleCatalog.Find(rule) == null)
                    throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                        name + ": unknown rule id '" + rule + "'. Known rules: " + string.Join(", ", RuleCatalog.All.Select(r => r.Id)) + ".", name);
            foreach (var kv in SeverityOverrides)
                if (!Enum.TryParse(kv.Value, true, out Severity _) || int.TryParse(kv.Value, out _))
                    throw new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData,
                        name + ": SeverityOverrides['" + kv.Key + "'] = '" + kv.Value + "' is not one of Info, Low, Medium, High, Critical.", name);
        }
    }
}
