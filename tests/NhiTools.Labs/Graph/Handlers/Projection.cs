using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Labs.Graph.OData;
using NhiTools.Labs.Graph.Store;

namespace NhiTools.Labs.Graph.Handlers
{
    /// <summary>$select and $expand checked against the resource type, as Graph rejects unknown names.</summary>
    internal sealed class Projection
    {
        public const int ExpandCap = 20;

        public string[] Select { get; private set; }
        public bool ExpandOwners { get; private set; }
        public bool ExpandAppRoleAssignments { get; private set; }

        public static Projection From(ODataQuery query, EntityCollection collection)
        {
            var type = collection.Type;
            var p = new Projection();
            var typeName = "microsoft.graph." + char.ToLowerInvariant(type.ResourceName[0]) + type.ResourceName.Substring(1);
            if (query.Select != null)
            {
                var names = new List<string>();
                foreach (var raw in query.Select)
                {
                    var canonical = type.Properties.FirstOrDefault(x => x.Equals(raw, StringComparison.OrdinalIgnoreCase))
                                    ?? collection.SeenProperties.FirstOrDefault(x => x.Equals(raw, StringComparison.OrdinalIgnoreCase));
                    if (canonical == null)
                        throw GraphQueryException.BadRequest($"Parsing OData Select and Expand failed: Could not find a property named '{raw}' on type '{typeName}'.");
                    if (!names.Contains(canonical)) names.Add(canonical);
                }
                p.Select = names.ToArray();
            }
            if (query.Expand != null)
            {
                foreach (var raw in query.Expand)
                {
                    if (raw.IndexOf('(') >= 0)
                        throw GraphQueryException.BadRequest($"Parsing OData Select and Expand failed: Nested query options are not supported in '$expand={raw}' by the lab (Graph ignores or rejects them for directory objects).");
                    var ownersAllowed = collection.Type == GraphResourceType.Application || collection.Type == GraphResourceType.ServicePrincipal;
                    if (raw.Equals("owners", StringComparison.OrdinalIgnoreCase) && ownersAllowed) p.ExpandOwners = true;
                    else if (raw.Equals("appRoleAssignments", StringComparison.OrdinalIgnoreCase) && collection.Type == GraphResourceType.ServicePrincipal)
                        p.ExpandAppRoleAssignments = true;
                    else
                        throw GraphQueryException.BadRequest($"Parsing OData Select and Expand failed: Could not find a property named '{raw}' on type '{typeName}'.");
                }
            }
            return p;
        }
    }
}
