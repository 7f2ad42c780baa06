using System;
using System.Management.Automation;

namespace NhiTools.Host
{
    /// <summary>
    /// The one rule for every DateTime a cmdlet takes (-AsOf, -After, -Before, -ExpiresOn, -DueOn, -RegisteredOn):
    /// a UTC value stays; a value of Kind Local or Unspecified (what '2026-11-01' or Get-Date gives) is local time,
    /// converted to UTC once, here. The engine then only ever sees UTC.
    /// </summary>
    public static class Dates
    {
        public static DateTime ToUtc(DateTime value) =>
            value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Local).ToUniversalTime();

        public static DateTime? ToUtc(DateTime? value) => value.HasValue ? ToUtc(value.Value) : (DateTime?)null;
    }

    /// <summary>Applies <see cref="Dates.ToUtc(DateTime)"/> at binding time, for arguments and pipeline values alike.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class UtcDateAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case null: return inputData;
                case DateTime d: return Dates.ToUtc(d);
                case DateTimeOffset o: return o.UtcDateTime;
                default:
                    // Strings and the rest: PowerShell's own (invariant-culture) conversion, then the rule.
                    return LanguagePrimitives.TryConvertTo(value, typeof(DateTime), System.Globalization.CultureInfo.InvariantCulture, out var converted)
                        ? Dates.ToUtc((DateTime)converted)
                        : inputData;
            }
        }
    }
}
