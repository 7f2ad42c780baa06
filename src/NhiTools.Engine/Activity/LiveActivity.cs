using System;
using System.Collections.Generic;
using System.Linq;
using NhiTools.Engine.Sources;
using NhiTools.Hosting;

namespace NhiTools.Engine.Activity
{
    /// <summary>What a live activity read asks for: a time window and, when known, the identities it is about.</summary>
    public sealed class ActivityQuery
    {
        /// <summary>Start of the window, UTC (CloudTrail LookupEvents keeps 90 days of management events).</summary>
        public DateTime From { get; set; } = DateTime.UtcNow.AddDays(-90);

        /// <summary>End of the window, UTC.</summary>
        public DateTime To { get; set; } = DateTime.UtcNow;

        /// <summary>
        /// Only these identities, filtered server-side where the API allows (LookupEvents by Username or AccessKeyId,
        /// Graph sign-ins by servicePrincipalId / appId). Empty: everything the source holds in the window.
        /// </summary>
        public IReadOnlyList<Identity> Identities { get; set; } = Array.Empty<Identity>();
    }

    /// <summary>
    /// A connected source that can read activity live (AWS CloudTrail LookupEvents; Entra sign-in and directory audit
    /// logs). Implemented by the live sources next to ILiveSource.
    /// </summary>
    public interface ILiveActivitySource
    {
        /// <summary>Aws or Entra.</summary>
        string Provider { get; }

        /// <summary>
        /// Streams activities, linked to identities where the source can say (IdentityId set as the offline readers
        /// set it, so offline and live give equal activities for equal events). A failed or throttled-out page is an
        /// exception, never a silently shorter stream.
        /// </summary>
        IEnumerable<NhiTools.Activity> ReadActivity(IHostContext host, ActivityQuery query);
    }

    /// <summary>Activity from every connected source that can read it (Get-NhiActivity and Get-NhiUsage without a path).</summary>
    public static class LiveActivity
    {
        /// <summary>Connected sources that read activity, in provider order.</summary>
        public static IReadOnlyList<ILiveActivitySource> Sources =>
            LiveSessions.Connected.OfType<ILiveActivitySource>().ToList();

        /// <summary>Streams the activity of every connected source; an identity goes only to the source of its provider.</summary>
        public static IEnumerable<NhiTools.Activity> Read(IHostContext host, ActivityQuery query)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            var sources = Sources;
            if (sources.Count == 0)
            {
                throw new NhiException("NhiNotConnected", NhiErrorCategory.ConnectionError,
                    "No connected source reads activity: give -Path (activity log files or folders), or run Connect-NhiAws or Connect-NhiEntra first.");
            }

            foreach (var source in sources)
            {
                var mine = query.Identities.Where(i => i != null && string.Equals(i.Provider, source.Provider, StringComparison.OrdinalIgnoreCase)).ToList();
                if (query.Identities.Count > 0 && mine.Count == 0) continue;
                var q = new ActivityQuery { From = query.From, To = query.To, Identities = mine };
                foreach (var a in source.ReadActivity(host, q)) yield return a;
            }
        }
    }
}
