using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NhiTools.Estate.Formats
{
    /// <summary>Where writers put files: one root, a record of every file written (relative, '/' separated).</summary>
    internal sealed class Output
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);
        private readonly List<string> _files = new List<string>();
        private readonly Dictionary<string, JsonElement> _parsed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        public Output(string root) { Root = Path.GetFullPath(root); }

        public string Root { get; }
        public IReadOnlyList<string> Files => _files;

        private string Open(string relative)
        {
            string full = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full));
            _files.Add(relative);
            return full;
        }

        /// <summary>A JSON file. The relaxed encoder keeps '+' in "+00:00" and '&lt;' as the CLIs print them;
        /// '\n' newlines keep the bytes the same on every OS.</summary>
        public JsonFile Json(string relative, int indentSize)
        {
            var stream = new FileStream(Open(relative), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var options = new JsonWriterOptions
            {
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                Indented = indentSize > 0,
                IndentSize = indentSize > 0 ? indentSize : 2,
                NewLine = "\n",
                SkipValidation = false,
            };
            return new JsonFile(stream, new Utf8JsonWriter(stream, options), this);
        }

        public StreamWriter Text(string relative)
        {
            var w = new StreamWriter(Open(relative), false, Utf8NoBom, 1 << 16) { NewLine = "\n" };
            return w;
        }

        /// <summary>Parsed policy documents, cached: synthetic estates reuse a few hundred templates.</summary>
        public JsonElement Parse(string json)
        {
            if (_parsed.TryGetValue(json, out var e)) return e;
            using (var doc = JsonDocument.Parse(json)) e = doc.RootElement.Clone();
            if (_parsed.Count < 4096) _parsed[json] = e;
            return e;
        }
    }

    internal sealed class JsonFile : IDisposable
    {
        private readonly Stream _stream;
        public JsonFile(Stream stream, Utf8JsonWriter writer, Output output) { _stream = stream; W = writer; Output = output; }
        public Utf8JsonWriter W { get; }
        public Output Output { get; }

        /// <summary>Keep the writer's buffer small: call between items.</summary>
        public void MaybeFlush()
        {
            if (W.BytesPending > (1 << 16)) W.Flush();
        }

        public void Dispose()
        {
            W.Flush();
            if (_stream is FileStream fs) { fs.WriteByte((byte)'\n'); }
            W.Dispose();
            _stream.Dispose();
        }
    }

    internal static class Fmt
    {
        /// <summary>AWS CLI v2 / az CLI rendering: 2014-07-30T17:09:20+00:00.</summary>
        public static string Aws(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        /// <summary>Graph rendering: 2021-09-09T19:50:29Z.</summary>
        public static string Graph(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        public static string Date(DateTime t) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static void StringOrNull(this Utf8JsonWriter w, string name, string value)
        {
            if (value == null) w.WriteNull(name); else w.WriteString(name, value);
        }

        public static void StringArray(this Utf8JsonWriter w, string name, IEnumerable<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }
    }
}
