using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace NhiTools.Loading
{
    /// <summary>
    /// Runs on Import-Module. The engine and every SDK live in Dependencies/; on PowerShell 7 they load into a
    /// private AssemblyLoadContext (so Az.Accounts or Microsoft.Graph modules with other Azure.Core/MSAL/Kiota
    /// versions coexist), on Windows PowerShell 5.1 (no ALC) they load from Dependencies/ by path.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location);
        internal static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies");

        private static readonly bool IsCore = RuntimeIsCore();

        public void OnImport()
        {
            if (IsCore)
            {
                CoreLoader.Register(DependencyDirectory);
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencies;
                PreloadNativeSqlite();
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsCore)
            {
                CoreLoader.Unregister();
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencies;
            }
        }

        // Windows PowerShell 5.1: answer only for files we ship, so we never hijack other modules' loads.
        private static Assembly ResolveFromDependencies(object sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name == "NhiTools.Model")
            {
                return typeof(Identity).Assembly;
            }

            var path = Path.Combine(DependencyDirectory, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        // .NET Framework probes native libraries next to powershell.exe, not in Dependencies/: load SQLite by full
        // path once, and the provider's DllImport("e_sqlite3") then binds to the module already in the process.
        private static void PreloadNativeSqlite()
        {
            var arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            var path = Path.Combine(DependencyDirectory, "runtimes", "win-" + arch, "native", "e_sqlite3.dll");
            if (File.Exists(path))
            {
                NativeMethods.LoadLibrary(path);
            }
        }

        private static class NativeMethods
        {
            [System.Runtime.InteropServices.DllImport("kernel32", CharSet = System.Runtime.InteropServices.CharSet.Unicode, SetLastError = true)]
            internal static extern IntPtr LoadLibrary(string path);
        }

        private static bool RuntimeIsCore()
        {
            var description = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
            return !description.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);
        }
    }
}
