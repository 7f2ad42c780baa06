using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace NhiTools.Journal.Tests.Support
{
    /// <summary>
    /// Starts Azurite's Table service (installed by build.ps1 from tools/azurite) on a free loopback port, in memory,
    /// waits until it answers, and stops it (the whole process tree) when the tests are done. Shared by every test
    /// of the "Azurite" collection; each test uses its own table.
    /// </summary>
    public sealed class AzuriteFixture : IDisposable
    {
        // Azurite's well-known development account: public test values, documented by Microsoft.
        public const string AccountName = "devstoreaccount1";
        public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

        readonly Process _process;
        readonly string _workDir;
        readonly StringBuilder _output = new StringBuilder();
        static int _tables;

        public int Port { get; }
        public string TableEndpoint => "http://127.0.0.1:" + Port + "/" + AccountName;

        public AzuriteFixture()
        {
            string main = FindAzurite();
            _workDir = Path.Combine(Path.GetTempPath(), "nhitools-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_workDir);
            Exception last = null;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                // Azurite reports port 0 as ":0" and gives no way to learn the real one: pick a free port ourselves,
                // and try another if someone takes it between our check and Azurite's bind.
                int port = FreePort();
                var process = Start(main, port);
                try
                {
                    WaitUntilAnswering(process, port, TimeSpan.FromSeconds(60));
                    _process = process;
                    Port = port;
                    return;
                }
                catch (Exception e)
                {
                    last = e;
                    Stop(process);
                }
            }
            throw new InvalidOperationException("Azurite did not start: " + last?.Message + Environment.NewLine + _output);
        }

        /// <summary>A connection string to a table of its own (a fresh, valid table name per call).</summary>
        public string ConnectionString(string tableName = null) =>
            "DefaultEndpointsProtocol=http;AccountName=" + AccountName + ";AccountKey=" + AccountKey + ";TableEndpoint=" + TableEndpoint +
            ";TableName=" + (tableName ?? NewTableName());

        public static string NewTableName() => "journal" + Interlocked.Increment(ref _tables) + Guid.NewGuid().ToString("N").Substring(0, 8);

        Process Start(string main, int port)
        {
            var psi = new ProcessStartInfo("node")
            {
                WorkingDirectory = _workDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { main, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(), "--inMemoryPersistence",
                         "--skipApiVersionCheck", "--disableTelemetry", "--silent" })
                psi.ArgumentList.Add(arg);
            var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_output) _output.AppendLine(e.Data); };
            if (!process.Start()) throw new InvalidOperationException("node could not be started.");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

        static void WaitUntilAnswering(Process process, int port, TimeSpan timeout)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited) throw new InvalidOperationException("Azurite exited with code " + process.ExitCode + ".");
                try
                {
                    // Any HTTP answer (403 without a signature) means the table service is up.
                    using var response = http.GetAsync("http://127.0.0.1:" + port + "/" + AccountName + "/Tables").GetAwaiter().GetResult();
                    if (response.StatusCode != 0) return;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                Thread.Sleep(200);
            }
            throw new TimeoutException("Azurite did not answer on port " + port + " within " + timeout.TotalSeconds + " s.");
        }

        static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>tools/azurite/node_modules/azurite/dist/src/table/main.js, found upwards from the test output.</summary>
        static string FindAzurite()
        {
            string env = Environment.GetEnvironmentVariable("NHITOOLS_AZURITE_TABLE");
            if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tools", "azurite", "node_modules", "azurite", "dist", "src", "table", "main.js");
                if (File.Exists(candidate)) return candidate;
                if (File.Exists(Path.Combine(dir.FullName, "tools", "azurite", "package.json")))
                    throw new InvalidOperationException("Azurite is not installed: run `dotnet pwsh ./build.ps1 -Task Test` (it runs `npm ci` in tools/azurite), or `npm ci` in " + Path.Combine(dir.FullName, "tools", "azurite") + ".");
            }
            throw new InvalidOperationException("tools/azurite was not found above " + AppContext.BaseDirectory + ".");
        }

        static void Stop(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10000);
                }
            }
            catch (InvalidOperationException) { }
            finally { process.Dispose(); }
        }

        public void Dispose()
        {
            if (_process != null) Stop(_process);
            try { Directory.Delete(_workDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [CollectionDefinition("Azurite")]
    public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture> { }
}
