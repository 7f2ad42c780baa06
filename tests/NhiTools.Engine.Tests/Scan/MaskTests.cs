using NhiTools.Engine.Scan;
using Xunit;

namespace NhiTools.Engine.Tests.Scan
{
    public class MaskTests
    {
        [Theory]
        [InlineData("AKIAQL6VYHTOJI2X4BBE", "AKIA****************(20)")]
        [InlineData("ghp_0123456789abcdefghijklmnopqrstuvwxyz", "ghp_********************************(40)")]
        [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_value_123", "eyJ********************************(50)")]
        public void Shows_only_a_public_type_prefix(string value, string expected)
        {
            Assert.Equal(expected, SecretText.Mask(value));
        }

        [Theory]
        [InlineData("Xn+a/8kQ2vT0zL1mR9pW4yH7cB3eF6gJ5sD2aK1q")] // AWS secret key
        [InlineData("Vq7#mP2!xR9$kL4&nT6*wZ")]                 // password
        [InlineData("kT48Q~abcdefghijklmnopqrstuvwxyz01234567")]   // Entra client secret
        public void Shows_no_character_of_a_secret_without_a_public_prefix(string value)
        {
            var masked = SecretText.Mask(value);
            Assert.StartsWith("*", masked);
            Assert.EndsWith("(" + value.Length + ")", masked);
            Assert.DoesNotContain(value.Substring(0, 2), masked);
        }
    }
}
