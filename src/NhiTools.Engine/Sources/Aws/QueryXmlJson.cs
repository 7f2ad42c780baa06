using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// Turns a query-protocol XML member into the JSON the AWS CLI prints for it, so the offline importers
    /// (AwsIndex) read live answers exactly as they read export files: &lt;X&gt;&lt;member/&gt;…&lt;/X&gt; becomes an
    /// array, an element with children an object, a leaf a string (the importers read "true" and dates from
    /// strings), and an empty element null. Policy documents stay URL-encoded strings, which the importers decode.
    /// </summary>
    internal static class QueryXmlJson
    {
        public static JsonDocument ToJson(XElement element)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms))
                {
                    Write(w, element);
                }
                return JsonDocument.Parse(ms.ToArray());
            }
        }

        private static void Write(Utf8JsonWriter w, XElement e)
        {
            if (!e.HasElements)
            {
                if (e.Value.Length == 0) w.WriteNullValue();
                else w.WriteStringValue(e.Value);
                return;
            }
            if (e.Elements().All(c => c.Name.LocalName == "member"))
            {
                w.WriteStartArray();
                foreach (var c in e.Elements()) Write(w, c);
                w.WriteEndArray();
                return;
            }
            w.WriteStartObject();
            foreach (var c in e.Elements())
            {
                w.WritePropertyName(c.Name.LocalName);
                Write(w, c);
            }
            w.WriteEndObject();
        }
    }
}
