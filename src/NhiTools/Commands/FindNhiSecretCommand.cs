using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using NhiTools.Engine.Scan;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Finds credentials written into scripts, config, pipelines and runbooks; never outputs a value.</summary>
    [Cmdlet(VerbsCommon.Find, "NhiSecret")]
    [OutputType(typeof(SecretFinding))]
    [OutputType(typeof(string))]
    public sealed class FindNhiSecretCommand : NhiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Only files whose path matches one of these globs (*, ?, **).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[] Include { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[] Exclude { get; set; }

        /// <summary>Identities to link hits to (an AWS key id to its user; an Entra secret's hint and app id to its app).</summary>
        [Parameter]
        [IdentityObjectArgument]
        public Identity[] Identity { get; set; }

        /// <summary>Files larger than this are skipped (verbose message). Default 10 MB.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaxFileSize { get; set; } = ScanOptions.DefaultMaxFileSize;

        /// <summary>Scan every commit reachable in the git repository at Path (through git, streamed; no checkout).</summary>
        [Parameter]
        public SwitchParameter History { get; set; }

        /// <summary>Write one SARIF 2.1.0 document (a string) instead of objects.</summary>
        [Parameter]
        public SwitchParameter AsSarif { get; set; }

        private readonly List<string> paths = new List<string>();

        protected override void ProcessRecord()
        {
            foreach (var path in Path)
            {
                try
                {
                    paths.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
                }
                catch (ItemNotFoundException ex)
                {
                    WriteError(new ErrorRecord(ex, "NhiPathNotFound", ErrorCategory.ObjectNotFound, path));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (paths.Count == 0)
            {
                return;
            }

            Run(() =>
            {
                var options = new ScanOptions
                {
                    MaxFileSize = MaxFileSize,
                    FingerprintKey = Engine.Store.FingerprintKey.For(Engine.Store.StorePath.Resolve(null), HostContext),
                };
                foreach (var glob in Include ?? Array.Empty<string>())
                {
                    options.Include.Add(glob);
                }

                foreach (var glob in Exclude ?? Array.Empty<string>())
                {
                    options.Exclude.Add(glob);
                }

                var scanner = new SecretScanner(HostContext, options);
                var hits = History ? ScanHistories(scanner) : scanner.Scan(paths, Identity);
                if (AsSarif)
                {
                    using (var writer = new StringWriter())
                    {
                        SecretScanner.WriteSarif(hits.ToList(), writer);
                        WriteObject(writer.ToString());
                    }

                    return;
                }

                foreach (var hit in hits)
                {
                    WriteObject(hit);
                }
            });
        }

        /// <summary>Each path is a repository; one that is not (or has no git) is an error for that path only.</summary>
        private IEnumerable<SecretFinding> ScanHistories(SecretScanner scanner)
        {
            foreach (var path in paths)
            {
                List<SecretFinding> found;
                try
                {
                    found = scanner.ScanHistory(path, Identity).ToList();
                }
                catch (NhiTools.Hosting.NhiException ex) when (paths.Count > 1)
                {
                    WriteError(ToErrorRecord(ex));
                    continue;
                }

                foreach (var hit in found)
                {
                    yield return hit;
                }
            }
        }
    }
}
