using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NhiTools.Engine.Report
{
    /// <summary>Writes JSON through Utf8JsonWriter to a TextWriter (indented, non-ASCII kept readable).</summary>
    internal static class JsonText
    {
        public static void Write(TextWriter writer, Action<Utf8JsonWriter> body, bool indented = true)
        {
            if (writer == null) throw new ArgumentNullException(nameof(writer));
            using (var ms = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    body(json);
                writer.Write(Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length));
            }
        }

        public static string ToString(Action<Utf8JsonWriter> body, bool indented = true)
        {
            var sw = new StringWriter();
            Write(sw, body, indented);
            return sw.ToString();
        }

        public static void WriteStringOrNull(this Utf8JsonWriter w, string name, string value)
        {
            if (value == null) w.WriteNull(name); else w.WriteString(name, value);
        }

        public static void WriteDate(this Utf8JsonWriter w, string name, DateTime? value)
        {
            if (value == null) w.WriteNull(name);
            else w.WriteString(name, DateTime.SpecifyKind(value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value.Value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
