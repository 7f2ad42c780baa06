using System;
using System.IO;
using Xunit;

namespace NhiTools.Engine.Tests.Support
{
    /// <summary>A fact that runs only where headless Chromium is installed; elsewhere it is reported as skipped, with the reason.</summary>
    public sealed class ChromiumFactAttribute : FactAttribute
    {
        public ChromiumFactAttribute()
        {
            if (Chromium.Path == null)
                Skip = "Chromium not found (looked for NHITOOLS_CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome). Install it with: apt-get install -y chromium";
        }
    }

    public static class Chromium
    {
        public static string Path
        {
            get
            {
                string env = Environment.GetEnvironmentVariable("NHITOOLS_CHROMIUM");
                if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
                foreach (string p in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
                    if (File.Exists(p)) return p;
                return null;
            }
        }
    }
}
