using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    // Rotation primitives: add a marked password credential, remove one by keyId, find marked ones.
    public sealed partial class EntraSource
    {
        /// <summary>Display-name prefix of every password credential NhiTools creates: nhitools:&lt;rotationId&gt;.</summary>
        public const string MarkerPrefix = "nhitools:";

        public static string Marker(string rotationId) => MarkerPrefix + rotationId;

        /// <summary>
        /// addPassword with display name nhitools:&lt;rotationId&gt;. Sent exactly once - no SDK or own retry, whatever
        /// the failure: addPassword is not idempotent, and a lost answer may still have created a credential. After
        /// a failure, look for the marker (<see cref="FindMarkedPasswords"/>) before trying again.
        /// The secret text goes straight from the response bytes into the returned object's char buffer.
        /// </summary>
        public NewClientSecret AddPassword(string identityId, string rotationId, DateTime? expiresOn, IHostContext host)
        {
            if (string.IsNullOrWhiteSpace(rotationId) || rotationId.Length > 100)
                throw EntraErrors.BadArgument("A rotation id (1 to 100 characters) is required: it marks the new credential.", rotationId);
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var path = await CredentialPathAsync(identityId, budget, onRetry, ct).ConfigureAwait(false);
                var body = EntraGraph.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("passwordCredential");
                    w.WriteString("displayName", Marker(rotationId));
                    if (expiresOn.HasValue) w.WriteString("endDateTime", expiresOn.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                byte[] answer;
                try
                {
                    answer = await _graph.SendAsync(HttpMethod.Post, path + "/addPassword", body, "addPassword", RetryMode.None, budget, onRetry, ct).ConfigureAwait(false);
                }
                catch (GraphRequestException ex)
                {
                    var f = ex.Failure;
                    var hint = f.Status == 0 || f.Status >= 500
                        ? $" Graph may still have created it: look for a password credential named {Marker(rotationId)} before trying again."
                        : "";
                    throw new NhiException(EntraErrors.RequestFailed, EntraErrors.Category(f.Status),
                        $"addPassword on {identityId} failed: {f}. It was not resent (addPassword is not idempotent).{hint}", identityId, f.Inner);
                }
                try
                {
                    return NewClientSecret.Parse(answer, identityId);
                }
                finally
                {
                    Array.Clear(answer, 0, answer.Length);
                }
            }, host);
        }

        /// <summary>removePassword by keyId. True when removed; false when the credential was not there (already removed counts as done).</summary>
        public bool RemovePassword(string identityId, Guid keyId, IHostContext host)
        {
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var path = await CredentialPathAsync(identityId, budget, onRetry, ct).ConfigureAwait(false);
                var body = EntraGraph.Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("keyId", keyId.ToString());
                    w.WriteEndObject();
                });
                try
                {
                    // A repeated removePassword is harmless (the second finds nothing), so 429 and lost answers are retried.
                    await _graph.SendAsync(HttpMethod.Post, path + "/removePassword", body, "removePassword", RetryMode.Transient, budget, onRetry, ct).ConfigureAwait(false);
                    return true;
                }
                catch (GraphRequestException ex) when (ex.Failure.Status == 400 || ex.Failure.Status == 404)
                {
                    // Graph's answer for an unknown keyId is not documented: check whether it is really gone.
                    var left = await PasswordsAsync(path, budget, onRetry, ct).ConfigureAwait(false);
                    if (left.Exists(c => string.Equals(c.Id, keyId.ToString(), StringComparison.OrdinalIgnoreCase)))
                        throw EntraErrors.Request($"removePassword {keyId} on {identityId}", ex.Failure, identityId);
                    return false;
                }
                catch (GraphRequestException ex)
                {
                    throw EntraErrors.Request($"removePassword {keyId} on {identityId}", ex.Failure, identityId);
                }
            }, host);
        }

        /// <summary>Password credentials whose display name is nhitools:&lt;rotationId&gt; (or any nhitools: marker when rotationId is null).</summary>
        public IReadOnlyList<Credential> FindMarkedPasswords(string identityId, string rotationId, IHostContext host)
        {
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var path = await CredentialPathAsync(identityId, budget, onRetry, ct).ConfigureAwait(false);
                var all = await PasswordsAsync(path, budget, onRetry, ct).ConfigureAwait(false);
                var prefix = rotationId == null ? MarkerPrefix : Marker(rotationId);
                return (IReadOnlyList<Credential>)all.FindAll(c => c.DisplayName != null &&
                    (rotationId == null ? c.DisplayName.StartsWith(prefix, StringComparison.Ordinal) : string.Equals(c.DisplayName, prefix, StringComparison.Ordinal)));
            }, host);
        }

        private async Task<string> CredentialPathAsync(string identityId, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct) =>
            await ObjectPathAsync(new Identity { Id = identityId }, budget, onRetry, ct).ConfigureAwait(false);

        private async Task<List<Credential>> PasswordsAsync(string path, RetryBudget budget, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            JsonDocument doc;
            try { doc = await _graph.GetAsync(path + "?$select=id,passwordCredentials", "password credentials", budget, onRetry, ct).ConfigureAwait(false); }
            catch (GraphRequestException ex) { throw EntraErrors.Request("Reading password credentials of " + path, ex.Failure, path); }
            var list = new List<Credential>();
            using (doc)
            {
                if (doc != null && doc.RootElement.TryGetProperty("passwordCredentials", out var pcs) && pcs.ValueKind == JsonValueKind.Array)
                    foreach (var p in pcs.EnumerateArray())
                    {
                        string S(string n) => p.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                        list.Add(new Credential
                        {
                            Id = S("keyId"),
                            Type = CredentialType.ClientSecret,
                            DisplayName = S("displayName"),
                            Hint = S("hint"),
                            CreatedOn = Time(S("startDateTime")),
                            LastRotatedOn = Time(S("startDateTime")),
                            ExpiresOn = Time(S("endDateTime")),
                        });
                    }
            }
            return list;
        }

        internal static DateTime? Time(string s) =>
            s != null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                ? d.UtcDateTime : (DateTime?)null;
    }

    /// <summary>
    /// A password credential just created. The secret text lives only in a char buffer that <see cref="Dispose"/>
    /// zeroes; it is never in ToString, never a property PowerShell would show.
    /// </summary>
    public sealed class NewClientSecret : IDisposable
    {
        private char[] _value;

        public string IdentityId { get; private set; }
        public Guid KeyId { get; private set; }
        public string DisplayName { get; private set; }
        public string Hint { get; private set; }
        public DateTime? StartsOn { get; private set; }
        public DateTime? ExpiresOn { get; private set; }

        /// <summary>The secret text buffer itself (not a copy): hand it to the vault, then Dispose.</summary>
        public char[] RevealValue() => _value ?? throw new ObjectDisposedException(nameof(NewClientSecret));

        public void Dispose()
        {
            if (_value != null) Array.Clear(_value, 0, _value.Length);
            _value = null;
        }

        public override string ToString() => "ClientSecret " + KeyId + " (" + DisplayName + ")";

        internal static NewClientSecret Parse(byte[] json, string identityId)
        {
            var s = new NewClientSecret { IdentityId = identityId };
            var reader = new Utf8JsonReader(json);
            int depth = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray) { depth++; continue; }
                if (reader.TokenType == JsonTokenType.EndObject || reader.TokenType == JsonTokenType.EndArray) { depth--; continue; }
                if (reader.TokenType != JsonTokenType.PropertyName || depth != 1) continue;
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) { if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray) reader.Skip(); continue; }
                switch (name)
                {
                    case "secretText":
                        var buffer = new char[reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length];
                        int n = reader.CopyString(buffer);
                        if (n < buffer.Length)
                        {
                            var exact = new char[n];
                            Array.Copy(buffer, exact, n);
                            Array.Clear(buffer, 0, buffer.Length);
                            buffer = exact;
                        }
                        s._value = buffer;
                        break;
                    case "keyId": s.KeyId = Guid.TryParse(reader.GetString(), out var k) ? k : Guid.Empty; break;
                    case "displayName": s.DisplayName = reader.GetString(); break;
                    case "hint": s.Hint = reader.GetString(); break;
                    case "startDateTime": s.StartsOn = EntraSource.Time(reader.GetString()); break;
                    case "endDateTime": s.ExpiresOn = EntraSource.Time(reader.GetString()); break;
                }
            }
            if (s._value == null || s.KeyId == Guid.Empty)
                throw new NhiException(EntraErrors.RequestFailed, NhiErrorCategory.InvalidData,
                    "addPassword answered without a secret or keyId; look for the marked credential and remove it.", identityId);
            return s;
        }
    }
}
