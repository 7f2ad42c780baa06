using System;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NhiTools.Labs.KeyVault
{
    public sealed partial class KeyVaultLabOptions
    {
        /// <summary>
        /// Empty pages ({"value":[],"nextLink":...}) served before every page of every list, as real vaults sometimes
        /// answer: a client that stops at an empty page misses everything after it. 0 = none.
        /// </summary>
        public int EmptyPages { get; set; }
    }

    public sealed partial class KeyVaultLab
    {
        // A skip token normally holds the key the next page starts at. With empty pages it is "\u0001<n>|<key>":
        // n empty pages already served before the page starting at key (empty key = the list's start).
        const char EmptyMark = '\u0001';

        /// <summary>True (with the nextLink) when this request gets an empty page; otherwise <paramref name="from"/> is the real start key.</summary>
        bool EmptyPageFirst(HttpContext c, ref string from, out string nextLink)
        {
            nextLink = null;
            int served = 0;
            if (from != null && from.Length > 0 && from[0] == EmptyMark)
            {
                int bar = from.IndexOf('|');
                served = int.Parse(from.Substring(1, bar - 1), CultureInfo.InvariantCulture);
                from = from.Substring(bar + 1);
                if (from.Length == 0) from = null;
            }
            if (served >= VaultOptions.EmptyPages) return false;
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(EmptyMark + (served + 1).ToString(CultureInfo.InvariantCulture) + "|" + (from ?? "")));
            var mr = c.Request.Query["maxresults"].ToString();
            nextLink = VaultUrl(c) + c.Request.Path.Value.TrimEnd('/') + "?api-version=" + Uri.EscapeDataString(c.Request.Query["api-version"].ToString())
                       + "&$skiptoken=" + Uri.EscapeDataString(token) + (mr.Length > 0 ? "&maxresults=" + mr : "");
            return true;
        }
    }
}
