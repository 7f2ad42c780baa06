using System;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NhiTools.Labs.Graph.OData
{
    /// <summary>
    /// The system query options of one Graph request, validated as Graph does: $top 1..999 (default 100),
    /// $count=true only with ConsistencyLevel: eventual, $skip/$orderby/$search rejected, opaque $skiptoken.
    /// </summary>
    public sealed class ODataQuery
    {
        public const int DefaultTop = 100;
        public const int MaxTop = 999;

        public int Top { get; private set; } = DefaultTop;
        /// <summary>$select names as given (null when absent).</summary>
        public string[] Select { get; private set; }
        public string Filter { get; private set; }
        public string[] Expand { get; private set; }
        public bool Count { get; private set; }
        /// <summary>Sequence after which this page starts (0 on the first page).</summary>
        public long SkipAfter { get; private set; }
        public bool IsFirstPage => SkipAfter == 0;
        /// <summary>Advanced query: ConsistencyLevel: eventual and $count=true on the first page (remembered by the skiptoken).</summary>
        public bool Advanced { get; private set; }
        public bool ConsistencyEventual { get; private set; }

        public static ODataQuery Parse(HttpRequest request)
        {
            var q = new ODataQuery();
            q.ConsistencyEventual = string.Equals(request.Headers["ConsistencyLevel"].ToString().Trim(), "eventual", StringComparison.OrdinalIgnoreCase);
            var query = request.Query;

            if (query.TryGetValue("$top", out var top))
            {
                if (!int.TryParse(top.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxTop)
                    throw GraphQueryException.BadRequest($"Invalid page size specified: '{top}'. Must be between 1 and {MaxTop} inclusive.");
                q.Top = n;
            }
            if (query.ContainsKey("$skip"))
                throw GraphQueryException.BadRequest("'$skip' is not supported by the service.");
            if (query.ContainsKey("$orderby"))
                throw GraphQueryException.Unsupported("Sorting not supported for current query.");
            if (query.ContainsKey("$search"))
                throw GraphQueryException.Unsupported("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
            if (query.TryGetValue("$select", out var select) && !string.IsNullOrWhiteSpace(select))
                q.Select = Split(select);
            if (query.TryGetValue("$expand", out var expand) && !string.IsNullOrWhiteSpace(expand))
                q.Expand = Split(expand);
            if (query.TryGetValue("$filter", out var filter) && !string.IsNullOrWhiteSpace(filter))
                q.Filter = filter.ToString();
            if (query.TryGetValue("$count", out var count))
            {
                if (count.ToString().Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    if (!q.ConsistencyEventual)
                        throw GraphQueryException.BadRequest("$count is not currently supported.");
                    q.Count = true;
                }
                else if (!count.ToString().Equals("false", StringComparison.OrdinalIgnoreCase))
                    throw GraphQueryException.BadRequest($"Invalid value '{count}' for $count.");
            }
            q.Advanced = q.Count && q.ConsistencyEventual;
            if (query.TryGetValue("$skiptoken", out var token))
            {
                if (!TryDecodeSkipToken(token.ToString(), out var after, out var advanced))
                    throw GraphQueryException.BadRequest("The specified page token value has expired or is invalid.");
                q.SkipAfter = after;
                q.Advanced |= advanced;
                q.Count = false; // @odata.count is on the first page only
            }
            return q;
        }

        private static string[] Split(string value) =>
            value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

        /// <summary>Opaque token: base64url of "lab1:{lastSequence}:{advanced}".</summary>
        public static string EncodeSkipToken(long lastSequence, bool advanced)
        {
            var raw = Encoding.ASCII.GetBytes("lab1:" + lastSequence.ToString(CultureInfo.InvariantCulture) + ":" + (advanced ? "1" : "0"));
            return "RFNwdA" + Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static bool TryDecodeSkipToken(string token, out long lastSequence, out bool advanced)
        {
            lastSequence = 0; advanced = false;
            if (string.IsNullOrEmpty(token) || !token.StartsWith("RFNwdA", StringComparison.Ordinal)) return false;
            var b64 = token.Substring(6).Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            string text;
            try { text = Encoding.ASCII.GetString(Convert.FromBase64String(b64)); }
            catch (FormatException) { return false; }
            var parts = text.Split(':');
            if (parts.Length != 3 || parts[0] != "lab1" || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out lastSequence) || lastSequence < 1)
                return false;
            advanced = parts[2] == "1";
            return true;
        }
    }
}
