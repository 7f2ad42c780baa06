using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using NhiTools.Hosting;

namespace NhiTools.Engine.Store
{
    /// <summary>
    /// Registered AI agents in the NhiTools store (migration 3): the registration only (name, identities, owner,
    /// purpose, declarations, dates). Effective access is never stored: it is worked out from identities each time.
    /// Every change writes an audit row in the same transaction.
    /// </summary>
    public sealed class AgentStore
    {
        private const string Columns = "name, identities, owner, purpose, allowed_systems, allowed_permissions, registered_on, updated_on";
        private readonly SqliteConnection connection;
        private readonly NhiStore store;

        internal AgentStore(SqliteConnection connection, NhiStore store)
        {
            this.connection = connection;
            this.store = store;
        }

        /// <summary>
        /// Creates or replaces the registration of <paramref name="agent"/>.Name. Returns the registration as stored and
        /// whether it replaced an existing one. A re-registration keeps the first RegisteredOn unless a new one is given.
        /// </summary>
        public Agent Save(Agent agent, string actor, DateTime now, out bool replaced) => Save(agent.Name, _ => agent, actor, now, out replaced);

        /// <summary>
        /// Creates or updates the registration of <paramref name="name"/>: <paramref name="build"/> gets the registration
        /// as stored NOW (null when there is none), read inside the write transaction, so two overlapping updates of
        /// different fields both keep theirs. The audit row records what was written.
        /// </summary>
        public Agent Save(string name, Func<Agent, Agent> build, string actor, DateTime now, out bool replaced)
        {
            var result = StoreWrite.Run(store.Path, () => SaveNow(name, build, actor, now));
            replaced = result.Replaced;
            return result.Saved;
        }

        private (Agent Saved, bool Replaced) SaveNow(string name, Func<Agent, Agent> build, string actor, DateTime now)
        {
            bool replaced;
            using (var transaction = connection.BeginTransaction())
            {
                var existing = Find(name, transaction);
                var agent = build(existing);
                Validate(agent);
                replaced = existing != null;
                var registeredOn = Utc(agent.RegisteredOn ?? existing?.RegisteredOn ?? now);
                using (var command = Command(transaction, @"INSERT INTO agents(name, identities, owner, purpose, allowed_systems, allowed_permissions, registered_on, updated_on, updated_by)
                        VALUES($name, $ids, $owner, $purpose, $systems, $perms, $registered, $updated, $by)
                        ON CONFLICT(name) DO UPDATE SET name = excluded.name, identities = excluded.identities, owner = excluded.owner, purpose = excluded.purpose,
                          allowed_systems = excluded.allowed_systems, allowed_permissions = excluded.allowed_permissions,
                          registered_on = excluded.registered_on, updated_on = excluded.updated_on, updated_by = excluded.updated_by;"))
                {
                    command.Parameters.AddWithValue("$name", agent.Name);
                    command.Parameters.AddWithValue("$ids", Join(agent.Identities));
                    command.Parameters.AddWithValue("$owner", (object)Blank(agent.Owner) ?? DBNull.Value);
                    command.Parameters.AddWithValue("$purpose", (object)Blank(agent.Purpose) ?? DBNull.Value);
                    command.Parameters.AddWithValue("$systems", Join(agent.AllowedSystems));
                    command.Parameters.AddWithValue("$perms", Join(agent.AllowedPermissions));
                    command.Parameters.AddWithValue("$registered", Text(registeredOn));
                    command.Parameters.AddWithValue("$updated", Text(now));
                    command.Parameters.AddWithValue("$by", (object)actor ?? DBNull.Value);
                    command.ExecuteNonQuery();
                }

                store.WriteAudit(transaction, now, actor, replaced ? "UpdateAgent" : "RegisterAgent", "agent:" + agent.Name,
                    "identities: " + Join(agent.Identities).Replace("\n", ", "));
                var saved = Find(agent.Name, transaction);
                transaction.Commit();
                return (saved, replaced);
            }
        }

        /// <summary>Every registered agent, by name.</summary>
        public IReadOnlyList<Agent> List()
        {
            var list = new List<Agent>();
            if (store.ReadOnly && !store.HasTable("agents"))
            {
                return list;
            }

            using (var command = Command(null, "SELECT " + Columns + " FROM agents ORDER BY name;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(Read(reader));
                }
            }

            return list;
        }

        /// <summary>The agent registered under this name (case-insensitive), or null.</summary>
        public Agent Find(string name) => Find(name, null);

        /// <summary>Removes a registration; false when there was none.</summary>
        public bool Delete(string name, string actor, DateTime now) => StoreWrite.Run(store.Path, () => DeleteNow(name, actor, now));

        private bool DeleteNow(string name, string actor, DateTime now)
        {
            using (var transaction = connection.BeginTransaction())
            {
                int removed;
                using (var command = Command(transaction, "DELETE FROM agents WHERE name = $name;"))
                {
                    command.Parameters.AddWithValue("$name", name);
                    removed = command.ExecuteNonQuery();
                }

                if (removed > 0)
                {
                    store.WriteAudit(transaction, now, actor, "UnregisterAgent", "agent:" + name, null);
                }

                transaction.Commit();
                return removed > 0;
            }
        }

        /// <summary>Agent names: non-empty, no leading/trailing spaces, no wildcard characters, no line breaks (Get-NhiAgent -Name takes patterns).</summary>
        public static void ValidateName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim() != name || name.IndexOfAny(new[] { '*', '?', '[', ']', '\n', '\r' }) >= 0)
            {
                throw new NhiException("NhiInvalidAgentName", NhiErrorCategory.InvalidArgument,
                    "'" + name + "' is not a valid agent name: it must be non-empty, without leading or trailing spaces, line breaks or the wildcard characters * ? [ ].", name);
            }
        }

        internal static void Validate(Agent agent)
        {
            if (agent == null) throw new NhiException("NhiInvalidAgent", NhiErrorCategory.InvalidArgument, "No agent was given.");
            ValidateName(agent.Name);
            if (agent.Identities == null || agent.Identities.Length == 0)
            {
                throw new NhiException("NhiAgentWithoutIdentity", NhiErrorCategory.InvalidArgument,
                    "Agent '" + agent.Name + "' names no identity: an agent acts through at least one identity.", agent.Name);
            }

            foreach (var list in new[] { agent.Identities, agent.AllowedSystems, agent.AllowedPermissions })
            {
                foreach (var item in list ?? Array.Empty<string>())
                {
                    if (string.IsNullOrWhiteSpace(item) || item.IndexOfAny(new[] { '\n', '\r' }) >= 0)
                    {
                        throw new NhiException("NhiInvalidAgentValue", NhiErrorCategory.InvalidArgument,
                            "Agent '" + agent.Name + "': identity ids, systems and permissions cannot be empty or hold line breaks ('" + item + "').", item);
                    }
                }
            }
        }

        private Agent Find(string name, SqliteTransaction transaction)
        {
            using (var command = Command(transaction, "SELECT " + Columns + " FROM agents WHERE name = $name;"))
            {
                command.Parameters.AddWithValue("$name", name ?? string.Empty);
                using (var reader = command.ExecuteReader())
                {
                    return reader.Read() ? Read(reader) : null;
                }
            }
        }

        private Agent Read(SqliteDataReader reader) => new Agent
        {
            Name = reader.GetString(0),
            Identities = Split(reader.GetString(1)),
            Owner = reader.IsDBNull(2) ? null : reader.GetString(2),
            Purpose = reader.IsDBNull(3) ? null : reader.GetString(3),
            AllowedSystems = Split(reader.GetString(4)),
            AllowedPermissions = Split(reader.GetString(5)),
            RegisteredOn = Parse(reader.GetString(6)),
            UpdatedOn = Parse(reader.GetString(7)),
            StorePath = store.Path,
        };

        private SqliteCommand Command(SqliteTransaction transaction, string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }

        private static string Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

        // Order kept, duplicates (case-insensitive) dropped: the registration reads back as it was given.
        private static string Join(string[] values) =>
            string.Join("\n", (values ?? Array.Empty<string>()).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase));

        private static string[] Split(string value) => value.Length == 0 ? Array.Empty<string>() : value.Split('\n');

        private static DateTime Utc(DateTime value) =>
            value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

        private static string Text(DateTime value) => Utc(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static DateTime Parse(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }
}
