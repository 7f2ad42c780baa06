using System.Management.Automation;
using NhiTools.Engine.Sources;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Forgets the AWS connection of this session (its credentials are dropped with it).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "NhiAws")]
    [OutputType(typeof(void))]
    public sealed class DisconnectNhiAwsCommand : NhiCmdlet
    {
        protected override void EndProcessing()
        {
            WriteVerbose(LiveSessions.Disconnect("Aws") ? "Disconnected from AWS." : "Not connected to AWS.");
        }
    }
}
