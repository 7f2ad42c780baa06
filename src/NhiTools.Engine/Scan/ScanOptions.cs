using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Scan
{
    /// <summary>What <see cref="SecretScanner"/> reads. Defaults suit a repository checkout.</summary>
    public sealed class ScanOptions
    {
        public const long DefaultMaxFileSize = 10L * 1024 * 1024;

        /// <summary>Globs a file must match to be read (none: every file). A glob without '/' matches the file name; with '/' the path relative to the scanned folder. '**' crosses folders.</summary>
        public IList<string> Include { get; set; } = new List<string>();
        /// <summary>Globs that exclude a file (same syntax as <see cref="Include"/>).</summary>
        public IList<string> Exclude { get; set; } = new List<string>();
        /// <summary>Files larger than this are skipped with a verbose message.</summary>
        public long MaxFileSize { get; set; } = DefaultMaxFileSize;
        /// <summary>Key of the keyed fingerprint (the store's, <see cref="Store.FingerprintKey"/>); null: unkeyed SHA-256.</summary>
        public byte[] FingerprintKey { get; set; }
        /// <summary>Folder names never entered (exact, case-insensitive).</summary>
        public IList<string> ExcludeDirectories { get; set; } = new List<string> { ".git", "node_modules", "bin", "obj" };
        /// <summary>Files read at once; 0 = processor count.</summary>
        public int MaxDegreeOfParallelism { get; set; }
        /// <summary>Lines either side of an AWS access key id in which a 40-character secret key is looked for.</summary>
        public int AwsContextLines { get; set; } = 3;
    }
}
