/**
 * Teardown never removes a guest this stack did not create (issue 22): a recorded id that another
 * team of the event also names, or a user created before the stack's first `up`, is kept and
 * reported; the record unites the guests of every `up` (a replaced guest stays recorded) and is
 * written at `up` time, so a destroy that never recorded anything still knows them.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import nock from "nock";
import type { OutputValue } from "../../event/engine";
import { graphClient } from "../../event/cloud/clients";
import { mergeRecords } from "../../event/teardown/names";
import { sdkCloud } from "../../event/teardown/sdkCloud";
import { teardownSession } from "../../event/teardown/session";
import { configBeforeUp, recordAfterUp } from "../../event/teardown/upRecord";
import { parseRoster, teamStackConfig } from "../../event/roster";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";
import { runEvent } from "../../event/runEvent";
import { BEFORE_EVENT, harness, options, rosterYaml, teamInput } from "./fakes";
import { MemoryCloud, MemoryRecords, SUBSCRIPTION } from "./teardownFakes";

const guestFixture = JSON.parse(
    readFileSync(path.join(__dirname, "..", "fixtures", "team", "graph-user-guest.json"), "utf8"),
) as { body: { id: string; userType: string; mail: string; createdDateTime: string } };

const OURS = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
const OLD_GUEST = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
const SHARED = "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091";
const FIRST_UP = "2026-11-27T09:00:00.000Z";

const roster = () =>
    parseRoster(
        rosterYaml([
            { ...teamInput("aurora"), subscriptionId: SUBSCRIPTION },
            { ...teamInput("borealis"), subscriptionId: SUBSCRIPTION },
        ]),
        "stacks/oh4mlex.yaml",
        { now: new Date("2026-06-01T00:00:00Z") },
    );

const guest = (id: string, createdDateTime: string) => ({
    ...guestFixture.body,
    id,
    createdDateTime,
});

describe("which recorded guests teardown removes", () => {
    test("created by this stack: removed; created before its first up, or named by another team: kept and reported", async () => {
        const cloud = new MemoryCloud();
        cloud.provision("oh4mlex", "aurora");
        cloud.users.set(OURS, guest(OURS, "2026-11-27T09:03:10Z"));
        cloud.users.set(OLD_GUEST, guest(OLD_GUEST, "2025-10-01T12:00:00Z"));
        cloud.users.set(SHARED, guest(SHARED, "2026-11-27T09:05:00Z"));
        const records = new MemoryRecords();
        await records.write("aurora", {
            invitedGuests: `ana-m=${OLD_GUEST},kenji-t=${OURS},sam-r=${SHARED}`,
            firstUpAt: FIRST_UP,
        });
        await records.write("borealis", { invitedGuests: `sam-r=${SHARED}` });
        const session = teardownSession(roster(), { deleteRepos: false }, cloud, records);
        const team = { team: "aurora", outputs: async () => ({}), log: () => undefined };
        await session.before(team);
        const report = await session.after(team);

        expect(cloud.calls.filter((c) => c.startsWith("deleteUser"))).toEqual([
            `deleteUser ${OURS}`,
        ]);
        const steps = report.steps.filter((s) => s.step === "remove invited guest");
        expect(steps.map((s) => [s.name, s.result, s.detail])).toEqual([
            [
                `ana-m (${OLD_GUEST})`,
                "kept",
                `created 2025-10-01T12:00:00Z, before this stack's first up (${FIRST_UP}): not created by this stack`,
            ],
            [`kenji-t (${OURS})`, "done", undefined],
            [
                `sam-r (${SHARED})`,
                "kept",
                "team borealis of this event names the same user: remove it by hand once no team needs it",
            ],
        ]);
        const checks = report.checks.filter((c) => c.item === "invited guest");
        expect(checks.map((c) => [c.name, c.status, c.fix])).toEqual([
            [`ana-m (${OLD_GUEST})`, "kept", undefined],
            [`kenji-t (${OURS})`, "gone", undefined],
            [`sam-r (${SHARED})`, "kept", `az ad user delete --id ${SHARED}`],
        ]);
        expect(checks[0].detail).toMatch(/^created 2025-10-01/);
    });

    test("a user listed by object id in another team is never removed", async () => {
        const cloud = new MemoryCloud();
        cloud.provision("oh4mlex", "aurora");
        cloud.users.set(SHARED, guest(SHARED, "2026-11-27T09:05:00Z"));
        const records = new MemoryRecords();
        await records.write("aurora", { invitedGuests: `sam-r=${SHARED}`, firstUpAt: FIRST_UP });
        const withObjectId = parseRoster(
            rosterYaml([
                { ...teamInput("aurora"), subscriptionId: SUBSCRIPTION },
                {
                    ...teamInput("borealis"),
                    subscriptionId: SUBSCRIPTION,
                    members: [{ github: "sam-r", objectId: SHARED }],
                },
            ]),
            "stacks/oh4mlex.yaml",
            { now: new Date("2026-06-01T00:00:00Z") },
        );
        const session = teardownSession(withObjectId, { deleteRepos: false }, cloud, records);
        const team = { team: "aurora", outputs: async () => ({}), log: () => undefined };
        await session.before(team);
        await session.after(team);
        expect(cloud.calls.filter((c) => c.startsWith("deleteUser"))).toEqual([]);
    });
});

describe("the record", () => {
    test("unites the guests of every up and keeps the first up's time", () => {
        const merged = mergeRecords(
            { invitedGuests: `kenji-t=${OLD_GUEST}`, firstUpAt: FIRST_UP },
            { invitedGuests: `kenji-t=${OURS}`, firstUpAt: "2026-11-28T10:00:00.000Z" },
        );
        expect(merged).toEqual({
            invitedGuests: `kenji-t=${OURS},kenji-t=${OLD_GUEST}`,
            firstUpAt: FIRST_UP,
        });
    });

    test("is written at up time: the first up's time before the engine runs, the guests after it; the config carries the known ids", async () => {
        const records = new MemoryRecords();
        const config = teamStackConfig(roster(), roster().teams[0]);
        const before = await configBeforeUp(
            records,
            "aurora",
            config,
            undefined,
            new Date(FIRST_UP),
        );
        expect(before["openhack-mlops:knownGuests"]).toEqual([]);
        expect(await records.read("aurora")).toEqual({ firstUpAt: FIRST_UP });

        const outputs = async (): Promise<Record<string, OutputValue>> => ({
            invitedGuests: { value: { "kenji-t": OURS }, secret: false },
        });
        const noState = async () => ({ guests: [] });
        await recordAfterUp(records, "aurora", { outputs, stateGuests: noState });
        // A later up replaced the guest: both stay recorded until teardown removes them.
        await recordAfterUp(records, "aurora", {
            outputs: async () => ({
                invitedGuests: { value: { "kenji-t": OLD_GUEST }, secret: false },
            }),
            stateGuests: noState,
        });
        expect(await records.read("aurora")).toEqual({
            firstUpAt: FIRST_UP,
            invitedGuests: `kenji-t=${OURS},kenji-t=${OLD_GUEST}`,
        });
        const next = await configBeforeUp(
            records,
            "aurora",
            config,
            { outputs, stateGuests: noState },
            undefined,
        );
        expect(next["openhack-mlops:knownGuests"]).toEqual([OURS, OLD_GUEST].sort());
    });
});

describe("Graph: the user's creation time is asked for", () => {
    useNock({ failOnPending: true });
    test("GET /users/{id} selects createdDateTime and teardown reads it", async () => {
        const credential = new FakeCredential();
        nock("https://graph.microsoft.com")
            .get(`/v1.0/users/${OURS}`)
            .query({ $select: "id,userType,mail,userPrincipalName,createdDateTime,creationType" })
            .reply(200, { ...guestFixture.body, id: OURS });
        const cloud = sdkCloud({
            credential,
            graph: graphClient(credential),
            sleep: async () => undefined,
        });
        expect(await cloud.user(OURS)).toEqual({
            id: OURS,
            userType: "Guest",
            mail: guestFixture.body.mail,
            userPrincipalName: "AdeleV_contoso.com#EXT#@fabrikam.onmicrosoft.com",
            createdDateTime: guestFixture.body.createdDateTime,
            creationType: "Invitation",
        });
    });
});

describe("the driver's up", () => {
    const rosterText = rosterYaml([teamInput("aurora")]);

    test("a new stack: the first up's time is recorded before the engine runs, the guests after, even when up fails", async () => {
        const h = harness();
        const records = new MemoryRecords();
        h.engine.script("up", "oh4mlex-aurora", {
            error: "error: creating Budget: 400 Bad Request",
        });
        // What the stack exports after the failed up (the invitation was created before the budget failed).
        const run = h.engine.run.bind(h.engine);
        h.engine.run = async (op) =>
            run(op).finally(() =>
                h.engine.addStack(op.stackName, {
                    outputs: { invitedGuests: { value: { "kenji-t": OURS }, secret: false } },
                }),
            );
        const deps = { ...h.deps(rosterText), records: () => records };
        const code = await h.clock.run(runEvent(options("up", { retries: 0 }), deps));
        expect(code).not.toBe(0);
        const [up] = h.engine.runs("up");
        expect(up.config?.["openhack-mlops:knownGuests"]).toEqual([]);
        expect(await records.read("aurora")).toEqual({
            firstUpAt: new Date(BEFORE_EVENT).toISOString(),
            invitedGuests: `kenji-t=${OURS}`,
        });
    });

    test("an existing stack: its recorded and exported guests are passed to the program as known", async () => {
        const h = harness();
        const records = new MemoryRecords();
        await records.write("aurora", { invitedGuests: `ana-m=${OLD_GUEST}` });
        h.engine.addStack("oh4mlex-aurora", {
            outputs: { invitedGuests: { value: { "kenji-t": OURS }, secret: false } },
        });
        const deps = { ...h.deps(rosterText), records: () => records };
        expect(await h.clock.run(runEvent(options("up"), deps))).toBe(0);
        const [up] = h.engine.runs("up");
        expect(up.config?.["openhack-mlops:knownGuests"]).toEqual([OURS, OLD_GUEST].sort());
        // A stack that already has guests existed before this up: its start is no lower bound
        // (it would make the stack's own guests look older than the stack and keep them forever).
        expect((await records.read("aurora")).firstUpAt).toBeUndefined();
    });

    /** An up of aurora whose state holds kenji-t's invitation and a Stack created at FIRST_UP. */
    async function upWithState(records: MemoryRecords) {
        const h = harness();
        h.engine.addStack("oh4mlex-aurora", {
            outputs: {},
            stateGuests: [{ login: "kenji-t", objectId: OURS }],
            stackCreated: FIRST_UP,
        });
        const deps = { ...h.deps(rosterText), records: () => records };
        expect(await h.clock.run(runEvent(options("up"), deps))).toBe(0);
        return records.read("aurora");
    }

    test("an existing stack: the state's Stack `created` is recorded as the first up, this up's start is not", async () => {
        expect(await upWithState(new MemoryRecords())).toEqual({
            firstUpAt: FIRST_UP,
            firstUpFrom: "state",
            invitedGuests: `kenji-t=${OURS}`,
        });
    });

    test("a stale record of an earlier stack of the same name: the state's `created` replaces its older first up", async () => {
        const records = new MemoryRecords();
        await records.write("aurora", {
            invitedGuests: `ana-m=${OLD_GUEST}`,
            firstUpAt: new Date(BEFORE_EVENT).toISOString(),
        });
        expect(await upWithState(records)).toEqual({
            firstUpAt: FIRST_UP,
            firstUpFrom: "state",
            invitedGuests: [`ana-m=${OLD_GUEST}`, `kenji-t=${OURS}`].sort().join(","),
        });
    });
});

/**
 * A record left by an earlier stack of the same name holds that stack's root Stack `created`,
 * marked as the state's. A new stack under that name (removed and created again, or emptied by
 * `pulumi destroy` and upped again) must not start with it: the older time would count users made
 * by anyone between the two stacks as this stack's. The `up` sets it apart before the engine
 * runs, with the earlier stack's guests (`earlierStacks`), which keep it as their own bound.
 */
describe("an earlier stack's first up, read from its state, is not the new stack's", () => {
    const rosterText = rosterYaml([teamInput("aurora")]);
    const EARLIER_CREATED = "2025-10-01T08:00:00.000Z";

    /** The record as it is when the engine runs this team's up, and as it is afterwards. */
    async function upOverEarlierRecord(stack?: { outputs: Record<string, OutputValue> }) {
        const h = harness();
        const records = new MemoryRecords();
        await records.write("aurora", {
            invitedGuests: `ana-m=${OLD_GUEST}`,
            firstUpAt: EARLIER_CREATED,
            firstUpFrom: "state",
        });
        if (stack) h.engine.addStack("oh4mlex-aurora", stack);
        let whenRun: unknown;
        const run = h.engine.run.bind(h.engine);
        h.engine.run = async (op) => {
            whenRun = await records.read("aurora");
            return run(op);
        };
        const deps = { ...h.deps(rosterText), records: () => records };
        expect(await h.clock.run(runEvent(options("up"), deps))).toBe(0);
        return { whenRun, after: await records.read("aurora") };
    }

    // The new stack's bound is this up's start; the earlier stack's guest keeps its own bound.
    const thisUp = {
        firstUpAt: new Date(BEFORE_EVENT).toISOString(),
        earlierStacks: [{ firstUpAt: EARLIER_CREATED, invitedGuests: `ana-m=${OLD_GUEST}` }],
    };

    test("the stack was removed and is created again: this up's start is the bound, not the earlier Stack's created", async () => {
        const { whenRun } = await upOverEarlierRecord();
        expect(whenRun).toEqual(thisUp);
    });

    test("the stack was emptied by a destroy (no root Stack in its state): this up's start is the bound", async () => {
        const { whenRun } = await upOverEarlierRecord({ outputs: {} });
        expect(whenRun).toEqual(thisUp);
    });
});
