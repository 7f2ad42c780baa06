using System;
using System.Collections.Generic;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>
    /// A paged export whose every page says "more follows" (Graph @odata.nextLink, Key Vault nextLink, IAM IsTruncated) lacks its last
    /// page: the identities read are real, but the list is not complete, and the user must be told.
    /// </summary>
    internal sealed class PageCheck
    {
        private readonly Dictionary<string, bool> _sawLast = new Dictionary<string, bool>(StringComparer.Ordinal);

        public void Page(string collection, bool isLast)
        {
            _sawLast.TryGetValue(collection, out bool seen);
            _sawLast[collection] = seen || isLast;
        }

        public void Report(IHostContext host)
        {
            foreach (var kv in _sawLast)
                if (!kv.Value)
                    host.WriteWarning($"Every {kv.Key} file says more pages follow (@odata.nextLink / nextLink / IsTruncated), but no last page was given: that list is incomplete.");
        }
    }
}
