using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Azure.Core;
using NhiTools.Labs.Graph;
using Xunit;
using Xunit.Abstractions;
namespace NhiTools.Labs.Tests.Graph
{
    public class ZzDiag
    {
        private readonly ITestOutputHelper _o; public ZzDiag(ITestOutputHelper o) { _o = o; }
        [Fact]
        public async Task Diag()
        {
            var sw = Stopwatch.StartNew();
            await using var lab = await GraphLab.StartAsync();
            _o.WriteLine("start " + sw.ElapsedMilliseconds);
            var c = GraphTestClient.Credential(lab, GraphLabCredentials.AdminClientId, GraphLabCredentials.AdminClientSecret);
            await c.GetTokenAsync(new TokenRequestContext(new[] { GraphLabCredentials.GraphScope }), default);
            _o.WriteLine("token " + sw.ElapsedMilliseconds);
            await GraphTestClient.Credential(lab, GraphLabCredentials.AdminClientId, GraphLabCredentials.AdminClientSecret).GetTokenAsync(new TokenRequestContext(new[] { GraphLabCredentials.GraphScope }), default);
            _o.WriteLine("token2 " + sw.ElapsedMilliseconds);
            foreach (var e in lab.Log.Entries) _o.WriteLine(e.ToString() + " " + e.Duration.TotalMilliseconds);
        }
    }
}
