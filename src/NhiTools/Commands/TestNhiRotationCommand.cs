using System;
using System.Management.Automation;
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

        /// <summary>The moment the verdict is for (default: now), so an audit can be replayed.</summary>
        [Parameter]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        private RotationEvaluator evaluator;

        protected override void BeginProcessing()
        {
            evaluator = new RotationEvaluator(MaxAge, ExpiryWarning);
        }

        protected override void ProcessRecord()
        {
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
