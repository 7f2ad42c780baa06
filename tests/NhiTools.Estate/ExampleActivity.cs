using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using NhiTools.Estate.Formats;

namespace NhiTools.Estate
{
    /// <summary>
    /// Activity logs for the example estate (examples/estate/activity), in the real formats: CloudTrail log files as a
    /// trail writes them to S3 (gzipped), aws cloudtrail lookup-events output, an Access Advisor report, Graph beta
    /// sign-ins and directory audits. Each planted story is consistent with the inventory (no event after a
    /// credential's recorded last use, none before it existed).
    /// </summary>
    internal sealed class ExampleActivity
    {
        private const string Prod = Catalog.ProdAccount;
        private static readonly DateTime TrailStart = new DateTime(2026, 8, 3, 0, 0, 0, DateTimeKind.Utc);
        private readonly ExampleEstate _ex;

        public ExampleActivity(ExampleEstate ex) { _ex = ex; }

        private static DateTime D(int y, int m, int d, int h = 9, int min = 0) => new DateTime(y, m, d, h, min, 0, DateTimeKind.Utc);
        private static Rng R(string what) => Rng.For(ExampleEstate.Seed, "activity/" + what, 0);
        private static string UserArn(string name) => "arn:aws:iam::" + Prod + ":user/" + name;

        public void Write(Output output)
        {
            WriteTrail(output);
            WriteLeakedKeyTrail(output);
            WriteBiFleet(output);
            WriteConsoleLogins(output);
            WriteAccessAdvisor(output);
            WriteSignIns(output);
            WriteAudits(output);
        }

        // ---------------- CloudTrail ----------------

        private sealed class Ev
        {
            public DateTime When;
            public string Type, Arn, User, KeyId, Source, Name, Ip, Agent, Region = "us-east-1", Resource, ErrorCode, RoleArn, RoleName, InvokedBy;
            public bool ReadOnly = true;
        }

        private List<Ev> TrailEvents()
        {
            var list = new List<Ev>();
            // svc-bi-exporter: AdministratorAccess, but only s3 and cloudwatch, every day of the trail.
            var bi = _ex.User(Prod, "svc-bi-exporter");
            var biKey = bi.Keys[0];
            var r = R("bi");
            for (var day = TrailStart; day < D(2026, 11, 1, 0); day = day.AddDays(1))
            {
                string key = day >= biKey.Created ? biKey.Id : "AKIA" + R("bi-old-key").Base32(16); // the key before the rotation of 2026-09-20
                var at = day.AddHours(2).AddMinutes(r.Int(50));
                if (at > biKey.LastUsed) break;
                list.Add(IamUser(at, bi.Name, key, "s3.amazonaws.com", "ListBuckets", "198.51.100.40", "aws-cli/2.17.20", null));
                list.Add(IamUser(at.AddMinutes(1), bi.Name, key, "s3.amazonaws.com", "GetObject", "198.51.100.40", "aws-cli/2.17.20", "arn:aws:s3:::contoso-bi-exports/daily/" + day.ToString("yyyy-MM-dd") + ".parquet"));
                list.Add(IamUser(at.AddMinutes(2), bi.Name, key, "s3.amazonaws.com", "PutObject", "198.51.100.40", "aws-cli/2.17.20", "arn:aws:s3:::contoso-bi-exports/out/" + day.ToString("yyyy-MM-dd") + ".csv", readOnly: false));
                list.Add(IamUser(at.AddMinutes(3), bi.Name, key, "monitoring.amazonaws.com", "DescribeAlarms", "198.51.100.40", "aws-cli/2.17.20", null));
            }

            // agent-claims-triage: an AI agent calling Bedrock with its key (bedrock:* granted and used).
            var agent = _ex.User(Prod, "agent-claims-triage");
            var ak = agent.Keys[0];
            var ra = R("agent");
            for (var t = ak.Created.AddHours(3); t <= ak.LastUsed; t = t.AddHours(7 + ra.Int(5)))
                list.Add(IamUser(t, agent.Name, ak.Id, "bedrock.amazonaws.com", "InvokeModel", "10.20.4.17", "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 claims-triage-agent/1.4", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"));

            // role-github-deploy-main: assumed by GitHub Actions (web identity); the events name the session, linked to the role.
            var rg = R("deploy");
            for (var t = D(2026, 8, 4, 14); t < D(2026, 10, 31, 10); t = t.AddDays(2 + rg.Int(3)))
            {
                string session = "GitHubActions-" + rg.Int(1000000);
                string key = "ASIA" + rg.Base32(16);
                foreach (var (src, name, res, step) in new[]
                {
                    ("s3.amazonaws.com", "PutObject", "arn:aws:s3:::contoso-checkout-artifacts/payments-api/" + t.ToString("yyyyMMddHHmm") + ".zip", 0),
                    ("sqs.amazonaws.com", "SendMessage", "arn:aws:sqs:us-east-1:" + Prod + ":checkout-deployments", 1),
                })
                    list.Add(new Ev
                    {
                        When = t.AddMinutes(step), Type = "AssumedRole", Arn = "arn:aws:sts::" + Prod + ":assumed-role/role-github-deploy-main/" + session,
                        KeyId = key, Source = src, Name = name, Ip = "140.82.112.4", Agent = "aws-sdk-js/3.600.0",
                        RoleArn = "arn:aws:iam::" + Prod + ":role/role-github-deploy-main", RoleName = "role-github-deploy-main",
                        Resource = res, ReadOnly = false,
                    });
            }

            // A service acting on its own (not an identity of the estate): stays unlinked.
            list.Add(new Ev { When = D(2026, 10, 15, 4), Type = "AWSService", InvokedBy = "codebuild.amazonaws.com", Source = "sts.amazonaws.com", Name = "AssumeRole", Ip = "codebuild.amazonaws.com", Agent = "codebuild.amazonaws.com", Resource = "arn:aws:iam::" + Prod + ":role/role-ci-passrole" });
            // The agent tried to read a bucket it has no right to: logged, with its errorCode.
            list.Add(IamUser(D(2026, 10, 20, 3, 5), agent.Name, ak.Id, "s3.amazonaws.com", "GetObject", "10.20.4.17", "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 claims-triage-agent/1.4", "arn:aws:s3:::contoso-claims-archive/2026/10/claim-88412.pdf", error: "AccessDenied"));
            return list.OrderBy(e => e.When).ToList();
        }

        private static Ev IamUser(DateTime when, string user, string key, string source, string name, string ip, string agent, string resource, bool readOnly = true, string error = null) => new Ev
        {
            When = when, Type = "IAMUser", Arn = UserArn(user), User = user, KeyId = key, Source = source, Name = name, Ip = ip, Agent = agent, Resource = resource, ReadOnly = readOnly, ErrorCode = error,
        };

        private void WriteTrail(Output output)
        {
            // One file per month (a trail writes one per 5 minutes; the shape is the same).
            foreach (var month in TrailEvents().GroupBy(e => e.When.Month))
            {
                var first = month.First().When;
                string name = Prod + "_CloudTrail_us-east-1_" + first.ToString("yyyyMMdd'T'HHmm'Z'") + "_" + R("file" + month.Key).Alnum(16) + ".json.gz";
                string rel = "activity/aws/AWSLogs/" + Prod + "/CloudTrail/us-east-1/2026/" + first.ToString("MM") + "/" + first.ToString("dd") + "/" + name;
                using (var f = output.Gzip(rel))
                {
                    var w = f.W;
                    w.WriteStartObject();
                    w.WriteStartArray("Records");
                    foreach (var e in month) { Record(w, e); f.MaybeFlush(); }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
            }
        }

        /// <summary>
        /// NHI-ANOMALOUS-USE: svc-bi-exporter's key from before the rotation of 2026-09-20 (gone from the inventory) used
        /// again on 2026-10-29 from a network the exporter never used (203.0.113.0/24, another client), to list and read
        /// the export bucket. A file of its own, as the trail writes one per delivery. Only s3 calls, so what the
        /// exporter uses (s3 and cloudwatch) stays true.
        /// </summary>
        private static readonly DateTime LeakedKeyStart = D(2026, 10, 29, 3, 17);

        /// <summary>The trail file of the leaked old key (the answer key names it).</summary>
        internal static string LeakedKeyTrailFile =>
            "activity/aws/AWSLogs/" + Prod + "/CloudTrail/us-east-1/2026/10/29/" + Prod + "_CloudTrail_us-east-1_" + LeakedKeyStart.ToString("yyyyMMdd'T'HHmm'Z'") + "_" + R("file-leaked-key").Alnum(16) + ".json.gz";

        private void WriteLeakedKeyTrail(Output output)
        {
            var bi = _ex.User(Prod, "svc-bi-exporter");
            string old = "AKIA" + R("bi-old-key").Base32(16);
            const string ip = "203.0.113.77", agent = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016 exe/x86_64.kali.2024";
            var start = LeakedKeyStart;
            var events = new List<Ev>
            {
                IamUser(start, bi.Name, old, "s3.amazonaws.com", "ListBuckets", ip, agent, null),
                IamUser(start.AddMinutes(1), bi.Name, old, "s3.amazonaws.com", "GetObject", ip, agent, "arn:aws:s3:::contoso-bi-exports/daily/2026-10-28.parquet"),
                IamUser(start.AddMinutes(2), bi.Name, old, "s3.amazonaws.com", "GetObject", ip, agent, "arn:aws:s3:::contoso-bi-exports/daily/2026-10-27.parquet"),
            };
            using (var f = output.Gzip(LeakedKeyTrailFile))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteStartArray("Records");
                foreach (var e in events) Record(w, e);
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        /// <summary>
        /// svc-bi-exporter's second workload (Get-NhiUsage): a Boto3 refresh job on two hosts of 10.20.4.0/24, weekly,
        /// s3 and cloudwatch only, with the key current at the time. Files of their own, so the older ones stay as
        /// they were.
        /// </summary>
        private void WriteBiFleet(Output output)
        {
            var bi = _ex.User(Prod, "svc-bi-exporter");
            var biKey = bi.Keys[0];
            string oldKey = "AKIA" + R("bi-old-key").Base32(16);
            const string agent = "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.225 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131 bi-refresh/2.3";
            var r = R("bi-fleet");
            var list = new List<Ev>();
            int n = 0;
            for (var day = D(2026, 8, 9, 0); day < D(2026, 10, 31, 0); day = day.AddDays(7))
            {
                // The old key until the rotation week, then the new one: never a key outside its life.
                if (day > D(2026, 9, 12, 0) && day < biKey.Created.AddDays(1)) continue;
                string key = day >= biKey.Created ? biKey.Id : oldKey;
                var at = day.AddHours(5).AddMinutes(r.Int(40));
                if (at > biKey.LastUsed) break;
                string ip = (n++ % 2 == 0) ? "10.20.4.21" : "10.20.4.22";
                list.Add(IamUser(at, bi.Name, key, "s3.amazonaws.com", "GetObject", ip, agent, "arn:aws:s3:::contoso-bi-exports/weekly/" + day.ToString("yyyy-MM-dd") + ".parquet"));
                list.Add(IamUser(at.AddMinutes(2), bi.Name, key, "monitoring.amazonaws.com", "GetMetricData", ip, agent, null));
            }
            foreach (var month in list.GroupBy(e => e.When.Month))
            {
                var first = month.First().When;
                string name = Prod + "_CloudTrail_us-east-1_" + first.ToString("yyyyMMdd'T'HHmm'Z'") + "_" + R("bi-fleet-file" + month.Key).Alnum(16) + ".json.gz";
                string rel = "activity/aws/AWSLogs/" + Prod + "/CloudTrail/us-east-1/2026/" + first.ToString("MM") + "/" + first.ToString("dd") + "/" + name;
                using (var f = output.Gzip(rel))
                {
                    var w = f.W;
                    w.WriteStartObject();
                    w.WriteStartArray("Records");
                    foreach (var e in month) { Record(w, e); f.MaybeFlush(); }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
            }
        }

        private static void Record(Utf8JsonWriter w, Ev e, string responseConsoleLogin = null, bool? mfa = null)
        {
            var r = Rng.For(ExampleEstate.Seed, "event/" + e.When.Ticks + e.Name + e.Arn, 0);
            w.WriteStartObject();
            w.WriteString("eventVersion", "1.09");
            w.WriteStartObject("userIdentity");
            w.WriteString("type", e.Type);
            if (e.Type == "AWSService") w.WriteString("invokedBy", e.InvokedBy);
            else
            {
                w.WriteString("principalId", e.Type == "AssumedRole" ? "AROA" + r.Base32(17) + ":" + e.Arn.Substring(e.Arn.LastIndexOf('/') + 1) : "AIDA" + r.Base32(17));
                w.WriteString("arn", e.Arn);
                w.WriteString("accountId", Prod);
                if (e.KeyId != null) w.WriteString("accessKeyId", e.KeyId);
                if (e.User != null) w.WriteString("userName", e.User);
                if (e.Type == "AssumedRole")
                {
                    w.WriteStartObject("sessionContext");
                    w.WriteStartObject("sessionIssuer");
                    w.WriteString("type", "Role");
                    w.WriteString("principalId", "AROA" + r.Base32(17));
                    w.WriteString("arn", e.RoleArn);
                    w.WriteString("accountId", Prod);
                    w.WriteString("userName", e.RoleName);
                    w.WriteEndObject();
                    w.WriteStartObject("webIdFederationData");
                    w.WriteString("federatedProvider", "arn:aws:iam::" + Prod + ":oidc-provider/token.actions.githubusercontent.com");
                    w.WriteStartObject("attributes");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteStartObject("attributes");
                    w.WriteString("creationDate", Fmt.Graph(e.When.AddMinutes(-2)));
                    w.WriteString("mfaAuthenticated", "false");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
            }
            w.WriteEndObject();
            w.WriteString("eventTime", Fmt.Graph(e.When));
            w.WriteString("eventSource", e.Source);
            w.WriteString("eventName", e.Name);
            w.WriteString("awsRegion", e.Region);
            w.WriteString("sourceIPAddress", e.Ip);
            w.WriteString("userAgent", e.Agent);
            if (e.ErrorCode != null)
            {
                w.WriteString("errorCode", e.ErrorCode);
                w.WriteString("errorMessage", "User: " + e.Arn + " is not authorized to perform: " + e.Source.Split('.')[0] + ":" + e.Name + " because no identity-based policy allows the action");
            }
            if (e.Name == "ConsoleLogin")
            {
                w.WriteNull("requestParameters");
                w.WriteStartObject("responseElements");
                w.WriteString("ConsoleLogin", responseConsoleLogin ?? "Success");
                w.WriteEndObject();
                w.WriteStartObject("additionalEventData");
                w.WriteString("LoginTo", "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true");
                w.WriteString("MobileVersion", "No");
                w.WriteString("MFAUsed", mfa == true ? "Yes" : "No");
                w.WriteEndObject();
            }
            else if (e.Resource != null && e.Source == "s3.amazonaws.com")
            {
                var arn = e.Resource.Substring("arn:aws:s3:::".Length);
                int slash = arn.IndexOf('/');
                w.WriteStartObject("requestParameters");
                w.WriteString("bucketName", slash < 0 ? arn : arn.Substring(0, slash));
                if (slash >= 0) w.WriteString("key", arn.Substring(slash + 1));
                w.WriteEndObject();
                w.WriteNull("responseElements");
            }
            else
            {
                w.WriteNull("requestParameters");
                w.WriteNull("responseElements");
            }
            w.WriteString("requestID", r.Hex(8).ToUpperInvariant() + "-" + r.Hex(4).ToUpperInvariant());
            w.WriteString("eventID", r.GuidString());
            w.WriteBoolean("readOnly", e.ReadOnly);
            if (e.Resource != null && e.Name != "ConsoleLogin")
            {
                w.WriteStartArray("resources");
                w.WriteStartObject();
                w.WriteString("accountId", Prod);
                w.WriteString("type", e.Source == "s3.amazonaws.com" ? "AWS::S3::Object" : e.Source == "bedrock.amazonaws.com" ? "AWS::Bedrock::Model" : e.Source == "sts.amazonaws.com" ? "AWS::IAM::Role" : "AWS::SQS::Queue");
                w.WriteString("ARN", e.Resource);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteString("eventType", e.Name == "ConsoleLogin" ? "AwsConsoleSignIn" : e.Type == "AWSService" ? "AwsServiceEvent" : "AwsApiCall");
            w.WriteBoolean("managementEvent", !(e.Source == "s3.amazonaws.com" && e.Name != "ListBuckets" || e.Name == "InvokeModel" || e.Name == "SendMessage"));
            w.WriteString("recipientAccountId", Prod);
            w.WriteString("eventCategory", e.Source == "s3.amazonaws.com" && e.Name != "ListBuckets" || e.Name == "InvokeModel" || e.Name == "SendMessage" ? "Data" : "Management");
            w.WriteEndObject();
        }

        /// <summary>aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin (CLI v2).</summary>
        private void WriteConsoleLogins(Output output)
        {
            var u = _ex.User(Prod, "svc-reporting-bi");
            var logins = new[]
            {
                (D(2026, 10, 29, 16, 40), "Success"),
                (D(2026, 10, 19, 8, 55), "Success"),
                (D(2026, 10, 19, 8, 54), "Failure"),
                (D(2026, 10, 8, 10, 2), "Success"),
            };
            using (var f = output.Json("activity/aws/" + Prod + "/lookup-events-console-logins.json", 4))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteStartArray("Events");
                foreach (var (when, outcome) in logins) // newest first, as lookup-events returns them
                {
                    var e = new Ev { When = when, Type = "IAMUser", Arn = UserArn(u.Name), User = u.Name, Source = "signin.amazonaws.com", Name = "ConsoleLogin", Ip = "198.51.100.23", Agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36", ReadOnly = false };
                    if (outcome != "Success") e.ErrorCode = null;
                    string record;
                    using (var ms = new MemoryStream())
                    {
                        using (var rw = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                            Record(rw, e, outcome, mfa: false);
                        record = System.Text.Encoding.UTF8.GetString(ms.ToArray());
                    }
                    using (var doc = JsonDocument.Parse(record))
                    {
                        w.WriteStartObject();
                        w.WriteString("EventId", doc.RootElement.GetProperty("eventID").GetString());
                        w.WriteString("EventName", "ConsoleLogin");
                        w.WriteString("ReadOnly", "false");
                        w.WriteString("EventTime", Fmt.Aws(when));
                        w.WriteString("EventSource", "signin.amazonaws.com");
                        w.WriteString("Username", u.Name);
                        w.WriteStartArray("Resources");
                        w.WriteEndArray();
                        w.WriteString("CloudTrailEvent", record); // a JSON string inside the JSON
                        w.WriteEndObject();
                    }
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        /// <summary>aws iam get-service-last-accessed-details --job-id ... for svc-bi-exporter (a part of the ~400 services AdministratorAccess lists).</summary>
        private void WriteAccessAdvisor(Output output)
        {
            string arn = UserArn("svc-bi-exporter");
            var services = new (string Name, string Ns, DateTime? Last)[]
            {
                ("AWS Identity and Access Management", "iam", null),
                ("Amazon CloudWatch", "cloudwatch", D(2026, 10, 31, 2, 30)),
                ("Amazon DynamoDB", "dynamodb", null),
                ("Amazon EC2", "ec2", null),
                ("AWS Key Management Service", "kms", null),
                ("AWS Lambda", "lambda", null),
                ("Amazon S3", "s3", D(2026, 10, 31, 2, 31)),
                ("AWS Secrets Manager", "secretsmanager", null),
                ("AWS Security Token Service", "sts", null),
            };
            using (var f = output.Json("activity/aws/" + Prod + "/access-advisor/svc-bi-exporter.json", 4))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("JobStatus", "COMPLETED");
                w.WriteString("JobType", "SERVICE_LEVEL");
                w.WriteString("JobCreationDate", Fmt.Aws(D(2026, 10, 31, 23, 50)));
                w.WriteStartArray("ServicesLastAccessed");
                foreach (var s in services)
                {
                    w.WriteStartObject();
                    w.WriteString("ServiceName", s.Name);
                    if (s.Last.HasValue) w.WriteString("LastAuthenticated", Fmt.Aws(s.Last.Value));
                    w.WriteString("ServiceNamespace", s.Ns);
                    if (s.Last.HasValue)
                    {
                        w.WriteString("LastAuthenticatedEntity", arn);
                        w.WriteString("LastAuthenticatedRegion", "us-east-1");
                    }
                    w.WriteNumber("TotalAuthenticatedEntities", s.Last.HasValue ? 1 : 0);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteString("JobCompletionDate", Fmt.Aws(D(2026, 10, 31, 23, 51)));
                w.WriteBoolean("IsTruncated", false);
                w.WriteEndObject();
            }
        }

        // ---------------- Entra ----------------

        private sealed class SignIn
        {
            public DateTime When;
            public string AppId, AppName, SpId, KeyId, Ip, Resource, ResourceId, Type = "servicePrincipal", CredentialType = "clientSecret", City = "Amsterdam", Country = "NL";
            public int ErrorCode;
        }

        private List<SignIn> SignIns()
        {
            var list = new List<SignIn>();
            const string graph = "Microsoft Graph", graphId = "00000003-0000-0000-c000-000000000000";

            // app-invoice-sync: its current secret (2026-H2) from its two servers, and once from an address never seen before.
            var inv = _ex.AppNamed("app-invoice-sync");
            var secret = inv.Passwords[1];
            var r = R("invoice");
            for (var t = secret.Start.AddHours(1); t <= D(2026, 10, 31, 6); t = t.AddHours(16 + r.Int(8)))
                list.Add(new SignIn { When = t, AppId = inv.AppId, AppName = inv.DisplayName, SpId = inv.Sp.ObjectId, KeyId = secret.KeyId, Ip = r.Chance(0.5) ? "198.51.100.10" : "198.51.100.11", Resource = graph, ResourceId = graphId });
            list.Add(new SignIn { When = D(2026, 10, 27, 3, 12), AppId = inv.AppId, AppName = inv.DisplayName, SpId = inv.Sp.ObjectId, KeyId = secret.KeyId, Ip = "203.0.113.66", Resource = graph, ResourceId = graphId, City = "Bucharest", Country = "RO" });
            list.Add(new SignIn { When = D(2026, 10, 27, 3, 10), AppId = inv.AppId, AppName = inv.DisplayName, SpId = inv.Sp.ObjectId, KeyId = secret.KeyId, Ip = "203.0.113.66", Resource = graph, ResourceId = graphId, City = "Bucharest", Country = "RO", ErrorCode = 7000215 });

            // Directory writers: app-sync-everything (never writes: unused Directory.ReadWrite.All), app-provisioning-engine (writes).
            foreach (var name in new[] { "app-sync-everything", "app-provisioning-engine" })
            {
                var a = _ex.AppNamed(name);
                var p = a.Passwords[0];
                var rr = R(name);
                for (var t = p.Start.AddHours(2); t <= D(2026, 10, 31, 6); t = t.AddHours(24 + rr.Int(24)))
                    list.Add(new SignIn { When = t, AppId = a.AppId, AppName = a.DisplayName, SpId = a.Sp.ObjectId, KeyId = p.KeyId, Ip = "198.51.100.20", Resource = graph, ResourceId = graphId });
            }

            // The Entra agent identity (agent-claims-triage's Entra side) reads users through Graph.
            var agent = _ex.AgentSp;
            var ra = R("agent-sp");
            for (var t = D(2026, 8, 22, 8); t <= D(2026, 10, 31, 21); t = t.AddHours(30 + ra.Int(18)))
                list.Add(new SignIn { When = t, AppId = agent.AppId, AppName = agent.DisplayName, SpId = agent.ObjectId, Ip = "10.30.1.5", Resource = graph, ResourceId = graphId, CredentialType = "federatedIdentityCredential" });

            // A managed identity (func-orders-prod) gets Key Vault tokens.
            var mi = _ex.OrdersFunctionSp;
            var rm = R("mi");
            for (var t = D(2026, 8, 3, 1); t <= D(2026, 10, 31, 23); t = t.AddHours(40 + rm.Int(30)))
                list.Add(new SignIn { When = t, AppId = mi.AppId, AppName = mi.DisplayName, SpId = mi.ObjectId, Ip = "20.50.2.14", Resource = "Azure Key Vault", ResourceId = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093", Type = "managedIdentity", CredentialType = "managedIdentity" });
            return list.OrderByDescending(s => s.When).ToList(); // Graph returns newest first
        }

        private void WriteSignIns(Output output)
        {
            using (var f = output.Json("activity/entra/signIns-servicePrincipal.json", 0))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("@odata.context", "https://graph.microsoft.com/beta/$metadata#auditLogs/signIns");
                w.WriteStartArray("value");
                foreach (var s in SignIns())
                {
                    var r = Rng.For(ExampleEstate.Seed, "signin/" + s.When.Ticks + s.AppId, 0);
                    w.WriteStartObject();
                    w.WriteString("id", r.GuidString());
                    w.WriteString("createdDateTime", Fmt.Graph(s.When));
                    w.WriteString("userDisplayName", "");
                    w.WriteString("userPrincipalName", "");
                    w.WriteString("userId", "");
                    w.WriteString("appId", s.AppId);
                    w.WriteString("appDisplayName", s.AppName);
                    w.WriteString("ipAddress", s.Ip);
                    w.WriteString("clientAppUsed", "");
                    w.WriteString("correlationId", r.GuidString());
                    w.WriteString("conditionalAccessStatus", "notApplied");
                    w.WriteBoolean("isInteractive", false);
                    w.WriteString("resourceDisplayName", s.Resource);
                    w.WriteString("resourceId", s.ResourceId);
                    w.WriteString("resourceTenantId", Catalog.TenantId);
                    w.WriteString("homeTenantId", Catalog.TenantId);
                    w.WriteString("servicePrincipalId", s.SpId);
                    w.WriteString("servicePrincipalName", s.AppName);
                    w.WriteString("servicePrincipalCredentialKeyId", s.KeyId ?? "");
                    w.WriteString("servicePrincipalCredentialThumbprint", "");
                    w.WriteString("clientCredentialType", s.CredentialType);
                    w.StringArray("signInEventTypes", new[] { s.Type });
                    w.WriteString("userType", "member");
                    w.WriteStartObject("status");
                    w.WriteNumber("errorCode", s.ErrorCode);
                    w.StringOrNull("failureReason", s.ErrorCode == 0 ? null : "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
                    w.WriteNull("additionalDetails");
                    w.WriteEndObject();
                    w.WriteStartObject("location");
                    w.WriteString("city", s.City);
                    w.WriteString("state", "");
                    w.WriteString("countryOrRegion", s.Country);
                    w.WriteEndObject();
                    w.WriteStartObject("managedServiceIdentity");
                    w.WriteString("msiType", s.Type == "managedIdentity" ? "systemAssigned" : "none");
                    w.StringOrNull("associatedResourceId", s.Type == "managedIdentity" ? "/subscriptions/" + Catalog.SubscriptionProd + "/resourcegroups/rg-orders-prod/providers/Microsoft.Web/sites/func-orders-prod" : null);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    f.MaybeFlush();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }

        private void WriteAudits(Output output)
        {
            var prov = _ex.AppNamed("app-provisioning-engine");
            var hr = _ex.AppNamed("app-hr-feed");
            var agent = _ex.AgentSp;
            var entries = new List<(DateTime When, string Activity, string Category, bool ByApp, string ById, string ByName, string TargetId, string TargetName, string TargetType)>
            {
                (D(2026, 8, 5, 9, 14), "Update user", "UserManagement", false, "", "helpdesk-admin@contoso.com", "", "sam.lee@contoso.com", "User"),
                (D(2026, 8, 21, 12, 0), "Add app role assignment to service principal", "ApplicationManagement", false, "", "priya.raman@contoso.com", agent.ObjectId, agent.DisplayName, "ServicePrincipal"),
                (D(2026, 10, 1, 9, 0), "Update application – Certificates and secrets management ", "ApplicationManagement", true, prov.Sp.ObjectId, prov.DisplayName, hr.ObjectId, hr.DisplayName, "Application"),
                (D(2026, 10, 1, 9, 0), "Add service principal credentials", "ApplicationManagement", true, prov.Sp.ObjectId, prov.DisplayName, hr.Sp.ObjectId, hr.DisplayName, "ServicePrincipal"),
                (D(2026, 10, 31, 17, 45), "Add member to group", "GroupManagement", false, "", "helpdesk-admin@contoso.com", "", "finance-readers", "Group"),
            };
            using (var f = output.Json("activity/entra/directoryAudits.json", 2))
            {
                var w = f.W;
                w.WriteStartObject();
                w.WriteString("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits");
                w.WriteStartArray("value");
                foreach (var e in entries.OrderByDescending(x => x.When))
                {
                    var r = Rng.For(ExampleEstate.Seed, "audit/" + e.When.Ticks + e.Activity, 0);
                    w.WriteStartObject();
                    w.WriteString("id", "Directory_" + r.GuidString());
                    w.WriteString("category", e.Category);
                    w.WriteString("correlationId", r.GuidString());
                    w.WriteString("result", "success");
                    w.WriteString("resultReason", "");
                    w.WriteString("activityDisplayName", e.Activity);
                    w.WriteString("activityDateTime", Fmt.Graph(e.When));
                    w.WriteString("loggedByService", "Core Directory");
                    w.WriteString("operationType", e.Activity.StartsWith("Add", StringComparison.Ordinal) ? "Add" : "Update");
                    w.WriteStartObject("initiatedBy");
                    if (e.ByApp)
                    {
                        w.WriteNull("user");
                        w.WriteStartObject("app");
                        w.WriteString("appId", prov.AppId);
                        w.WriteString("displayName", e.ByName);
                        w.WriteString("servicePrincipalId", e.ById);
                        w.WriteString("servicePrincipalName", e.ByName);
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteNull("app");
                        w.WriteStartObject("user");
                        w.WriteString("id", Rng.For(ExampleEstate.Seed, "user/" + e.ByName, 0).GuidString());
                        w.WriteNull("displayName");
                        w.WriteString("userPrincipalName", e.ByName);
                        w.WriteString("ipAddress", "198.51.100.77");
                        w.WriteNull("userType");
                        w.WriteNull("homeTenantId");
                        w.WriteNull("homeTenantName");
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                    w.WriteStartArray("targetResources");
                    w.WriteStartObject();
                    w.WriteString("id", e.TargetId.Length > 0 ? e.TargetId : Rng.For(ExampleEstate.Seed, "target/" + e.TargetName, 0).GuidString());
                    w.WriteString("displayName", e.TargetName);
                    w.WriteString("type", e.TargetType);
                    w.WriteNull("userPrincipalName");
                    w.WriteNull("groupType");
                    w.WriteStartArray("modifiedProperties");
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartArray("additionalDetails");
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        }
    }
}
