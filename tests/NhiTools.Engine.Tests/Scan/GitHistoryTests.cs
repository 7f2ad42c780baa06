using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NhiTools.Engine.Scan;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>Find-NhiSecret -History: a key removed from HEAD is still leaked, and reported as such.</summary>
    public class GitHistoryTests
    {
        internal static string Git(string dir, params string[] args)
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in new[] { "-c", "user.name=Build Bot", "-c", "user.email=bot@example.invalid", "-c", "commit.gpgsign=false" }.Concat(args)) psi.ArgumentList.Add(a);
            psi.Environment["GIT_AUTHOR_DATE"] = psi.Environment["GIT_COMMITTER_DATE"] = "2026-03-01T10:00:00+00:00";
            using (var p = Process.Start(psi))
            {
                string o = p.StandardOutput.ReadToEnd();
                string e = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "git " + string.Join(" ", args) + ": " + e);
                return o.Trim();
            }
        }

        [Fact]
        public void KeyRemovedFromHeadIsStillReportedWithItsCommitAndMarkedNotInTheWorkingTree()
        {
            var fakes = new FakeSecrets(21);
            using (var dir = new TempDir())
            {
                Git(dir.Path, "init", "-q", "-b", "main");
                dir.Write("README.md", "# demo\n");
                dir.Write("deploy/config.ps1", "# deploy\n$AccessKeyId = '" + fakes["AWS_KEY_ID"] + "'\n$SecretKey = '" + fakes["AWS_SECRET"] + "'\n");
                Git(dir.Path, "add", "-A");
                Git(dir.Path, "commit", "-q", "-m", "add deploy config");
                string leaked = Git(dir.Path, "rev-parse", "HEAD");
                dir.Write("deploy/config.ps1", "# deploy\n$AccessKeyId = $env:AWS_ACCESS_KEY_ID\n");
                dir.Write("app/.env", "\n\nGITHUB_TOKEN=" + fakes["GITHUB"] + "\n");
                Git(dir.Path, "add", "-A");
                Git(dir.Path, "commit", "-q", "-m", "read the key from the environment; add app");
                string current = Git(dir.Path, "rev-parse", "HEAD");

                var ids = new[] { new Identity { Id = "aws:arn:aws:iam::111122223333:user/svc-deploy", Provider = "Aws", Kind = IdentityKind.IamUser,
                    Credentials = new[] { new Credential { Id = fakes["AWS_KEY_ID"], Type = CredentialType.AccessKey } } } };
                var host = new RecordingHost();
                var hits = new SecretScanner(host).ScanHistory(dir.Path, ids).ToList();

                var key = Assert.Single(hits, h => h.Kind == SecretKinds.AwsAccessKeyId);
                Assert.Equal(leaked, key.Commit);
                Assert.Equal("deploy/config.ps1", key.Path);
                Assert.Equal(2, key.Line);
                Assert.Equal("Build Bot <bot@example.invalid>", key.Author);
                Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), key.CommitDate);
                Assert.False(key.InWorkingTree);
                Assert.Equal("aws:arn:aws:iam::111122223333:user/svc-deploy", key.IdentityId);
                var secret = Assert.Single(hits, h => h.Kind == SecretKinds.AwsSecretKey);
                Assert.Equal(key.IdentityId, secret.IdentityId);
                Assert.False(secret.InWorkingTree);

                var token = Assert.Single(hits, h => h.Kind == SecretKinds.GitHubToken);
                Assert.Equal(current, token.Commit);
                Assert.Equal("app/.env", token.Path);
                Assert.Equal(3, token.Line);
                Assert.True(token.InWorkingTree);

                string all = string.Join("\n", hits.Select(h => string.Join("|", h.Path, h.Masked, h.Fingerprint, h.Commit, h.Author, h.ToString())).Concat(host.Messages));
                foreach (string v in fakes.AllValues) Assert.DoesNotContain(v, all);
            }
        }

        [Fact]
        public void HistoryHitsCarryTheirCommitAuthorDateAndPathInSarif()
        {
            var fakes = new FakeSecrets(22);
            using (var dir = new TempDir())
            {
                Git(dir.Path, "init", "-q", "-b", "main");
                dir.Write("ci/deploy.env", "GITHUB_TOKEN=" + fakes["GITHUB"] + "\n");
                Git(dir.Path, "add", "-A");
                Git(dir.Path, "commit", "-q", "-m", "add token");
                string leaked = Git(dir.Path, "rev-parse", "HEAD");
                dir.Write("ci/deploy.env", "GITHUB_TOKEN=${GITHUB_TOKEN}\n");
                Git(dir.Path, "commit", "-q", "-am", "read it from the environment");

                var hits = new SecretScanner(new RecordingHost()).ScanHistory(dir.Path).ToList();
                var sarif = new StringWriter();
                SecretScanner.WriteSarif(hits, sarif);

                using (var doc = System.Text.Json.JsonDocument.Parse(sarif.ToString()))
                {
                    var result = Assert.Single(doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
                    Assert.Equal("NHI-SECRET-" + SecretKinds.GitHubToken, result.GetProperty("ruleId").GetString());
                    var props = result.GetProperty("properties");
                    Assert.Equal(leaked, props.GetProperty("commit").GetString());
                    Assert.Equal("Build Bot <bot@example.invalid>", props.GetProperty("author").GetString());
                    Assert.Equal("2026-03-01T10:00:00Z", props.GetProperty("commitDate").GetString());
                    Assert.Equal("ci/deploy.env", props.GetProperty("pathInCommit").GetString());
                    Assert.False(props.GetProperty("inWorkingTree").GetBoolean());
                    Assert.Equal(leaked, result.GetProperty("partialFingerprints").GetProperty("commitSha/v1").GetString());
                    Assert.Equal("ci/deploy.env", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
                    Assert.Equal(1, result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
                }
                foreach (string v in fakes.AllValues) Assert.DoesNotContain(v, sarif.ToString());
            }
        }

        [Fact]
        public void WorkingTreeHitsHaveNoCommitPropertiesInSarif()
        {
            var fakes = new FakeSecrets(23);
            using (var dir = new TempDir())
            {
                dir.Write("app.env", "GITHUB_TOKEN=" + fakes["GITHUB"] + "\n");
                var sarif = new StringWriter();
                SecretScanner.WriteSarif(new SecretScanner(new RecordingHost()).Scan(new[] { dir.Path }).ToList(), sarif);
                using (var doc = System.Text.Json.JsonDocument.Parse(sarif.ToString()))
                {
                    var result = Assert.Single(doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
                    Assert.False(result.GetProperty("properties").TryGetProperty("commit", out _));
                    Assert.False(result.GetProperty("partialFingerprints").TryGetProperty("commitSha/v1", out _));
                }
            }
        }

        [Fact]
        public void FolderThatIsNotARepositoryIsAClearError()
        {
            using (var dir = new TempDir())
            {
                var ex = Assert.Throws<NhiException>(() => new SecretScanner(new RecordingHost()).ScanHistory(dir.Path).ToList());
                Assert.Equal("SecretScanNotGitRepository", ex.ErrorId);
            }
        }
    }
}
