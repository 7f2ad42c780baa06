using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using NhiTools.Engine.Analysis;
using NhiTools.Engine.Report;
using NhiTools.Engine.Rotation;
using NhiTools.Host;

namespace NhiTools.Commands
{
    public enum ReportFormat
    {
        Html,
        Csv,
        Json,
        Sarif,
    }

    /// <summary>Writes the estate's report: one offline HTML page, or CSV, JSON or SARIF for other tools.</summary>
    [Cmdlet(VerbsData.Export, "NhiReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Estate")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportNhiReportCommand : NhiCmdlet
    {
        /// <summary>Identities; findings, rotation statuses, secret hits and agents may be piped too (findings and statuses are computed when not).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "Estate")]
        [ValidateNotNull]
        public PSObject InputObject { get; set; }

        /// <summary>An access review campaign (New-NhiReview): Path is then a folder that gets one page per owner and index.html, the auditor's summary.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Review")]
        [ValidateNotNullOrEmpty]
        public string Review { get; set; }

        /// <summary>The store holding reviews and exceptions (default: $env:NHITOOLS_STORE, else the per-user store); read only, never created.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        /// <summary>Default: from the file extension (.html, .csv, .json, .sarif), else Html.</summary>
        [Parameter]
        public ReportFormat Format { get; set; }

        [Parameter]
        [UtcDate]
        public DateTime AsOf { get; set; } = DateTime.UtcNow;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "NhiTools report";

        /// <summary>Refuse to overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>A policy file (.psd1) for the findings the report computes itself (when none are piped).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Policy { get; set; }

        private readonly List<Identity> identities = new List<Identity>();
        private readonly List<Finding> findings = new List<Finding>();
        private readonly List<RotationStatus> rotation = new List<RotationStatus>();
        private readonly List<SecretFinding> secrets = new List<SecretFinding>();
        private readonly List<Agent> agents = new List<Agent>();
        private string fullPath;
        private ReportFormat format;

        protected override void BeginProcessing()
        {
            fullPath = GetUnresolvedProviderPathFromPSPath(Path);
            if (Review != null)
            {
                return;
            }

            format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? Format : FromExtension(fullPath);
            if (NoClobber && File.Exists(fullPath))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException("The file '" + fullPath + "' exists and -NoClobber was given."), "NhiFileExists", ErrorCategory.ResourceExists, fullPath));
            }

            var directory = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
            {
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException("The folder '" + directory + "' does not exist."), "NhiPathNotFound", ErrorCategory.ObjectNotFound, directory));
            }
        }

        protected override void ProcessRecord()
        {
            if (Review != null)
            {
                return;
            }

            switch (InputObject.BaseObject)
            {
                case Identity identity: identities.Add(identity); break;
                case Finding finding: findings.Add(finding); break;
                case RotationStatus status: rotation.Add(status); break;
                case SecretFinding hit: secrets.Add(hit); break;
                case Agent agent: agents.Add(agent); break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException("Export-NhiReport takes NhiTools.Identity, Finding, RotationStatus, SecretFinding or Agent objects; got " + InputObject.BaseObject.GetType().FullName + "."),
                        "NhiUnsupportedInput", ErrorCategory.InvalidType, InputObject));
                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (Review != null)
            {
                ExportReview();
                return;
            }

            if (!ShouldProcess(fullPath, "Write " + format + " report of " + identities.Count + " identities"))
            {
                return;
            }

            Run(() =>
            {
                // What was not piped is computed (with -Policy, else the defaults), so one pipeline gives a complete report.
                var policy = Policy == null ? FindingPolicy.Default : FindingPolicy.Load(GetUnresolvedProviderPathFromPSPath(Policy));
                var allFindings = findings.Count > 0 ? findings : new FindingEngine(policy, HostContext).Evaluate(identities, AsOf).ToList();
                if (secrets.Count > 0 && findings.Count == 0)
                {
                    allFindings.AddRange(new FindingEngine(policy, HostContext).EvaluateSecrets(secrets, AsOf));
                }

                if (findings.Count == 0 && agents.Any(a => a.Resolved))
                {
                    allFindings.AddRange(new FindingEngine(policy, HostContext).EvaluateAgents(agents.Where(a => a.Resolved), AsOf));
                }

                var statuses = rotation.Count > 0 ? rotation : Evaluate(identities);
                var data = new ReportData { Identities = identities, Findings = allFindings, Rotation = statuses, Secrets = secrets, Agents = agents, AsOf = AsOf, Title = Title };
                if (format == ReportFormat.Html)
                {
                    // The governance table: review decisions and exceptions from the store (when there is one) and the policy file.
                    var exemptions = new List<Exemption>(policy.PolicyExemptions(Policy ?? "policy"));
                    using (var store = Engine.Store.NhiStore.OpenExisting(Engine.Store.StorePath.Resolve(StorePath)))
                    {
                        if (store != null)
                        {
                            data.Reviews = store.Reviews.Items();
                            exemptions.AddRange(store.Exemptions.List());
                        }
                    }

                    data.Exemptions = exemptions;
                    data.ReviewCycleDays = policy.ReviewCycleDays;
                }

                // Write beside, then move: a failed export never leaves half a report where the old one was.
                var temp = fullPath + ".tmp-" + Guid.NewGuid().ToString("N");
                try
                {
                    using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
                    {
                        switch (format)
                        {
                            case ReportFormat.Csv: ReportWriter.WriteCsv(writer, data); break;
                            case ReportFormat.Json: ReportWriter.WriteJson(writer, data); break;
                            case ReportFormat.Sarif: ReportWriter.WriteSarif(writer, data); break;
                            default: ReportWriter.WriteHtml(writer, data); break;
                        }
                    }

                    if (File.Exists(fullPath))
                    {
                        File.Delete(fullPath);
                    }

                    File.Move(temp, fullPath);
                }
                finally
                {
                    if (File.Exists(temp))
                    {
                        File.Delete(temp);
                    }
                }

                WriteVerbose("Wrote " + format + " report to " + fullPath);
                if (PassThru)
                {
                    WriteObject(new FileInfo(fullPath));
                }
            });
        }

        // One self-contained page per owner and the auditor's summary, from the review as stored.
        private void ExportReview()
        {
            IReadOnlyList<ReviewItem> items = null;
            IReadOnlyList<Exemption> exemptions = null;
            var storePath = Engine.Store.StorePath.Resolve(StorePath);
            Run(() =>
            {
                using (var store = Engine.Store.NhiStore.OpenExisting(storePath))
                {
                    items = store?.Reviews.Items(Review) ?? (IReadOnlyList<ReviewItem>)Array.Empty<ReviewItem>();
                    exemptions = store?.Exemptions.List() ?? (IReadOnlyList<Exemption>)Array.Empty<Exemption>();
                }
            });
            if (items.Count == 0)
            {
                ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException("No review named '" + Review + "' is in " + storePath + "."), "NhiReviewNotFound", ErrorCategory.ObjectNotFound, Review));
            }

            if (!ShouldProcess(fullPath, "Write the pages of review " + items[0].Review + " (" + items.Count + " identities): one per owner and index.html"))
            {
                return;
            }

            Run(() =>
            {
                foreach (var file in Engine.Report.ReviewReport.Write(fullPath, items[0].Review, items, exemptions, AsOf))
                {
                    WriteVerbose("Wrote " + file);
                    if (PassThru)
                    {
                        WriteObject(new FileInfo(file));
                    }
                }
            });
        }

        private List<RotationStatus> Evaluate(IEnumerable<Identity> all)
        {
            // The shipped per-type limits (certificates by their expiry window and a 397-day age, keys and secrets 90 days).
            var evaluator = RotationEvaluator.FromPolicy(null);
            return all.SelectMany(i => (i.Credentials ?? Array.Empty<Credential>()).Select(c => evaluator.Evaluate(i, c, AsOf))).ToList();
        }

        private static ReportFormat FromExtension(string path)
        {
            switch (System.IO.Path.GetExtension(path).ToLowerInvariant())
            {
                case ".csv": return ReportFormat.Csv;
                case ".json": return ReportFormat.Json;
                case ".sarif": return ReportFormat.Sarif;
                default: return ReportFormat.Html;
            }
        }
    }
}
