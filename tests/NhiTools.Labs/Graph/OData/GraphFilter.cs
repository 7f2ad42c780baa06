using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph.OData
{
    /// <summary>
    /// The $filter subset the lab understands, compiled to a predicate over a stored entity:
    /// <c>prop eq 'v'</c>, <c>prop eq true</c>, <c>prop eq null</c>, <c>prop in ('a','b')</c>, <c>startswith(prop,'v')</c>,
    /// joined by <c>and</c>/<c>or</c> with parentheses. <c>ne</c>, <c>not(...)</c> and <c>endswith</c> are advanced
    /// queries: accepted only with ConsistencyLevel: eventual and $count=true, as in Graph. Anything else, or a
    /// property the collection does not allow in filters, is 400 Request_UnsupportedQuery. Comparison is
    /// case-insensitive, as Graph's directory string comparisons are.
    /// </summary>
    public static class GraphFilter
    {
        public static Func<GraphEntity, bool> Compile(string text, string resourceName, ISet<string> filterable, bool advanced)
        {
            var parser = new Parser(text, resourceName, filterable, advanced);
            var result = parser.ParseOr();
            parser.ExpectEnd();
            return result;
        }

        private enum Kind { Ident, String, Literal, LParen, RParen, Comma, End }

        private readonly struct Token
        {
            public Token(Kind kind, string text, int position) { Kind = kind; Text = text; Position = position; }
            public Kind Kind { get; }
            public string Text { get; }
            public int Position { get; }
        }

        private sealed class Parser
        {
            private readonly string _text;
            private readonly string _resource;
            private readonly ISet<string> _filterable;
            private readonly bool _advanced;
            private readonly List<Token> _tokens;
            private int _index;

            public Parser(string text, string resource, ISet<string> filterable, bool advanced)
            {
                _text = text; _resource = resource; _filterable = filterable; _advanced = advanced;
                _tokens = Tokenize(text);
            }

            private Token Peek => _tokens[_index];
            private Token Next() => _tokens[_index++];

            private bool PeekKeyword(string keyword) =>
                Peek.Kind == Kind.Ident && Peek.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

            public void ExpectEnd()
            {
                if (Peek.Kind != Kind.End) throw Syntax(Peek.Position);
            }

            public Func<GraphEntity, bool> ParseOr()
            {
                var left = ParseAnd();
                while (PeekKeyword("or"))
                {
                    Next();
                    var l = left; var r = ParseAnd();
                    left = e => l(e) || r(e);
                }
                return left;
            }

            private Func<GraphEntity, bool> ParseAnd()
            {
                var left = ParseTerm();
                while (PeekKeyword("and"))
                {
                    Next();
                    var l = left; var r = ParseTerm();
                    left = e => l(e) && r(e);
                }
                return left;
            }

            private Func<GraphEntity, bool> ParseTerm()
            {
                var token = Next();
                if (token.Kind == Kind.LParen)
                {
                    var inner = ParseOr();
                    Expect(Kind.RParen);
                    return inner;
                }
                if (token.Kind != Kind.Ident) throw Syntax(token.Position);

                if (Peek.Kind == Kind.LParen)
                {
                    var function = token.Text.ToLowerInvariant();
                    if (function == "not")
                    {
                        RequireAdvanced("not");
                        Next();
                        var inner = ParseOr();
                        Expect(Kind.RParen);
                        return e => !inner(e);
                    }
                    if (function != "startswith" && function != "endswith")
                        throw GraphQueryException.Unsupported($"Unsupported query function '{token.Text}'.");
                    if (function == "endswith") RequireAdvanced("endsWith");
                    Next();
                    var property = Property(Expect(Kind.Ident));
                    Expect(Kind.Comma);
                    var value = Expect(Kind.String).Text;
                    Expect(Kind.RParen);
                    var starts = function == "startswith";
                    return e =>
                    {
                        var s = ValueOf(e, property);
                        return s != null && (starts ? s.StartsWith(value, StringComparison.OrdinalIgnoreCase)
                                                    : s.EndsWith(value, StringComparison.OrdinalIgnoreCase));
                    };
                }

                if (token.Text.IndexOf('/') >= 0)
                    throw GraphQueryException.Unsupported($"Unsupported or invalid query filter clause specified for property '{token.Text}' of resource '{_resource}'.");
                var prop = Property(token);
                var op = Expect(Kind.Ident).Text.ToLowerInvariant();
                switch (op)
                {
                    case "eq":
                    case "ne":
                    {
                        if (op == "ne") RequireAdvanced("ne");
                        var literal = Literal(Next());
                        var negate = op == "ne";
                        return e => Equal(ValueOf(e, prop), literal) != negate;
                    }
                    case "in":
                    {
                        Expect(Kind.LParen);
                        var values = new List<string> { Literal(Next()) };
                        while (Peek.Kind == Kind.Comma) { Next(); values.Add(Literal(Next())); }
                        Expect(Kind.RParen);
                        return e => { var v = ValueOf(e, prop); return values.Any(x => Equal(v, x)); };
                    }
                    case "ge": case "le": case "gt": case "lt":
                        throw GraphQueryException.Unsupported($"Unsupported or invalid query filter clause specified for property '{prop}' of resource '{_resource}'.");
                    default:
                        throw Syntax(token.Position);
                }
            }

            private void RequireAdvanced(string what)
            {
                if (!_advanced)
                    throw GraphQueryException.Unsupported(
                        $"Operator '{what}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
            }

            private string Property(Token token)
            {
                if (token.Kind != Kind.Ident) throw Syntax(token.Position);
                var canonical = _filterable.FirstOrDefault(p => p.Equals(token.Text, StringComparison.OrdinalIgnoreCase));
                if (canonical == null)
                    throw GraphQueryException.Unsupported($"Unsupported or invalid query filter clause specified for property '{token.Text}' of resource '{_resource}'.");
                return canonical;
            }

            private string Literal(Token token)
            {
                switch (token.Kind)
                {
                    case Kind.String: return token.Text;
                    case Kind.Literal: return token.Text;
                    case Kind.Ident:
                        // true/false/null and unquoted GUIDs.
                        if (token.Text.Equals("null", StringComparison.OrdinalIgnoreCase)) return null;
                        if (token.Text.Equals("true", StringComparison.OrdinalIgnoreCase) ||
                            token.Text.Equals("false", StringComparison.OrdinalIgnoreCase) ||
                            Guid.TryParse(token.Text, out _)) return token.Text.ToLowerInvariant();
                        break;
                }
                throw Syntax(token.Position);
            }

            private Token Expect(Kind kind)
            {
                var token = Next();
                if (token.Kind != kind) throw Syntax(token.Position);
                return token;
            }

            private GraphQueryException Syntax(int position) =>
                GraphQueryException.BadRequest($"Invalid filter clause: Syntax error at position {position} in '{_text}'.");

            private static List<Token> Tokenize(string text)
            {
                var tokens = new List<Token>();
                var i = 0;
                while (i < text.Length)
                {
                    var c = text[i];
                    if (char.IsWhiteSpace(c)) { i++; continue; }
                    if (c == '(') { tokens.Add(new Token(Kind.LParen, "(", i)); i++; continue; }
                    if (c == ')') { tokens.Add(new Token(Kind.RParen, ")", i)); i++; continue; }
                    if (c == ',') { tokens.Add(new Token(Kind.Comma, ",", i)); i++; continue; }
                    if (c == '\'')
                    {
                        var start = i++;
                        var sb = new StringBuilder();
                        while (true)
                        {
                            if (i >= text.Length)
                                throw GraphQueryException.BadRequest($"Invalid filter clause: Unterminated string literal at position {start} in '{text}'.");
                            if (text[i] == '\'')
                            {
                                if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                                i++;
                                break;
                            }
                            sb.Append(text[i++]);
                        }
                        tokens.Add(new Token(Kind.String, sb.ToString(), start));
                        continue;
                    }
                    if (char.IsLetterOrDigit(c) || c == '_' || c == '/' || c == '-' || c == '.' || c == '@')
                    {
                        var start = i;
                        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || "_/-.@:".IndexOf(text[i]) >= 0)) i++;
                        var word = text.Substring(start, i - start);
                        tokens.Add(new Token(char.IsDigit(c) && !Guid.TryParse(word, out _) ? Kind.Literal : Kind.Ident, word, start));
                        continue;
                    }
                    throw GraphQueryException.BadRequest($"Invalid filter clause: Syntax error at position {i} in '{text}'.");
                }
                tokens.Add(new Token(Kind.End, "", text.Length));
                return tokens;
            }
        }

        /// <summary>Property value as a comparable string: strings as is, booleans "true"/"false", null for absent.</summary>
        internal static string ValueOf(GraphEntity entity, string property) => entity.Comparable(property);

        private static bool Equal(string actual, string expected)
        {
            if (expected == null) return actual == null;
            return actual != null && string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
        }
    }
}
