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
