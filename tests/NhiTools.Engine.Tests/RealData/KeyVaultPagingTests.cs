using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Sources.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>
    /// Real Key Vault GET /secrets pages (azure-sdk-for-js recording; TestData/real/PROVENANCE.md): a page of seven
    /// secrets with a nextLink, then an empty page that still has a nextLink, as real vaults return.
    /// </summary>
    public class KeyVaultPagingTests
    {
        private static string Dir => Path.Combine(AppContext.BaseDirectory, "TestData", "real", "keyvault");

        [Fact]
        public void A_page_with_a_next_link_and_no_last_page_warns_that_the_list_is_incomplete()
        {
            var host = new RecordingHost();
            var ids = new OfflineSource(host).Read(new[] { Path.Combine(Dir, "page1.json") }).ToList();
            Assert.Equal(7, ids.Count);
            Assert.Contains(host.Warnings, w => w.Contains("Key Vault secret list of keyvault_name") && w.Contains("incomplete"));
        }

        [Fact]
        public void An_empty_page_with_a_next_link_is_read_as_a_vault_page_not_skipped()
        {
            var host = new RecordingHost();
            var ids = new OfflineSource(host).Read(new[] { Path.Combine(Dir, "page2-empty.json") }).ToList();
            Assert.Empty(ids);
            Assert.Empty(host.Errors);
            Assert.Contains(host.Warnings, w => w.Contains("Key Vault secret list of keyvault_name") && w.Contains("incomplete"));
        }

        [Fact]
        public void The_last_page_without_a_next_link_completes_the_list()
        {
            var dir = Path.Combine(Path.GetTempPath(), "nhi-kvpages-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            File.Copy(Path.Combine(Dir, "page1.json"), Path.Combine(dir, "page1.json"));
            File.Copy(Path.Combine(Dir, "page2-empty.json"), Path.Combine(dir, "page2.json"));
            // The final page as the service ends a list: "nextLink": null.
            File.WriteAllText(Path.Combine(dir, "page3.json"), "{\"value\":[],\"nextLink\":null}");
            File.WriteAllText(Path.Combine(dir, "page3b.json"), "{\"value\":[{\"id\":\"https://keyvault_name.vault.azure.net/secrets/last-one\",\"attributes\":{\"enabled\":true,\"created\":1580503800,\"updated\":1580503800}}],\"nextLink\":null}");
            var host = new RecordingHost();
            var ids = new OfflineSource(host).Read(new[] { dir }).ToList();
            Assert.Equal(8, ids.Count);
            Assert.DoesNotContain(host.Warnings, w => w.Contains("incomplete"));
        }
    }
}
