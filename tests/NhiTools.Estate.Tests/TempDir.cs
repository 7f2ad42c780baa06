using System;
using System.IO;

namespace NhiTools.Estate.Tests
{
    internal sealed class TempDir : IDisposable
    {
        public TempDir() { Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nhi-estate-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(Path); }
        public string Path { get; }
        public string File(string relative) => System.IO.Path.Combine(Path, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }

    internal static class Repo
    {
        /// <summary>The repository root (where NhiTools.sln is), found from the test binaries.</summary>
        public static string Root
        {
            get
            {
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d != null && !System.IO.File.Exists(System.IO.Path.Combine(d.FullName, "NhiTools.sln"))) d = d.Parent;
                if (d == null) throw new InvalidOperationException("Repository root (NhiTools.sln) not found above " + AppContext.BaseDirectory);
                return d.FullName;
            }
        }

        public static string Path(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));
    }
}
