using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using NhiTools.Engine;

namespace NhiTools.Host
{
    /// <summary>
    /// The one rule for -Identity (about_NhiTools, IDENTITY PARAMETERS): an NhiTools.Identity object, an object with
    /// an Id or IdentityId property (a finding, a change), or a string. A string is a provider-qualified identity id
    /// (aws:arn:..., entra:app:..., entra:sp:..., keyvault:vault/name); where the cmdlet filters (Get-NhiException,
    /// Get-NhiReview, Add-NhiException) it may carry * and ?. Anything else is rejected with NhiIdentityNotFound.
    /// </summary>
    public static class IdentityResolver
    {
        public const string NotFoundErrorId = "NhiIdentityNotFound";

        /// <summary>True for a provider-qualified id (the prefix alone is not one).</summary>
        public static bool IsId(string value) =>
            !string.IsNullOrEmpty(value) && Ids.ProviderOf(value) != null && value.IndexOf(':') < value.Length - 1;

        /// <summary>The id an argument names, or null when it names none.</summary>
        public static string IdOf(object value)
        {
            switch (value is PSObject ps ? ps.BaseObject : value)
            {
                case null: return null;
                case Identity i: return i.Id;
                case string s: return s;
            }
            // Findings, changes, review items: objects that carry the id of the identity they are about. The
            // PSObject itself is kept: a [pscustomobject]'s properties live on it, not on its base object.
            var wrapped = PSObject.AsPSObject(value);
            var prop = wrapped.Properties["IdentityId"] ?? wrapped.Properties["Id"];
            return prop?.Value?.ToString();
        }

        /// <summary>An Identity for an argument: the object itself, or a reference made from an id (Id, Provider,
        /// NativeId; no credentials: pipe Get-NhiIdentity for those).</summary>
        public static Identity ToIdentity(object value)
        {
            var raw = value is PSObject ps ? ps.BaseObject : value;
            if (raw is Identity identity) return identity;
            var id = IdOf(value);
            if (!IsId(id)) throw NotFound(id);
            return new Identity
            {
                Id = id,
                Provider = Ids.ProviderOf(id),
                Name = id,
                NativeId = Ids.EntraAppId(id) ?? Ids.EntraSpObjectId(id),
            };
        }

        /// <summary>The id string for a string-typed -Identity; wildcards only where the cmdlet filters.</summary>
        public static string ToId(object value, bool allowWildcards)
        {
            var id = IdOf(value);
            if (IsId(id)) return id;
            if (allowWildcards && id != null && WildcardPattern.ContainsWildcardCharacters(id)) return id;
            throw NotFound(id);
        }

        private static ArgumentTransformationMetadataException NotFound(string value) =>
            new ArgumentTransformationMetadataException(NotFoundErrorId + ": '" + value + "' is not an identity id "
                + "(aws:arn:..., entra:app:..., entra:sp:..., keyvault:<vault>/<name>). Pipe Get-NhiIdentity -Name ... to give a name.");
    }

    /// <summary>Binds -Identity of type Identity[]: Identity objects pass, ids become reference identities.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class IdentityObjectArgumentAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var raw = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (raw == null) return null;
            if (raw is string || !(raw is IEnumerable items)) return new[] { IdentityResolver.ToIdentity(inputData) };
            var list = new List<Identity>();
            foreach (var item in items) list.Add(IdentityResolver.ToIdentity(item));
            return list.ToArray();
        }
    }

    /// <summary>Binds -Identity of type string or string[]: Identity objects (and objects with IdentityId or Id) give
    /// their id; strings must be ids, or patterns where <see cref="Wildcards"/> is set.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class IdentityIdArgumentAttribute : ArgumentTransformationAttribute
    {
        public bool Wildcards { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var raw = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (raw == null) return null;
            if (raw is string || !(raw is IEnumerable items)) return IdentityResolver.ToId(inputData, Wildcards);
            var list = new List<string>();
            foreach (var item in items) list.Add(IdentityResolver.ToId(item, Wildcards));
            return list.ToArray();
        }
    }
}
