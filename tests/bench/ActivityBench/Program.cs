using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Threading.Tasks;

// Writes CloudTrail trail files as a trail delivers them to S3 (AWSLogs/<account>/CloudTrail/<region>/yyyy/MM/dd/
// <account>_CloudTrail_<region>_<yyyyMMddTHHmmZ>_<16 chars>.json.gz, {"Records":[...]}), with records shaped like real
// ones: IAM users with long-term keys and assumed-role sessions, a handful of services and actions each, a few
// source addresses and user agents per identity, resources, request ids, TLS details. Deterministic (seeded).
internal static class Program
{
    private const string Account = "210987654321";
    private static readonly DateTime Start = new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly (string Source, string Name, bool Write)[] Calls =
    {
        ("s3.amazonaws.com", "GetObject", false), ("s3.amazonaws.com", "PutObject", true), ("s3.amazonaws.com", "ListBucket", false),
        ("monitoring.amazonaws.com", "GetMetricData", false), ("monitoring.amazonaws.com", "DescribeAlarms", false),
        ("sts.amazonaws.com", "GetCallerIdentity", false), ("ec2.amazonaws.com", "DescribeInstances", false),
        ("dynamodb.amazonaws.com", "Query", false), ("dynamodb.amazonaws.com", "PutItem", true), ("kms.amazonaws.com", "Decrypt", false),
        ("secretsmanager.amazonaws.com", "GetSecretValue", false), ("lambda.amazonaws.com", "Invoke", true),
        ("sqs.amazonaws.com", "SendMessage", true), ("logs.amazonaws.com", "PutLogEvents", true),
    };

    private static readonly string[] Agents =
    {
        "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.10.225 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard",
        "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.225 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131",
        "aws-sdk-java/2.25.60 Linux/5.10.225 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
        "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2",
        "python-requests/2.32.3",
        "Terraform/1.9.2 (+https://www.terraform.io) terraform-provider-aws/5.59.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.3",
    };

    private static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--usage") return Usage(args[1], args.Length > 2 ? int.Parse(args[2]) : 0);
        if (args.Length < 1) { Console.Error.WriteLine("usage: ActivityBench <out-dir> [events=10000000] [identities=20000] [records-per-file=2000]"); return 2; }
        string outDir = args[0];
        long events = args.Length > 1 ? long.Parse(args[1]) : 10_000_000;
        int identities = args.Length > 2 ? int.Parse(args[2]) : 20_000;
        int perFile = args.Length > 3 ? int.Parse(args[3]) : 2_000;
        int files = (int)((events + perFile - 1) / perFile);
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        // Files cover consecutive 5-minute slots over ~90 days; each is independent, so they are written in parallel.
        Parallel.For(0, files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            var rng = new Random(1_000_003 * f + 17);
            var slot = Start.AddMinutes(5.0 * f * (90.0 * 24 * 12 / files));
            string region = f % 5 == 0 ? "eu-west-1" : "us-east-1";
            string dir = Path.Combine(outDir, "AWSLogs", Account, "CloudTrail", region, slot.ToString("yyyy"), slot.ToString("MM"), slot.ToString("dd"));
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, Account + "_CloudTrail_" + region + "_" + slot.ToString("yyyyMMdd'T'HHmm'Z'") + "_" + Alnum(rng, 16) + ".json.gz");
            long n = Math.Min(perFile, events - (long)f * perFile);
            using (var fs = File.Create(path))
            {
                using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
                using (var w = new Utf8JsonWriter(gz, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    w.WriteStartObject();
                    w.WriteStartArray("Records");
                    for (int i = 0; i < n; i++) Record(w, rng, slot.AddSeconds(rng.Next(300)), region, identities);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                System.Threading.Interlocked.Add(ref bytes, new FileInfo(path).Length);
            }
        });
        Console.WriteLine($"{events:N0} events over {identities:N0} identities in {files:N0} files, {bytes / 1048576.0:N0} MB gzipped, {clock.Elapsed.TotalSeconds:N1} s");
        return 0;
    }

    // The engine alone (no PowerShell): UsageReader + UsageBuilder over the files, as Get-NhiUsage runs them.
    private static int Usage(string dir, int workers)
    {
        var p = Process.GetCurrentProcess();
        var cpu0 = p.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var builder = new NhiTools.Engine.Activity.UsageBuilder(null);
        NhiTools.Engine.Activity.UsageReader.Fill(builder, null, new[] { dir }, NhiTools.Engine.Activity.IdentityLinker.From(null), workers);
        int n = 0;
        foreach (var u in builder.Results()) n++;
        clock.Stop();
        p.Refresh();
        double cpu = (p.TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine($"engine: {n:N0} identities, {builder.Read:N0} events, wall {clock.Elapsed.TotalSeconds:N1} s = {builder.Read / clock.Elapsed.TotalSeconds:N0} events/s; CPU {cpu:N1} s = {builder.Read / cpu:N0} events per CPU-second; peak working set {p.PeakWorkingSet64 / 1048576.0:N0} MB");
        return 0;
    }

    private static void Record(Utf8JsonWriter w, Random rng, DateTime when, string region, int identities)
    {
        // Skewed popularity: a few identities make most calls, as in a real account.
        int id = (int)(identities * Math.Pow(rng.NextDouble(), 2.2));
        var ir = new Random(id * 7919 + 3);
        bool role = id % 10 < 3;
        string name = (role ? "role-app-" : "svc-app-") + id.ToString("D5");
        var call = Calls[(ir.Next(Calls.Length) + rng.Next(3)) % Calls.Length];
        int hosts = 1 + ir.Next(3);
        int net = ir.Next(250);
        string ip = "10." + (id % 200) + "." + net + "." + (10 + (rng.Next(hosts) * 7) % 240);
        string agent = Agents[(id + rng.Next(4) / 3) % Agents.Length];

        w.WriteStartObject();
        w.WriteString("eventVersion", "1.10");
        w.WriteStartObject("userIdentity");
        if (role)
        {
            w.WriteString("type", "AssumedRole");
            w.WriteString("principalId", "AROA" + Upper(ir, 17) + ":session-" + rng.Next(1000));
            w.WriteString("arn", "arn:aws:sts::" + Account + ":assumed-role/" + name + "/session-" + rng.Next(1000));
            w.WriteString("accountId", Account);
            w.WriteString("accessKeyId", "ASIA" + Upper(rng, 16));
            w.WriteStartObject("sessionContext");
            w.WriteStartObject("sessionIssuer");
            w.WriteString("type", "Role");
            w.WriteString("principalId", "AROA" + Upper(ir, 17));
            w.WriteString("arn", "arn:aws:iam::" + Account + ":role/" + name);
            w.WriteString("accountId", Account);
            w.WriteString("userName", name);
            w.WriteEndObject();
            w.WriteStartObject("attributes");
            w.WriteString("creationDate", when.AddMinutes(-rng.Next(50)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            w.WriteString("mfaAuthenticated", "false");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("type", "IAMUser");
            w.WriteString("principalId", "AIDA" + Upper(ir, 17));
            w.WriteString("arn", "arn:aws:iam::" + Account + ":user/" + name);
            w.WriteString("accountId", Account);
            w.WriteString("accessKeyId", "AKIA" + Upper(ir, 16));
            w.WriteString("userName", name);
        }
        w.WriteEndObject();
        w.WriteString("eventTime", when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        w.WriteString("eventSource", call.Source);
        w.WriteString("eventName", call.Name);
        w.WriteString("awsRegion", region);
        w.WriteString("sourceIPAddress", ip);
        w.WriteString("userAgent", agent);
        bool denied = rng.Next(200) == 0;
        if (denied)
        {
            w.WriteString("errorCode", "AccessDenied");
            w.WriteString("errorMessage", "User is not authorized to perform this action");
        }
        string resource = null;
        if (call.Source == "s3.amazonaws.com")
        {
            string bucket = "app-" + (id % 500).ToString("D3") + "-data";
            string key = "in/" + when.ToString("yyyy/MM/dd") + "/part-" + rng.Next(100) + ".json";
            w.WriteStartObject("requestParameters");
            w.WriteString("bucketName", bucket);
            w.WriteString("Host", bucket + ".s3." + region + ".amazonaws.com");
            if (call.Name != "ListBucket") w.WriteString("key", key);
            w.WriteEndObject();
            resource = "arn:aws:s3:::" + bucket + (call.Name != "ListBucket" ? "/" + key : "");
            w.WriteStartObject("additionalEventData");
            w.WriteString("SignatureVersion", "SigV4");
            w.WriteString("CipherSuite", "TLS_AES_128_GCM_SHA256");
            w.WriteNumber("bytesTransferredIn", 0);
            w.WriteNumber("bytesTransferredOut", rng.Next(100000));
            w.WriteString("AuthenticationMethod", "AuthHeader");
            w.WriteEndObject();
        }
        else if (call.Source == "dynamodb.amazonaws.com")
        {
            w.WriteStartObject("requestParameters");
            w.WriteString("tableName", "app-" + (id % 300).ToString("D3"));
            w.WriteEndObject();
            resource = "arn:aws:dynamodb:" + region + ":" + Account + ":table/app-" + (id % 300).ToString("D3");
        }
        else if (call.Source == "kms.amazonaws.com")
        {
            w.WriteStartObject("requestParameters");
            w.WriteString("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
            w.WriteEndObject();
            resource = "arn:aws:kms:" + region + ":" + Account + ":key/" + Guid(ir);
        }
        else w.WriteNull("requestParameters");
        w.WriteNull("responseElements");
        w.WriteString("requestID", Upper(rng, 16));
        w.WriteString("eventID", Guid(rng));
        w.WriteBoolean("readOnly", !call.Write);
        if (resource != null)
        {
            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("accountId", Account);
            w.WriteString("type", call.Source == "s3.amazonaws.com" ? "AWS::S3::Object" : call.Source == "kms.amazonaws.com" ? "AWS::KMS::Key" : "AWS::DynamoDB::Table");
            w.WriteString("ARN", resource);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteString("eventType", "AwsApiCall");
        w.WriteBoolean("managementEvent", call.Source != "s3.amazonaws.com");
        w.WriteString("recipientAccountId", Account);
        w.WriteString("eventCategory", call.Source == "s3.amazonaws.com" ? "Data" : "Management");
        w.WriteStartObject("tlsDetails");
        w.WriteString("tlsVersion", "TLSv1.3");
        w.WriteString("cipherSuite", "TLS_AES_128_GCM_SHA256");
        w.WriteString("clientProvidedHostHeader", call.Source.Replace("amazonaws.com", region + ".amazonaws.com"));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private const string UpperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string AlnumChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static string Upper(Random r, int n) { var c = new char[n]; for (int i = 0; i < n; i++) c[i] = UpperChars[r.Next(UpperChars.Length)]; return new string(c); }
    private static string Alnum(Random r, int n) { var c = new char[n]; for (int i = 0; i < n; i++) c[i] = AlnumChars[r.Next(AlnumChars.Length)]; return new string(c); }
    private static string Guid(Random r) { var b = new byte[16]; r.NextBytes(b); return new System.Guid(b).ToString(); }
}
