using System.Security.Cryptography;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>
    /// The store's fingerprint key (migration 5): the same on every run against one store, so drift and
    /// de-duplication of secret findings still work, and unknown to anyone holding only a report.
    /// </summary>
    public static class FingerprintKey
    {
        /// <summary>
        /// The key of the store at <paramref name="path"/>, creating the store when there is none (a stable key needs a
        /// home). A store that cannot be written and has no key yet gives a key for this run only, with a warning.
        /// </summary>
        public static byte[] For(string path, IHostContext host)
        {
            try
            {
                using (var store = NhiStore.Open(path))
                {
                    return store.ReadKey("fingerprint");
                }
            }
            catch (NhiException ex) when (ex.ErrorId == "NhiStoreUnavailable")
            {
                using (var store = NhiStore.OpenExisting(path))
                {
                    var key = store?.ReadKey("fingerprint");
                    if (key != null)
                    {
                        return key;
                    }
                }

                (host ?? NullHostContext.Instance).WriteWarning("The store at '" + path + "' cannot hold a fingerprint key (" + ex.Message
                    + "): secret fingerprints use a key for this run only and will not match those of other runs.");
                var once = new byte[32];
                using (var random = RandomNumberGenerator.Create())
                {
                    random.GetBytes(once);
                }

                return once;
            }
        }
    }
}
