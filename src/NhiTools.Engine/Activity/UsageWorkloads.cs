using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace NhiTools.Engine.Activity
{
    /// <summary>
    /// Turns (address, agent, client app) flows into workloads: addresses of one /24 (IPv4) or /48 (IPv6) that share
    /// an agent family and client app are one workload named by the network (a fleet behind a subnet); a lone
    /// address stays itself. Names that are not addresses (AWS service names) are kept as they are.
    /// </summary>
    internal static class Workloads
    {
        internal sealed class Raw
        {
            public string From, Agent, ClientApp;
            public DateTime First, Last;
            public long Events;
            public bool Interactive;
            public List<string> Credentials;
        }

        public static Workload[] Cluster(string identityId, IEnumerable<Raw> flows)
        {
            var groups = new Dictionary<string, List<Raw>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var f in flows)
            {
                string net = Network(f.From) ?? "=" + f.From;
                string key = net + "\n" + f.Agent + "\n" + f.ClientApp;
                if (!groups.TryGetValue(key, out var list)) { groups[key] = list = new List<Raw>(); order.Add(key); }
                list.Add(f);
            }
            var result = new List<Workload>();
            foreach (var key in order)
            {
                var list = groups[key];
                var addresses = list.Select(r => r.From).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var w = new Workload
                {
                    IdentityId = identityId,
                    Address = addresses.Count > 1 ? key.Substring(0, key.IndexOf('\n')) : addresses[0],
                    Addresses = addresses.Count,
                    UserAgent = list[0].Agent,
                    ClientApp = list[0].ClientApp,
                    FirstSeen = list.Min(r => r.First),
                    LastSeen = list.Max(r => r.Last),
                    Events = list.Sum(r => r.Events),
                    Interactive = list.Any(r => r.Interactive),
                    CredentialIds = list.SelectMany(r => r.Credentials).Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).Take(UsageBuilder.MaxCredentialsPerWorkload).ToArray(),
                };
                result.Add(w);
            }
            return result.OrderByDescending(w => w.LastSeen).ThenByDescending(w => w.Events).ToArray();
        }

        /// <summary>"10.20.4.0/24" for 10.20.4.17, "2001:db8:1::/48" for an IPv6 address; null for anything else.</summary>
        internal static string Network(string from)
        {
            if (string.IsNullOrEmpty(from) || !IPAddress.TryParse(from, out var ip)) return null;
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            var b = ip.GetAddressBytes();
            if (ip.AddressFamily == AddressFamily.InterNetwork)
                return string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}.0/24", b[0], b[1], b[2]);
            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                var net = new byte[16];
                Array.Copy(b, net, 6);
                return new IPAddress(net) + "/48";
            }
            return null;
        }
    }
}
