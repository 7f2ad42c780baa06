using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using NhiTools.Engine.Cleanup;
using NhiTools.Engine.Journal;
using NhiTools.Hosting;
using NhiTools.Labs.Common;
using Xunit;

namespace NhiTools.Cleanup.Tests
{
    /// <summary>
    /// Revoke-NhiPermission on Entra service principals with the real Graph client against the Graph lab: an app role
    /// assignment is deleted, a delegated scope removed from its grant (the grant deleted when it was the only scope),
    /// what was removed is kept in the journal, and Undo re-creates it.
    /// </summary>
    [Collection("LiveSessions")]
    public sealed class EntraRevokeTests
    {
        private static CleanupRunner.Planner Plan(string permission) => (t, live, w) =>
            new PlannedStep { Action = CleanupActions.RevokePermission, Target = permission, Description = "Revoke " + permission };

        private static CleanupTarget Target(Identity live, string permission) =>
            new CleanupTarget { IdentityId = live.Id, Provider = "Entra", AsRead = live, Permission = permission };

        private static string SpId(CleanupLabs labs, string name)
        {
            lock (labs.Graph.Store.Gate) return labs.Graph.Store.ServicePrincipals.All.Single(e => e.GetString("displayName") == name).Id;
        }

        private static string[] Roles(CleanupLabs labs, string spId)
        {
            lock (labs.Graph.Store.Gate)
                return labs.Graph.Store.AppRoleAssignments.All.Where(a => a.GetString("principalId") == spId)
                    .Select(a => a.GetString("resourceId") + "/" + a.GetString("appRoleId")).OrderBy(x => x).ToArray();
        }

        private static string[] Scopes(CleanupLabs labs, string spId)
        {
            lock (labs.Graph.Store.Gate)
                return labs.Graph.Store.OAuth2PermissionGrants.All.Where(g => g.GetString("clientId") == spId)
                    .SelectMany(g => (g.GetString("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => g.GetString("consentType") + ":" + s))
                    .OrderBy(x => x).ToArray();
        }

        // The identity of that name that carries the service principal's permissions (the application's, when both are listed).
        private static Identity Live(CleanupLabs labs, string name) =>
            labs.Read("Entra").Where(i => i.Name == name).OrderByDescending(i => i.Permissions?.Length ?? 0).ThenBy(i => i.Id, StringComparer.Ordinal).First();

        [Fact]
        public async Task An_app_role_assignment_is_deleted_journaled_and_re_created_by_undo()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var live = Live(labs, "app-ledger-api");
            var role = live.Permissions.First(p => p.Type == PermissionType.AppRole).Name;
            var sp = SpId(labs, "app-ledger-api");
            var before = Roles(labs, sp);
            Assert.NotEmpty(before);

            var change = Assert.Single(labs.Runner(new RecordingHost()).Run(new[] { Target(live, role) }, Plan(role)).ToList());
            Assert.Equal(ChangeLog.Done, change.Outcome);
            Assert.Equal(before.Length - 1, Roles(labs, sp).Length);
            var kept = Assert.Single(JsonNode.Parse(change.Before)!.AsArray());
            Assert.Equal("appRoleAssignment", (string)kept!["kind"]!);
            Assert.Contains((string)kept["resourceId"] + "/" + (string)kept["appRoleId"], before);
            Assert.DoesNotContain(Live(labs, "app-ledger-api").Permissions ?? Array.Empty<Permission>(), p => p.Name == role && p.Type == PermissionType.AppRole);

            var undo = Assert.Single(labs.Undo(new[] { change }));
            Assert.Equal(ChangeLog.Done, undo.Outcome);
            Assert.Equal(before, Roles(labs, sp));
            // Undoing again (a rerun) creates no duplicate.
            Assert.Empty(labs.Undo(new[] { change }).Where(c => c.Outcome == ChangeLog.Done));
            Assert.Equal(before, Roles(labs, sp));
        }

        [Fact]
        public async Task A_delegated_scope_is_removed_from_its_grant_and_a_sole_scope_deletes_the_grant_and_undo_restores_both()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var sp = SpId(labs, "app-catalog-worker");
            var before = Scopes(labs, sp);
            Assert.Contains("AllPrincipals:openid", before);
            var live = Live(labs, "app-catalog-worker");
            var partial = Assert.Single(labs.Runner(new RecordingHost()).Run(new[] { Target(live, "delegated:openid") }, Plan("delegated:openid")).ToList());
            Assert.Equal(ChangeLog.Done, partial.Outcome);
            Assert.DoesNotContain("AllPrincipals:openid", Scopes(labs, sp));
            Assert.Equal(before.Length - 1, Scopes(labs, sp).Length);
            Assert.Equal(1, labs.Graph.Log.Count("oauth2PermissionGrants.update"));

            Assert.Equal(ChangeLog.Done, Assert.Single(labs.Undo(new[] { partial })).Outcome);
            Assert.Equal(before, Scopes(labs, sp));

            // A grant holding one scope: revoking it deletes the grant; undo creates it again with that scope.
            lock (labs.Graph.Store.Gate)
                labs.Graph.Store.OAuth2PermissionGrants.All.Single(g => g.GetString("clientId") == sp).AsObject()["scope"] = "User.Read";
            var sole = Assert.Single(labs.Runner(new RecordingHost()).Run(new[] { Target(Live(labs, "app-catalog-worker"), "User.Read") }, Plan("User.Read")).ToList());
            Assert.Equal(ChangeLog.Done, sole.Outcome);
            Assert.Empty(Scopes(labs, sp));
            Assert.Equal(1, labs.Graph.Log.Count("oauth2PermissionGrants.delete"));
            var kept = Assert.Single(JsonNode.Parse(sole.Before)!.AsArray());
            Assert.Equal("AllPrincipals", (string)kept!["consentType"]!);
            Assert.Equal(sp, (string)kept["clientId"]!);
            Assert.Equal(ChangeLog.Done, Assert.Single(labs.Undo(new[] { sole })).Outcome);
            Assert.Equal(new[] { "AllPrincipals:User.Read" }, Scopes(labs, sp));
            Assert.Equal(1, labs.Graph.Log.Count("oauth2PermissionGrants.create"));
        }

        [Fact]
        public async Task WhatIf_sends_zero_writes()
        {
            await using var labs = await CleanupLabs.StartAsync();
            var live = Live(labs, "app-ledger-api");
            var role = live.Permissions.First(p => p.Type == PermissionType.AppRole).Name;
            var host = new RecordingHost { Approve = false };
            Assert.Empty(labs.Runner(host).Run(new[] { Target(live, role) }, Plan(role)).ToList());
            Assert.Contains(host.Messages, m => m.StartsWith("? Revoke", StringComparison.Ordinal));
            Assert.Equal(0, labs.Graph.Log.Writes());
            Assert.Empty(labs.Journal.Changes(new ChangeQuery()));
        }

        [Theory]
        [InlineData("op=servicePrincipals.appRoleAssignments.delete action=commit-drop times=1", "Done", true)]
        [InlineData("op=servicePrincipals.appRoleAssignments.delete status=403 code=Authorization_RequestDenied", "Failed", false)]
        public async Task A_fault_at_the_delete_leaves_the_journal_consistent_and_undo_restores(string fault, string outcome, bool applied)
        {
            await using var labs = await CleanupLabs.StartAsync();
            var live = Live(labs, "app-ledger-api");
            var role = live.Permissions.First(p => p.Type == PermissionType.AppRole).Name;
            var sp = SpId(labs, "app-ledger-api");
            var before = Roles(labs, sp);
            labs.Graph.Faults.Add(FaultRule.Parse(fault));
            var host = new RecordingHost();
            var changes = labs.Runner(host).Run(new[] { Target(live, role) }, Plan(role)).ToList();
            Assert.Equal(applied ? before.Length - 1 : before.Length, Roles(labs, sp).Length);
            if (applied) Assert.Equal(outcome, Assert.Single(changes).Outcome);
            else Assert.Contains("403", Assert.Single(host.Errors).Message);

            var records = labs.Journal.Changes(new ChangeQuery { IdentityId = live.Id });
            Assert.Equal(2, records.Count);
            Assert.Equal(ChangeLog.Started, records[0].Outcome);
            Assert.Equal(outcome, records[1].Outcome);
            var change = Assert.Single(ChangeLog.Read(labs.Journal));
            Assert.True(change.CanUndo);
            Assert.Contains("appRoleId", change.Before);

            labs.Graph.Faults.Clear();
            var undo = Assert.Single(labs.Undo(new[] { change }));
            Assert.Equal(applied ? ChangeLog.Done : ChangeLog.Unchanged, undo.Outcome);
            Assert.Equal(before, Roles(labs, sp));
        }
    }
}
