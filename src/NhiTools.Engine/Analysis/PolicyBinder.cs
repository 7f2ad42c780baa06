using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using NhiTools.Hosting;

namespace NhiTools.Engine.Analysis
{
    /// <summary>
    /// Copies a parsed policy table onto a <see cref="FindingPolicy"/>: each key must name a policy property
    /// (int, string list or string map). Unknown keys and wrong types fail with the key and its line, so a
    /// typo never silently leaves a default in force.
    /// </summary>
    internal static class PolicyBinder
    {
        private static readonly Dictionary<string, PropertyInfo> Properties =
            typeof(FindingPolicy).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        public static IEnumerable<string> KeyNames => Properties.Keys;

        public static void Bind(FindingPolicy policy, PsdTable table, string name)
        {
            foreach (var entry in table.Entries)
            {
                if (!Properties.TryGetValue(entry.Key, out var prop))
                    throw Fail(name, entry.Value.Line, "unknown key '" + entry.Key + "'. Known keys: " + string.Join(", ", Properties.Keys.OrderBy(k => k, StringComparer.Ordinal)) + ".");
                var node = entry.Value;
                if (prop.PropertyType == typeof(int)) prop.SetValue(policy, ToDays(name, entry.Key, node));
                else if (prop.PropertyType == typeof(string[])) prop.SetValue(policy, ToList(name, entry.Key, node));
                else if (prop.PropertyType == typeof(Dictionary<string, string>)) prop.SetValue(policy, ToMap(name, entry.Key, node));
                else if (prop.PropertyType == typeof(Dictionary<string, int>)) prop.SetValue(policy, ToDayMap(name, entry.Key, node));
                else if (prop.PropertyType == typeof(Dictionary<string, string>[])) prop.SetValue(policy, ToMaps(name, entry.Key, node));
                else throw new InvalidOperationException("Policy property " + prop.Name + " has no binder.");
            }
        }

        private static int ToDays(string name, string key, PsdNode node)
        {
            if (node.Value is long l && l >= 0 && l <= 100000) return (int)l;
            throw Fail(name, node.Line, "'" + key + "' must be a whole number from 0 to 100000, found " + Show(node) + ".");
        }

        private static string[] ToList(string name, string key, PsdNode node)
        {
            if (node.Value is string single) return new[] { single };
            if (node.Value is List<PsdNode> items)
            {
                var result = new string[items.Count];
                for (int i = 0; i < items.Count; i++)
                {
                    if (!(items[i].Value is string s) || s.Length == 0)
                        throw Fail(name, items[i].Line, "'" + key + "' must be a list of non-empty strings, item " + (i + 1) + " is " + Show(items[i]) + ".");
                    result[i] = s;
                }
                return result;
            }
            throw Fail(name, node.Line, "'" + key + "' must be a list of strings like @('a', 'b'), found " + Show(node) + ".");
        }

        private static Dictionary<string, string> ToMap(string name, string key, PsdNode node)
        {
            if (!(node.Value is PsdTable table))
                throw Fail(name, node.Line, "'" + key + "' must be a hashtable like @{ 'name' = 'value' }, found " + Show(node) + ".");
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in table.Entries)
            {
                if (!(e.Value.Value is string s))
                    throw Fail(name, e.Value.Line, "'" + key + "." + e.Key + "' must be a string, found " + Show(e.Value) + ".");
                map[e.Key] = s;
            }
            return map;
        }

        private static Dictionary<string, int> ToDayMap(string name, string key, PsdNode node)
        {
            if (!(node.Value is PsdTable table))
                throw Fail(name, node.Line, "'" + key + "' must be a hashtable like @{ Certificate = 397 }, found " + Show(node) + ".");
            var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in table.Entries) map[e.Key] = ToDays(name, key + "." + e.Key, e.Value);
            return map;
        }

        // A list of hashtables (the policy's Exceptions); a single hashtable is a list of one.
        private static Dictionary<string, string>[] ToMaps(string name, string key, PsdNode node)
        {
            if (node.Value is PsdTable) return new[] { ToMap(name, key, node) };
            if (node.Value is List<PsdNode> items) return items.Select(i => ToMap(name, key, i)).ToArray();
            throw Fail(name, node.Line, "'" + key + "' must be a list of hashtables like @( @{ Rule = '...' } ), found " + Show(node) + ".");
        }

        private static string Show(PsdNode node)
        {
            switch (node.Value)
            {
                case null: return "$null";
                case string s: return "'" + s + "'";
                case bool b: return b ? "$true" : "$false";
                case PsdTable _: return "a hashtable";
                case List<PsdNode> _: return "a list";
                default: return Convert.ToString(node.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        private static NhiException Fail(string name, int line, string message) =>
            new NhiException(PowerShellDataFile.ErrorId, NhiErrorCategory.InvalidData, name + " line " + line + ": " + message, name);
    }
}
