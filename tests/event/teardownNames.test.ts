/** Where teardown's names come from: the roster, the stack's outputs, the record file. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseRoster } from "../../event/roster";
import {
    fileRecordStore,
    mergeRecords,
    recordFromOutputs,
    teardownNames,
    type TeardownRecord,
} from "../../event/teardown/names";
import { verifyTeam } from "../../event/teardown/verify";
import { rosterYaml, teamInput } from "./fakes";
import { MemoryCloud } from "./teardownFakes";

const roster = parseRoster(
    rosterYaml([teamInput("aurora"), teamInput("borealis")], { location: "eastus2" }),
    "stacks/oh4mlex.yaml",
);

test("names without the random suffix come from the roster alone", () => {
    expect(teardownNames(roster, "aurora", {}, { deleteRepos: false })).toEqual({
        event: "oh4mlex",
        team: "aurora",
        subscriptionId: undefined,
        location: "eastus2",
        resourceGroup: "rg-oh4mlex-aurora",
        application: "openhack-oh4mlex-aurora",
        repositoryOwner: "contoso-hack",
        repository: "oh4mlex-aurora",
        repositoryEnd: "archived",
    });
    expect(
        teardownNames(roster, "aurora", {}, { deleteRepos: false, defaultSubscriptionId: "s-1" })
            .subscriptionId,
    ).toBe("s-1");
    expect(teardownNames(roster, "aurora", {}, { deleteRepos: true }).repositoryEnd).toBe(
        "deleted",
    );
    const keepNothing = parseRoster(
        rosterYaml([teamInput("aurora")], {
            event: {
                name: "oh4mlex",
                endsOn: "2026-12-18",
                github: { owner: "contoso-hack", archiveOnDestroy: false },
                budget: { amount: 300, contactEmails: ["organizers@contoso.com"] },
            },
        }),
        "stacks/oh4mlex.yaml",
    );
    expect(teardownNames(keepNothing, "aurora", {}, { deleteRepos: false }).repositoryEnd).toBe(
        "deleted",
    );
});

test("a record comes from plain outputs only; a secret output is never copied", () => {
    const record = recordFromOutputs({
        subscriptionId: { value: "sub-1", secret: false },
        workspace: { value: "oh4mlex-aurora-k3x9qz", secret: false },
        storageAccount: { value: "oh4mlexaurorak3x9qz", secret: false },
        servicePrincipalClientId: { value: "s3cr3t-looking-value", secret: true },
        repositoryUrl: { value: "https://github.com/contoso-hack/oh4mlex-aurora", secret: false },
    });
    expect(record).toEqual({
        subscriptionId: "sub-1",
        workspace: "oh4mlex-aurora-k3x9qz",
        keyVault: "oh4mlexaurorak3x9qz",
        clientId: undefined,
    });
    expect(JSON.stringify(record)).not.toContain("s3cr3t");
});

test("merging never erases a known value with an unknown one", () => {
    expect(
        mergeRecords({ workspace: "w1", clientId: "c1" }, { workspace: "w2", clientId: undefined }),
    ).toEqual({ workspace: "w2", clientId: "c1" });
});

describe("the first up's time (issue 22, review 3: a stale record must not widen the bound)", () => {
    /** A record left by an earlier stack of the same name, removed and created again since. */
    const STALE = "2026-10-01T08:00:00.000Z";
    /** The state's root Stack `created` of the stack that exists now. */
    const CREATED = "2026-11-27T09:00:00.123Z";
    const fromState = { firstUpAt: CREATED, firstUpFrom: "state" } as const;

    test("the state's value wins over an older local one, in either order of the merge", () => {
        // before: the store (older) merged with what the state gave (newer).
        expect(mergeRecords({ firstUpAt: STALE }, fromState)).toEqual(fromState);
        // after / verify / the next up: the store (holding the state's value) merged with an older
        // value offered again (a stale file, an up's start time).
        expect(mergeRecords(fromState, { firstUpAt: STALE })).toEqual(fromState);
        // A stale record that itself came from the earlier stack's state: the later read wins.
        expect(mergeRecords({ firstUpAt: STALE, firstUpFrom: "state" }, fromState)).toEqual(
            fromState,
        );
    });

    test("without a `created` in the state, the earliest known wins; an unknown source is not the state", () => {
        expect(
            mergeRecords({ firstUpAt: STALE }, { firstUpAt: "2026-11-27T09:00:00.000Z" }),
        ).toEqual({ firstUpAt: STALE });
        // A record file edited by hand to claim another source is read as a local value.
        const edited: TeardownRecord = JSON.parse(
            '{"firstUpAt": "2026-11-27T09:00:00.000Z", "firstUpFrom": "x"}',
        );
        expect(mergeRecords({ firstUpAt: STALE }, edited)).toEqual({ firstUpAt: STALE });
        // A "state" value that is not a time is no value.
        expect(
            mergeRecords({ firstUpAt: STALE }, { firstUpAt: "soon", firstUpFrom: "state" }),
        ).toEqual({ firstUpAt: STALE });
    });
});

describe("the record file", () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "teardown-"))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test("round trip under <eventDir>/teardown/<team>.json; a missing file is an empty record", async () => {
        const store = fileRecordStore(dir);
        expect(await store.read("aurora")).toEqual({});
        await store.write("aurora", { workspace: "oh4mlex-aurora-k3x9qz" });
        expect(JSON.parse(readFileSync(path.join(dir, "teardown", "aurora.json"), "utf8"))).toEqual(
            { workspace: "oh4mlex-aurora-k3x9qz" },
        );
        expect(await store.read("aurora")).toEqual({ workspace: "oh4mlex-aurora-k3x9qz" });
    });

    test("a file that is not a JSON object is an error naming the file", async () => {
        const store = fileRecordStore(dir);
        await store.write("aurora", {});
        writeFileSync(path.join(dir, "teardown", "aurora.json"), "[1, 2]");
        await expect(store.read("aurora")).rejects.toThrow(
            `${path.join(dir, "teardown", "aurora.json")}: expected a JSON object`,
        );
    });
});

test("without a subscription, Azure checks are unknown (never gone) and say how to fix it", async () => {
    const cloud = new MemoryCloud().provision("oh4mlex", "aurora");
    const checks = await verifyTeam(
        teardownNames(roster, "aurora", {}, { deleteRepos: false }),
        cloud,
    );
    const azure = checks.filter((c) =>
        [
            "resource group",
            "ML workspace (active or soft-deleted)",
            "soft-deleted key vault",
        ].includes(c.item),
    );
    expect(azure.map((c) => c.status)).toEqual(["unknown", "unknown", "unknown"]);
    expect(azure[0].detail).toBe(
        "subscription unknown: set team.subscriptionId in the roster or AZURE_SUBSCRIPTION_ID",
    );
    // Nothing was asked of Azure without a subscription.
    expect(
        cloud.calls.filter((c) => /^(resourceGroupState|workspacesIn|deletedVaultsOf)/.test(c)),
    ).toEqual([]);
});
