using System;
using System.Collections.Generic;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;
using Xunit;

namespace NhiTools.Engine.Tests.Identifiers
{
    /// <summary>Owner and purpose routing is decided in the engine from a typed origin, not a prefix the cmdlet parses.</summary>
    public class WriteRoutingTests
    {
        private sealed class FakeSource : ILiveSource, IOwnerWriter, IPurposeWriter
        {
            public FakeSource(string provider, bool holdsPurpose = true) { Provider = provider; _holds = holdsPurpose; }
            private readonly bool _holds;
            public string Provider { get; }
            public string Description => Provider;
            public IEnumerable<Identity> Read(IHostContext host, LiveReadOptions options) => Array.Empty<Identity>();
            public string[] SetOwners(Identity identity, IReadOnlyList<string> owners, bool replace, IHostContext host) => throw new NotSupportedException();
            public bool HoldsPurpose(Identity identity) => _holds;
            public string SetPurpose(Identity identity, string purpose, IHostContext host) => throw new NotSupportedException();
        }

        private static Identity Read(string provider, string source) => new Identity { Id = "x", Provider = provider, Source = new[] { source } };

        [Theory]
        [InlineData("live:entra:https://graph.microsoft.com/v1.0", "entra", "https://graph.microsoft.com/v1.0")]
        [InlineData("LIVE:aws:http://127.0.0.1:5100/", "aws", "http://127.0.0.1:5100/")] // as stored by older versions
        [InlineData("live:keyvault:https://kv-prod.vault.azure.net/", "keyvault", "https://kv-prod.vault.azure.net/")]
        public void A_live_source_entry_reads_back_as_its_origin(string source, string provider, string endpoint)
        {
            var origin = IdentityOrigin.Parse(source);
            Assert.Equal((provider, endpoint), (origin.Provider, origin.Endpoint));
            Assert.Equal(IdentityOrigin.Live(provider, endpoint), IdentityOrigin.Live(origin.Provider, origin.Endpoint));
        }

        [Theory]
        [InlineData("/data/estate/applications.json")]
        [InlineData(@"C:\exports\credential-report.csv")]
        [InlineData("liveexport.json")]
        [InlineData(null)]
        public void A_file_is_not_a_live_origin(string source) => Assert.Null(IdentityOrigin.Parse(source));

        [Fact]
        public void Owners_go_to_the_connected_source_only_for_identities_it_yielded()
        {
            var entra = new FakeSource("Entra");
            Func<string, ILiveSource> connected = p => string.Equals(p, "Entra", StringComparison.OrdinalIgnoreCase) ? entra : null;

            Assert.Same(entra, WriteRouting.OwnerWriter(Read("Entra", IdentityOrigin.Live("Entra", "https://graph.microsoft.com/v1.0")), connected));
            // Read from an export: the store, even with Entra connected.
            Assert.Null(WriteRouting.OwnerWriter(Read("Entra", "/exports/applications.json"), connected));
            // Read live from AWS, AWS not connected now: the store.
            Assert.Null(WriteRouting.OwnerWriter(Read("Aws", IdentityOrigin.Live("aws", "https://iam.amazonaws.com/")), connected));
            // A provider that says Entra on an identity whose origin is another provider's: not written to Entra.
            Assert.Null(WriteRouting.OwnerWriter(Read("Entra", IdentityOrigin.Live("aws", "https://iam.amazonaws.com/")), connected));
            Assert.Null(WriteRouting.OwnerWriter(new Identity { Id = "x", Provider = "Entra", Source = null }, connected));
        }

        [Fact]
        public void Purpose_goes_to_the_source_only_where_it_can_hold_it()
        {
            var holds = new FakeSource("Aws");
            var cannot = new FakeSource("Aws", holdsPurpose: false);
            var live = Read("Aws", IdentityOrigin.Live("aws", "https://iam.amazonaws.com/"));
            Assert.Same(holds, WriteRouting.PurposeWriter(live, _ => holds));
            Assert.Null(WriteRouting.PurposeWriter(live, _ => cannot));
            Assert.Null(WriteRouting.PurposeWriter(Read("Aws", "/exports/credential-report.csv"), _ => holds));
        }
    }
}
