using System;
using System.IO;
using System.Linq;
using NhiTools.Engine.Sources.Offline;
using Xunit;

namespace NhiTools.Engine.Tests.RealData
{
    /// <summary>
    /// Graph's documented servicePrincipalSignInActivities response (provenance in TestData/real/PROVENANCE.md): the
    /// app's last use is its own sign-in as a client (2021-03-01), not the later token issued FOR it as a resource
    /// (2021-04-01, which lastSignInActivity repeats).
    /// </summary>
    public class EntraLastUseTests
    {
        [Fact]
        public void Last_use_is_the_client_sign_in_never_the_resource_one()
        {
            var dir = Path.Combine(Path.GetTempPath(), "nhi-entra-lastuse-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "real", "graph", "servicePrincipalSignInActivities.json"), Path.Combine(dir, "sp-signins.json"));
            // The service principal the report is about (synthetic: the docs give no matching list).
            File.WriteAllText(Path.Combine(dir, "sps.json"), "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#servicePrincipals\",\"value\":[" +
                "{\"id\":\"0a1b2c3d-0000-4000-8000-000000000001\",\"appId\":\"83f45296-fb8f-4aaa-a399-ac51084e02b7\",\"displayName\":\"app-reporting\",\"servicePrincipalType\":\"Application\",\"accountEnabled\":true," +
                "\"appOwnerOrganizationId\":\"11111111-2222-3333-4444-555555555555\",\"keyCredentials\":[],\"passwordCredentials\":[]}]}");
            var host = new RecordingHost();
            var id = Assert.Single(new OfflineSource(host).Read(new[] { dir }));
            Assert.Equal(new DateTime(2021, 3, 1, 8, 0, 0, DateTimeKind.Utc), id.LastUsedOn);
        }
    }
}
