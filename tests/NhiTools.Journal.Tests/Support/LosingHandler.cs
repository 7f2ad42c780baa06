using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace NhiTools.Journal.Tests.Support
{
    /// <summary>
    /// Sends every request to the server, but for the next requests that match, throws away the server's answer and
    /// reports a dropped connection instead: the write committed, the client never heard (reliability.md §8).
    /// </summary>
    public sealed class LosingHandler : DelegatingHandler
    {
        int _toLose;
        Func<HttpRequestMessage, bool> _match = _ => false;

        public int Lost;
        public int Sent;

        public LosingHandler() : base(new HttpClientHandler()) { }

        /// <summary>Lose the answers of the next <paramref name="count"/> requests that match.</summary>
        public void LoseNext(Func<HttpRequestMessage, bool> match, int count = 1)
        {
            _match = match;
            Volatile.Write(ref _toLose, count);
        }

        // The SDK's synchronous methods come through Send, the asynchronous ones through SendAsync.
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Answer(request, base.Send(request, cancellationToken));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Answer(request, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));

        HttpResponseMessage Answer(HttpRequestMessage request, HttpResponseMessage response)
        {
            Interlocked.Increment(ref Sent);
            if (Volatile.Read(ref _toLose) > 0 && _match(request) && Interlocked.Decrement(ref _toLose) >= 0)
            {
                Interlocked.Increment(ref Lost);
                response.Dispose();
                throw new HttpRequestException("The connection was reset (simulated: the server committed, its answer was lost).");
            }
            return response;
        }

        /// <summary>A write: anything but a GET.</summary>
        public static bool IsWrite(HttpRequestMessage request) => request.Method != HttpMethod.Get;
    }
}
