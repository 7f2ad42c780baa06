using System;

namespace NhiTools
{
    public enum Severity
    {
        Info,
        Low,
        Medium,
        High,
        Critical,
    }

    /// <summary>One risk on one identity, with evidence and the command that fixes it (Get-NhiFinding).</summary>
    public sealed class Finding
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>Stable rule id, e.g. NHI-UNOWNED.</summary>
        public string Rule { get; set; }
        /// <summary>OWASP NHI Top 10 (2025) category: NHI1 ... NHI10, or null where none applies.</summary>
        public string Owasp { get; set; }
        public Severity Severity { get; set; }
        /// <summary>0-100: severity weighed by exposure; sort descending for "fix these first".</summary>
        public int Score { get; set; }
        public string Title { get; set; }
        /// <summary>The facts that made the rule fire, readable without the source files.</summary>
        public string Evidence { get; set; }
        /// <summary>The NhiTools command (or action) that fixes it, where one exists.</summary>
        public string Remediation { get; set; }
        /// <summary>The credential concerned, when the finding is about one credential.</summary>
        public string CredentialId { get; set; }
        public DateTime AsOf { get; set; }
        /// <summary>True when a live exception (Add-NhiException or the policy's Exceptions) covers it: kept, hidden unless -IncludeSuppressed.</summary>
        public bool Suppressed { get; set; }
        /// <summary>The exception that covers (or, once expired, covered) it: rule, identity, approver, end and reason.</summary>
        public string Exception { get; set; }
        /// <summary>That exception's end; before AsOf means it expired and the finding is open again.</summary>
        public DateTime? ExceptionExpiresOn { get; set; }

        public override string ToString() => Rule + " " + IdentityId;
    }

    /// <summary>A secret found in a file (Find-NhiSecret). Never holds the value: only a masked form and a fingerprint.</summary>
    public sealed class SecretFinding
    {
        public string Path { get; set; }
        public int Line { get; set; }
        public int Column { get; set; }
        /// <summary>AwsAccessKeyId, AwsSecretKey, EntraClientSecret, ConnectionString, PrivateKey, GitHubToken, ...</summary>
        public string Kind { get; set; }
        /// <summary>A few leading characters and the length, e.g. AKIA************ (20).</summary>
        public string Masked { get; set; }
        /// <summary>SHA-256 (hex, truncated) of the value: compares two hits without revealing either.</summary>
        public string Fingerprint { get; set; }
        /// <summary>The identity the secret belongs to, when it could be linked.</summary>
        public string IdentityId { get; set; }
        /// <summary>With -History: the commit that added the secret (Path and Line are as of that commit).</summary>
        public string Commit { get; set; }
        /// <summary>With -History: the commit's author, "Name &lt;email&gt;".</summary>
        public string Author { get; set; }
        /// <summary>With -History: the commit's author date.</summary>
        public DateTimeOffset? CommitDate { get; set; }
        /// <summary>With -History: whether the same value is still in the working tree (false: removed, yet still leaked in history).</summary>
        public bool? InWorkingTree { get; set; }

        public override string ToString() => Path + ":" + Line + " " + Kind + (Commit != null ? " @" + Commit.Substring(0, Math.Min(12, Commit.Length)) : "");
    }
}
