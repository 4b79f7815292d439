/**
 * The teardown SDK layer (event/teardown/sdkCloud.ts) with the real Azure, Graph and GitHub SDK
 * clients, nock in front of them and no network. Bodies come from the services' published examples
 * (teardownFixtures.ts names each source).
 */
import nock from "nock";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";
import { githubClient, graphClient } from "../../event/cloud/clients";
import type { TeardownCloud } from "../../event/teardown/cloud";
import { teardownNames } from "../../event/teardown/names";
import { purgeTeam, removeRecordedGuests } from "../../event/teardown/purge";
import { sdkCloud } from "../../event/teardown/sdkCloud";
import { verdictOf, verifyTeam } from "../../event/teardown/verify";
import { parseRoster } from "../../event/roster";
import { rosterYaml, teamInput } from "./fakes";
import * as fx from "./teardownFixtures";
import { byOwnership } from "../../event/teardown/ownership";
import { entraStackTag } from "../../stacks/entraTag";

const ARM = "https://management.azure.com";
const GRAPH = "https://graph.microsoft.com";
const GITHUB = "https://api.github.com";

const credential = new FakeCredential();

let sleeps: number[];
function cloud(): TeardownCloud {
    sleeps = [];
    return sdkCloud({
        credential,
        graph: graphClient(credential),
        github: githubClient({ token: "test-token", rateLimitRetries: 0 }),
        sleep: async (ms) => void sleeps.push(ms),
        pollIntervalMs: 15_000,
        purgeTimeoutMs: 60_000,
        lroIntervalMs: 0,
    });
}

const wsPath = `/subscriptions/${fx.SUB}/resourceGroups/${fx.RG}/providers/Microsoft.MachineLearningServices/workspaces/${fx.WS}`;

useNock({ failOnPending: true });

describe("ML workspace", () => {
    test("a soft-deleted workspace of the team's group is found in the subscription's list", async () => {
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.MachineLearningServices/workspaces`)
            .query({ "api-version": "2024-04-01" })
            .reply(200, fx.workspaceListWithTeam.body);
        expect(await cloud().workspacesIn(fx.SUB, fx.RG.toUpperCase())).toEqual([
            {
                id: `/subscriptions/${fx.SUB}/resourceGroups/${fx.RG}/providers/Microsoft.MachineLearningServices/workspaces/${fx.WS}`,
                name: fx.WS,
                location: "eastus2euap",
                provisioningState: undefined,
            },
        ]);
    });

    test("absent: the list has only other groups' workspaces", async () => {
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.MachineLearningServices/workspaces`)
            .query(true)
            .reply(200, fx.workspaceListWithoutTeam.body);
        expect(await cloud().workspacesIn(fx.SUB, fx.RG)).toEqual([]);
    });

    const operation = new URL(fx.workspacePurgeOperation.url);
    const operationPath = operation.pathname;
    const listPath = `/subscriptions/${fx.SUB}/providers/Microsoft.MachineLearningServices/workspaces`;
    /** The purge accepted (202 + Azure-AsyncOperation) and its operation answering `status`, `body`. */
    const accepted = (status: number, body: object): void =>
        void nock(ARM)
            .delete(wsPath)
            .query({ "api-version": "2024-04-01", forceToPurge: "true" })
            .reply(202, "", { "Azure-AsyncOperation": operation.href })
            .get(operationPath)
            .query(true)
            .reply(status, body);
    /** The subscription's list (soft-deleted workspaces included) answering with or without the team's. */
    const listed = (withTeam: boolean, times = 1): void =>
        void nock(ARM)
            .get(listPath)
            .query({ "api-version": "2024-04-01" })
            .times(times)
            .reply(200, (withTeam ? fx.workspaceListWithTeam : fx.workspaceListWithoutTeam).body);

    test("purge: DELETE with forceToPurge at api 2024-04-01, done only when its long-running operation says Succeeded (a GET by name is never asked)", async () => {
        nock(ARM)
            .delete(wsPath)
            .query({ "api-version": "2024-04-01", forceToPurge: "true" })
            .reply(202, "", { "Azure-AsyncOperation": operation.href })
            .get(operationPath)
            .query(true)
            .reply(200, fx.workspacePurgeOperation.inProgress)
            .get(operationPath)
            .query(true)
            .reply(200, fx.workspacePurgeOperation.succeeded);
        // A soft-deleted workspace answers 404 by name long before the purge is over: not asked.
        const byName = nock(ARM).get(wsPath).query(true).reply(404, fx.workspaceNotFound.body);
        listed(false);
        expect(await cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).toBe("done");
        // The SDK's beginDelete sends the purge and reads the operation once (InProgress); one
        // wait, then Succeeded.
        expect(sleeps).toEqual([15_000]);
        expect(byName.isDone()).toBe(false);
        nock.cleanAll();
    });

    test("purge with the spec's 202 + Location: followed until the location stops answering 202", async () => {
        const location = `https://management.azure.com/subscriptions/${fx.SUB}/providers/Microsoft.MachineLearningServices/locations/eastus2euap/workspaceOperationsResults/3f8d6a5e-purge?api-version=2024-04-01`;
        nock(ARM)
            .delete(wsPath)
            .query({ "api-version": "2024-04-01", forceToPurge: "true" })
            .reply(202, "", { Location: location })
            .get(new URL(location).pathname)
            .query(true)
            .reply(202, "", { Location: location })
            .get(new URL(location).pathname)
            .query(true)
            .reply(204);
        listed(false);
        expect(await cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).toBe("done");
        expect(sleeps).toEqual([15_000]);
    });

    test("a purge whose operation fails is reported with the operation's error, not as done", async () => {
        accepted(200, fx.workspacePurgeOperation.failed);
        await expect(cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).rejects.toThrow(
            "Workspace purge failed",
        );
    });

    test("purge of a workspace already gone (404, and not in the subscription's list) is absent", async () => {
        nock(ARM).delete(wsPath).query(true).reply(404, fx.workspaceNotFound.body);
        listed(false);
        expect(await cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).toBe("absent");
    });

    test("the operation's Succeeded is not enough: done only once the list no longer has the workspace", async () => {
        accepted(200, fx.workspacePurgeOperation.succeeded);
        listed(true);
        listed(false);
        expect(await cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).toBe("done");
        // The list still had it once: one more wait before it was asked again.
        expect(sleeps).toEqual([15_000]);
    });

    test("a workspace still listed (soft-deleted) after the purge's time is reported, not done", async () => {
        accepted(200, fx.workspacePurgeOperation.succeeded);
        listed(true, 5);
        await expect(cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).rejects.toThrow(
            `workspace ${fx.WS}: its purge operation ended but the subscription still lists the workspace (soft-deleted)`,
        );
    });

    test("a 404 from the operation's URL is not taken as done without the list", async () => {
        accepted(404, fx.workspaceNotFound.body as object);
        listed(true, 5);
        await expect(cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).rejects.toThrow(
            "still lists the workspace",
        );
    });

    test("a 404 on DELETE while the list still has the workspace is not 'absent'", async () => {
        nock(ARM).delete(wsPath).query(true).reply(404, fx.workspaceNotFound.body);
        listed(true, 5);
        await expect(cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).rejects.toThrow(
            "still lists the workspace",
        );
    });

    describe("real timers: each request has its own timeout, none inherited from the DELETE", () => {
        /** The SDK cloud with real sleeps and a 150 ms per-request timeout. */
        function realTimeCloud(): TeardownCloud {
            return sdkCloud({
                credential,
                graph: graphClient(credential),
                sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
                pollIntervalMs: 100,
                purgeTimeoutMs: 10_000,
                requestTimeoutMs: 150,
                lroIntervalMs: 0,
            });
        }

        test("a purge polled for longer than the per-request timeout still completes", async () => {
            nock(ARM)
                .delete(wsPath)
                .query(true)
                .reply(202, "", { "Azure-AsyncOperation": operation.href })
                .get(operationPath)
                .query(true)
                .times(3)
                .reply(200, fx.workspacePurgeOperation.inProgress)
                .get(operationPath)
                .query(true)
                .reply(200, fx.workspacePurgeOperation.succeeded);
            listed(false);
            const start = Date.now();
            expect(await realTimeCloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).toBe("done");
            // Three waits of 100 ms: the last polls were sent well after the DELETE's 150 ms.
            expect(Date.now() - start).toBeGreaterThanOrEqual(300);
        });
    });

    test("purge after the group is gone fails with the reason, not as already done", async () => {
        nock(ARM).delete(wsPath).query(true).reply(404, fx.resourceGroupNotFound.body);
        await expect(cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).rejects.toThrow(
            `resource group ${fx.RG} is gone: a soft-deleted workspace can only be purged after creating the group again`,
        );
    });

    test("a purge that does not finish in time is reported, not assumed", async () => {
        nock(ARM)
            .delete(wsPath)
            .query(true)
            .reply(202, "", { "Azure-AsyncOperation": operation.href })
            .get(operationPath)
            .query(true)
            .times(5)
            .reply(200, fx.workspacePurgeOperation.inProgress);
        await expect(cloud().purgeWorkspace(fx.SUB, fx.RG, fx.WS)).rejects.toThrow(
            `workspace ${fx.WS}: its purge is still running 1 min after it was accepted`,
        );
    });
});

describe("key vault", () => {
    const purgePath = `/subscriptions/${fx.SUB}/providers/Microsoft.KeyVault/locations/westus/deletedVaults/${fx.VAULT}/purge`;

    test("deleted vaults are matched by the group in their former id", async () => {
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.KeyVault/deletedVaults`)
            .query(true)
            .reply(200, fx.deletedVaults.body);
        expect(await cloud().deletedVaultsOf(fx.SUB, fx.RG)).toEqual([
            {
                name: fx.VAULT,
                location: "westus",
                vaultId: `/subscriptions/${fx.SUB}/resourceGroups/${fx.RG}/providers/Microsoft.KeyVault/vaults/${fx.VAULT}`,
                scheduledPurgeDate: "2017-04-01T00:00:59.000Z",
            },
        ]);
    });

    test("purge accepted (202), followed to its end", async () => {
        const location = new URL(fx.vaultPurgeAccepted.location);
        nock(ARM).post(purgePath).query(true).reply(202, "", { Location: location.href });
        nock(location.origin).get(location.pathname).query(true).reply(200);
        expect(await cloud().purgeVault(fx.SUB, fx.VAULT, "westus")).toBe("done");
    });

    test("purge done at once (200)", async () => {
        nock(ARM).post(purgePath).query(true).reply(200);
        expect(await cloud().purgeVault(fx.SUB, fx.VAULT, "westus")).toBe("done");
    });

    test("purge refused with 409: the service's message comes through", async () => {
        nock(ARM).post(purgePath).query(true).reply(409, fx.vaultPurgeConflict.body);
        await expect(cloud().purgeVault(fx.SUB, fx.VAULT, "westus")).rejects.toThrow(
            "A conflict occurred that prevented the operation from completing",
        );
    });
});

describe("resource group", () => {
    const path = `/subscriptions/${fx.SUB}/resourcegroups/${fx.RG}`;
    test.each([
        ["200 Succeeded", 200, fx.resourceGroup("Succeeded").body, "present"],
        ["200 Deleting", 200, fx.resourceGroup("Deleting").body, "deleting"],
        ["404 ResourceGroupNotFound", 404, fx.resourceGroupNotFound.body, "absent"],
    ])("%s: %s", async (_label, status, body, state) => {
        nock(ARM)
            .get(new RegExp(`^${path}$`, "i"))
            .query(true)
            .reply(status, body);
        expect(await cloud().resourceGroupState(fx.SUB, fx.RG)).toBe(state);
    });
});

test("role assignments of the principal, asked with principalId eq at subscription scope", async () => {
    nock(ARM)
        .get(`/subscriptions/${fx.SUB}/providers/Microsoft.Authorization/roleAssignments`)
        .query((q) => q.$filter === `principalId eq '${fx.PRINCIPAL}'`)
        .reply(200, fx.roleAssignments.body);
    const found = await cloud().roleAssignmentsOf(fx.SUB, fx.PRINCIPAL);
    expect(found.map((a) => a.scope)).toEqual([
        "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2",
        "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/testrg",
    ]);
});

test("a role assignment is deleted by its id (200); one already gone is done (404)", async () => {
    const id =
        "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747";
    nock(ARM)
        .delete(id)
        .query(true)
        .reply(200, fx.roleAssignmentDeleted.body)
        .delete(id)
        .query(true)
        .reply(404, {
            error: {
                code: "RoleAssignmentNotFound",
                message: "The role assignment does not exist.",
            },
        });
    const c = cloud();
    expect(await c.deleteRoleAssignment(fx.SUB, id)).toBe("done");
    expect(await c.deleteRoleAssignment(fx.SUB, id)).toBe("absent");
});

describe("Entra ID (Graph)", () => {
    test("deleted applications by display name, then permanently deleted (204)", async () => {
        nock(GRAPH)
            .get("/v1.0/directory/deletedItems/microsoft.graph.application")
            .query((q) => q.$filter === `displayName eq '${fx.APP_NAME}'`)
            .reply(200, fx.deletedApplications.body)
            .delete(`/v1.0/directory/deletedItems/${fx.DELETED_APP_ID}`)
            .reply(204);
        const c = cloud();
        const deleted = await c.deletedDirectoryObjects("application", fx.APP_NAME);
        expect(deleted.map((o) => o.id)).toEqual([fx.DELETED_APP_ID]);
        expect(await c.purgeDeletedDirectoryObject(fx.DELETED_APP_ID)).toBe("done");
    });

    test("a permanent delete of an item already gone is done (404)", async () => {
        nock(GRAPH)
            .delete(`/v1.0/directory/deletedItems/${fx.DELETED_APP_ID}`)
            .reply(404, fx.graphNotFound.body);
        expect(await cloud().purgeDeletedDirectoryObject(fx.DELETED_APP_ID)).toBe("absent");
    });

    test("a guest the state names but Graph no longer has (removed before a destroy that failed) is absent, i.e. done", async () => {
        // A deleted user answers 404 Request_ResourceNotFound (teardownFixtures.ts names the source).
        const GUEST = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
        const notFound = fx.graphUserNotFound(GUEST).body;
        nock(GRAPH)
            .get(`/v1.0/users/${GUEST}`)
            .query(true)
            .reply(404, notFound)
            .delete(`/v1.0/users/${GUEST}`)
            .reply(404, notFound);
        const c = cloud();
        const roster = parseRoster(
            rosterYaml([{ ...teamInput("aurora"), subscriptionId: fx.SUB }]),
            "stacks/oh4mlex.yaml",
        );
        const names = teardownNames(
            roster,
            "aurora",
            { invitedGuests: `kenji-t=${GUEST}`, firstUpAt: "2026-11-27T09:00:00.000Z" },
            { deleteRepos: false },
        );
        expect(await removeRecordedGuests(names, c)).toEqual([
            { step: "remove invited guest", name: `kenji-t (${GUEST})`, result: "absent" },
        ]);
        // And a delete that races another run's: also absent, never failed.
        expect(await c.deleteUser(GUEST)).toBe("absent");
    });

    test("an active application is found by its display name; quotes are escaped", async () => {
        nock(GRAPH)
            .get("/v1.0/applications")
            .query((q) => q.$filter === "displayName eq 'o''brien'")
            .reply(200, fx.activeApplications.body);
        expect(await cloud().directoryObjects("application", "o'brien")).toEqual([
            {
                id: "acc848e9-e8ec-4feb-a521-8d58b5482e09",
                displayName: fx.APP_NAME,
                appId: "00000000-0000-0000-0000-000000000000",
                tags: [],
            },
        ]);
    });
});

describe("GitHub repository", () => {
    const path = `/repos/${fx.OWNER}/${fx.REPO}`;
    test("archived, not archived, gone", async () => {
        nock(GITHUB)
            .get(path)
            .reply(200, fx.repository(true).body)
            .get(path)
            .reply(200, fx.repository(false).body)
            .get(path)
            .reply(404, fx.githubNotFound.body);
        const c = cloud();
        expect(await c.repository(fx.OWNER, fx.REPO)).toEqual({ archived: true });
        expect(await c.repository(fx.OWNER, fx.REPO)).toEqual({ archived: false });
        expect(await c.repository(fx.OWNER, fx.REPO)).toBeUndefined();
    });

    test("archive sends archived=true; delete answers 204", async () => {
        nock(GITHUB)
            .patch(path, { archived: true })
            .reply(200, fx.repository(true).body)
            .delete(path)
            .reply(204);
        const c = cloud();
        expect(await c.archiveRepository(fx.OWNER, fx.REPO)).toBe("done");
        expect(await c.deleteRepository(fx.OWNER, fx.REPO)).toBe("done");
    });
});

describe("purge then verify, one team after pulumi destroy, all through the SDKs", () => {
    const roster = parseRoster(
        rosterYaml([{ ...teamInput("aurora"), subscriptionId: fx.SUB }]),
        "stacks/oh4mlex.yaml",
    );
    const names = {
        ...teardownNames(
            roster,
            "aurora",
            // Recorded at `up`: the application's client id (the fixture's appId) ties it to the stack.
            {
                servicePrincipalObjectId: fx.PRINCIPAL,
                clientId: "00000000-0000-0000-0000-000000000000",
            },
            { deleteRepos: false },
        ),
    };
    const listWs = () =>
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.MachineLearningServices/workspaces`)
            .query(true);
    const listVaults = () =>
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.KeyVault/deletedVaults`)
            .query(true);
    const graphList = (path: string) =>
        nock(GRAPH)
            .get(`/v1.0${path}`)
            .query((q) => q.$filter === `displayName eq '${fx.APP_NAME}'`);

    test("the vault and the deleted application are purged, and the verification is clean", async () => {
        // Purge: nothing left of the workspace (purged before the destroy), one vault, one deleted app.
        listWs().reply(200, fx.workspaceListWithoutTeam.body);
        listVaults().reply(200, fx.deletedVaults.body);
        nock(ARM)
            .post(
                `/subscriptions/${fx.SUB}/providers/Microsoft.KeyVault/locations/westus/deletedVaults/${fx.VAULT}/purge`,
            )
            .query(true)
            .reply(200);
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.Authorization/roleAssignments`)
            .query((q) => q.$filter === `principalId eq '${fx.PRINCIPAL}'`)
            .reply(200, { value: [] });
        graphList("/applications").reply(200, fx.emptyGraphList("application").body);
        graphList("/servicePrincipals").reply(200, fx.emptyGraphList("servicePrincipal").body);
        graphList("/directory/deletedItems/microsoft.graph.application").reply(
            200,
            fx.deletedApplications.body,
        );
        nock(GRAPH).delete(`/v1.0/directory/deletedItems/${fx.DELETED_APP_ID}`).reply(204);
        graphList("/directory/deletedItems/microsoft.graph.servicePrincipal").reply(
            200,
            fx.emptyGraphList("servicePrincipal").body,
        );
        nock(GITHUB).get(`/repos/${fx.OWNER}/${fx.REPO}`).reply(200, fx.repository(true).body);

        const c = cloud();
        const steps = await purgeTeam(names, c);
        expect(steps.map((s) => [s.step, s.result])).toEqual([
            ["purge ML workspace", "absent"],
            ["purge key vault", "done"],
            ["delete role assignment", "absent"],
            ["delete application", "absent"],
            ["delete servicePrincipal", "absent"],
            ["purge deleted application", "done"],
            ["purge deleted servicePrincipal", "absent"],
            ["archive repository", "absent"],
        ]);

        // Verify: every service says gone.
        nock(ARM)
            .get(new RegExp(`^/subscriptions/${fx.SUB}/resourcegroups/${fx.RG}$`, "i"))
            .query(true)
            .reply(404, fx.resourceGroupNotFound.body);
        listWs().reply(200, fx.workspaceListWithoutTeam.body);
        listVaults().reply(200, { value: [] });
        for (const path of [
            "/applications",
            "/servicePrincipals",
            "/directory/deletedItems/microsoft.graph.application",
            "/directory/deletedItems/microsoft.graph.servicePrincipal",
        ])
            graphList(path).reply(200, fx.emptyGraphList("application").body);
        nock(ARM)
            .get(`/subscriptions/${fx.SUB}/providers/Microsoft.Authorization/roleAssignments`)
            .query(true)
            .reply(200, { value: [] });
        nock(GITHUB).get(`/repos/${fx.OWNER}/${fx.REPO}`).reply(200, fx.repository(true).body);

        const checks = await verifyTeam(names, c);
        expect(checks.map((ch) => [ch.item, ch.status])).toEqual([
            ["resource group", "gone"],
            ["ML workspace (active or soft-deleted)", "gone"],
            ["soft-deleted key vault", "gone"],
            ["Entra application", "gone"],
            ["service principal", "gone"],
            ["role assignments of the team principal", "gone"],
            ["GitHub repository", "gone"],
        ]);
        expect(verdictOf(checks)).toBe("clean");
    });

    test("two deleted applications of the same name: only the recorded one is purged, the other is reported", async () => {
        graphList("/directory/deletedItems/microsoft.graph.application").reply(
            200,
            fx.deletedApplicationsSameName.body,
        );
        const purged = nock(GRAPH)
            .delete(`/v1.0/directory/deletedItems/${fx.DELETED_APP_ID}`)
            .reply(204);
        const listed = await cloud().deletedDirectoryObjects("application", fx.APP_NAME);
        expect(listed.map((o) => o.id)).toEqual([fx.OTHER_DELETED_APP_ID, fx.DELETED_APP_ID]);
        const owned = byOwnership(listed, names);
        expect(owned.ours.map((o) => o.id)).toEqual([fx.DELETED_APP_ID]);
        expect(owned.others.map((o) => o.id)).toEqual([fx.OTHER_DELETED_APP_ID]);
        expect(await cloud().purgeDeletedDirectoryObject(owned.ours[0].id)).toBe("done");
        expect(purged.isDone()).toBe(true);
    });

    test("without a record, an object of the team's name but without the stack's tag is never deleted", async () => {
        const unrecorded = teardownNames(roster, "aurora", {}, { deleteRepos: false });
        const strangers = fx.deletedApplicationsSameName.body as {
            value: { id: string; displayName: string; appId: string }[];
        };
        const owned = byOwnership(
            strangers.value.map((o) => ({ ...o, tags: [] })),
            unrecorded,
        );
        expect(owned.ours).toEqual([]);
        expect(owned.others).toHaveLength(2);
        const tagged = byOwnership(
            [{ ...strangers.value[1], tags: [entraStackTag("oh4mlex", "aurora")] }],
            unrecorded,
        );
        expect(tagged.ours.map((o) => o.id)).toEqual([fx.DELETED_APP_ID]);
    });
});
