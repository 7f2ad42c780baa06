using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Rotation;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Tests each credential against the rotation policy: Compliant, DueSoon, Overdue, Expired or Disabled.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "NhiRotation")]
    [OutputType(typeof(RotationStatus))]
    public sealed class TestNhiRotationCommand : NhiCmdlet
    {
        /// <summary>An identity (all its credentials are tested) or a single credential.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject InputObject { get; set; }

        [Parameter]
        [DaysTransformation]
        [ValidatePositiveTimeSpan]
        public TimeSpan MaxAge { get; set; } = RotationEvaluator.DefaultMaxAge;

        [Parameter]
        [DaysTransformation]
        [ValidatePositiveTimeSpan(AllowZero = true)]
        public TimeSpan ExpiryWarning { get; set; } = RotationEvaluator.DefaultExpiryWarning;

        /// <summary>Maximum age per credential type (type name -> days or TimeSpan), over -MaxAge: @{ Certificate = 397; ClientSecret = 60 }.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable MaxAgeByType { get; set; }

        /// <summary>Expiry window per credential type (type name -> days or TimeSpan), over -ExpiryWarning.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable ExpiryWarningByType { get; set; }

        /// <summary>A policy file (.psd1) whose RotationMaxAgeDays, RotationMaxAgeDaysByType, RotationExpiryWarningDays(ByType) are the limits.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        /// <summary>The moment the verdict is for (default: now), so an audit can be replayed.</summary>
        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        private RotationEvaluator evaluator;

        protected override void BeginProcessing()
        {
            // Limits: the policy file (or the shipped defaults: certificates 397 days, everything else 90), then
            // -MaxAge/-ExpiryWarning for types without a limit of their own, then the per-type tables.
            FindingPolicy policy = null;
            Run(() => policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy)));
            if (policy == null) return;
            var maxAge = MyInvocation.BoundParameters.ContainsKey(nameof(MaxAge)) ? MaxAge : TimeSpan.FromDays(policy.RotationMaxAgeDays);
            var warning = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiryWarning)) ? ExpiryWarning : TimeSpan.FromDays(policy.RotationExpiryWarningDays);
            var maxByType = RotationEvaluator.Types(policy.RotationMaxAgeDaysByType);
            var warnByType = RotationEvaluator.Types(policy.RotationExpiryWarningDaysByType);
            if (!Merge(maxByType, MaxAgeByType, nameof(MaxAgeByType), false) || !Merge(warnByType, ExpiryWarningByType, nameof(ExpiryWarningByType), true)) return;
            evaluator = new RotationEvaluator(maxAge, warning, maxByType, warnByType);
        }

        /// <summary>Reads a type -> days table into <paramref name="into"/>; a bad key or value is a terminating parameter error.</summary>
        private bool Merge(Dictionary<CredentialType, TimeSpan> into, Hashtable table, string parameter, bool allowZero)
        {
            if (table == null) return true;
            foreach (DictionaryEntry e in table)
            {
                string key = Convert.ToString(e.Key, CultureInfo.InvariantCulture);
                if (!Enum.TryParse(key, true, out CredentialType type) || int.TryParse(key, out _))
                    ThrowParameterError("NhiInvalidCredentialType", "-" + parameter + " names an unknown credential type '" + key + "'. Known: " + string.Join(", ", Enum.GetNames(typeof(CredentialType))) + ".", key);
                var value = e.Value is PSObject ps ? ps.BaseObject : e.Value;
                TimeSpan span;
                switch (value)
                {
                    case TimeSpan t: span = t; break;
                    case int i: span = TimeSpan.FromDays(i); break;
                    case long l: span = TimeSpan.FromDays(l); break;
                    case double d: span = TimeSpan.FromDays(d); break;
                    case decimal m: span = TimeSpan.FromDays((double)m); break;
                    case string str when double.TryParse(str, NumberStyles.Float, CultureInfo.InvariantCulture, out var days): span = TimeSpan.FromDays(days); break;
                    case string str when TimeSpan.TryParse(str, CultureInfo.InvariantCulture, out var ts): span = ts; break;
                    default:
                        ThrowParameterError("NhiInvalidTimeSpan", "-" + parameter + "['" + key + "'] must be a number of days or a TimeSpan; got '" + value + "'.", value);
                        return false;
                }
                if (span < TimeSpan.Zero || (!allowZero && span == TimeSpan.Zero))
                    ThrowParameterError("NhiInvalidTimeSpan", "-" + parameter + "['" + key + "'] must be " + (allowZero ? "zero or more" : "more than zero") + " days.", value);
                into[type] = span;
            }
            return true;
        }

        protected override void ProcessRecord()
        {
            if (evaluator == null) return;
            switch (InputObject.BaseObject)
            {
                case Identity identity:
                    foreach (var credential in identity.Credentials ?? Array.Empty<Credential>())
                    {
                        WriteObject(evaluator.Evaluate(identity, credential, AsOf));
                    }

                    break;
                case Credential credential:
                    WriteObject(evaluator.Evaluate(null, credential, AsOf));
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException("Test-NhiRotation takes NhiTools.Identity or NhiTools.Credential objects (from Get-NhiIdentity); got " + InputObject.BaseObject.GetType().FullName + "."),
                        "NhiUnsupportedInput", ErrorCategory.InvalidType, InputObject));
                    break;
            }
        }
    }
}
