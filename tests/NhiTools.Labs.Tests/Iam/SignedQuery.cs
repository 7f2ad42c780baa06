using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace NhiTools.Labs.Tests.Iam
{
    /// <summary>A query-protocol response: status and XML, with the error code if any.</summary>
    internal sealed class QueryResponse
    {
        public int Status { get; set; }
        public XDocument Xml { get; set; }
        public string Body { get; set; }
        public static readonly XNamespace Iam = "https://iam.amazonaws.com/doc/2010-05-08/";

        public string ErrorCode => Xml.Root?.Name.LocalName == "ErrorResponse" ? Xml.Root.Element(Iam + "Error")?.Element(Iam + "Code")?.Value : null;
        public XElement Result => Xml.Root?.Elements().FirstOrDefault(e => e.Name.LocalName.EndsWith("Result", StringComparison.Ordinal));
        public string Value(string name) => Result?.Element(Iam + name)?.Value;
        public IEnumerable<XElement> Members(string list) => Result?.Element(Iam + list)?.Elements(Iam + "member") ?? Enumerable.Empty<XElement>();
    }

    /// <summary>
    /// Sends IAM query requests signed by AWSSDK.Core's public SigV4 signer (Amazon.Runtime.Signing.AWSSigV4Signer),
    /// the same signer NhiTools' own IAM client uses. Can tamper with the body after signing.
    /// </summary>
    internal sealed class SignedQuery : IDisposable
    {
        const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
        readonly HttpClient _http = new HttpClient();
        readonly string _baseUrl;

        public SignedQuery(string baseUrl) { _baseUrl = baseUrl; }

        public static string Encode(IEnumerable<KeyValuePair<string, string>> form) =>
            string.Join("&", form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

        public Task<QueryResponse> SendAsync(string accessKey, string secret, string action, params (string Key, string Value)[] parameters) =>
            SendAsync(accessKey, secret, Form(action, parameters));

        public static List<KeyValuePair<string, string>> Form(string action, params (string Key, string Value)[] parameters)
        {
            var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2010-05-08") };
            form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
            return form;
        }

        public async Task<QueryResponse> SendAsync(string accessKey, string secret, List<KeyValuePair<string, string>> form,
            string service = "iam", string region = "us-east-1", DateTime? signedAt = null, Func<byte[], byte[]> tamper = null)
        {
            var body = Encoding.UTF8.GetBytes(Encode(form));
            var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri(_baseUrl + "/"), Content = body };
            signing.Headers["Content-Type"] = FormContentType;
            var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
            {
                Credentials = new BasicAWSCredentials(accessKey, secret),
                Region = RegionEndpoint.GetBySystemName(region),
                Service = service,
                SignPayload = true,
                SignedAt = signedAt,
            }, default);

            var sent = tamper == null ? body : tamper(body);
            using var msg = new HttpRequestMessage(HttpMethod.Post, _baseUrl + "/") { Content = new ByteArrayContent(sent) };
            msg.Content.Headers.TryAddWithoutValidation("Content-Type", FormContentType);
            foreach (var h in signed.Headers)
            {
                if (h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
                msg.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            using var resp = await _http.SendAsync(msg);
            var text = await resp.Content.ReadAsStringAsync();
            return new QueryResponse { Status = (int)resp.StatusCode, Body = text, Xml = XDocument.Parse(text) };
        }

        public void Dispose() => _http.Dispose();
    }
}
