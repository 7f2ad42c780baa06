using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using NhiTools.Engine.Activity;
using NhiTools.Engine.Tests.Offline;

namespace NhiTools.Engine.Tests.Activity
{
    internal static class ActivityData
    {
        public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "activity", name);

        public static List<NhiTools.Activity> Read(RecordingHost host, IdentityLinker linker, params string[] paths) =>
            new ActivityReader(host).Read(paths, linker ?? IdentityLinker.From(null)).ToList();

        public static List<NhiTools.Activity> Read(params string[] names)
        {
            var host = new RecordingHost();
            var list = Read(host, null, names.Select(File).ToArray());
            if (host.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", host.Errors.Select(e => e.ErrorId + " " + e.Message)));
            return list;
        }

        public static void Gzip(string from, string to)
        {
            using (var input = System.IO.File.OpenRead(from))
            using (var output = System.IO.File.Create(to))
            using (var gz = new GZipStream(output, CompressionLevel.Fastest))
                input.CopyTo(gz);
        }
    }

    /// <summary>A temporary folder removed after the test.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder() { Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nhi-activity-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(Path); }
        public string Path { get; }
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }
}
