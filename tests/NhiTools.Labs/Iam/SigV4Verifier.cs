using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NhiTools.Labs.Iam
{
    /// <summary>The parts of a received HTTP request that SigV4 covers, exactly as they came off the wire.</summary>
    public sealed class ReceivedRequest
    {
        public string Method { get; set; } = "POST";
        /// <summary>The raw (still percent-encoded) path, e.g. "/".</summary>
        public string RawPath { get; set; } = "/";
        /// <summary>The raw query string without the leading '?', or empty.</summary>
        public string RawQuery { get; set; } = "";
        /// <summary>Header name (any case) to its received values.</summary>
        public IDictionary<string, string[]> Headers { get; set; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; } = Array.Empty<byte>();

        public string Header(string name) =>
            Headers.TryGetValue(name, out var v) && v != null && v.Length > 0 ? string.Join(",", v) : null;
    }

    /// <summary>The parsed Authorization header of a SigV4 request.</summary>
    public sealed class SigV4Authorization
    {
        public string AccessKeyId { get; set; }
        public string ScopeDate { get; set; }
        public string Region { get; set; }
        public string Service { get; set; }
        public string[] SignedHeaders { get; set; }
        public string Signature { get; set; }
        public string AmzDate { get; set; }
        public string SecurityToken { get; set; }
    }

    /// <summary>Why a request failed authentication, as AWS would say it.</summary>
    public sealed class SigV4Failure
    {
        public string Code { get; }
        public string Message { get; }
        public int Status { get; }
        public SigV4Failure(string code, int status, string message) { Code = code; Status = status; Message = message; }
    }

    /// <summary>
    /// Recomputes an AWS Signature Version 4 from what the server RECEIVED (method, raw path, raw query,
    /// the signed headers with their received values, the body) and compares it with the one the client sent.
    /// Nothing is taken from the client's own idea of the canonical request.
    /// </summary>
    public static class SigV4Verifier
    {
        public const string Algorithm = "AWS4-HMAC-SHA256";
        public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

        /// <summary>Parses Authorization + X-Amz-Date; null failure means parsed.</summary>
        public static SigV4Failure TryParse(ReceivedRequest req, out SigV4Authorization auth)
        {
            auth = null;
            var header = req.Header("Authorization");
            if (string.IsNullOrEmpty(header))
                return new SigV4Failure("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
            if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
                return new SigV4Failure("IncompleteSignature", 400, "Unsupported AWS 'algorithm': '" + header.Split(' ')[0] + "'");
            var parts = header.Substring(Algorithm.Length + 1)
                .Split(',').Select(p => p.Trim()).Where(p => p.Length > 0)
                .Select(p => { var i = p.IndexOf('='); return i < 0 ? new[] { p, "" } : new[] { p.Substring(0, i), p.Substring(i + 1) }; })
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            if (!parts.TryGetValue("Credential", out var cred) || !parts.TryGetValue("SignedHeaders", out var sh) || !parts.TryGetValue("Signature", out var sig))
                return new SigV4Failure("IncompleteSignature", 400, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
            var scope = cred.Split('/');
            if (scope.Length != 5 || scope[4] != "aws4_request")
                return new SigV4Failure("IncompleteSignature", 400, "Credential should be scoped to a valid region, not '" + cred + "'.");
            var amzDate = req.Header("X-Amz-Date");
            if (string.IsNullOrEmpty(amzDate))
                return new SigV4Failure("IncompleteSignature", 400, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            auth = new SigV4Authorization
            {
                AccessKeyId = scope[0], ScopeDate = scope[1], Region = scope[2], Service = scope[3],
                SignedHeaders = sh.Split(';'), Signature = sig, AmzDate = amzDate,
                SecurityToken = req.Header("X-Amz-Security-Token"),
            };
            return null;
        }

        /// <summary>Checks date, scope and signature; null means the request is authentic for this secret.</summary>
        public static SigV4Failure Verify(ReceivedRequest req, SigV4Authorization auth, string secretAccessKey, DateTimeOffset now)
        {
            if (!DateTime.TryParseExact(auth.AmzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
                return new SigV4Failure("IncompleteSignature", 400, "Date must be in ISO-8601 'basic format'. Got '" + auth.AmzDate + "'.");
            var signedAtOffset = new DateTimeOffset(signedAt, TimeSpan.Zero);
            if ((now - signedAtOffset).Duration() > MaxSkew)
                return new SigV4Failure("RequestExpired", 400,
                    "Request has expired. Signed at " + auth.AmzDate + ", server time " + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".");
            if (auth.ScopeDate != auth.AmzDate.Substring(0, 8))
                return new SigV4Failure("SignatureDoesNotMatch", 403,
                    "Credential should be scoped to a valid date, not '" + auth.ScopeDate + "'.");
            if (!auth.SignedHeaders.Contains("host"))
                return new SigV4Failure("SignatureDoesNotMatch", 403, "'Host' must be a 'SignedHeader' in the AWS Authorization.");

            var canonical = CanonicalRequest(req, auth.SignedHeaders);
            var scope = auth.ScopeDate + "/" + auth.Region + "/" + auth.Service + "/aws4_request";
            var stringToSign = Algorithm + "\n" + auth.AmzDate + "\n" + scope + "\n" + Hex(Sha256(Encoding.UTF8.GetBytes(canonical)));
            var key = SigningKey(secretAccessKey, auth.ScopeDate, auth.Region, auth.Service);
            var expected = Hex(Hmac(key, Encoding.UTF8.GetBytes(stringToSign)));
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature ?? "")))
                return new SigV4Failure("SignatureDoesNotMatch", 403,
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
            return null;
        }

        /// <summary>The canonical request built from the received bytes. Public so tests can show what was signed.</summary>
        public static string CanonicalRequest(ReceivedRequest req, IEnumerable<string> signedHeaders)
        {
            var names = signedHeaders.Select(h => h.ToLowerInvariant()).OrderBy(h => h, StringComparer.Ordinal).ToList();
            var sb = new StringBuilder();
            sb.Append(req.Method.ToUpperInvariant()).Append('\n');
            sb.Append(CanonicalPath(req.RawPath)).Append('\n');
            sb.Append(CanonicalQuery(req.RawQuery)).Append('\n');
            foreach (var n in names)
                sb.Append(n).Append(':').Append(CanonicalHeaderValue(req.Headers.TryGetValue(n, out var v) ? v : null)).Append('\n');
            sb.Append('\n');
            sb.Append(string.Join(";", names)).Append('\n');
            sb.Append(PayloadHash(req));
            return sb.ToString();
        }

        // The hash of the body actually received: a client's x-amz-content-sha256 is NOT trusted, so a body changed
        // in flight breaks the signature even when the header still carries the old hash.
        static string PayloadHash(ReceivedRequest req)
        {
            var claimed = req.Header("X-Amz-Content-SHA256");
            if (claimed == "UNSIGNED-PAYLOAD") return claimed;
            return Hex(Sha256(req.Body ?? Array.Empty<byte>()));
        }

        static string CanonicalPath(string rawPath)
        {
            if (string.IsNullOrEmpty(rawPath)) return "/";
            // Non-S3 services: each segment URI-encoded (the SDK encodes the already-encoded path once more).
            return string.Join("/", rawPath.Split('/').Select(s => UriEncode(s)));
        }

        static string CanonicalQuery(string rawQuery)
        {
            if (string.IsNullOrEmpty(rawQuery)) return "";
            var pairs = rawQuery.TrimStart('?').Split('&').Where(p => p.Length > 0).Select(p =>
            {
                var i = p.IndexOf('=');
                var k = FormDecode(i < 0 ? p : p.Substring(0, i));
                var v = i < 0 ? "" : FormDecode(p.Substring(i + 1));
                return (K: UriEncode(k), V: UriEncode(v));
            });
            return string.Join("&", pairs.OrderBy(p => p.K, StringComparer.Ordinal).ThenBy(p => p.V, StringComparer.Ordinal).Select(p => p.K + "=" + p.V));
        }

        static string CanonicalHeaderValue(string[] values)
        {
            if (values == null) return "";
            return string.Join(",", values.Select(v => CollapseSpaces(v.Trim())));
        }

        static string CollapseSpaces(string s)
        {
            var sb = new StringBuilder(s.Length);
            bool space = false;
            foreach (var c in s)
            {
                if (c == ' ') { if (!space) sb.Append(c); space = true; }
                else { sb.Append(c); space = false; }
            }
            return sb.ToString();
        }

        static string FormDecode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

        /// <summary>RFC 3986 encoding: unreserved characters stay, everything else is %XX (upper case) of its UTF-8 bytes.</summary>
        public static string UriEncode(string s)
        {
            var sb = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(s))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                    sb.Append(c);
                else
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        public static byte[] SigningKey(string secret, string date, string region, string service)
        {
            var k = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
            k = Hmac(k, Encoding.UTF8.GetBytes(region));
            k = Hmac(k, Encoding.UTF8.GetBytes(service));
            return Hmac(k, Encoding.UTF8.GetBytes("aws4_request"));
        }

        static byte[] Hmac(byte[] key, byte[] data) { using (var h = new HMACSHA256(key)) return h.ComputeHash(data); }
        static byte[] Sha256(byte[] data) { using (var h = SHA256.Create()) return h.ComputeHash(data); }
        static string Hex(byte[] b) => string.Concat(b.Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
