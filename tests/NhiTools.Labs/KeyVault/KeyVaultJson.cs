using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NhiTools.Labs.KeyVault
{
    /// <summary>SecretBundle / SecretItem / DeletedSecretBundle / error JSON as the Key Vault REST API writes them.</summary>
    internal static class KeyVaultJson
    {
        public static byte[] Write(Action<Utf8JsonWriter> body)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms)) body(w);
                return ms.ToArray();
            }
        }

        /// <summary>A SecretBundle; value only where the API returns it (set, get).</summary>
        public static void Bundle(Utf8JsonWriter w, string vaultUrl, StoredSecret s, SecretVersion v, bool withValue, KeyVaultStore store)
        {
            w.WriteStartObject();
            if (withValue) w.WriteString("value", v.Value);
            if (v.ContentType != null) w.WriteString("contentType", v.ContentType);
            w.WriteString("id", vaultUrl + "/secrets/" + s.Name + "/" + v.Version);
            Attributes(w, v, store);
            Tags(w, v.Tags);
            Managed(w, v, kid: true);
            w.WriteEndObject();
        }

        /// <summary>A SecretItem in a list: no value; id without version for /secrets, with it for /versions.</summary>
        public static void Item(Utf8JsonWriter w, string vaultUrl, StoredSecret s, SecretVersion v, bool withVersion, KeyVaultStore store)
        {
            w.WriteStartObject();
            w.WriteString("id", vaultUrl + "/secrets/" + s.Name + (withVersion ? "/" + v.Version : ""));
            Attributes(w, v, store);
            Tags(w, v.Tags);
            if (v.ContentType != null) w.WriteString("contentType", v.ContentType);
            Managed(w, v, kid: false);
            w.WriteEndObject();
        }

        /// <summary>A certificate's backing secret says so (managed: true); a SecretBundle also names the certificate's key (kid), a SecretItem does not.</summary>
        static void Managed(Utf8JsonWriter w, SecretVersion v, bool kid)
        {
            if (!v.Managed) return;
            w.WriteBoolean("managed", true);
            if (kid && v.Kid != null) w.WriteString("kid", v.Kid);
        }

        public static void Deleted(Utf8JsonWriter w, string vaultUrl, StoredSecret s, KeyVaultStore store, bool item)
        {
            var v = s.Latest;
            w.WriteStartObject();
            w.WriteString("recoveryId", vaultUrl + "/deletedsecrets/" + s.Name);
            w.WriteNumber("deletedDate", s.DeletedDate.Value.ToUnixTimeSeconds());
            w.WriteNumber("scheduledPurgeDate", s.ScheduledPurgeDate.Value.ToUnixTimeSeconds());
            w.WriteString("id", vaultUrl + "/secrets/" + s.Name + (item ? "" : "/" + v.Version));
            Attributes(w, v, store);
            Tags(w, v.Tags);
            if (v.ContentType != null) w.WriteString("contentType", v.ContentType);
            w.WriteEndObject();
        }

        static void Attributes(Utf8JsonWriter w, SecretVersion v, KeyVaultStore store)
        {
            w.WriteStartObject("attributes");
            w.WriteBoolean("enabled", v.Enabled);
            if (v.NotBefore.HasValue) w.WriteNumber("nbf", v.NotBefore.Value.ToUnixTimeSeconds());
            if (v.Expires.HasValue) w.WriteNumber("exp", v.Expires.Value.ToUnixTimeSeconds());
            w.WriteNumber("created", v.Created.ToUnixTimeSeconds());
            w.WriteNumber("updated", v.Updated.ToUnixTimeSeconds());
            w.WriteString("recoveryLevel", store.RecoveryLevel);
            w.WriteNumber("recoverableDays", store.Options.RecoverableDays);
            w.WriteEndObject();
        }

        static void Tags(Utf8JsonWriter w, Dictionary<string, string> tags)
        {
            if (tags == null) return;
            w.WriteStartObject("tags");
            foreach (var t in tags) w.WriteString(t.Key, t.Value);
            w.WriteEndObject();
        }

        public static byte[] Error(string code, string message, string innerCode = null) => Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            if (innerCode != null)
            {
                w.WriteStartObject("innererror");
                w.WriteString("code", innerCode);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
