using NhiTools.Engine.Sources;
using NhiTools.Engine.Sources.Entra;
using NhiTools.Engine.Sources.KeyVault;
using Xunit;

namespace NhiTools.Engine.Tests.Identifiers
{
    /// <summary>Graph (Entra) and Azure (Key Vault) failures map to error categories through one mapper.</summary>
    public class ErrorCategoryTests
    {
        [Theory]
        [InlineData(0)]
        [InlineData(400)]
        [InlineData(401)]
        [InlineData(403)]
        [InlineData(404)]
        [InlineData(409)]
        [InlineData(418)]
        [InlineData(429)]
        [InlineData(500)]
        [InlineData(503)]
        public void Entra_and_Key_Vault_give_the_same_category_for_a_status(int status)
        {
            Assert.Equal(HttpStatusCategory.Of(status), EntraErrors.Category(status));
            Assert.Equal(HttpStatusCategory.Of(status), KeyVaultErrors.Category(status));
        }

        [Fact]
        public void A_conflict_is_an_existing_resource_and_no_answer_a_connection_error()
        {
            Assert.Equal(NhiTools.NhiErrorCategory.ResourceExists, HttpStatusCategory.Of(409));
            Assert.Equal(NhiTools.NhiErrorCategory.ConnectionError, HttpStatusCategory.Of(0));
            Assert.Equal(NhiTools.NhiErrorCategory.ResourceUnavailable, HttpStatusCategory.Of(502));
        }
    }
}
