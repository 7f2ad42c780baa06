using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace NhiTools.Engine.Tests.Isolation
{
    /// <summary>
    /// The module root loads into PowerShell's default context next to whatever Az or Graph modules carry:
    /// nothing there may reference an SDK, or NhiTools would collide with them.
    /// </summary>
    public class AssemblyIsolationTests
    {
        private static readonly string[] Forbidden =
        {
            "Azure.", "Microsoft.Identity.", "Microsoft.Graph", "Microsoft.Kiota", "AWSSDK.", "System.Text.Json",
            "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Newtonsoft.Json",
        };

        [Theory]
        [InlineData("NhiTools.dll")]
        [InlineData("NhiTools.Model.dll")]
        public void RootAssembliesReferenceNoSdk(string file)
        {
            var references = ReadReferences(Path.Combine(AppContext.BaseDirectory, file));
            Assert.NotEmpty(references);
            var bad = references.Where(r => Forbidden.Any(f => r.StartsWith(f, StringComparison.OrdinalIgnoreCase))).ToArray();
            Assert.True(bad.Length == 0, file + " references " + string.Join(", ", bad));
        }

        [Fact]
        public void ModelReferencesOnlyTheFramework()
        {
            var references = ReadReferences(Path.Combine(AppContext.BaseDirectory, "NhiTools.Model.dll"));
            Assert.Equal(new[] { "netstandard" }, references);
        }

        [Fact]
        public void CmdletsReachTheEngineOnlyThroughTheModel()
        {
            // The cmdlets may call the engine, but the engine must not be needed to describe a public type.
            var references = ReadReferences(Path.Combine(AppContext.BaseDirectory, "NhiTools.dll"));
            Assert.Contains("NhiTools.Model", references);
            Assert.Contains("System.Management.Automation", references);
        }

        private static string[] ReadReferences(string path)
        {
            using (var stream = File.OpenRead(path))
            using (var pe = new PEReader(stream))
            {
                var reader = pe.GetMetadataReader();
                return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).OrderBy(n => n).ToArray();
            }
        }
    }
}
