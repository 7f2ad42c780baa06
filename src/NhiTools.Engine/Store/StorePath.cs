using System;
using System.IO;
using System.Runtime.InteropServices;

namespace NhiTools.Engine.Store
{
    /// <summary>Where the store lives: -StorePath, else NHITOOLS_STORE, else the per-user default.</summary>
    public static class StorePath
    {
        public const string EnvironmentVariable = "NHITOOLS_STORE";

        public static string Resolve(string explicitPath)
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                return Path.GetFullPath(explicitPath);
            }

            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            return string.IsNullOrWhiteSpace(fromEnvironment) ? Default() : Path.GetFullPath(fromEnvironment);
        }

        public static string Default()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "NhiTools", "nhitools.db");
            }

            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            return Path.Combine(home, ".nhitools", "nhitools.db");
        }
    }
}
