using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NhiTools.Engine.Sources.Offline;

namespace NhiTools.Engine.Tests.Offline
{
    internal static class OfflineData
    {
        public static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData", "offline");
        public static string Good => Path.Combine(Dir, "good");
        public static string File(string relative) => Path.Combine(Dir, relative.Replace('/', Path.DirectorySeparatorChar));

        public static List<Identity> Read(RecordingHost host, OfflineOptions options, params string[] paths) =>
            new OfflineSource(host, options).Read(paths).ToList();

        public static Dictionary<string, Identity> ReadGood(out RecordingHost host, OfflineOptions options = null)
        {
            host = new RecordingHost();
            return Read(host, options, Good).ToDictionary(i => i.Id);
        }

        public static string TempCopy(string relative, string newName)
        {
            var dir = Path.Combine(Path.GetTempPath(), "nhi-offline-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var dest = Path.Combine(dir, newName);
            System.IO.File.Copy(File(relative), dest);
            return dest;
        }

        public static string TempFile(string name, string content)
        {
            var dir = Path.Combine(Path.GetTempPath(), "nhi-offline-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var dest = Path.Combine(dir, name);
            System.IO.File.WriteAllText(dest, content);
            return dest;
        }
    }
}
