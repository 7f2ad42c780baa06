using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// The hot path of Get-NhiUsage over CloudTrail trail files: a forward-only Utf8JsonReader over the decompressed
    /// file that picks the fields an activity needs out of each record, with no JsonDocument per record, and strings
    /// pooled per reader (a trail repeats a few thousand distinct values millions of times). It yields the same
    /// activities as <see cref="CloudTrailEvents.FromRecord"/> (a test holds them equal on the example estate); a file
    /// it cannot read this way (too large to buffer, or not shaped as {"Records":[...]}) returns false and is read by
    /// the general reader instead. One scanner per thread; the activity it yields is reused for the next record.
    /// Property names are compared as UTF-8 literals ("eventTime"u8): the string overload of ValueTextEquals transcodes
    /// its argument on every call, which cost more than the parse itself.
    /// </summary>
    internal sealed class UsageTrailScanner
    {
        private const int MaxBuffered = 256 << 20; // trail files are small (one per 5 minutes); a giant one goes the general way
        private readonly StringPool _pool = new StringPool();
        private byte[] _buf = new byte[1 << 20];
        private readonly NhiTools.Activity _a = new NhiTools.Activity();

        // The record's fields, as pooled strings.
        private string _time, _source, _name, _ip, _region, _agent, _recipient, _error, _type, _arn, _key, _user, _account, _invokedBy,
            _issuerArn, _issuerUser, _principalId, _consoleLogin, _fromConsole, _bucket, _objKey, _roleArn, _pUser, _roleName, _function, _model, _secret, _pName;
        private readonly List<string> _resources = new List<string>(4);

        /// <summary>Reads one trail file into <paramref name="sink"/>; false (and nothing sent) when this path cannot read it.</summary>
        public bool TryRead(string path, Action<NhiTools.Activity> sink, System.Threading.CancellationToken ct)
        {
            int length;
            using (var s = ExportFile.OpenUtf8(path))
            {
                length = 0;
                while (true)
                {
                    if (length == _buf.Length)
                    {
                        if (_buf.Length >= MaxBuffered) return false;
                        Array.Resize(ref _buf, _buf.Length * 2);
                    }
                    int n = s.Read(_buf, length, _buf.Length - length);
                    if (n <= 0) break;
                    length += n;
                }
            }
            var span = new ReadOnlySpan<byte>(_buf, 0, length);
            if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF) span = span.Slice(3);
            var r = new Utf8JsonReader(span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return false;
            // Only {"Records":[...]} with nothing else that matters; other shapes go the general way.
            bool sawRecords = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (!r.ValueTextEquals("Records"u8)) { r.Read(); r.Skip(); continue; }
                r.Read();
                if (r.TokenType != JsonTokenType.StartArray) return false;
                sawRecords = true;
                long n = 0;
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); continue; }
                    if ((++n & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
                    Record(ref r, path);
                    var a = Build(path);
                    if (a != null) sink(a);
                }
            }
            return sawRecords;
        }

        private void Clear()
        {
            _time = _source = _name = _ip = _region = _agent = _recipient = _error = _type = _arn = _key = _user = _account = _invokedBy = null;
            _issuerArn = _issuerUser = _principalId = _consoleLogin = _fromConsole = _bucket = _objKey = _roleArn = _pUser = _roleName = _function = _model = _secret = _pName = null;
            _resources.Clear();
        }

        private void Record(ref Utf8JsonReader r, string path)
        {
            Clear();
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("eventTime"u8)) { r.Read(); _time = Str(ref r, false); }
                else if (r.ValueTextEquals("eventSource"u8)) { r.Read(); _source = Str(ref r); }
                else if (r.ValueTextEquals("eventName"u8)) { r.Read(); _name = Str(ref r); }
                else if (r.ValueTextEquals("sourceIPAddress"u8)) { r.Read(); _ip = Str(ref r); }
                else if (r.ValueTextEquals("awsRegion"u8)) { r.Read(); _region = Str(ref r); }
                else if (r.ValueTextEquals("userAgent"u8)) { r.Read(); _agent = Str(ref r); }
                else if (r.ValueTextEquals("recipientAccountId"u8)) { r.Read(); _recipient = Str(ref r); }
                else if (r.ValueTextEquals("errorCode"u8)) { r.Read(); _error = Str(ref r); }
                else if (r.ValueTextEquals("sessionCredentialFromConsole"u8)) { r.Read(); _fromConsole = Str(ref r); }
                else if (r.ValueTextEquals("userIdentity"u8)) { r.Read(); UserIdentity(ref r); }
                else if (r.ValueTextEquals("requestParameters"u8)) { r.Read(); RequestParameters(ref r); }
                else if (r.ValueTextEquals("responseElements"u8)) { r.Read(); ResponseElements(ref r); }
                else if (r.ValueTextEquals("resources"u8)) { r.Read(); Resources(ref r); }
                else { r.Read(); r.Skip(); }
            }
        }

        private void UserIdentity(ref Utf8JsonReader r)
        {
            if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("type"u8)) { r.Read(); _type = Str(ref r); }
                else if (r.ValueTextEquals("arn"u8)) { r.Read(); _arn = Str(ref r); }
                else if (r.ValueTextEquals("accessKeyId"u8)) { r.Read(); _key = Str(ref r); }
                else if (r.ValueTextEquals("userName"u8)) { r.Read(); _user = Str(ref r); }
                else if (r.ValueTextEquals("accountId"u8)) { r.Read(); _account = Str(ref r); }
                else if (r.ValueTextEquals("invokedBy"u8)) { r.Read(); _invokedBy = Str(ref r); }
                else if (r.ValueTextEquals("principalId"u8)) { r.Read(); _principalId = Str(ref r); }
                else if (r.ValueTextEquals("sessionContext"u8))
                {
                    r.Read();
                    if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); continue; }
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        if (!r.ValueTextEquals("sessionIssuer"u8)) { r.Read(); r.Skip(); continue; }
                        r.Read();
                        if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); continue; }
                        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                        {
                            if (r.ValueTextEquals("arn"u8)) { r.Read(); _issuerArn = Str(ref r); }
                            else if (r.ValueTextEquals("userName"u8)) { r.Read(); _issuerUser = Str(ref r); }
                            else { r.Read(); r.Skip(); }
                        }
                    }
                }
                else { r.Read(); r.Skip(); }
            }
        }

        private void RequestParameters(ref Utf8JsonReader r)
        {
            if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("bucketName"u8)) { r.Read(); _bucket = Str(ref r); }
                else if (r.ValueTextEquals("key"u8)) { r.Read(); _objKey = Str(ref r, false); }
                else if (r.ValueTextEquals("roleArn"u8)) { r.Read(); _roleArn = Str(ref r); }
                else if (r.ValueTextEquals("userName"u8)) { r.Read(); _pUser = Str(ref r); }
                else if (r.ValueTextEquals("roleName"u8)) { r.Read(); _roleName = Str(ref r); }
                else if (r.ValueTextEquals("functionName"u8)) { r.Read(); _function = Str(ref r); }
                else if (r.ValueTextEquals("modelId"u8)) { r.Read(); _model = Str(ref r); }
                else if (r.ValueTextEquals("secretId"u8)) { r.Read(); _secret = Str(ref r); }
                else if (r.ValueTextEquals("name"u8)) { r.Read(); _pName = Str(ref r); }
                else { r.Read(); r.Skip(); }
            }
        }

        private void ResponseElements(ref Utf8JsonReader r)
        {
            if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); return; }
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("ConsoleLogin"u8)) { r.Read(); _consoleLogin = Str(ref r); }
                else { r.Read(); r.Skip(); }
            }
        }

        private void Resources(ref Utf8JsonReader r)
        {
            if (r.TokenType != JsonTokenType.StartArray) { r.Skip(); return; }
            while (r.Read() && r.TokenType != JsonTokenType.EndArray)
            {
                if (r.TokenType != JsonTokenType.StartObject) { r.Skip(); continue; }
                string upper = null, lower = null;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("ARN"u8)) { r.Read(); upper = Str(ref r, false); }
                    else if (r.ValueTextEquals("arn"u8)) { r.Read(); lower = Str(ref r, false); }
                    else { r.Read(); r.Skip(); }
                }
                var arn = upper ?? lower;
                if (arn != null) _resources.Add(arn);
            }
        }

        /// <summary>The value as Values.Str gives it: strings, numbers as written, true/false; null otherwise.</summary>
        private string Str(ref Utf8JsonReader r, bool pooled = true)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.String:
                    if (!pooled || r.HasValueSequence || r.ValueIsEscaped) return r.GetString();
                    return _pool.Get(ref r);
                case JsonTokenType.Number: return Encoding.UTF8.GetString(r.ValueSpan.ToArray());
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    r.Skip();
                    return null;
                default: return null;
            }
        }

        /// <summary>As CloudTrailEvents.FromRecord, from the picked fields.</summary>
        private NhiTools.Activity Build(string path)
        {
            var when = FastTime(_time) ?? Values.Time(_time);
            if (!when.HasValue) return null;
            var a = _a;
            string service = _pool.Service(_source);
            a.IdentityId = null; a.IdentityName = null; a.Principal = null; a.PrincipalObjectId = null; a.PeriodStart = null; a.PeriodEnd = null;
            a.Provider = "Aws";
            a.Origin = ActivityOrigins.CloudTrail;
            a.Source = path;
            a.When = when.Value;
            a.Service = service;
            a.Action = _pool.Action(service, _name);
            a.From = _ip;
            a.Region = _region;
            a.UserAgent = _agent;
            a.CredentialId = string.IsNullOrEmpty(_key) ? null : _key;
            a.Account = _account ?? _recipient;
            a.RecipientAccount = _recipient;
            a.Resource = ResourceText();
            a.Interactive = false;
            switch (_type)
            {
                case "IAMUser":
                case "Root":
                    a.Principal = _arn;
                    a.IdentityId = _arn != null ? _pool.Prefixed("aws:", _arn) : null;
                    a.IdentityName = _type == "Root" ? "<root_account>" : _user;
                    break;
                case "AssumedRole":
                case "FederatedUser":
                    a.Principal = _arn;
                    if (_issuerArn != null)
                    {
                        a.IdentityId = _pool.Prefixed("aws:", _issuerArn);
                        a.IdentityName = _issuerUser;
                    }
                    break;
                case "AWSService":
                    a.Principal = _invokedBy;
                    break;
                default:
                    a.Principal = _arn ?? _principalId ?? _account;
                    break;
            }
            if (a.From == null) a.From = _invokedBy;
            a.Result = _error;
            if (_name == "ConsoleLogin")
            {
                if (a.Result == null && _consoleLogin != null && !_consoleLogin.Equals("Success", StringComparison.OrdinalIgnoreCase)) a.Result = _consoleLogin;
                a.Interactive = true;
            }
            else if (Values.Bool(_fromConsole) == true || IsConsole(_invokedBy) || IsConsole(_agent))
            {
                a.Interactive = true;
            }
            if (string.IsNullOrEmpty(a.Result)) a.Result = ActivityResults.Success;
            return a;
        }

        private static bool IsConsole(string by) =>
            by != null && (by.Equals("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase) || by.Equals("console.amazonaws.com", StringComparison.OrdinalIgnoreCase));

        private string ResourceText()
        {
            if (_resources.Count > 0)
            {
                if (_resources.Count == 1) return _resources[0];
                var sb = new StringBuilder(_resources[0]);
                for (int i = 1; i < _resources.Count; i++)
                {
                    if (i == 3) { sb.Append(", ..."); break; }
                    sb.Append(", ").Append(_resources[i]);
                }
                return sb.ToString();
            }
            if (_bucket != null) return "arn:aws:s3:::" + _bucket + (_objKey != null ? "/" + _objKey : "");
            return _roleArn ?? _pUser ?? _roleName ?? _function ?? _model ?? _secret ?? _pName;
        }

        /// <summary>yyyy-MM-ddTHH:mm:ssZ, the shape every trail writes; anything else goes to Values.Time.</summary>
        internal static DateTime? FastTime(string s)
        {
            if (s == null || s.Length != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return null;
            int D(int i) => s[i] - '0';
            for (int i = 0; i < 19; i++) if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && (s[i] < '0' || s[i] > '9')) return null;
            int y = D(0) * 1000 + D(1) * 100 + D(2) * 10 + D(3), mo = D(5) * 10 + D(6), d = D(8) * 10 + D(9), h = D(11) * 10 + D(12), mi = D(14) * 10 + D(15), se = D(17) * 10 + D(18);
            if (mo < 1 || mo > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) return null;
            return new DateTime(y, mo, d, h, mi, se, DateTimeKind.Utc);
        }

        /// <summary>
        /// Strings by their UTF-8 bytes: one string per distinct value (bounded), plus the derived service, action and
        /// identity id strings, so the millionth event of a workload allocates nothing for them.
        /// </summary>
        private sealed class StringPool
        {
            private const int MaxEntries = 1 << 16, Slots = 1 << 17; // open addressing, at most half full
            private readonly int[] _hashes = new int[Slots];
            private readonly byte[][] _keys = new byte[Slots][];
            private readonly string[] _values = new string[Slots];
            private int _count;
            private readonly Dictionary<string, string> _services = new Dictionary<string, string>(StringComparer.Ordinal);
            private readonly Dictionary<string, Dictionary<string, string>> _actions = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            private readonly Dictionary<string, string> _prefixed = new Dictionary<string, string>(StringComparer.Ordinal);

            /// <summary>The current (unescaped, single-segment) string token, pooled by its bytes.</summary>
            public string Get(ref Utf8JsonReader r)
            {
                var bytes = r.ValueSpan;
                int h = unchecked((int)2166136261);
                unchecked { foreach (var b in bytes) h = (h ^ b) * 16777619; }
                int i = h & (Slots - 1);
                while (_keys[i] != null)
                {
                    if (_hashes[i] == h && bytes.SequenceEqual(_keys[i])) return _values[i];
                    i = (i + 1) & (Slots - 1);
                }
                var s = r.GetString();
                if (_count < MaxEntries)
                {
                    _hashes[i] = h;
                    _keys[i] = bytes.ToArray();
                    _values[i] = s;
                    _count++;
                }
                return s;
            }

            public string Service(string eventSource)
            {
                if (eventSource == null) return CloudTrailEvents.ServiceOf(null);
                if (!_services.TryGetValue(eventSource, out var s)) _services[eventSource] = s = CloudTrailEvents.ServiceOf(eventSource);
                return s;
            }

            public string Action(string service, string name)
            {
                if (!_actions.TryGetValue(service, out var byName)) _actions[service] = byName = new Dictionary<string, string>(StringComparer.Ordinal);
                string key = name ?? "";
                if (!byName.TryGetValue(key, out var a)) byName[key] = a = service + ":" + name;
                return a;
            }

            public string Prefixed(string prefix, string value)
            {
                if (_prefixed.TryGetValue(value, out var s)) return s;
                s = prefix + value;
                if (_prefixed.Count < MaxEntries) _prefixed[value] = s;
                return s;
            }
        }
    }
}
