using System;
using System.IO;
using System.Management.Automation;
using NhiTools.Engine.Governance;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>
    /// Records an exception that ends: one rule, one identity, a reason, an approver and an end date. Covered findings stay
    /// (Suppressed) until the end date, then open again. Findings from Get-NhiFinding pipe in (Rule and IdentityId bind).
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "NhiException", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Exemption))]
    public sealed class AddNhiExceptionCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RuleCompleter))]
        [ValidateNotNullOrEmpty]
        public string Rule { get; set; }

        /// <summary>The identity id covered (Id of Get-NhiIdentity, IdentityId of Get-NhiFinding); * and ? match several.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("IdentityId")]
        [ValidateNotNullOrEmpty]
        [IdentityIdArgument(Wildcards = true)]
        public string Identity { get; set; }

        [Parameter(Mandatory = true)]
        [AllowEmptyString]
        public string Reason { get; set; }

        /// <summary>When it ends (a date covers that whole day). Required: exceptions that never end are refused.</summary>
        [Parameter(Mandatory = true)]
        [UtcDate]
        public DateTime ExpiresOn { get; set; }

        [Parameter(Mandatory = true)]
        [AllowEmptyString]
        public string ApprovedBy { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private NhiStore store;

        protected override void ProcessRecord()
        {
            var exemption = new Exemption { Rule = Rule, IdentityId = Identity, Reason = Reason, ExpiresOn = ExpiresOn, ApprovedBy = ApprovedBy };
            try
            {
                // Refused before -WhatIf and before the store is opened: nothing is written for a bad exception.
                ExemptionRules.Validate(exemption);
                if (ExemptionRules.StateAt(exemption, DateTime.UtcNow) == ExemptionState.Expired)
                {
                    throw new NhiTools.Hosting.NhiException("NhiExceptionInvalid", NhiTools.NhiErrorCategory.InvalidArgument,
                        "Exception for " + Rule + " on " + Identity + " would end on " + ExpiresOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                        + ", which has passed: give a future end date.", Identity);
                }
            }
            catch (NhiTools.Hosting.NhiException ex)
            {
                WriteError(ToErrorRecord(ex));
                return;
            }

            var path = Engine.Store.StorePath.Resolve(StorePath);
            if (!ShouldProcess(Rule + " on " + Identity + " in " + path,
                    "Add an exception until " + ExpiresOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " approved by " + ApprovedBy))
            {
                return;
            }

            Run(() =>
            {
                var saved = Store(path).Exemptions.Add(exemption, Environment.UserName, DateTime.UtcNow);
                saved.State = ExemptionRules.StateAt(saved, DateTime.UtcNow);
                WriteObject(saved);
            });
        }

        private NhiStore Store(string path) => store ?? (store = NhiStore.Open(path));

        public void Dispose() => store?.Dispose();
    }
}
