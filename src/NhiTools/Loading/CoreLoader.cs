using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace NhiTools.Loading
{
    /// <summary>
    /// PowerShell 7 only (never touched on 5.1, where this type cannot load). The default context is asked
    /// only for NhiTools.Engine; everything the engine needs then resolves inside <see cref="NhiLoadContext"/>.
    /// </summary>
    internal static class CoreLoader
    {
        private const string EngineName = "NhiTools.Engine";
        private static NhiLoadContext context;
        private static readonly object Gate = new object();

        public static void Register(string dependencyDirectory)
        {
            lock (Gate)
            {
                if (context == null)
                {
                    context = new NhiLoadContext(dependencyDirectory);
                }
            }

            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }

        public static void Unregister() => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

        private static Assembly ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name)
        {
            return name.Name == EngineName ? context.LoadFromAssemblyName(name) : null;
        }
    }

    /// <summary>The private context: the engine and every SDK, from Dependencies/ only.</summary>
    internal sealed class NhiLoadContext : AssemblyLoadContext
    {
        private readonly string directory;
        private readonly HashSet<string> platformAssemblies;

        public NhiLoadContext(string directory)
        {
            this.directory = directory;
            platformAssemblies = ReadPlatformAssemblies();
        }

        protected override Assembly Load(AssemblyName name)
        {
            // Shared with PowerShell: the model types must be the very types the cmdlets see.
            if (name.Name == "NhiTools.Model")
            {
                return typeof(Identity).Assembly;
            }

            // Runtime assemblies (System.Text.Json, System.Memory...) come from the runtime: loading our
            // netstandard copies of framework facades into a private context breaks type identity.
            if (platformAssemblies.Contains(name.Name))
            {
                return null;
            }

            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            foreach (var candidate in NativeCandidates(unmanagedDllName))
            {
                if (File.Exists(candidate))
                {
                    return LoadUnmanagedDllFromPath(candidate);
                }
            }

            return IntPtr.Zero;
        }

        private IEnumerable<string> NativeCandidates(string name)
        {
            var rid = RuntimeIdentifier();
            var fileNames = new List<string> { name };
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                fileNames.Add(name + ".dll");
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                fileNames.Add("lib" + name + ".dylib");
                fileNames.Add(name + ".dylib");
            }
            else
            {
                fileNames.Add("lib" + name + ".so");
                fileNames.Add(name + ".so");
            }

            foreach (var file in fileNames)
            {
                yield return Path.Combine(directory, "runtimes", rid, "native", file);
                yield return Path.Combine(directory, file);
            }
        }

        private static string RuntimeIdentifier()
        {
            string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : IsMusl() ? "linux-musl" : "linux";
            string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            return os + "-" + arch;
        }

        private static bool IsMusl()
        {
            try
            {
                return File.Exists("/etc/alpine-release");
            }
            catch (IOException)
            {
                return false;
            }
        }

        private static HashSet<string> ReadPlatformAssemblies()
        {
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            {
                foreach (var path in tpa.Split(Path.PathSeparator))
                {
                    set.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            return set;
        }
    }
}
