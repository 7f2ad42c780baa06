using System.Collections.Generic;

namespace NhiTools.Estate
{
    /// <summary>Fixed facts shared by the example and the synthetic estates.</summary>
    internal static class Catalog
    {
        public const string TenantId = "3c5e8b21-7a94-4d6f-9b02-8e1f4c6d2a70";
        public const string Domain = "contoso.com";
        public const string ProdAccount = "111122223333";
        public const string DevAccount = "444455556666";
        public const string ForeignAccount = "999988887777";
        public const string SubscriptionProd = "a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b";
        public const string SubscriptionDev = "a1b2c3d4-2222-4e5f-8a9b-0c1d2e3f4a5b";

        public const string AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";
        public const string ReadOnlyAccess = "arn:aws:iam::aws:policy/ReadOnlyAccess";
        public const string S3ReadOnly = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
        public const string CloudWatchAgent = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";

        // Microsoft Graph application permissions (app role ids are the same in every tenant).
        public static readonly AppRoleDef ApplicationReadWriteAll = new AppRoleDef("1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9", "Application.ReadWrite.All", "Read and write all applications");
        public static readonly AppRoleDef RoleManagementReadWriteDirectory = new AppRoleDef("9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "RoleManagement.ReadWrite.Directory", "Read and write all directory RBAC settings");
        public static readonly AppRoleDef DirectoryReadWriteAll = new AppRoleDef("19dbc75e-c2e2-444c-a770-ec69d8559fc7", "Directory.ReadWrite.All", "Read and write directory data");
        public static readonly AppRoleDef AppRoleAssignmentReadWriteAll = new AppRoleDef("06b708a9-e830-4db3-a914-8e69da51d44f", "AppRoleAssignment.ReadWrite.All", "Manage app permission grants and app role assignments");
        public static readonly AppRoleDef DirectoryReadAll = new AppRoleDef("7ab1d382-f21e-4acd-a863-ba3e13f7da61", "Directory.Read.All", "Read directory data");
        public static readonly AppRoleDef UserReadAll = new AppRoleDef("df021288-bdef-4463-88db-98f22de89214", "User.Read.All", "Read all users' full profiles");
        public static readonly AppRoleDef GroupReadAll = new AppRoleDef("5b567255-7703-4780-807c-7be8301ae99b", "Group.Read.All", "Read all groups");
        public static readonly AppRoleDef SitesReadAll = new AppRoleDef("332a536c-c7ef-4017-ab91-336970924f0d", "Sites.Read.All", "Read items in all site collections");
        public static readonly AppRoleDef MailRead = new AppRoleDef("810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read", "Read mail in all mailboxes");
        public static readonly AppRoleDef MailSend = new AppRoleDef("b633e1c5-b582-4048-a93e-9f11b44c7e96", "Mail.Send", "Send mail as any user");
        public static readonly AppRoleDef FilesReadWriteAll = new AppRoleDef("75359482-378d-4052-8f01-80520e7db3cd", "Files.ReadWrite.All", "Read and write files in all site collections");
        public static readonly AppRoleDef ReportsReadAll = new AppRoleDef("230c1aed-a721-4c5d-9cb4-a90514e508ef", "Reports.Read.All", "Read all usage reports");

        public static readonly AppRoleDef[] GraphRoles =
        {
            ApplicationReadWriteAll, RoleManagementReadWriteDirectory, DirectoryReadWriteAll, AppRoleAssignmentReadWriteAll,
            DirectoryReadAll, UserReadAll, GroupReadAll, SitesReadAll, MailRead, MailSend, FilesReadWriteAll, ReportsReadAll,
        };

        public static readonly AppRoleDef[] LowRiskGraphRoles = { UserReadAll, GroupReadAll, SitesReadAll, ReportsReadAll };
        public static readonly AppRoleDef[] HighRiskGraphRoles = { ApplicationReadWriteAll, RoleManagementReadWriteDirectory, DirectoryReadWriteAll, AppRoleAssignmentReadWriteAll };

        public static readonly string[] Workloads =
        {
            "billing", "orders", "checkout", "catalog", "search", "stock", "shipping", "analytics", "notify", "auth",
            "ledger", "pricing", "fraud", "loyalty", "crm", "payroll", "marketing", "media", "geo", "warehouse",
            "returns", "tax", "quotes", "partners", "support", "docs",
        };

        public static readonly string[] Components = { "api", "worker", "ingest", "export", "scheduler", "gateway", "cache", "indexer", "consumer", "publisher" };

        public static readonly string[] Teams = { "platform", "payments", "commerce", "data", "identity", "finance", "ops", "marketing" };

        public static readonly string[] GivenNames = { "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Uma", "Victor", "Wendy", "Yara", "Zoe" };
        public static readonly string[] Surnames = { "Martin", "Nguyen", "Okafor", "Wilson", "Schmidt", "Rossi", "Kowalski", "Tanaka", "Silva", "Haddad", "Larsen", "Moreau", "Dubois", "Patel", "Garcia", "Kim", "Novak", "Jensen", "Fischer", "Costa" };
        public static readonly string[] JobTitles = { "Software Engineer", "Platform Engineer", "Data Engineer", "Engineering Manager", "SRE", "Security Engineer", "Solutions Architect" };

        public static readonly string[] AwsServices = { "s3", "sqs", "dynamodb", "sns", "secretsmanager", "kms", "lambda", "sts" };
        public static readonly string[] AwsRegions = { "us-east-1", "us-east-1", "eu-west-1", "us-west-2" };

        public static string PolicyDoc(string statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";

        public static string Allow(string actions, string resources, string sid = null) =>
            "{" + (sid == null ? "" : "\"Sid\":\"" + sid + "\",") + "\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":" + resources + "}";

        public static string WorkloadPolicy(string workload, string env, string account) => PolicyDoc(
            Allow("[\"s3:GetObject\",\"s3:PutObject\",\"s3:ListBucket\"]",
                  "[\"arn:aws:s3:::contoso-" + workload + "-" + env + "\",\"arn:aws:s3:::contoso-" + workload + "-" + env + "/*\"]", "Data") + "," +
            Allow("[\"sqs:SendMessage\",\"sqs:ReceiveMessage\",\"sqs:DeleteMessage\"]", "\"arn:aws:sqs:us-east-1:" + account + ":" + workload + "-*\"", "Queue"));

        public static string ServiceTrust(string service) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + service + "\"},\"Action\":\"sts:AssumeRole\"}]}";

        public static string AccountTrust(string account, string externalId = null) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account + ":root\"},\"Action\":\"sts:AssumeRole\""
            + (externalId == null ? "" : ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"" + externalId + "\"}}") + "}]}";

        public static string GitHubTrust(string account, string subCondition) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::" + account
            + ":oidc-provider/token.actions.githubusercontent.com\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{" + subCondition + "}}]}";

        /// <summary>AWS managed policies the estates attach. Documents are trimmed to their gist (the real ones are long).</summary>
        public static List<ManagedPolicy> AwsManagedPolicies(System.DateTime asOf) => new List<ManagedPolicy>
        {
            new ManagedPolicy { Name = "AdministratorAccess", Arn = AdministratorAccess, PolicyId = "ANPAIWMBCKSKIEE64ZLYK", Created = new System.DateTime(2015, 2, 6, 18, 39, 46, System.DateTimeKind.Utc), Updated = new System.DateTime(2015, 2, 6, 18, 39, 46, System.DateTimeKind.Utc), Document = PolicyDoc(Allow("\"*\"", "\"*\"")) },
            new ManagedPolicy { Name = "ReadOnlyAccess", Arn = ReadOnlyAccess, PolicyId = "ANPAILL3HVNFSB6DCOWYQ", VersionId = "v117", Created = new System.DateTime(2015, 2, 6, 18, 39, 48, System.DateTimeKind.Utc), Updated = new System.DateTime(2026, 8, 12, 17, 2, 11, System.DateTimeKind.Utc), Document = PolicyDoc(Allow("[\"s3:Get*\",\"s3:List*\",\"ec2:Describe*\",\"iam:Get*\",\"iam:List*\",\"cloudwatch:Get*\",\"cloudwatch:List*\",\"logs:Get*\",\"logs:Describe*\"]", "\"*\"", "ReadOnlyActions")) },
            new ManagedPolicy { Name = "AmazonS3ReadOnlyAccess", Arn = S3ReadOnly, PolicyId = "ANPAIZTJ4DXE7G6AGAE6M", VersionId = "v3", Created = new System.DateTime(2015, 2, 6, 18, 40, 59, System.DateTimeKind.Utc), Updated = new System.DateTime(2023, 8, 10, 21, 31, 39, System.DateTimeKind.Utc), Document = PolicyDoc(Allow("[\"s3:Get*\",\"s3:List*\",\"s3:Describe*\",\"s3-object-lambda:Get*\",\"s3-object-lambda:List*\"]", "\"*\"")) },
            new ManagedPolicy { Name = "CloudWatchAgentServerPolicy", Arn = CloudWatchAgent, PolicyId = "ANPAIGOPKN7KRDAKTLG4I", VersionId = "v3", Created = new System.DateTime(2017, 9, 13, 0, 0, 0, System.DateTimeKind.Utc), Updated = new System.DateTime(2021, 4, 5, 0, 0, 0, System.DateTimeKind.Utc), Document = PolicyDoc(Allow("[\"cloudwatch:PutMetricData\",\"ec2:DescribeVolumes\",\"ec2:DescribeTags\",\"logs:PutLogEvents\",\"logs:DescribeLogStreams\",\"logs:DescribeLogGroups\",\"logs:CreateLogStream\",\"logs:CreateLogGroup\"]", "\"*\"", "CWACloudWatchServerPermissions")) },
        };
    }
}
