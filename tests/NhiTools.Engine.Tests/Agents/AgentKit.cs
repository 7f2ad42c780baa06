using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Agents;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Tests.Analysis;

namespace NhiTools.Engine.Tests.Agents
{
    /// <summary>Small estates for agent tests: identities as the importers fill them, and agents resolved against them.</summary>
    internal static class AgentKit
    {
        public const string Acct = Kit.Account;

        public static Identity User(string name, DateTime created, params Permission[] perms)
        {
            var i = Kit.IamUser(name);
            i.CreatedOn = created;
            i.Permissions = perms;
            i.Systems = new[] { "aws:" + Acct };
            return i;
        }

        public static Identity Role(string name, DateTime created, params Permission[] perms)
        {
            var i = Kit.IamRole(name);
            i.NativeId = "arn:aws:iam::" + Acct + ":role/" + name;
            i.CreatedOn = created;
            i.Permissions = perms;
            i.Systems = new[] { "aws:" + Acct };
            return i;
        }

        public static Permission Inline(string name, string resource, params string[] actions) =>
            Kit.Perm(name, PermissionType.InlinePolicy, resource, actions);

        public static Agent Agent(string name, DateTime? registeredOn, params Identity[] identities) => new Agent
        {
            Name = name, Identities = identities.Select(i => i.Id).ToArray(), Owner = "ai-team@contoso.com", RegisteredOn = registeredOn,
        };

        public static IReadOnlyList<Agent> Resolve(IEnumerable<Agent> agents, IEnumerable<Identity> estate, FindingPolicy policy = null)
        {
            var list = agents.ToList();
            var index = new AgentIndex(list, policy);
            foreach (var i in estate) index.Add(i);
            return AgentResolver.Resolve(list, index);
        }

        public static Agent ResolveOne(Agent agent, params Identity[] estate) => Resolve(new[] { agent }, estate).Single();
    }
}
