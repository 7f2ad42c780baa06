using System.IO;
using System.Linq;
using NhiTools.Engine.Sources.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    public class PagingAndShapeTests
    {
        private const string SpPage =
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals\",{0}\"value\":[{\"id\":\"{1}\",\"appId\":\"{2}\",\"displayName\":\"x\",\"servicePrincipalType\":\"ManagedIdentity\"}]}";

        private static string Page(string next, string id) =>
            SpPage.Replace("{0}", next == null ? "" : "\"@odata.nextLink\":\"" + next + "\",").Replace("{1}", id).Replace("{2}", id.Replace('5', 'a'));

        [Fact]
        public void A_paged_collection_without_its_last_page_is_flagged()
        {
            var p1 = OfflineData.TempFile("sp1.json", Page("https://graph.microsoft.com/v1.0/servicePrincipals?$skiptoken=a", "50000000-0000-0000-0000-000000000001"));
            var host = new RecordingHost();
            Assert.Single(OfflineData.Read(host, null, p1));
            Assert.Contains(host.Warnings, w => w.Contains("GraphServicePrincipals") && w.Contains("incomplete"));

            var p2 = OfflineData.TempFile("sp2.json", Page(null, "50000000-0000-0000-0000-000000000002"));
            host = new RecordingHost();
            Assert.Equal(2, OfflineData.Read(host, null, p1, p2).Count);
            Assert.Empty(host.Warnings);
        }

        [Fact]
        public void A_truncated_authorization_details_page_is_flagged()
        {
            var path = OfflineData.TempFile("auth.json",
                "{\"UserDetailList\":[{\"UserName\":\"u\",\"Arn\":\"arn:aws:iam::123456789012:user/u\",\"CreateDate\":\"2024-01-01T00:00:00Z\"}],\"GroupDetailList\":[],\"RoleDetailList\":[],\"Policies\":[],\"IsTruncated\":true,\"Marker\":\"m\"}");
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, path);
            Assert.Equal("aws:arn:aws:iam::123456789012:user/u", Assert.Single(ids).Id);
            Assert.Contains(host.Warnings, w => w.Contains("authorization-details"));
        }

        [Fact]
        public void Key_vault_rest_list_result_is_read_too()
        {
            var path = OfflineData.TempFile("kv.json",
                "{\"value\":[{\"id\":\"https://kv1.vault.azure.net/secrets/api-key\",\"attributes\":{\"enabled\":true,\"created\":1700000000,\"updated\":1710000000},\"tags\":{\"owner\":\"a@b.c\"}}],\"nextLink\":null}");
            Assert.Equal(OfflineFormat.KeyVaultSecrets, FormatDetector.Detect(path));
            var host = new RecordingHost();
            var s = Assert.Single(OfflineData.Read(host, null, path));
            Assert.Equal("keyvault:kv1/api-key", s.Id);
            Assert.Equal(new[] { "a@b.c" }, s.Owners);
            Assert.Empty(host.Errors);
        }

        [Fact]
        public void A_root_array_of_list_access_keys_outputs()
        {
            var path = OfflineData.TempFile("keys.json",
                "[{\"AccessKeyMetadata\":[{\"UserName\":\"a\",\"AccessKeyId\":\"AKIAAAAAAAAAAAAAAAA1\",\"Status\":\"Active\",\"CreateDate\":\"2024-01-01T00:00:00Z\"}]}," +
                " {\"AccessKeyMetadata\":[{\"UserName\":\"b\",\"AccessKeyId\":\"AKIAAAAAAAAAAAAAAAA2\",\"Status\":\"Inactive\",\"CreateDate\":\"2024-01-01T00:00:00Z\"}]}]");
            Assert.Equal(OfflineFormat.AwsAccessKeys, FormatDetector.Detect(path));
            var host = new RecordingHost();
            var ids = OfflineData.Read(host, null, path);
            // No report or authorization details: the account is unknown, which the user is told.
            Assert.Equal(new[] { "AKIAAAAAAAAAAAAAAAA1", "AKIAAAAAAAAAAAAAAAA2" }, ids.SelectMany(i => i.Credentials).Select(c => c.Id).OrderBy(x => x).ToArray());
            Assert.Equal(2, host.Warnings.Count);
        }

        [Fact]
        public void An_unreadable_file_is_a_read_error_and_the_rest_is_read()
        {
            var locked = OfflineData.TempCopy("good/keyvault/kv-prod-01.json", "locked.json");
            var host = new RecordingHost();
            // FileShare.None takes an exclusive lock (flock on Unix) that .NET readers honour.
            using (new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                var ids = OfflineData.Read(host, null, locked, OfflineData.File("good/keyvault/kv-dev-rest.json"));
                Assert.Equal("keyvault:kv-dev/db-password", Assert.Single(ids).Id);
            }
            var err = Assert.Single(host.Errors);
            Assert.Equal("NhiFileUnreadable", err.ErrorId);
            Assert.Equal(NhiTools.NhiErrorCategory.ReadError, err.Category);
        }
    }
}
