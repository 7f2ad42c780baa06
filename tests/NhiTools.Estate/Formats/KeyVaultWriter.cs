using System.Text.Json;

namespace NhiTools.Estate.Formats
{
    /// <summary>`az keyvault secret list --vault-name X` output: a JSON array, two-space indent, ISO "+00:00" times.</summary>
    internal static class KeyVaultWriter
    {
        public static void Write(Output output, Vault vault, Counter counter)
        {
            using (var f = output.Json("keyvault/" + vault.Name + ".json", 2))
            {
                var w = f.W;
                w.WriteStartArray();
                foreach (var s in vault.Secrets())
                {
                    counter.Add("KeyVault/Secret");
                    w.WriteStartObject();
                    w.WriteStartObject("attributes");
                    w.WriteString("created", Fmt.Aws(s.Created));
                    w.WriteBoolean("enabled", s.Enabled);
                    if (s.Expires.HasValue) w.WriteString("expires", Fmt.Aws(s.Expires.Value)); else w.WriteNull("expires");
                    if (s.NotBefore.HasValue) w.WriteString("notBefore", Fmt.Aws(s.NotBefore.Value)); else w.WriteNull("notBefore");
                    w.WriteNumber("recoverableDays", 90);
                    w.WriteString("recoveryLevel", "Recoverable+Purgeable");
                    w.WriteString("updated", Fmt.Aws(s.Updated));
                    w.WriteEndObject();
                    w.StringOrNull("contentType", s.ContentType);
                    w.WriteString("id", "https://" + vault.Name + ".vault.azure.net/secrets/" + s.Name);
                    w.WriteNull("managed");
                    w.WriteString("name", s.Name);
                    w.WriteStartObject("tags");
                    foreach (var t in s.Tags) w.WriteString(t.Key, t.Value);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    f.MaybeFlush();
                }
                w.WriteEndArray();
            }
        }
    }
}
