using System;

namespace NhiTools.Engine.Sources.Aws
{
    /// <summary>
    /// The secret of a new access key, held as characters the caller zeroes (Dispose) once it is in its vault.
    /// ToString never shows it; nothing in NhiTools logs it. The only way out is <see cref="CopyTo"/> /
    /// <see cref="ToCharArray"/>, which the caller asks for on purpose.
    /// </summary>
    public sealed class AccessKeySecret : IDisposable
    {
        private char[] _chars;

        internal AccessKeySecret(char[] chars) { _chars = chars ?? throw new ArgumentNullException(nameof(chars)); }

        public static AccessKeySecret FromChars(char[] chars) => new AccessKeySecret((char[])chars.Clone());

        public int Length => Chars.Length;
        public bool IsDisposed => _chars == null;

        /// <summary>A copy the caller owns (and should clear).</summary>
        public char[] ToCharArray() => (char[])Chars.Clone();

        public void CopyTo(char[] destination, int index) => Array.Copy(Chars, 0, destination, index, Chars.Length);

        /// <summary>For the SigV4 signer only, which takes a string: the shortest-lived copy we can make.</summary>
        internal string Reveal() => new string(Chars);

        private char[] Chars => _chars ?? throw new ObjectDisposedException(nameof(AccessKeySecret));

        public void Dispose()
        {
            if (_chars == null) return;
            Array.Clear(_chars, 0, _chars.Length);
            _chars = null;
        }

        public override string ToString() => "********";
    }

    /// <summary>A key CreateAccessKey just made: its id (not secret) and its secret (only here, only now).</summary>
    public sealed class NewAccessKey : IDisposable
    {
        public string UserName { get; internal set; }
        public string AccessKeyId { get; internal set; }
        public string Status { get; internal set; }
        public DateTime? CreateDate { get; internal set; }
        public AccessKeySecret Secret { get; internal set; }
        public void Dispose() => Secret?.Dispose();
        public override string ToString() => AccessKeyId;
    }

    public sealed class AccessKeyMetadata
    {
        public string UserName { get; internal set; }
        public string AccessKeyId { get; internal set; }
        /// <summary>Active, Inactive (or Expired in newer models).</summary>
        public string Status { get; internal set; }
        public DateTime? CreateDate { get; internal set; }
        public override string ToString() => AccessKeyId + " " + Status;
    }

    /// <summary>sts:GetCallerIdentity: who a credential is.</summary>
    public sealed class CallerIdentity
    {
        public string Account { get; internal set; }
        public string Arn { get; internal set; }
        public string UserId { get; internal set; }
        /// <summary>GetCallerIdentity calls made until the key answered (1 when it worked at once).</summary>
        public int Attempts { get; internal set; }
        public override string ToString() => Arn;
    }
}
