using System;
using System.Management.Automation;

namespace NhiTools.Host
{
    /// <summary>
    /// Lets -MaxAge 90 mean 90 days. Without it PowerShell turns a bare number into 90 ticks, a trap
    /// nobody at a prompt expects. Strings and TimeSpans pass through unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DaysTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            switch (value)
            {
                case int i: return TimeSpan.FromDays(i);
                case long l: return TimeSpan.FromDays(l);
                case double d: return TimeSpan.FromDays(d);
                case decimal m: return TimeSpan.FromDays((double)m);
                default: return inputData;
            }
        }
    }

    /// <summary>Rejects zero or negative spans at binding time.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidatePositiveTimeSpanAttribute : ValidateArgumentsAttribute
    {
        public bool AllowZero { get; set; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            if (value is TimeSpan span && (span < TimeSpan.Zero || (!AllowZero && span == TimeSpan.Zero)))
            {
                throw new ValidationMetadataException("The time span " + span + " must be " + (AllowZero ? "zero or more." : "more than zero."));
            }
        }
    }
}
