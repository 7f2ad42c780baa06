using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>One element of a JSON collection, valid only until the enumeration moves on.</summary>
    internal struct JsonItem
    {
        /// <summary>Name of the top-level property holding the array (value, UserDetailList...), null for a root array.</summary>
        public string Container;
        /// <summary>The @odata.context of the enclosing top-level object, when it came before the array.</summary>
        public string Context;
        public JsonElement Element;
        /// <summary>1-based line where the enclosing top-level value began.</summary>
        public long Line;
        /// <summary>A top-level property that is not an array: Container is its name, Element its value.</summary>
        public bool IsProperty;
    }

    /// <summary>
    /// Streams the elements of the arrays of a JSON export without loading the file: each element is parsed on
    /// its own (a JsonDocument per element, disposed when the caller moves on), so memory follows the largest
    /// element, not the file. Handles a root object whose properties hold arrays (Graph `value`, IAM `*List`),
    /// a root array, and several top-level values one after another (output of a shell loop).
    /// Malformed JSON throws NhiMalformedInput with the line.
    /// </summary>
    internal sealed class JsonStream : IDisposable
    {
        private static readonly System.Text.UTF8Encoding StrictUtf8 = new System.Text.UTF8Encoding(false, true);
        private static readonly JsonReaderOptions Options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        private readonly Stream _stream;
        private readonly string _path;
        private byte[] _buf = ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _start, _end;
        private bool _eof;
        private JsonReaderState _state = new JsonReaderState(Options);
        private long _discardedLines; // newlines in bytes already dropped from the buffer
        private long _lineBase;       // lines before the current top-level value

        public JsonStream(string path)
        {
            _path = path;
            _stream = ExportFile.OpenUtf8(path);
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (_buf != null) ArrayPool<byte>.Shared.Return(_buf);
            _buf = null;
        }

        public static IEnumerable<JsonItem> Items(string path)
        {
            using (var js = new JsonStream(path))
            {
                foreach (var item in js.ReadItems()) yield return item;
            }
        }

        private IEnumerable<JsonItem> ReadItems()
        {
            while (NextTopLevel())
            {
                long line = _lineBase + 1;
                var t = ReadToken(out _);
                if (t == JsonTokenType.StartObject)
                {
                    string context = null;
                    while (true)
                    {
                        var pt = ReadToken(out string name);
                        if (pt == JsonTokenType.EndObject) break;
                        if (Peek() == JsonTokenType.StartArray)
                        {
                            ReadToken(out _);
                            JsonDocument doc;
                            while ((doc = ReadElement()) != null)
                            {
                                using (doc)
                                    yield return new JsonItem { Container = name, Context = context, Element = doc.RootElement, Line = line };
                            }
                        }
                        else
                        {
                            // Other properties (@odata.nextLink, IsTruncated, Marker) come out as items of their own name.
                            using (var doc = ReadElement())
                            {
                                if (name == "@odata.context" && doc.RootElement.ValueKind == JsonValueKind.String)
                                    context = doc.RootElement.GetString();
                                yield return new JsonItem { Container = name, Context = context, Element = doc.RootElement, Line = line, IsProperty = true };
                            }
                        }
                    }
                }
                else if (t == JsonTokenType.StartArray)
                {
                    JsonDocument doc;
                    while ((doc = ReadElement()) != null)
                    {
                        using (doc)
                            yield return new JsonItem { Container = null, Context = null, Element = doc.RootElement, Line = line };
                    }
                }
                else
                {
                    throw OfflineErrors.MalformedAt(_path, line, "expected a JSON object or array at the top level");
                }
            }
        }

        /// <summary>Positions on the next top-level value; false at the end of the file.</summary>
        private bool NextTopLevel()
        {
            while (true)
            {
                while (_start < _end && IsWhite(_buf[_start])) _start++;
                if (_start < _end) break;
                if (_eof) return false;
                Fill();
            }
            long lines = _discardedLines;
            for (int i = 0; i < _start; i++) if (_buf[i] == (byte)'\n') lines++;
            _lineBase = lines;
            _state = new JsonReaderState(Options);
            return true;
        }

        private static bool IsWhite(byte b) => b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';

        private JsonTokenType ReadToken(out string text)
        {
            while (true)
            {
                try
                {
                    var r = new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _start, _end - _start), _eof, _state);
                    if (r.Read())
                    {
                        try { text = r.TokenType == JsonTokenType.PropertyName || r.TokenType == JsonTokenType.String ? r.GetString() : null; }
                        catch (InvalidOperationException) { throw InvalidUtf8(_start + (int)r.TokenStartIndex); }
                        _start += (int)r.BytesConsumed;
                        _state = r.CurrentState;
                        return r.TokenType;
                    }
                }
                catch (JsonException ex) { throw Malformed(ex); }
                if (_eof) throw OfflineErrors.MalformedAt(_path, 0, "unexpected end of JSON");
                Fill();
            }
        }

        private JsonTokenType Peek()
        {
            while (true)
            {
                try
                {
                    var r = new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _start, _end - _start), _eof, _state);
                    if (r.Read()) return r.TokenType;
                }
                catch (JsonException ex) { throw Malformed(ex); }
                if (_eof) throw OfflineErrors.MalformedAt(_path, 0, "unexpected end of JSON");
                Fill();
            }
        }

        /// <summary>Parses the next value of the current array or property; null at the end of an array.</summary>
        private JsonDocument ReadElement()
        {
            while (true)
            {
                try
                {
                    var r = new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _start, _end - _start), _eof, _state);
                    if (r.Read())
                    {
                        if (r.TokenType == JsonTokenType.EndArray)
                        {
                            _start += (int)r.BytesConsumed;
                            _state = r.CurrentState;
                            return null;
                        }
                        if (JsonDocument.TryParseValue(ref r, out var doc))
                        {
                            // The parser does not check the UTF-8 inside strings; reading one later would throw a raw
                            // InvalidOperationException in the middle of a builder. Checked here, it is this file's error.
                            CheckUtf8(_start, (int)r.BytesConsumed, doc);
                            _start += (int)r.BytesConsumed;
                            _state = r.CurrentState;
                            return doc;
                        }
                    }
                }
                catch (JsonException ex) { throw Malformed(ex); }
                if (_eof) throw OfflineErrors.MalformedAt(_path, 0, "unexpected end of JSON");
                Fill();
            }
        }

        private void Fill()
        {
            if (_start > 0)
            {
                for (int i = 0; i < _start; i++) if (_buf[i] == (byte)'\n') _discardedLines++;
                Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buf.Length)
            {
                // One value (or one token) larger than the limit: this file is refused, memory stays bounded.
                if (_buf.Length >= InputLimits.MaxTokenBytes)
                    throw OfflineErrors.TooLarge(_path, _discardedLines + 1, InputLimits.MaxTokenBytes);
                var bigger = ArrayPool<byte>.Shared.Rent(_buf.Length * 2);
                Buffer.BlockCopy(_buf, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buf);
                _buf = bigger;
            }
            int n = _stream.Read(_buf, _end, _buf.Length - _end);
            if (n == 0) _eof = true; else _end += n;
        }

        private void CheckUtf8(int offset, int count, JsonDocument doc)
        {
            try { StrictUtf8.GetCharCount(_buf, offset, count); }
            catch (System.Text.DecoderFallbackException ex)
            {
                doc.Dispose();
                throw InvalidUtf8(offset + Math.Max(0, ex.Index));
            }
        }

        /// <summary>NhiMalformedInput at the line and byte of an invalid UTF-8 sequence at buffer offset <paramref name="at"/>.</summary>
        private NhiTools.Hosting.NhiException InvalidUtf8(int at)
        {
            long line = _discardedLines + 1;
            int lineStart = 0;
            for (int i = 0; i < at && i < _end; i++)
                if (_buf[i] == (byte)'\n') { line++; lineStart = i + 1; }
            return OfflineErrors.MalformedAt(_path, line, $"invalid UTF-8 (byte {at - lineStart + 1} of the line); the file's other content before it was read");
        }

        private NhiTools.Hosting.NhiException Malformed(JsonException ex)
        {
            long line = ex.LineNumber.HasValue ? _lineBase + ex.LineNumber.Value + 1 : 0;
            string where = ex.BytePositionInLine.HasValue ? $" (byte {ex.BytePositionInLine.Value + 1} of the line)" : "";
            // Our own words: the parser's message quotes input characters, and input may hold secrets.
            return OfflineErrors.MalformedAt(_path, line, "invalid JSON" + where, null);
        }
    }
}
