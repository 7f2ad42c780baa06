using System;
using System.IO;
using System.Management.Automation;
using NhiTools.Engine.Store;
using NhiTools.Host;

namespace NhiTools.Commands
{
    /// <summary>Removes an agent's registration from the store. Its identities are not touched.</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "NhiAgent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class UnregisterNhiAgentCommand : NhiCmdlet, IDisposable
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AgentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string StorePath { get; set; }

        private NhiStore store;

        protected override void ProcessRecord()
        {
            var path = Engine.Store.StorePath.Resolve(StorePath);
            Agent existing = null;
            // A store that does not exist holds no agent, and is not created to find that out.
            if (File.Exists(path))
            {
                Run(() => existing = Store(path).Agents.Find(Name));
            }

            if (existing == null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException("No agent named '" + Name + "' is registered in " + path + "."),
                    "NhiAgentNotFound", ErrorCategory.ObjectNotFound, Name));
                return;
            }

            if (!ShouldProcess("agent " + existing.Name + " in " + path, "Unregister (its identities are not changed)"))
            {
                return;
            }

            Run(() => Store(path).Agents.Delete(existing.Name, Environment.UserName, DateTime.UtcNow));
            WriteVerbose("Unregistered agent " + existing.Name + ".");
        }

        private NhiStore Store(string path) => store ?? (store = NhiStore.Open(path));

        public void Dispose() => store?.Dispose();
    }
}
