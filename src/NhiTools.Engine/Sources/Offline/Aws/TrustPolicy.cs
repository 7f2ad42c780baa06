using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using NhiTools.Engine.Sources.Offline.Common;

namespace NhiTools.Engine.Sources.Offline.Aws
{
    /// <summary>
    /// Who can assume a role, from its trust policy: service:lambda.amazonaws.com, account:111122223333,
    /// an IAM ARN, oidc:token.actions.githubusercontent.com (sub StringLike repo:acme/api:*), saml:&lt;name&gt;, or *.
    /// </summary>
    internal static class TrustPolicy
    {
        public static string[] AssumableBy(JsonElement value)
        {
            var list = new List<string>();
            PolicyDocument.With(value, doc =>
            {
                foreach (var st in PolicyDocument.Statements(doc))
                {
                    if (st.ValueKind != JsonValueKind.Object || !PolicyDocument.IsAllow(st)) continue;
                    string conditions = Conditions(st);
                    foreach (var p in Principals(st))
                    {
                        var entry = conditions == null ? p : p + " (" + conditions + ")";
                        if (!list.Contains(entry)) list.Add(entry);
                    }
                }
            });
            return list.ToArray();
        }

        private static IEnumerable<string> Principals(JsonElement st)
        {
            if (!st.TryGetProperty("Principal", out var pr)) yield break;
            if (pr.ValueKind == JsonValueKind.String) { yield return pr.GetString() == "*" ? "*" : pr.GetString(); yield break; }
            if (pr.ValueKind != JsonValueKind.Object) yield break;
            foreach (var kind in pr.EnumerateObject())
            {
                foreach (var v in Values.Strings(kind.Value))
                {
                    switch (kind.Name)
                    {
                        case "Service": yield return "service:" + v; break;
                        case "AWS": yield return Aws(v); break;
                        case "Federated": yield return Federated(v); break;
                        default: yield return kind.Name + ":" + v; break;
                    }
                }
            }
        }

        private static string Aws(string v)
        {
            if (v == "*") return "*";
            if (v.Length == 12 && IsDigits(v)) return "account:" + v;
            if (v.StartsWith("arn:", StringComparison.Ordinal))
            {
                if (Arn.TryParse(v, out var arn) && arn.Resource == "root") return "account:" + arn.Account;
            }
            return v;
        }

        private static string Federated(string v)
        {
            int i = v.IndexOf(":oidc-provider/", StringComparison.Ordinal);
            if (i >= 0) return "oidc:" + v.Substring(i + ":oidc-provider/".Length);
            i = v.IndexOf(":saml-provider/", StringComparison.Ordinal);
            if (i >= 0) return "saml:" + v.Substring(i + ":saml-provider/".Length);
            return "oidc:" + v; // cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com
        }

        /// <summary>"sub StringLike repo:acme/api:*; aud StringEquals sts.amazonaws.com" (provider prefix dropped from keys).</summary>
        private static string Conditions(JsonElement st)
        {
            var cond = st.Obj("Condition");
            if (cond.ValueKind != JsonValueKind.Object) return null;
            var sb = new StringBuilder();
            foreach (var op in cond.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object) continue;
                foreach (var key in op.Value.EnumerateObject())
                {
                    var vals = key.Value.ValueKind == JsonValueKind.Array || key.Value.ValueKind == JsonValueKind.String
                        ? Values.Strings(key.Value) : new List<string> { key.Value.GetRawText() };
                    string k = key.Name;
                    int colon = k.LastIndexOf(':');
                    if (colon > 0 && k.IndexOf('.') >= 0 && k.IndexOf('.') < colon) k = k.Substring(colon + 1); // token.actions.githubusercontent.com:sub -> sub
                    if (sb.Length > 0) sb.Append("; ");
                    sb.Append(k).Append(' ').Append(op.Name).Append(' ').Append(string.Join("|", vals));
                }
            }
            return sb.Length == 0 ? null : sb.ToString();
        }

        private static bool IsDigits(string s)
        {
            foreach (char c in s) if (c < '0' || c > '9') return false;
            return true;
        }
    }
}
