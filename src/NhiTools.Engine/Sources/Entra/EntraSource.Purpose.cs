using System;
using System.Net.Http;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;

namespace NhiTools.Engine.Sources.Entra
{
    // Purpose at the source: the notes property of the application (entra:app) or service principal (entra:sp),
    // the field Entra offers for "what is this for" and the one Purposes.FromSource reads back.
    public sealed partial class EntraSource : IPurposeWriter
    {
        /// <summary>Applications and service principals, not managed identities (Entra refuses to modify their service principal).</summary>
        public bool HoldsPurpose(Identity identity) =>
            identity != null && identity.Kind != IdentityKind.ManagedIdentity
            && Ids.IsEntra(identity.Id);

        public string SetPurpose(Identity identity, string purpose, IHostContext host)
        {
            if (identity == null) throw new ArgumentNullException(nameof(identity));
            if (!HoldsPurpose(identity))
                throw new NhiException(EntraErrors.NotSupported, NhiErrorCategory.InvalidOperation,
                    identity.Id + " cannot hold a purpose in Entra (a managed identity's service principal cannot be modified).", identity.Id);
            var value = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim();
            return Sync(async (onRetry, ct) =>
            {
                var budget = WriteBudget();
                var path = await ObjectPathAsync(identity, budget, onRetry, ct).ConfigureAwait(false);
                var body = EntraGraph.Json(w =>
                {
                    w.WriteStartObject();
                    if (value == null) w.WriteNull("notes"); else w.WriteString("notes", value);
                    w.WriteEndObject();
                });
                try
                {
                    // PATCH of one property is idempotent: 429, 5xx and a lost answer are retried.
                    await _graph.SendAsync(new HttpMethod("PATCH"), path, body, "PATCH notes", RetryMode.Transient, budget, onRetry, ct).ConfigureAwait(false);
                }
                catch (GraphRequestException ex)
                {
                    throw EntraErrors.Request("Setting the purpose (notes) of " + identity.Id, ex.Failure, identity.Id);
                }
                identity.Notes = value;
                return value;
            }, host);
        }
    }
}
