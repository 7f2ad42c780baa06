using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NhiTools.Hosting;

namespace NhiTools.Engine.Analysis
{
    /// <summary>A parsed value of a PowerShell data file, with the line it started on (for error messages).</summary>
    internal sealed class PsdNode
    {
        public PsdNode(object value, int line) { Value = value; Line = line; }
        /// <summary>string, long, double, bool, null, <see cref="PsdTable"/> or List&lt;PsdNode&gt;.</summary>
        public object Value { get; }
        public int Line { get; }
    }

    /// <summary>A hashtable literal: keys in file order, compared case-insensitively as PowerShell does.</summary>
    internal sealed class PsdTable
    {
        private readonly Dictionary<string, PsdNode> _values = new Dictionary<string, PsdNode>(StringComparer.OrdinalIgnoreCase);
        public List<KeyValuePair<string, PsdNode>> Entries { get; } = new List<KeyValuePair<string, PsdNode>>();
        public bool TryAdd(string key, PsdNode value)
        {
            if (_values.ContainsKey(key)) return false;
            _values.Add(key, value);
            Entries.Add(new KeyValuePair<string, PsdNode>(key, value));
            return true;
        }
    }

    /// <summary>
    /// Reads a PowerShell data file (.psd1) without running anything: one hashtable literal of strings,
    /// numbers, $true/$false/$null, @( ) arrays, comma lists and nested @{ } tables, with # and &lt;# #&gt;
    /// comments. Anything else (variables, sub-expressions, commands) is rejected, so a policy file can
    /// never execute code. Errors are NhiPolicyInvalid with the file and line.
    /// </summary>
    internal sealed class PowerShellDataFile
    {
        public const string ErrorId = "NhiPolicyInvalid";
        private readonly string _text;
        private readonly string _name;
        private int _pos;
        private int _line = 1;

        private PowerShellDataFile(string text, string name)
        {
            _text = text ?? string.Empty;
            _name = name ?? "policy";
        }

        public static PsdTable Parse(string text, string name)
        {
            var p = new PowerShellDataFile(text, name);
            p.SkipTrivia(newlines: true);
            if (!p.At("@{")) throw p.Error("the file must contain one hashtable literal starting with @{");
            var root = p.ParseTable();
            p.SkipTrivia(newlines: true);
            if (p._pos < p._text.Length) throw p.Error("unexpected text after the closing } of the hashtable");
            return (PsdTable)root.Value;
        }

        internal NhiException Error(string message, int? line = null) =>
            new NhiException(ErrorId, NhiErrorCategory.InvalidData, _name + " line " + (line ?? _line) + ": " + message, _name);

        private bool At(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;
        private char Cur => _pos < _text.Length ? _text[_pos] : '\0';

        /// <summary>Skips blanks, comments and backtick line continuations; newlines too when asked.</summary>
        private void SkipTrivia(bool newlines)
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') { _pos++; }
                else if (c == '\n') { if (!newlines) return; _pos++; _line++; }
                else if (c == '`' && _pos + 1 < _text.Length && (_text[_pos + 1] == '\n' || _text[_pos + 1] == '\r'))
                {
                    _pos++;
                    if (Cur == '\r') _pos++;
                    if (Cur == '\n') { _pos++; _line++; }
                }
                else if (At("<#"))
                {
                    int startLine = _line;
                    int end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                    if (end < 0) throw Error("block comment <# is never closed", startLine);
                    CountLines(_pos, end + 2);
                    _pos = end + 2;
                }
                else if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; }
                else return;
            }
        }

        private void CountLines(int from, int to)
        {
            for (int i = from; i < to; i++) if (_text[i] == '\n') _line++;
        }

        /// <summary>Statement separators inside @{ } and @( ): newlines and semicolons. Returns whether any was seen.</summary>
        private bool SkipSeparators()
        {
            bool any = false;
            while (true)
            {
                int before = _pos;
                SkipTrivia(newlines: false);
                if (Cur == '\n') { _pos++; _line++; any = true; }
                else if (Cur == ';') { _pos++; any = true; }
                else if (_pos == before) return any;
            }
        }

        private PsdNode ParseTable()
        {
            int line = _line;
            _pos += 2; // @{
            var table = new PsdTable();
            SkipSeparators();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("hashtable is never closed with }", line);
                if (Cur == '}') { _pos++; return new PsdNode(table, line); }
                int keyLine = _line;
                string key = ParseKey();
                SkipTrivia(newlines: false);
                if (Cur != '=') throw Error("expected = after key '" + key + "'");
                _pos++;
                SkipTrivia(newlines: true);
                var value = ParseExpression();
                if (!table.TryAdd(key, value)) throw Error("duplicate key '" + key + "'", keyLine);
                bool sep = SkipSeparators();
                if (Cur != '}' && !sep && _pos < _text.Length) throw Error("expected a newline, ; or } after the value of '" + key + "'");
            }
        }

        private string ParseKey()
        {
            if (Cur == '\'' || Cur == '"') return ParseString();
            int start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(Cur) || Cur == '_' || Cur == '-' || Cur == '.')) _pos++;
            if (_pos == start) throw Error("expected a key name, found " + Describe());
            return _text.Substring(start, _pos - start);
        }

        /// <summary>One value, or a comma list of values (which PowerShell reads as an array).</summary>
        private PsdNode ParseExpression()
        {
            int line = _line;
            var first = ParseElement();
            SkipTrivia(newlines: false);
            if (Cur != ',') return first;
            var items = new List<PsdNode> { first };
            while (Cur == ',')
            {
                _pos++;
                SkipTrivia(newlines: true);
                items.Add(ParseElement());
                SkipTrivia(newlines: false);
            }
            return new PsdNode(items, line);
        }

        private PsdNode ParseElement()
        {
            int line = _line;
            if (At("@{")) return ParseTable();
            if (At("@(")) return ParseArray();
            if (At("@'") || At("@\"")) throw Error("here-strings are not supported in a policy file; use a quoted string");
            char c = Cur;
            if (c == '\'' || c == '"') return new PsdNode(ParseString(), line);
            if (c == '$')
            {
                foreach (var lit in new[] { "$true", "$false", "$null" })
                {
                    if (string.Compare(_text, _pos, lit, 0, lit.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
                        !IsNameChar(_pos + lit.Length))
                    {
                        _pos += lit.Length;
                        object v = lit == "$null" ? null : (object)(lit == "$true");
                        return new PsdNode(v, line);
                    }
                }
                throw Error("variables and expressions are not allowed in a policy file (only $true, $false and $null), found " + Describe());
            }
            if (char.IsDigit(c) || ((c == '-' || c == '+' || c == '.') && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1])))
                return new PsdNode(ParseNumber(), line);
            if (_pos >= _text.Length) throw Error("expected a value, found end of file");
            throw Error("expected a value (a quoted string, number, $true, $false, $null, @( ) or @{ }), found " + Describe());
        }

        private bool IsNameChar(int i) => i < _text.Length && (char.IsLetterOrDigit(_text[i]) || _text[i] == '_');

        private PsdNode ParseArray()
        {
            int line = _line;
            _pos += 2; // @(
            var items = new List<PsdNode>();
            SkipSeparators();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("array is never closed with )", line);
                if (Cur == ')') { _pos++; return new PsdNode(items, line); }
                var value = ParseExpression();
                // @( ) flattens one level, as in PowerShell: @('a','b') and @('a'; 'b') are the same two items.
                if (value.Value is List<PsdNode> inner) items.AddRange(inner); else items.Add(value);
                bool sep = SkipSeparators();
                if (Cur != ')' && !sep && _pos < _text.Length) throw Error("expected a comma, newline or ) in the array");
            }
        }

        private string ParseString()
        {
            int startLine = _line;
            char quote = Cur;
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("string is never closed with " + quote, startLine);
                char c = _text[_pos];
                if (c == '\n') _line++;
                if (c == quote)
                {
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == quote) { sb.Append(quote); _pos += 2; continue; }
                    _pos++;
                    return sb.ToString();
                }
                if (quote == '"' && c == '`' && _pos + 1 < _text.Length)
                {
                    char e = _text[_pos + 1];
                    sb.Append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e);
                    _pos += 2;
                    continue;
                }
                if (quote == '"' && c == '$' && _pos + 1 < _text.Length &&
                    (char.IsLetter(_text[_pos + 1]) || _text[_pos + 1] == '_' || _text[_pos + 1] == '(' || _text[_pos + 1] == '{'))
                    throw Error("double-quoted string would expand a variable or expression; use single quotes");
                sb.Append(c);
                _pos++;
            }
        }

        private object ParseNumber()
        {
            int start = _pos;
            if (Cur == '-' || Cur == '+') _pos++;
            while (char.IsDigit(Cur) || Cur == '.') _pos++;
            string s = _text.Substring(start, _pos - start);
            if (IsNameChar(_pos)) throw Error("expected a number, found '" + s + _text[_pos] + "...' (number suffixes and bare words are not allowed)");
            if (s.IndexOf('.') < 0 && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
            throw Error("'" + s + "' is not a number");
        }

        private string Describe()
        {
            if (_pos >= _text.Length) return "end of file";
            int end = _pos;
            while (end < _text.Length && end - _pos < 20 && !char.IsWhiteSpace(_text[end])) end++;
            return "'" + _text.Substring(_pos, Math.Max(1, end - _pos)) + "'";
        }
    }
}
