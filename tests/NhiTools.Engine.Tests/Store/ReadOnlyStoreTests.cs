using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using NhiTools.Engine.Store;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Store
{
    /// <summary>A store whose file and folder cannot be written: reads work, a write is one clear NhiStoreUnavailable.</summary>
    public sealed class ReadOnlyStoreTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "nhistore-ro-" + Guid.NewGuid().ToString("N"));
        private string DbPath => Path.Combine(directory, "nhitools.db");
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        private bool locked;

        [Fact]
        public void A_read_only_store_is_read_and_a_write_names_path_and_reason()
        {
            using (var store = NhiStore.Open(DbPath))
            {
                store.SetOwners("aws:arn:aws:iam::1:user/a", new[] { "alice" }, "t", Now);
                store.Agents.Save(new Agent { Name = "bot", Identities = new[] { "entra:sp:1" } }, "t", Now, out _);
            }

            Lock();
            Assert.Equal(new[] { "alice" }, NhiStore.ReadOwnersIfExists(DbPath)["aws:arn:aws:iam::1:user/a"]);
            Assert.Equal("bot", Assert.Single(NhiStore.ReadAgentsIfExists(DbPath)).Name);
            Assert.Equal(new[] { "nhitools.db" }, Array.ConvertAll(Directory.GetFiles(directory), Path.GetFileName));

            var error = Assert.Throws<NhiException>(() =>
            {
                using (var store = NhiStore.Open(DbPath))
                {
                    store.ChangeOwners("aws:arn:aws:iam::1:user/a", null, new[] { "bob" }, false, "t", Now);
                }
            });
            Assert.Equal("NhiStoreUnavailable", error.ErrorId);
            Assert.Contains(DbPath, error.Message);
            Assert.Contains("read-only", error.Message);
        }

        [Fact]
        public void Reading_a_store_that_does_not_exist_creates_nothing()
        {
            Assert.Empty(NhiStore.ReadOwnersIfExists(DbPath));
            Assert.Empty(NhiStore.ReadAgentsIfExists(DbPath));
            Assert.Null(NhiStore.OpenExisting(DbPath));
            Assert.False(Directory.Exists(directory));
        }

        // root ignores file modes: the immutable attribute stops it too.
        private void Lock()
        {
            locked = true;
            if (IsRoot()) { Run("chattr", "+i", DbPath); Run("chattr", "+i", directory); }
            else { Run("chmod", "a-w", DbPath); Run("chmod", "a-w", directory); }
        }

        private static bool IsRoot() => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && Environment.UserName == "root";

        private static void Run(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file) { UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            using (var p = Process.Start(info)) { p.WaitForExit(); Assert.Equal(0, p.ExitCode); }
        }

        public void Dispose()
        {
            if (locked)
            {
                if (IsRoot()) { Run("chattr", "-i", directory); Run("chattr", "-i", DbPath); }
                else { Run("chmod", "u+w", directory); Run("chmod", "u+w", DbPath); }
            }

            try { Directory.Delete(directory, true); } catch (IOException) { }
        }
    }
}
