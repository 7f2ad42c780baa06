using System.IO;
using System.Text;
using NhiTools.Engine.Sources.Offline;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Offline
{
    public class FormatDetectorTests
    {
        [Theory]
        [InlineData("good/aws/credential-report.csv", OfflineFormat.AwsCredentialReport)]
        [InlineData("good/aws/old-report-16.csv", OfflineFormat.AwsCredentialReport)]
        [InlineData("good/aws/authorization-details.json", OfflineFormat.AwsAuthorizationDetails)]
        [InlineData("good/aws/keys-svc-billing.json", OfflineFormat.AwsAccessKeys)]
        [InlineData("good/aws/keys-loop.json", OfflineFormat.AwsAccessKeys)]
        [InlineData("good/entra/applications.json", OfflineFormat.GraphApplications)]
        [InlineData("good/entra/servicePrincipals-page1.json", OfflineFormat.GraphServicePrincipals)]
        [InlineData("good/entra/servicePrincipals-page2.json", OfflineFormat.GraphServicePrincipals)] // no @odata.context: by item shape
        [InlineData("good/entra/users.json", OfflineFormat.GraphUsers)]
        [InlineData("good/entra/oauth2PermissionGrants.json", OfflineFormat.GraphOAuth2PermissionGrants)]
        [InlineData("good/entra/sp-signins.json", OfflineFormat.GraphServicePrincipalSignInActivities)]
        [InlineData("good/entra/cred-signins.json", OfflineFormat.GraphAppCredentialSignInActivities)]
        [InlineData("good/keyvault/kv-prod-01.json", OfflineFormat.KeyVaultSecrets)]
        [InlineData("good/keyvault/kv-dev-rest.json", OfflineFormat.KeyVaultSecrets)]
        [InlineData("bad/unknown.json", OfflineFormat.Unknown)]
        [InlineData("bad/notes.txt", OfflineFormat.Unknown)]
        public void Detects_each_format_by_content(string file, OfflineFormat expected)
        {
            Assert.Equal(expected, FormatDetector.Detect(OfflineData.File(file)));
        }

        [Fact]
        public void Names_and_extensions_do_not_matter()
        {
            Assert.Equal(OfflineFormat.AwsCredentialReport, FormatDetector.Detect(OfflineData.TempCopy("good/aws/credential-report.csv", "report.json")));
            Assert.Equal(OfflineFormat.GraphApplications, FormatDetector.Detect(OfflineData.TempCopy("good/entra/applications.json", "servicePrincipals.csv")));
            Assert.Equal(OfflineFormat.KeyVaultSecrets, FormatDetector.Detect(OfflineData.TempCopy("good/keyvault/kv-prod-01.json", "noextension")));
        }

        [Theory]
        [InlineData("$metadata#servicePrincipals", OfflineFormat.GraphServicePrincipals)]
        [InlineData("https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,passwordCredentials)", OfflineFormat.GraphApplications)]
        [InlineData("https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('5b0c')/appRoleAssignments", OfflineFormat.GraphAppRoleAssignments)]
        [InlineData("https://graph.microsoft.com/beta/$metadata#reports/appCredentialSignInActivities", OfflineFormat.GraphAppCredentialSignInActivities)]
        [InlineData("https://graph.microsoft.com/v1.0/$metadata#groups", OfflineFormat.Unknown)]
        public void Reads_the_odata_context(string context, OfflineFormat expected)
        {
            var json = "{\"@odata.context\":\"" + context + "\",\"value\":[{\"id\":\"1\"}]}";
            Assert.Equal(expected, FormatDetector.Detect(OfflineData.TempFile("c.json", json)));
        }

        [Fact]
        public void Malformed_json_names_the_line()
        {
            var path = OfflineData.TempFile("m.json", "{\n  \"value\": [\n    {\"appId\": \"x\" \"displayName\": \"a\"}\n  ]\n}\n");
            var ex = Assert.Throws<NhiException>(() => FormatDetector.Detect(path));
            Assert.Equal("NhiMalformedInput", ex.ErrorId);
            Assert.Equal(NhiErrorCategory.InvalidData, ex.Category);
            Assert.Contains("line 3", ex.Message);
        }

        [Fact]
        public void Missing_file_is_path_not_found()
        {
            var ex = Assert.Throws<NhiException>(() => FormatDetector.Detect(Path.Combine(OfflineData.Dir, "nope.json")));
            Assert.Equal("NhiPathNotFound", ex.ErrorId);
            Assert.Equal(NhiErrorCategory.ObjectNotFound, ex.Category);
        }

        [Fact]
        public void Utf16_output_of_windows_powershell_redirection_is_read()
        {
            var text = File.ReadAllText(OfflineData.File("good/aws/keys-svc-billing.json"));
            var path = OfflineData.TempFile("keys.json", "");
            File.WriteAllText(path, text, Encoding.Unicode); // UTF-16 LE with BOM, as `> file` in PowerShell 5.1
            Assert.Equal(OfflineFormat.AwsAccessKeys, FormatDetector.Detect(path));
        }

        [Fact]
        public void Empty_collections_and_empty_files()
        {
            Assert.Equal(OfflineFormat.Empty, FormatDetector.Detect(OfflineData.TempFile("a.json", "[]")));
            Assert.Equal(OfflineFormat.Empty, FormatDetector.Detect(OfflineData.TempFile("b.json", "{\"value\":[]}")));
            Assert.Equal(OfflineFormat.GraphApplications, FormatDetector.Detect(OfflineData.TempFile("c.json", "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#applications\",\"value\":[]}")));
            Assert.Equal(OfflineFormat.Unknown, FormatDetector.Detect(OfflineData.TempFile("d.json", "")));
        }
    }
}
