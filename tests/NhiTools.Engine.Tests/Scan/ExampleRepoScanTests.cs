using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NhiTools.Engine.Scan;
using NhiTools.Engine.Sources.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    /// <summary>Scans the example repository and matches the estate's answer key exactly, identities included.</summary>
    public class ExampleRepoScanTests
    {
        /// <summary>
        /// The answer key names some kinds more finely than <see cref="SecretKinds"/> (which follows the model's list):
        /// these are the same findings.
        /// </summary>
        private static readonly Dictionary<string, string> KindAlias = new Dictionary<string, string>
        {
            ["AwsSecretAccessKey"] = SecretKinds.AwsSecretKey,
            ["AzureStorageConnectionString"] = SecretKinds.ConnectionString,
            ["SqlConnectionString"] = SecretKinds.ConnectionString,
            ["ServiceBusConnectionString"] = SecretKinds.ConnectionString,
        };

        private static string RepoRoot()
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "NhiTools.sln"))) return d.FullName;
            throw new InvalidOperationException("NhiTools.sln not found above " + AppContext.BaseDirectory);
        }

        [Fact]
        public void FindsExactlyThePlantedSecretsAndLinksThemToEstateIdentities()
        {
            string root = RepoRoot();
            string repo = Path.Combine(root, "examples", "repo");
            var host = new RecordingHost();
            var identities = new OfflineSource(host).Read(new[] { Path.Combine(root, "examples", "estate") }).ToList();
            Assert.Empty(host.Errors);
            Assert.NotEmpty(identities);

            var hits = new SecretScanner(host).Scan(new[] { repo }, identities).ToList();
            var actual = hits.Select(h => (Path: Path.GetRelativePath(repo, h.Path).Replace('\\', '/'), h.Line, h.Kind, h.IdentityId))
                .OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();

            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "tests", "NhiTools.Estate", "secrets-expected.json")));
            var expected = doc.RootElement.EnumerateArray().Select(e =>
            {
                string kind = e.GetProperty("kind").GetString();
                return (Path: e.GetProperty("path").GetString(), Line: e.GetProperty("line").GetInt32(),
                    Kind: KindAlias.TryGetValue(kind, out string k) ? k : kind,
                    IdentityId: e.TryGetProperty("identityId", out JsonElement id) ? id.GetString() : null);
            }).OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();

            Assert.Equal(expected, actual);
        }
    }
}
