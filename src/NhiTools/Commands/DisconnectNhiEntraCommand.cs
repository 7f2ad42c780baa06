using System.Management.Automation;
using NhiTools.Engine.Sources;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Forgets the Entra connection of this session (its credential and Graph client).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "NhiEntra")]
    [OutputType(typeof(void))]
    public sealed class DisconnectNhiEntraCommand : NhiCmdlet
    {
        protected override void EndProcessing()
        {
            Run(() =>
            {
                if (LiveSessions.Disconnect("Entra")) WriteVerbose("Disconnected from Entra ID.");
                else WriteVerbose("Not connected to Entra ID; nothing to do.");
            });
        }
    }
}
