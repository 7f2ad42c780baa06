using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph.OData
{
    /// <summary>
    /// The $filter forms Graph documents for auditLogs/signIns and auditLogs/directoryAudits, parsed strictly:
    /// <c>createdDateTime|activityDateTime ge|le|eq 2026-10-01T00:00:00Z</c> (unquoted DateTimeOffset),
    /// <c>prop eq 'value'</c> on the properties listed below (nested paths such as <c>initiatedBy/app/appId</c>),
    /// beta sign-ins also <c>signInEventTypes/any(t: t eq 'servicePrincipal')</c>; terms joined by <c>and</c>, and
    /// <c>or</c> between eq terms inside parentheses. Anything else is 400, as Graph answers it.
    /// </summary>
    public sealed class AuditLogFilter
    {
        private static readonly string[] SignInProperties = { "appId", "userId", "userPrincipalName", "appDisplayName", "ipAddress", "resourceId", "correlationId" };
        private static readonly string[] BetaSignInProperties = { "servicePrincipalId", "servicePrincipalName" };
        // directoryAudit docs: initiatedBy supports eq on user/id, user/displayName, user/userPrincipalName, app/appId and
        // app/displayName only (no app/servicePrincipalId); activityDateTime eq, ge, le.
        private static readonly string[] AuditProperties =
        {
            "id", "category", "activityDisplayName", "loggedByService", "result", "correlationId",
            "initiatedBy/app/appId", "initiatedBy/app/displayName",
            "initiatedBy/user/id", "initiatedBy/user/userPrincipalName", "initiatedBy/user/displayName",
        };

        private readonly bool _signIns;
        private readonly bool _beta;
        private readonly string _text;
        private readonly List<string> _tokens;
        private int _i;

        private AuditLogFilter(string text, bool signIns, bool beta)
        {
            _text = text; _signIns = signIns; _beta = beta;
            _tokens = Tokenize(text);
        }

        /// <summary>The predicate, and the sign-in event types the filter asks for (null: none named).</summary>
        public Func<GraphEntity, bool> Predicate { get; private set; }
        public HashSet<string> EventTypes { get; private set; }

        public static AuditLogFilter Parse(string text, bool signIns, bool beta)
        {
            var f = new AuditLogFilter(text ?? "", signIns, beta);
            if (string.IsNullOrWhiteSpace(text)) { f.Predicate = _ => true; return f; }
            Func<GraphEntity, bool> all = f.Term();
            while (f.Peek("and")) { f._i++; var l = all; var r = f.Term(); all = e => l(e) && r(e); }
            if (f._i != f._tokens.Count) throw f.Syntax();
            f.Predicate = all;
            return f;
        }

        private bool Peek(string word) => _i < _tokens.Count && string.Equals(_tokens[_i], word, StringComparison.OrdinalIgnoreCase);
        private string Next() => _i < _tokens.Count ? _tokens[_i++] : throw Syntax();
        private void Expect(string word) { if (!string.Equals(Next(), word, StringComparison.Ordinal)) throw Syntax(); }

        private Func<GraphEntity, bool> Term()
        {
            if (Peek("("))
            {
                _i++;
                var left = Comparison(orAllowed: true);
                while (Peek("or")) { _i++; var l = left; var r = Comparison(orAllowed: true); left = e => l(e) || r(e); }
                Expect(")");
                return left;
            }
            return Comparison(orAllowed: false);
        }

        private Func<GraphEntity, bool> Comparison(bool orAllowed)
        {
            var property = Next();
            if (property.Equals("signInEventTypes/any", StringComparison.OrdinalIgnoreCase))
            {
                if (!_signIns || !_beta || orAllowed) throw Unsupported(property);
                // signInEventTypes/any(t: t eq 'servicePrincipal')
                Expect("(");
                var variable = Next();
                Expect(":");
                if (!string.Equals(Next(), variable, StringComparison.Ordinal) || !string.Equals(Next(), "eq", StringComparison.OrdinalIgnoreCase)) throw Syntax();
                var type = StringLiteral(Next());
                Expect(")");
                (EventTypes ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(type);
                return e => Types(e).Contains(type);
            }
            var op = Next().ToLowerInvariant();
            var time = _signIns ? "createdDateTime" : "activityDateTime";
            if (property.Equals(time, StringComparison.OrdinalIgnoreCase))
            {
                if (orAllowed) throw Unsupported(property);
                var at = TimeLiteral(Next());
                Func<int, bool> test;
                switch (op)
                {
                    case "ge": test = c => c >= 0; break;
                    case "le": test = c => c <= 0; break;
                    case "eq": test = c => c == 0; break;
                    default: throw Unsupported(property);
                }
                return e => DateTimeOffset.TryParse(e.GetString(time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && test(t.CompareTo(at));
            }
            if (!Allowed(property) || op != "eq") throw Unsupported(property);
            var value = StringLiteral(Next());
            var path = property.Split('/');
            return e => string.Equals(Value(e, path), value, StringComparison.OrdinalIgnoreCase);
        }

        private bool Allowed(string property)
        {
            foreach (var p in _signIns ? SignInProperties : AuditProperties)
                if (p.Equals(property, StringComparison.Ordinal)) return true;
            if (_signIns && _beta)
                foreach (var p in BetaSignInProperties)
                    if (p.Equals(property, StringComparison.Ordinal)) return true;
            return false;
        }

        /// <summary>Sign-in event types of an item; items without any are interactive user sign-ins (v1.0 shape).</summary>
        public static HashSet<string> Types(GraphEntity e)
        {
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (e.AsObject()["signInEventTypes"] is JsonArray a)
                foreach (var t in a)
                    if (t is JsonValue v && v.TryGetValue<string>(out var s)) set.Add(s);
            if (set.Count == 0) set.Add("interactiveUser");
            return set;
        }

        private static string Value(GraphEntity e, string[] path)
        {
            JsonNode node = e.AsObject();
            foreach (var p in path)
            {
                if (!(node is JsonObject o) || !o.TryGetPropertyValue(p, out node) || node == null) return null;
            }
            return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
        }

        private string StringLiteral(string token)
        {
            if (token.Length < 2 || token[0] != '\'' || token[token.Length - 1] != '\'') throw Syntax();
            return token.Substring(1, token.Length - 2).Replace("''", "'");
        }

        private DateTimeOffset TimeLiteral(string token)
        {
            // Graph takes DateTimeOffset literals unquoted; a quoted date is a type mismatch there too.
            if (!DateTimeOffset.TryParseExact(token, new[] { "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd" },
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                throw GraphQueryException.BadRequest($"Invalid filter clause: The DateTimeOffset text '{token}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.");
            return at;
        }

        private GraphQueryException Syntax() =>
            GraphQueryException.BadRequest($"Invalid filter clause: Syntax error at position {(_i < _tokens.Count ? _i : _tokens.Count)} in '{_text}'.");

        private GraphQueryException Unsupported(string property) =>
            GraphQueryException.Unsupported($"Unsupported or invalid query filter clause specified for property '{property}' of resource '{(_signIns ? "SignIn" : "DirectoryAudit")}'.");

        private static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '(' || c == ')' || c == ':') { tokens.Add(c.ToString()); i++; continue; }
                if (c == '\'')
                {
                    var sb = new StringBuilder("'");
                    i++;
                    while (true)
                    {
                        if (i >= text.Length) throw GraphQueryException.BadRequest($"Invalid filter clause: Unterminated string literal in '{text}'.");
                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'') { sb.Append("''"); i += 2; continue; }
                            i++;
                            break;
                        }
                        sb.Append(text[i++]);
                    }
                    tokens.Add(sb.Append('\'').ToString());
                    continue;
                }
                int start = i;
                if (char.IsDigit(c))
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || ":-.+".IndexOf(text[i]) >= 0)) i++;
                else if (char.IsLetter(c))
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '/' || text[i] == '_')) i++;
                else throw GraphQueryException.BadRequest($"Invalid filter clause: Syntax error at position {i} in '{text}'.");
                tokens.Add(text.Substring(start, i - start));
            }
            return tokens;
        }
    }
}
