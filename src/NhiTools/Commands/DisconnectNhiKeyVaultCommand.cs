using System.Management.Automation;
using NhiTools.Engine.Sources;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Forgets the Key Vault connection of this session (its credential and vault clients).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "NhiKeyVault")]
    [OutputType(typeof(void))]
    public sealed class DisconnectNhiKeyVaultCommand : NhiCmdlet
    {
        protected override void EndProcessing()
        {
            Run(() =>
            {
                if (LiveSessions.Disconnect("KeyVault")) WriteVerbose("Disconnected from Key Vault.");
                else WriteVerbose("Not connected to Key Vault; nothing to do.");
            });
        }
    }
}
