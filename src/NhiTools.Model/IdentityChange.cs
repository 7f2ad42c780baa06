namespace NhiTools
{
    /// <summary>
    /// One change between two pictures of an estate (Compare-NhiSnapshot): one record per identity, property and
    /// item, so "Where Property -eq Permissions" lists every permission gained or lost.
    /// </summary>
    public sealed class IdentityChange
    {
        public string IdentityId { get; set; }
        public string IdentityName { get; set; }
        public string Provider { get; set; }
        /// <summary>Added or Removed: the item (or, for Property Identity, the whole identity) appeared or went; Modified: it changed in place.</summary>
        public ChangeKind Change { get; set; }
        public ChangeProperty Property { get; set; }
        /// <summary>The item as the reference had it (readable), null when it was added.</summary>
        public string Before { get; set; }
        /// <summary>The item as the difference has it (readable), null when it was removed.</summary>
        public string After { get; set; }
        /// <summary>What happened in words: "gained AdministratorAccess (ManagedPolicy)", "rotated: AKIA... replaced by AKIA...".</summary>
        public string Detail { get; set; }
        public string ReferenceSnapshot { get; set; }
        /// <summary>Null when the difference was a live set of identities rather than a saved snapshot.</summary>
        public string DifferenceSnapshot { get; set; }

        public override string ToString() => IdentityId + " " + Property + " " + Change + ": " + Detail;
    }

    public enum ChangeKind
    {
        Added,
        Removed,
        Modified,
    }

    /// <summary>What changed. Identity: the identity itself appeared or disappeared.</summary>
    public enum ChangeProperty
    {
        Identity,
        Name,
        Kind,
        Enabled,
        Environment,
        Owners,
        Credentials,
        Permissions,
        Systems,
        AssumableBy,
    }
}
