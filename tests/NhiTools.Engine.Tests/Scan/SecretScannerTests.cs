using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    public class SecretScannerTests
    {
        private static string ScanData(string sub) => Path.Combine(AppContext.BaseDirectory, "TestData", "scan", sub);

        /// <summary>Materialises the positive templates with fresh fake values into a temp dir.</summary>
        private static (TempDir Dir, FakeSecrets Fakes, List<(string File, int Line, int Column, string Kind)> Expected) Positives()
        {
            var dir = new TempDir();
            var fakes = new FakeSecrets();
            var expected = new List<(string, int, int, string)>();
            foreach (string template in Directory.GetFiles(ScanData("positives")).OrderBy(f => f, StringComparer.Ordinal))
            {
                var (text, hits) = fakes.Fill(File.ReadAllText(template));
                string name = Path.GetFileName(template);
                dir.Write(name, text);
                expected.AddRange(hits.Select(h => (name, h.Line, h.Column, h.Kind)));
            }
            return (dir, fakes, expected);
        }

        [Fact]
        public void FindsEveryPlantedSecretWithItsKindLineAndColumn()
        {
            var (dir, _, expected) = Positives();
            using (dir)
            {
                var hits = new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }).ToList();
                var actual = hits.Select(h => (Path.GetFileName(h.Path), h.Line, h.Column, h.Kind)).ToList();
                var missing = expected.Except(actual).ToList();
                var extra = actual.Except(expected).ToList();
                Assert.True(missing.Count == 0 && extra.Count == 0,
                    "missing: " + string.Join("; ", missing) + "\nextra: " + string.Join("; ", extra));
                foreach (string kind in FakeSecrets.KindOfToken.Values.Distinct())
                    Assert.Contains(hits, h => h.Kind == kind);
            }
        }

        [Fact]
        public void ReportsNothingForExamplesPlaceholdersAndLowEntropyValues()
        {
            var hits = new SecretScanner(new RecordingHost()).Scan(new[] { ScanData("negatives") }).ToList();
            Assert.True(hits.Count == 0, string.Join("\n", hits.Select(h => h + " " + h.Masked)));
        }

        [Fact]
        public void ProgressCountsFilesAndMegabytes()
        {
            using (var dir = new TempDir())
            {
                dir.Write("a.txt", new string('a', 600 * 1024));
                dir.Write("b.txt", new string('b', 400 * 1024));
                dir.Write("c.bin", "\0binary");
                var host = new RecordingHost();
                Assert.Empty(new SecretScanner(host).Scan(new[] { dir.Path }).ToList());
                // The first record comes with the first file; the last one closes the activity.
                Assert.Equal("1 of 3 files, 0.6 of 1.0 MB", host.Progress[0].Status);
                Assert.Equal(59, host.Progress[0].PercentComplete);   // 600 KB of 1000 KB and 8 bytes
                Assert.True(host.Progress[host.Progress.Count - 1].Completed);
            }
            var p = SecretScanner.Progress(1234, 26122, 87 * 1048576L + 524288, 290 * 1048576L);
            Assert.Equal("1,234 of 26,122 files, 87.5 of 290.0 MB", p.Status);
            Assert.Equal(30, p.PercentComplete);
            Assert.Equal(50, SecretScanner.Progress(1, 2, 0, 0).PercentComplete);   // empty files: percent by files
        }

        [Fact]
        public void NoValueAppearsInObjectsSarifOrMessages()
        {
            var (dir, fakes, _) = Positives();
            using (dir)
            {
                dir.Write("zz-big.env", new string('#', 4000) + "\nGITHUB_TOKEN=" + fakes["GITHUB"] + "\n");
                var host = new RecordingHost();
                var ids = new[] { AwsUser("svc-billing", fakes["AWS_KEY_ID"]) };
                var hits = new SecretScanner(host, new ScanOptions { MaxFileSize = 3000 }).Scan(new[] { dir.Path, Path.Combine(dir.Path, "missing") }, ids).ToList();
                var sarif = new StringWriter();
                SecretScanner.WriteSarif(hits, sarif);
                var everything = new StringBuilder(sarif.ToString());
                foreach (var h in hits)
                    everything.AppendLine(string.Join("|", h.Path, h.Line, h.Column, h.Kind, h.Masked, h.Fingerprint, h.IdentityId, h.ToString()));
                foreach (string m in host.Messages) everything.AppendLine(m);
                string all = everything.ToString();
                Assert.NotEmpty(hits);
                Assert.Contains(host.Messages, m => m.Contains("over the"));   // zz-big.env is over the limit
                Assert.Contains(host.Errors, e => e.ErrorId == "SecretScanPathNotFound");
                foreach (string value in fakes.AllValues)
                {
                    Assert.DoesNotContain(value, all);
                    // no 8-character run of any value either (masks show at most 4)
                    for (int i = 0; i + 8 <= value.Length; i += 4)
                        Assert.DoesNotContain(value.Substring(i, 8), all);
                }
            }
        }

        [Fact]
        public void MasksShowAtMostFourCharactersAndFingerprintIsSha256Prefix()
        {
            var (dir, fakes, _) = Positives();
            using (dir)
            {
                var hits = new SecretScanner(new RecordingHost()).Scan(new[] { Path.Combine(dir.Path, "app.env") }).ToList();
                var key = hits.Single(h => h.Kind == SecretKinds.AwsAccessKeyId);
                Assert.Equal("AKIA****************(20)", key.Masked);
                string value = fakes["AWS_KEY_ID2"];
                using (var sha = System.Security.Cryptography.SHA256.Create())
                {
                    string hex = string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(value)).Select(b => b.ToString("x2")));
                    Assert.Equal(hex.Substring(0, 16), key.Fingerprint);
                }
                foreach (var h in hits)
                    Assert.True(h.Masked.TakeWhile(c => c != '*').Count() <= 4, h.Masked);
            }
        }

        [Fact]
        public void OrderIsPathLineColumnAndHostCallsStayOnTheCallingThread()
        {
            var (dir, _, _) = Positives();
            using (dir)
            {
                var host = new RecordingHost();
                var hits = new SecretScanner(host, new ScanOptions { MaxDegreeOfParallelism = 4 }).Scan(new[] { dir.Path }).ToList();
                var sorted = hits.OrderBy(h => h.Path, StringComparer.Ordinal).ThenBy(h => h.Line).ThenBy(h => h.Column).ToList();
                Assert.Equal(sorted, hits);
                Assert.Equal(new[] { Environment.CurrentManagedThreadId }, host.Threads.ToArray());
                var again = new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }).Select(h => h.ToString() + h.Fingerprint);
                Assert.Equal(hits.Select(h => h.ToString() + h.Fingerprint), again);
            }
        }

        [Fact]
        public void SkipsBinaryFilesExcludedFoldersAndFilesOverTheLimit()
        {
            var fakes = new FakeSecrets(7);
            using (var dir = new TempDir())
            {
                string line = "aws_access_key_id = " + fakes["AWS_KEY_ID"] + "\n";
                dir.Write("ok.txt", line);
                dir.Write("node_modules/pkg/index.js", line);
                dir.Write(".git/config", line);
                dir.Write("bin/Debug/app.config", line);
                dir.Write("big.log", new string('#', 5000) + "\n" + line);
                var bin = Encoding.UTF8.GetBytes(line).ToList();
                bin.Insert(3, 0);
                File.WriteAllBytes(Path.Combine(dir.Path, "blob.dat"), bin.ToArray());
                File.WriteAllBytes(Path.Combine(dir.Path, "utf16.txt"), Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(line)).ToArray());

                var host = new RecordingHost();
                var hits = new SecretScanner(host, new ScanOptions { MaxFileSize = 1024 }).Scan(new[] { dir.Path }).ToList();
                Assert.Equal(new[] { "ok.txt", "utf16.txt" }, hits.Select(h => Path.GetFileName(h.Path)).ToArray());
                Assert.Contains(host.Messages, m => m.StartsWith("VERBOSE: Skipped binary file") && m.Contains("blob.dat"));
                Assert.Contains(host.Messages, m => m.Contains("big.log") && m.Contains("over the"));
            }
        }

        [Fact]
        public void IncludeAndExcludeGlobsSelectFiles()
        {
            var fakes = new FakeSecrets(8);
            using (var dir = new TempDir())
            {
                string line = "token = \"" + fakes["GITHUB"] + "\"\n";
                dir.Write("a.ps1", line);
                dir.Write("sub/b.ps1", line);
                dir.Write("sub/deep/c.yml", line);
                dir.Write("sub/deep/d.txt", line);
                Func<ScanOptions, string[]> run = o => new SecretScanner(new RecordingHost(), o).Scan(new[] { dir.Path })
                    .Select(h => h.Path.Substring(dir.Path.Length + 1).Replace('\\', '/')).ToArray();
                Assert.Equal(new[] { "a.ps1", "sub/b.ps1" }, run(new ScanOptions { Include = { "*.ps1" } }));
                Assert.Equal(new[] { "sub/deep/c.yml", "sub/deep/d.txt" }, run(new ScanOptions { Include = { "sub/deep/**" } }));
                Assert.Equal(new[] { "a.ps1", "sub/deep/c.yml" }, run(new ScanOptions { Exclude = { "sub/*.ps1", "*.txt" } }));
            }
        }

        [Fact]
        public void DoesNotFollowSymbolicLinks()
        {
            if (OperatingSystem.IsWindows()) return; // creating links needs privileges there; Linux CI covers it
            var fakes = new FakeSecrets(9);
            using (var outside = new TempDir())
            using (var dir = new TempDir())
            {
                outside.Write("leak.env", "GITHUB_TOKEN=" + fakes["GITHUB"] + "\n");
                Directory.CreateSymbolicLink(Path.Combine(dir.Path, "linked"), outside.Path);
                File.CreateSymbolicLink(Path.Combine(dir.Path, "leak.env"), Path.Combine(outside.Path, "leak.env"));
                var host = new RecordingHost();
                Assert.Empty(new SecretScanner(host).Scan(new[] { dir.Path }));
                Assert.Equal(2, host.Messages.Count(m => m.Contains("Skipped symbolic link")));
            }
        }

        [Fact]
        public void LinksAwsKeyIdAndItsSecretToTheIamUser()
        {
            var (dir, fakes, _) = Positives();
            using (dir)
            {
                var billing = AwsUser("svc-billing", fakes["AWS_KEY_ID"]);
                var other = AwsUser("svc-other", "AKIA" + new string('Q', 16));
                var hits = new SecretScanner(new RecordingHost()).Scan(new[] { Path.Combine(dir.Path, "deploy.ps1"), Path.Combine(dir.Path, "app.env") }, new[] { other, billing }).ToList();
                var ps = hits.Where(h => h.Path.EndsWith("deploy.ps1")).ToList();
                Assert.Equal(billing.Id, ps.Single(h => h.Kind == SecretKinds.AwsAccessKeyId).IdentityId);
                Assert.Equal(billing.Id, ps.Single(h => h.Kind == SecretKinds.AwsSecretKey).IdentityId);
                // the .env key id belongs to nobody we know: neither it nor its secret is linked
                Assert.All(hits.Where(h => h.Path.EndsWith("app.env")), h => Assert.Null(h.IdentityId));
            }
        }

        [Fact]
        public void LinksEntraSecretByHintOnlyWhenTheAppIdIsInTheFile()
        {
            var (dir, fakes, _) = Positives();
            using (dir)
            {
                string secret = fakes["ENTRA_SECRET"];
                const string appId = "0d3f9c4e-6b1a-4c2e-9f57-8a1b2c3d4e5f";   // in main.tf, not in deploy.ps1
                var app = new Identity
                {
                    Id = "entra:app:" + appId, Provider = "Entra", Kind = IdentityKind.Application, Name = "billing-api", NativeId = appId,
                    Credentials = new[] { new Credential { Id = Guid.NewGuid().ToString(), Type = CredentialType.ClientSecret, Hint = secret.Substring(0, 3) } },
                };
                var wrongHint = new Identity
                {
                    Id = "entra:app:99999999-6b1a-4c2e-9f57-8a1b2c3d4e5f", Provider = "Entra", Kind = IdentityKind.Application,
                    Credentials = new[] { new Credential { Type = CredentialType.ClientSecret, Hint = "zz~" } },
                };
                var hits = new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }, new[] { wrongHint, app })
                    .Where(h => h.Kind == SecretKinds.EntraClientSecret).ToList();
                Assert.Equal(app.Id, hits.Single(h => h.Path.EndsWith("main.tf")).IdentityId);
                Assert.Null(hits.Single(h => h.Path.EndsWith("deploy.ps1")).IdentityId);
                Assert.All(hits.Where(h => h.Path.EndsWith("web.config") || h.Path.EndsWith("app.env")), h => Assert.Null(h.IdentityId));
            }
        }

        [Fact]
        public void MissingPathIsAnErrorNotAnEmptyResult()
        {
            var host = new RecordingHost();
            var hits = new SecretScanner(host).Scan(new[] { "/definitely/not/here" }).ToList();
            Assert.Empty(hits);
            var e = Assert.Single(host.Errors);
            Assert.Equal("SecretScanPathNotFound", e.ErrorId);
            Assert.Equal(NhiErrorCategory.ObjectNotFound, e.Category);
        }

        [Fact]
        public void SpecificShapeWinsOverTheGenericAssignmentAroundIt()
        {
            var fakes = new FakeSecrets(11);
            using (var dir = new TempDir())
            {
                dir.Write("a.yml", "password: \"" + fakes["GITHUB"] + "\"\nsecret: " + fakes["SLACK"] + "\n");
                var hits = new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }).ToList();
                Assert.Equal(new[] { SecretKinds.GitHubToken, SecretKinds.SlackToken }, hits.Select(h => h.Kind).ToArray());
                Assert.Equal(new[] { 12, 9 }, hits.Select(h => h.Column).ToArray());
            }
        }

        [Fact]
        public void CancellationStopsTheScan()
        {
            var (dir, _, _) = Positives();
            using (dir)
            using (var cts = new System.Threading.CancellationTokenSource())
            {
                cts.Cancel();
                var host = new RecordingHost { CancellationToken = cts.Token };
                Assert.ThrowsAny<OperationCanceledException>(() => new SecretScanner(host).Scan(new[] { dir.Path }).ToList());
            }
        }

        [Fact]
        public void BadOptionsAreRejectedWithAStableErrorId()
        {
            var e = Assert.Throws<NhiTools.Hosting.NhiException>(() => new SecretScanner(new RecordingHost(), new ScanOptions { MaxFileSize = 0 }));
            Assert.Equal("SecretScanInvalidMaxFileSize", e.ErrorId);
            Assert.Equal(NhiErrorCategory.InvalidArgument, e.Category);
        }

        internal static Identity AwsUser(string name, string keyId)
        {
            string id = "aws:arn:aws:iam::123456789012:user/" + name;
            return new Identity
            {
                Id = id, Provider = "Aws", Kind = IdentityKind.IamUser, Name = name, Account = "123456789012",
                Credentials = new[] { new Credential { IdentityId = id, Id = keyId, Type = CredentialType.AccessKey } },
            };
        }
    }
}
