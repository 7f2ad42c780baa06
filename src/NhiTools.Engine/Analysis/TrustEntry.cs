using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NhiTools.Engine.Analysis
{
    internal enum TrustKind { Anyone, Service, Account, Principal, Oidc, Saml, Other }

    /// <summary>
    /// One principal that may act as an identity, read from Identity.AssumableBy or a federated credential.
    /// Accepts the importer's forms (service:x, account:123456789012, oidc:host (sub StringLike a|b; aud ...),
    /// saml:name, *, an IAM ARN) and raw trust-policy forms (arn:...:oidc-provider/host, https://issuer).
    /// </summary>
    internal sealed class TrustEntry
    {
        private static readonly Regex AccountId = new Regex(@"(?:^|:)(\d{12})(?::|$)", RegexOptions.CultureInvariant);

        public TrustKind Kind;
        /// <summary>Account id (Account/Principal), issuer host (Oidc), provider name (Saml).</summary>
        public string Value;
        /// <summary>The whole entry as the importer wrote it, for evidence.</summary>
        public string Raw;
        /// <summary>Condition text, e.g. "sub StringLike repo:contoso/*; aud StringEquals sts.amazonaws.com"; null when none.</summary>
        public string Conditions;
        /// <summary>OIDC subjects the trust accepts; null when it sets no sub condition.</summary>
        public List<string> Subjects;
        /// <summary>The federated credential this trust came from, if any.</summary>
        public string CredentialId;

        public bool HasCondition(string key) =>
            Conditions != null && Regex.IsMatch(Conditions, @"(^|[;:\s])" + Regex.Escape(key) + @"\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static TrustEntry Parse(string entry)
        {
            if (string.IsNullOrWhiteSpace(entry)) return null;
            string raw = entry.Trim(), principal = raw, conditions = null;
            int open = raw.IndexOf(" (", StringComparison.Ordinal);
            if (open > 0 && raw.EndsWith(")", StringComparison.Ordinal))
            {
                principal = raw.Substring(0, open).Trim();
                conditions = raw.Substring(open + 2, raw.Length - open - 3).Trim();
            }
            var t = new TrustEntry { Raw = raw, Conditions = conditions };
            if (principal == "*" || principal.Equals("AWS:*", StringComparison.OrdinalIgnoreCase)) t.Kind = TrustKind.Anyone;
            else if (principal.StartsWith("service:", StringComparison.OrdinalIgnoreCase) ||
                     (!principal.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) && principal.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
                      && principal.IndexOf("cognito-identity", StringComparison.OrdinalIgnoreCase) < 0))
            { t.Kind = TrustKind.Service; t.Value = principal; }
            else if (principal.StartsWith("oidc:", StringComparison.OrdinalIgnoreCase)) { t.Kind = TrustKind.Oidc; t.Value = Host(principal.Substring(5)); }
            else if (principal.IndexOf("oidc-provider/", StringComparison.OrdinalIgnoreCase) >= 0)
            { t.Kind = TrustKind.Oidc; t.Value = Host(principal.Substring(principal.IndexOf("oidc-provider/", StringComparison.OrdinalIgnoreCase) + 14)); }
            else if (principal.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) { t.Kind = TrustKind.Oidc; t.Value = Host(principal); }
            else if (principal.StartsWith("saml:", StringComparison.OrdinalIgnoreCase)) { t.Kind = TrustKind.Saml; t.Value = principal.Substring(5); }
            else if (principal.IndexOf("saml-provider/", StringComparison.OrdinalIgnoreCase) >= 0)
            { t.Kind = TrustKind.Saml; t.Value = principal.Substring(principal.IndexOf("saml-provider/", StringComparison.OrdinalIgnoreCase) + 14); }
            else
            {
                var m = AccountId.Match(principal);
                if (m.Success)
                {
                    t.Kind = principal.StartsWith("account:", StringComparison.OrdinalIgnoreCase) || principal == m.Groups[1].Value || principal.EndsWith(":root", StringComparison.Ordinal)
                        ? TrustKind.Account : TrustKind.Principal;
                    t.Value = m.Groups[1].Value;
                }
                else { t.Kind = TrustKind.Other; t.Value = principal; }
            }
            if (t.Kind == TrustKind.Oidc) t.Subjects = SubjectsOf(conditions);
            return t;
        }

        /// <summary>An OIDC trust as a federated credential (Entra FIC, or an importer that models trusts as credentials).</summary>
        public static TrustEntry FromCredential(Credential c)
        {
            string issuer = c.Issuer, subject = c.Subject;
            // Importers that only fill DisplayName write "<issuer> <subject>".
            if (issuer == null && !string.IsNullOrWhiteSpace(c.DisplayName))
            {
                string d = c.DisplayName.Trim();
                int space = d.IndexOf(' ');
                issuer = space < 0 ? d : d.Substring(0, space);
                if (space > 0) subject = d.Substring(space + 1).Trim();
            }
            if (string.IsNullOrWhiteSpace(issuer)) return null; // nothing known: unknown is not unrestricted
            return new TrustEntry
            {
                Kind = TrustKind.Oidc, Value = Host(issuer), Raw = "federated credential " + c.Id, CredentialId = c.Id,
                Subjects = string.IsNullOrWhiteSpace(subject) ? null : new List<string> { subject.Trim() },
            };
        }

        private static string Host(string issuer)
        {
            string s = issuer.Trim();
            if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) s = s.Substring(8);
            return s.TrimEnd('/').ToLowerInvariant();
        }

        /// <summary>Values of the sub condition in "sub StringLike a|b; aud StringEquals x" (keys may carry the issuer prefix).</summary>
        private static List<string> SubjectsOf(string conditions)
        {
            if (string.IsNullOrEmpty(conditions)) return null;
            List<string> subjects = null;
            foreach (var part in conditions.Split(';'))
            {
                var words = part.Trim().Split(new[] { ' ' }, 3, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length < 3) continue;
                string key = words[0];
                if (!(key.Equals("sub", StringComparison.OrdinalIgnoreCase) || key.EndsWith(":sub", StringComparison.OrdinalIgnoreCase))) continue;
                foreach (var v in words[2].Split('|'))
                    if (v.Trim().Length > 0) (subjects ?? (subjects = new List<string>())).Add(v.Trim());
            }
            return subjects;
        }
    }
}
