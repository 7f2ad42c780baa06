using System;
using System.Linq;

namespace NhiTools.Engine.Analysis.Rules
{
    /// <summary>NHI7 Long-Lived Secrets and NHI9 several active keys: one finding per credential (except several-keys).</summary>
    internal static class CredentialRules
    {
        public static void Evaluate(IdentityFacts f, RuleContext c)
        {
            foreach (var cr in f.I.Credentials ?? Array.Empty<Credential>())
            {
                if (cr == null) continue;
                bool expired = cr.ExpiresOn <= c.AsOf;
                if (expired)
                {
                    if (c.Wants(RuleIds.ExpiredCredential))
                        c.Add(RuleIds.ExpiredCredential, Severity.Low,
                            Describe(cr) + " expired " + c.Ago(cr.ExpiresOn.Value) + " and is still attached" + (cr.Enabled ? "" : " (disabled)") + ".", cr.Id);
                    continue;
                }
                if (!cr.Enabled) continue;
                if (c.Wants(RuleIds.RotationOverdue)) Rotation(cr, c);
                if (c.Wants(RuleIds.LongLived)) Lifetime(cr, c);
                if (c.Wants(RuleIds.UnusedCredential)) Unused(cr, c);
            }
            if (c.Wants(RuleIds.MultipleActiveKeys)) SeveralKeys(f, c);
        }

        internal static string Describe(Credential cr)
        {
            string kind;
            switch (cr.Type)
            {
                case CredentialType.AccessKey: kind = "Access key"; break;
                case CredentialType.ClientSecret: kind = "Client secret"; break;
                case CredentialType.Certificate: kind = "Certificate"; break;
                case CredentialType.FederatedCredential: kind = "Federated credential"; break;
                default: kind = cr.Type.ToString(); break;
            }
            return kind + " " + cr.Id + (string.IsNullOrEmpty(cr.DisplayName) || cr.DisplayName == cr.Id ? "" : " ('" + cr.DisplayName + "')");
        }

        private static void Rotation(Credential cr, RuleContext c)
        {
            if (!c.Policy.RotationTypes.Contains(cr.Type)) return;
            DateTime? since = cr.LastRotatedOn ?? cr.CreatedOn;
            if (!since.HasValue) return;
            int age = c.DaysSince(since.Value);
            int limit = c.P.RotationMaxAgeDaysFor(cr.Type);
            if (age <= limit) return;
            string what = cr.LastRotatedOn.HasValue ? "last rotated " : "created ";
            c.Add(RuleIds.RotationOverdue, Severity.Medium,
                Describe(cr) + " was " + what + c.Ago(since.Value) + "; " + age + " days is over the " + limit + "-day rotation limit"
                + (limit != c.P.RotationMaxAgeDays ? " for a " + cr.Type : "") + ".", cr.Id);
        }

        private static void Lifetime(Credential cr, RuleContext c)
        {
            if (!c.Policy.LifetimeTypes.Contains(cr.Type)) return;
            int max = c.P.MaxLifetimeDays;
            string created = cr.CreatedOn.HasValue ? "created " + Text.Day(cr.CreatedOn.Value) : "creation date unknown";
            if (!cr.ExpiresOn.HasValue)
            {
                // AWS access keys cannot be given an expiry: Low, since their age is judged by NHI-ROTATION-OVERDUE.
                bool aws = cr.Type == CredentialType.AccessKey;
                string why = aws ? " (AWS access keys have no expiry date)" : " (no expiry date set)";
                c.Add(RuleIds.LongLived, aws ? Severity.Low : Severity.Medium, Describe(cr) + " never expires" + why + "; " + created + ".", cr.Id);
                return;
            }
            var exp = cr.ExpiresOn.Value;
            if (cr.CreatedOn.HasValue)
            {
                var life = exp - cr.CreatedOn.Value;
                if (life <= TimeSpan.FromDays(max)) return;
                c.Add(RuleIds.LongLived, Severity.Medium,
                    Describe(cr) + " lives " + (int)Math.Floor(life.TotalDays) + " days (" + created + ", expires " + Text.Day(exp) + "), over the " + max + "-day limit.", cr.Id);
                return;
            }
            // Creation unknown: what is left of its life is a lower bound on the lifetime.
            var left = exp - c.AsOf;
            if (left > TimeSpan.FromDays(max))
                c.Add(RuleIds.LongLived, Severity.Medium,
                    Describe(cr) + " expires " + Text.Day(exp) + ", still " + (int)Math.Floor(left.TotalDays) + " days away (" + created + "), over the " + max + "-day limit.", cr.Id);
        }

        private static void Unused(Credential cr, RuleContext c)
        {
            if (cr.Type == CredentialType.FederatedCredential) return;
            int limit = c.P.UnusedCredentialDays;
            if (cr.LastUsedOn.HasValue)
            {
                if (c.DaysSince(cr.LastUsedOn.Value) > limit)
                    c.Add(RuleIds.UnusedCredential, Severity.Medium, Describe(cr) + " last used " + c.Ago(cr.LastUsedOn.Value) + ", over the " + limit + "-day limit.", cr.Id);
                return;
            }
            // Never used: once it is past the grace period (a key made today is not unused yet).
            if (cr.NeverUsed && cr.CreatedOn.HasValue && c.DaysSince(cr.CreatedOn.Value) > c.P.NeverUsedGraceDays)
                c.Add(RuleIds.UnusedCredential, Severity.Medium, Describe(cr) + " has never been used since it was created " + c.Ago(cr.CreatedOn.Value) + ".", cr.Id);
        }

        private static void SeveralKeys(IdentityFacts f, RuleContext c)
        {
            var keys = f.Live.Where(cr => c.Policy.StaticKeyTypes.Contains(cr.Type)).ToList();
            if (keys.Count <= c.P.MaxActiveCredentials) return;
            string list = string.Join("; ", keys.Select(k => Describe(k)
                + (k.CreatedOn.HasValue ? ", created " + Text.Day(k.CreatedOn.Value) : "")
                + (k.LastUsedOn.HasValue ? ", last used " + Text.Day(k.LastUsedOn.Value) : k.NeverUsed ? ", never used" : "")));
            c.Add(RuleIds.MultipleActiveKeys, Severity.Medium,
                keys.Count + " enabled keys/secrets (limit " + c.P.MaxActiveCredentials + "): " + list + ".");
        }
    }
}
