using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NhiTools.Engine.Drift
{
    /// <summary>
    /// Writes and reads the compact JSON form of an <see cref="IdentityDigest"/> kept in the store. Property order is
    /// fixed, defaults (empty lists, nulls, enabled) are left out and times are invariant UTC seconds, so equal facts
    /// give equal bytes and most identities compare without being parsed.
    /// </summary>
    public sealed class DigestCodec
    {
        /// <summary>Bumped if the digest's meaning changes; a reader sees which form a snapshot was saved in.</summary>
        public const int FormatVersion = 1;
        private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        // Reused across identities: a save of 100,000 identities allocates one buffer, not 100,000.
        private readonly MemoryStream buffer = new MemoryStream(1024);

        public byte[] Encode(Identity identity) => Encode(IdentityDigest.From(identity));

        public byte[] Encode(IdentityDigest digest)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            {
                json.WriteStartObject();
                json.WriteNumber("v", FormatVersion);
                json.WriteString("kind", digest.Kind);
                if (!digest.Enabled)
                {
                    json.WriteBoolean("enabled", false);
                }

                if (digest.Environment != null)
                {
                    json.WriteString("env", digest.Environment);
                }

                WriteList(json, "owners", digest.Owners);
                if (digest.Credentials.Length > 0)
                {
                    json.WriteStartArray("creds");
                    foreach (var c in digest.Credentials)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", c.Id);
                        json.WriteString("type", c.Type);
                        WriteTime(json, "created", c.CreatedOn);
                        WriteTime(json, "expires", c.ExpiresOn);
                        WriteTime(json, "rotated", c.LastRotatedOn);
                        if (!c.Enabled)
                        {
                            json.WriteBoolean("enabled", false);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                if (digest.Permissions.Length > 0)
                {
                    json.WriteStartArray("perms");
                    foreach (var p in digest.Permissions)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", p.Name);
                        json.WriteString("type", p.Type);
                        if (p.Resource != null)
                        {
                            json.WriteString("resource", p.Resource);
                        }

                        if (p.Via != null)
                        {
                            json.WriteString("via", p.Via);
                        }

                        if (p.AdminEquivalent)
                        {
                            json.WriteBoolean("admin", true);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                WriteList(json, "systems", digest.Systems);
                WriteList(json, "assumableBy", digest.AssumableBy);
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        public static IdentityDigest Decode(byte[] utf8)
        {
            using (var document = JsonDocument.Parse(utf8))
            {
                var root = document.RootElement;
                var digest = new IdentityDigest
                {
                    Kind = String(root, "kind"),
                    Enabled = Bool(root, "enabled", true),
                    Environment = String(root, "env"),
                    Owners = List(root, "owners"),
                    Systems = List(root, "systems"),
                    AssumableBy = List(root, "assumableBy"),
                };
                if (root.TryGetProperty("creds", out var creds))
                {
                    var list = new List<CredentialFacts>();
                    foreach (var c in creds.EnumerateArray())
                    {
                        list.Add(new CredentialFacts
                        {
                            Id = String(c, "id"),
                            Type = String(c, "type"),
                            CreatedOn = Time(c, "created"),
                            ExpiresOn = Time(c, "expires"),
                            LastRotatedOn = Time(c, "rotated"),
                            Enabled = Bool(c, "enabled", true),
                        });
                    }

                    digest.Credentials = list.ToArray();
                }

                if (root.TryGetProperty("perms", out var perms))
                {
                    var list = new List<PermissionFacts>();
                    foreach (var p in perms.EnumerateArray())
                    {
                        list.Add(new PermissionFacts
                        {
                            Name = String(p, "name"),
                            Type = String(p, "type"),
                            Resource = String(p, "resource"),
                            Via = String(p, "via"),
                            AdminEquivalent = Bool(p, "admin", false),
                        });
                    }

                    digest.Permissions = list.ToArray();
                }

                return digest;
            }
        }

        internal static string FormatTime(DateTime value) => value.ToString(TimeFormat, CultureInfo.InvariantCulture);

        private static void WriteList(Utf8JsonWriter json, string name, string[] values)
        {
            if (values.Length == 0)
            {
                return;
            }

            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        private static void WriteTime(Utf8JsonWriter json, string name, DateTime? value)
        {
            if (value != null)
            {
                json.WriteString(name, FormatTime(value.Value));
            }
        }

        private static string String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static bool Bool(JsonElement element, string name, bool missing) =>
            element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.True : missing;

        private static DateTime? Time(JsonElement element, string name)
        {
            var text = String(element, name);
            return text == null ? (DateTime?)null : DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        private static string[] List(JsonElement element, string name)
        {
            if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return Array.Empty<string>();
            }

            var list = new List<string>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
            {
                list.Add(item.GetString());
            }

            return list.ToArray();
        }
    }
}
