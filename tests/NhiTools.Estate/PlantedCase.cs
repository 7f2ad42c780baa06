using System.Collections.Generic;

namespace NhiTools.Estate
{
    /// <summary>One planted red flag (or a deliberate control) in the example estate and what NhiTools should say
    /// about it at AsOf. <see cref="Rules"/> is the minimum set that must fire; other findings may appear too.</summary>
    public sealed class PlantedCase
    {
        public string IdentityId { get; set; }
        public string Name { get; set; }
        public string Provider { get; set; }
        public string File { get; set; }
        public List<string> Rules { get; set; } = new List<string>();
        /// <summary>Worst rotation state among the identity's credentials, when it is unambiguous; null otherwise.</summary>
        public string RotationStatus { get; set; }
        public string Note { get; set; }
    }
}
