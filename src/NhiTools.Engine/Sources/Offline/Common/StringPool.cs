using System;
using System.Collections.Generic;

namespace NhiTools.Engine.Sources.Offline.Common
{
    /// <summary>
    /// One copy of each repeated value (tenant ids, resource names, types) across tens of thousands of records
    /// held in lookups. Only for values with few distinct forms; unique ids are not pooled.
    /// </summary>
    internal sealed class StringPool
    {
        private readonly Dictionary<string, string> _map = new Dictionary<string, string>(StringComparer.Ordinal);

        public string Get(string s)
        {
            if (s == null) return null;
            if (_map.TryGetValue(s, out var pooled)) return pooled;
            if (_map.Count < 100000) _map[s] = s;
            return s;
        }
    }
}
