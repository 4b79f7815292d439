/**
 * An earlier stack's leftover guests keep their own bound (issue 22, second review: S-1). The local
 * record (stacks/<event>/teardown/<team>.json) holds stack 1's guests with stack 1's first `up`
 * (the root Stack's `created`) after `destroy --no-purge`, or guests kept as shared or unproven.
 * A later `up` of the same team starts a new stack: its own bound is its own first `up`, and stack
 * 1's guests move to `earlierStacks` with stack 1's bound, so verify-teardown and the next destroy
 * still remove them; a `preview` changes nothing in the record. Never widened: a user created
 * before the new stack and recorded only by it is still "not created by this stack".
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseRoster, teamStackConfig } from "../../event/roster";
import { runEvent } from "../../event/runEvent";
import { EXIT } from "../../event/summary";
import { whyKeepGuest } from "../../event/teardown/guestOwnership";
import {
    everyRecordedGuest,
    fileRecordStore,
    firstUpOfGuest,
    mergeRecords,
    teardownNames,
} from "../../event/teardown/names";
import { teardownSession } from "../../event/teardown/session";
import { configBeforeUp } from "../../event/teardown/upRecord";
import { BEFORE_EVENT, harness, options, rosterYaml, teamInput } from "./fakes";
import {
    invitedGuestUser,
    MemoryCloud,
    MemoryRecords,
    SUBSCRIPTION,
    withCloudEffects,
} from "./teardownFakes";

const ANA = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b0a";
const GRADY = "0f1e2d3c-4b5a-4697-8887-a9b8c7d6e5f4";
const ROSTER = rosterYaml([{ ...teamInput("aurora"), subscriptionId: SUBSCRIPTION }]);
const roster = () => parseRoster(ROSTER, "stacks/oh4mlex.yaml", { now: new Date(BEFORE_EVENT) });
const names = (record: Parameters<typeof teardownNames>[2]) =>
    teardownNames(roster(), "aurora", record, { deleteRepos: false });

describe("the review's scenario: configBeforeUp over an emptied state", () => {
    // Stack 1 of team aurora: root Stack created 09:00, it invited ana-m at 09:03. The organizer ran
    // `destroy --no-purge`, so the record holds ana-m with stack 1's `created`, and ana-m is still
    // in the tenant.
    const STACK1_CREATED = "2026-11-27T09:00:00.000Z";
    const ana = invitedGuestUser(ANA, "2026-11-27T09:03:12Z");
    const stack1Record = {
        invitedGuests: `ana-m=${ANA}`,
        firstUpAt: STACK1_CREATED,
        firstUpFrom: "state" as const,
    };

    test("before any new up, teardown may remove ana-m (created by stack 1)", async () => {
        expect(whyKeepGuest(ana, names(stack1Record))).toBeUndefined();
    });

    test("an up of the same team over the emptied state keeps ana-m removable with stack 1's bound, and the new stack's bound is this up's start", async () => {
        const records = new MemoryRecords();
        await records.write("aurora", stack1Record);
        // `pulumi destroy` emptied the state: no invitation, no root Stack `created`.
        const emptied = { outputs: async () => ({}), stateGuests: async () => ({ guests: [] }) };
        const config = await configBeforeUp(
            records,
            "aurora",
            teamStackConfig(roster(), roster().teams[0]),
            emptied,
            new Date("2026-12-04T10:00:00.000Z"),
        );
        const record = await records.read("aurora");
        expect(record).toEqual({
            firstUpAt: "2026-12-04T10:00:00.000Z",
            earlierStacks: [{ firstUpAt: STACK1_CREATED, invitedGuests: `ana-m=${ANA}` }],
        });
        expect(whyKeepGuest(ana, names(record))?.kind).not.toBe("notOurs");
        expect(whyKeepGuest(ana, names(record))).toBeUndefined();
        // The guard still knows ana-m: the same address invited again answers with that user.
        expect(config["openhack-mlops:knownGuests"]).toEqual([ANA]);
    });
});

describe("through the driver: destroy --no-purge, preview, up, then verify-teardown and destroy", () => {
    // Stack 1 was created and invited ana-m before the driver's clock (BEFORE_EVENT, 2026-06-01).
    const STACK1_CREATED = "2026-05-20T09:00:00.123456789Z";
    const ANA_CREATED = "2026-05-20T09:03:12Z";

    async function afterNoPurgeDestroy() {
        const h = harness();
        const cloud = new MemoryCloud();
        cloud.provision("oh4mlex", "aurora");
        cloud.users.set(ANA, invitedGuestUser(ANA, ANA_CREATED));
        h.engine.addStack("oh4mlex-aurora", {
            outputs: { subscriptionId: { value: SUBSCRIPTION, secret: false } },
            stateGuests: [{ login: "ana-m", objectId: ANA }],
            stackCreated: STACK1_CREATED,
        });
        withCloudEffects(h.engine, cloud);
        const records = new MemoryRecords();
        const deps = {
            ...h.deps(ROSTER),
            records: () => records,
            teardown: (r: ReturnType<typeof roster>, o: Parameters<typeof teardownSession>[1]) =>
                teardownSession(r, o, cloud, records),
        };
        const run = (command: "up" | "preview" | "destroy", purge = true) =>
            h.clock.run(
                runEvent(
                    options(command, { teams: ["aurora"], ...(purge ? {} : { purge }) }),
                    deps,
                ),
            );
        expect(await run("destroy", false)).toBe(EXIT.ok);
        // The stack is empty; the record names ana-m with stack 1's bound.
        expect(await records.read("aurora")).toMatchObject({
            invitedGuests: `ana-m=${ANA}`,
            firstUpAt: "2026-05-20T09:00:00.123Z",
            firstUpFrom: "state",
        });
        return { h, cloud, records, run };
    }

    test("a preview changes nothing in the record (first up, guests), and tells the guard ana-m's id", async () => {
        const { h, records, run } = await afterNoPurgeDestroy();
        const before = structuredClone(await records.read("aurora"));
        expect(await run("preview")).toBe(EXIT.ok);
        expect(await records.read("aurora")).toEqual(before);
        expect(h.engine.runs("preview")[0].config?.["openhack-mlops:knownGuests"]).toEqual([ANA]);
    });

    test("after the next up, verify-teardown lists ana-m as a leftover with its delete command, and destroy removes it", async () => {
        const { cloud, records, run } = await afterNoPurgeDestroy();
        expect(await run("up")).toBe(EXIT.ok);
        const record = await records.read("aurora");
        expect(record.earlierStacks).toEqual([
            { firstUpAt: "2026-05-20T09:00:00.123Z", invitedGuests: `ana-m=${ANA}` },
        ]);
        // The new stack's bound: this up's start (the fake clock has moved past BEFORE_EVENT).
        expect(Date.parse(record.firstUpAt ?? "")).toBeGreaterThanOrEqual(BEFORE_EVENT);
        expect(record.invitedGuests).toBeUndefined();

        const session = teardownSession(roster(), { deleteRepos: false }, cloud, records);
        const report = await session.verify({ team: "aurora", log: () => undefined });
        expect(report.checks.filter((c) => c.item === "invited guest")).toEqual([
            {
                item: "invited guest",
                name: `ana-m (${ANA})`,
                status: "leftover",
                detail: "guest still in the tenant",
                fix: `az ad user delete --id ${ANA}`,
            },
        ]);

        // Fails on stack 1's soft-deleted workspace (`--no-purge` left it; its group is gone).
        expect(await run("destroy")).toBe(EXIT.teamFailed);
        expect(cloud.calls).toContain(`deleteUser ${ANA}`);
        expect(cloud.users.has(ANA)).toBe(false);
    });

    test("never widened: a user created between the two stacks that only the new stack records is not its, and stays", async () => {
        const { h, cloud, records, run } = await afterNoPurgeDestroy();
        expect(await run("up")).toBe(EXIT.ok);
        // Stack 2's state after its up: its root Stack `created`, and an invitation answered with
        // grady-a, a user made after stack 1 started but before stack 2 did.
        const stack2Created = "2026-06-01T00:01:00.250Z";
        cloud.users.set(GRADY, invitedGuestUser(GRADY, "2026-05-25T12:00:00Z"));
        const stack = h.engine.stacks.get("oh4mlex-aurora");
        if (stack === undefined) throw new Error("the up created no stack");
        stack.stackCreated = stack2Created;
        stack.stateGuests = [{ login: "grady-a", objectId: GRADY }];
        // Fails: stack 1's `--no-purge` left its soft-deleted workspace, which this run cannot
        // purge (its group is gone); the guests are what this test is about.
        expect(await run("destroy")).toBe(EXIT.teamFailed);
        const record = await records.read("aurora");
        expect(firstUpOfGuest(record, GRADY)).toBe(stack2Created);
        expect(firstUpOfGuest(record, ANA)).toBe("2026-05-20T09:00:00.123Z");
        const grady = cloud.users.get(GRADY);
        expect(grady && whyKeepGuest(grady, names(record))?.kind).toBe("notOurs");
        expect(cloud.users.has(GRADY)).toBe(true);
        expect(cloud.calls).not.toContain(`deleteUser ${GRADY}`);
        expect(cloud.users.has(ANA)).toBe(false);
    });
});

describe("the record's earlierStacks", () => {
    test("merged by union: one entry per first up, guests united, oldest first", () => {
        const merged = mergeRecords(
            {
                earlierStacks: [
                    { firstUpAt: "2026-05-20T09:00:00.000Z", invitedGuests: `ana-m=${ANA}` },
                ],
            },
            {
                earlierStacks: [
                    { firstUpAt: "2026-05-25T09:00:00.000Z", invitedGuests: `grady-a=${GRADY}` },
                    { firstUpAt: "2026-05-20T09:00:00.000Z", invitedGuests: `bo-l=${GRADY}` },
                ],
            },
        );
        expect(merged.earlierStacks).toEqual([
            { firstUpAt: "2026-05-20T09:00:00.000Z", invitedGuests: `ana-m=${ANA},bo-l=${GRADY}` },
            { firstUpAt: "2026-05-25T09:00:00.000Z", invitedGuests: `grady-a=${GRADY}` },
        ]);
        expect(everyRecordedGuest(merged).map((g) => g.login)).toEqual([
            "ana-m",
            "bo-l",
            "grady-a",
        ]);
        // A guest two stacks recorded: the earliest of their bounds proves it.
        expect(firstUpOfGuest(merged, GRADY)).toBe("2026-05-20T09:00:00.000Z");
    });

    test("a guest this stack and an earlier one both recorded keeps the earlier bound; one only this stack recorded has this stack's", () => {
        const record = {
            invitedGuests: `ana-m=${ANA},grady-a=${GRADY}`,
            firstUpAt: "2026-06-01T00:00:00.000Z",
            earlierStacks: [
                { firstUpAt: "2026-05-20T09:00:00.000Z", invitedGuests: `ana-m=${ANA}` },
            ],
        };
        expect(firstUpOfGuest(record, ANA)).toBe("2026-05-20T09:00:00.000Z");
        expect(firstUpOfGuest(record, GRADY)).toBe("2026-06-01T00:00:00.000Z");
    });

    test("the file store keeps it, and refuses a malformed one with the field named", async () => {
        const dir = await mkdtemp(path.join(tmpdir(), "earlier-stacks-"));
        try {
            const store = fileRecordStore(dir);
            const record = {
                firstUpAt: "2026-06-01T00:00:00.000Z",
                earlierStacks: [
                    { firstUpAt: "2026-05-20T09:00:00.000Z", invitedGuests: `ana-m=${ANA}` },
                ],
            };
            await store.write("aurora", record);
            expect(await store.read("aurora")).toEqual(record);
            const file = path.join(dir, "teardown", "aurora.json");
            expect(JSON.parse(await readFile(file, "utf8"))).toEqual(record);
            await writeFile(file, JSON.stringify({ earlierStacks: [{ invitedGuests: "x=y" }] }));
            await expect(store.read("aurora")).rejects.toThrow(
                `${file}: earlierStacks must be a list of { firstUpAt: <ISO 8601 time>, invitedGuests: "login=objectId,..." }`,
            );
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    });
});
