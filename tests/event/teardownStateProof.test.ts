/**
 * Issue 22, review M1/M2: teardown proves a guest its own from the stack's STATE, which the backend
 * keeps (the workflows run with no local record): the root Stack resource's `created` is the lower
 * bound for "created by this stack", and the invitations in the state join the record before the
 * destroy drops them. A state that cannot be read destroys nothing.
 */
import * as path from "node:path";
import type { OutputValue } from "../../event/engine";
import { runEvent } from "../../event/runEvent";
import { EXIT } from "../../event/summary";
import type { UserRef } from "../../event/teardown/cloud";
import { parseRoster } from "../../event/roster";
import { teardownSession } from "../../event/teardown/session";
import { harness, options, rosterYaml, teamInput } from "./fakes";
import {
    graphForbidden,
    invitedGuestUser,
    MemoryCloud,
    MemoryRecords,
    SUBSCRIPTION,
    withCloudEffects,
} from "./teardownFakes";

const GUEST_ID = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
/** The Stack resource's `created` in the state (RFC 3339 as Go's time.Time marshals it). */
const STACK_CREATED = "2026-11-27T09:00:00.123456789Z";
const ROSTER = rosterYaml([{ ...teamInput("aurora"), subscriptionId: SUBSCRIPTION }]);

const outputs: Record<string, OutputValue> = {
    subscriptionId: { value: SUBSCRIPTION, secret: false },
    invitedGuests: { value: { "kenji-t": GUEST_ID }, secret: false },
};

/** A destroy of aurora with no local record (the workflow path); the guest created at `guestCreated`. */
async function destroyWith(
    guestCreated: string,
    stack: {
        outputs?: Record<string, OutputValue>;
        stackCreated?: string;
        stateFails?: string;
    },
    records = new MemoryRecords(),
    otherUsers: Record<string, UserRef> = {},
) {
    const h = harness();
    const cloud = new MemoryCloud();
    cloud.provision("oh4mlex", "aurora");
    for (const [id, user] of Object.entries(otherUsers)) cloud.users.set(id, user);
    // Shape of Graph's "Get user" for a B2B guest (tests/fixtures/team/graph-user-guest.json).
    cloud.users.set(GUEST_ID, invitedGuestUser(GUEST_ID, guestCreated, "kenji@fabrikam.example"));
    h.engine.addStack("oh4mlex-aurora", {
        outputs: stack.outputs ?? outputs,
        stateGuests:
            stack.stateFails !== undefined
                ? { exportFails: stack.stateFails }
                : [{ login: "kenji-t", objectId: GUEST_ID }],
        ...(stack.stackCreated !== undefined ? { stackCreated: stack.stackCreated } : {}),
    });
    withCloudEffects(h.engine, cloud);
    const exit = await h.clock.run(
        runEvent(options("destroy", { teams: ["aurora"] }), {
            ...h.deps(ROSTER),
            teardown: (roster, opts) => teardownSession(roster, opts, cloud, records),
        }),
    );
    return { exit, cloud, text: h.out.text, records };
}

describe("the stack's creation time comes from its state", () => {
    test("no local record, the Stack created before the guest: the guest is removed", async () => {
        const r = await destroyWith("2026-11-27T09:03:10Z", { stackCreated: STACK_CREATED });
        expect(r.cloud.calls).toContain(`deleteUser ${GUEST_ID}`);
        expect(r.text).toMatch(
            /gone\s+invited guest\s+kenji-t \(5e7a1c2b[^)]*\)\s+deleted \(Entra keeps it 30 days in deleted items\)/,
        );
        expect((await r.records.read("aurora")).firstUpAt).toBe("2026-11-27T09:00:00.123Z");
    });

    test("a guest created before the Stack: kept and reported, no delete command", async () => {
        const r = await destroyWith("2026-11-20T08:00:00Z", { stackCreated: STACK_CREATED });
        expect(r.cloud.calls).not.toContain(`deleteUser ${GUEST_ID}`);
        expect(r.text).toMatch(
            /kept\s+invited guest\s+kenji-t .*created 2026-11-20T08:00:00Z, before/,
        );
        expect(r.text).not.toContain(`az ad user delete --id ${GUEST_ID}`);
        expect(r.exit).toBe(EXIT.ok);
    });

    test("an old state without `created`: the local record's first up decides", async () => {
        const records = new MemoryRecords();
        await records.write("aurora", { firstUpAt: "2026-11-27T09:00:00.000Z" });
        const r = await destroyWith("2026-11-27T09:03:10Z", {}, records);
        expect(r.cloud.calls).toContain(`deleteUser ${GUEST_ID}`);
    });

    test("an old state without `created` and no record: an unproven leftover with its fix (exit 1)", async () => {
        const r = await destroyWith("2026-11-27T09:03:10Z", {});
        expect(r.cloud.calls).not.toContain(`deleteUser ${GUEST_ID}`);
        expect(r.text).toMatch(/leftover\s+invited guest\s+kenji-t .*kept, needs a decision/);
        expect(r.text).toContain(`fix: az ad user delete --id ${GUEST_ID}`);
        expect(r.exit).toBe(EXIT.teamFailed);
    });

    // Review 3: the earliest of all sources used to win, so a record left by an earlier stack of
    // the same name (removed and created again) widened "created by this stack" to every user
    // made between the two stacks.
    test.each([
        ["the driver's time of an old up", {}],
        ["the old stack's own state", { firstUpFrom: "state" as const }],
    ])(
        "a stale local record's earlier first up (%s) does not widen the bound: the state's `created` wins",
        async (_source, from) => {
            const records = new MemoryRecords();
            await records.write("aurora", { firstUpAt: "2026-11-01T00:00:00.000Z", ...from });
            // Created between the old stack and this one: by someone else, not by this stack.
            const r = await destroyWith(
                "2026-11-20T08:00:00Z",
                { stackCreated: STACK_CREATED },
                records,
            );
            expect(r.cloud.calls).not.toContain(`deleteUser ${GUEST_ID}`);
            expect(r.text).toMatch(
                /kept\s+invited guest\s+kenji-t .*created 2026-11-20T08:00:00Z, before this stack's first up \(2026-11-27T09:00:00.123Z\)/,
            );
            // The store now holds the state's value as the state's: verify-teardown (no state)
            // and any later merge keep it.
            expect(await records.read("aurora")).toMatchObject({
                firstUpAt: "2026-11-27T09:00:00.123Z",
                firstUpFrom: "state",
            });
        },
    );

    test("guests recorded under an older stack of the same name, created before the state's `created`: kept, never deleted", async () => {
        const OLD_GUEST = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b0a";
        const records = new MemoryRecords();
        await records.write("aurora", {
            invitedGuests: `ana-m=${OLD_GUEST}`,
            firstUpAt: "2026-10-01T08:00:00.000Z",
            firstUpFrom: "state",
        });
        const h = await destroyWith(
            "2026-11-27T09:03:10Z",
            { stackCreated: STACK_CREATED },
            records,
            {
                // The old stack's guest, as Graph's "Get user" answers for a B2B guest.
                [OLD_GUEST]: invitedGuestUser(
                    OLD_GUEST,
                    "2026-10-01T08:05:00Z",
                    "ana@fabrikam.example",
                ),
            },
        );
        expect(h.cloud.calls).toContain(`deleteUser ${GUEST_ID}`);
        expect(h.cloud.calls).not.toContain(`deleteUser ${OLD_GUEST}`);
        expect(h.text).toMatch(
            /kept\s+invited guest\s+ana-m \(3c2b1a09[^)]*\)\s+created 2026-10-01T08:05:00Z, before this stack's first up/,
        );
        expect(h.text).not.toContain(`az ad user delete --id ${OLD_GUEST}`);
        expect(h.exit).toBe(EXIT.ok);
    });

    test("a later verify-teardown re-reads the store and keeps the state's value", async () => {
        const records = new MemoryRecords();
        await records.write("aurora", { firstUpAt: "2026-11-01T00:00:00.000Z" });
        await destroyWith("2026-11-20T08:00:00Z", { stackCreated: STACK_CREATED }, records);
        const cloud = new MemoryCloud();
        cloud.users.set(GUEST_ID, invitedGuestUser(GUEST_ID, "2026-11-20T08:00:00Z"));
        const roster = parseRoster(ROSTER, "stacks/oh4mlex.yaml", {
            now: new Date("2026-06-01T00:00:00Z"),
        });
        const report = await teardownSession(roster, { deleteRepos: false }, cloud, records).verify(
            { team: "aurora", log: () => undefined },
        );
        expect(report.checks.find((c) => c.item === "invited guest")).toMatchObject({
            status: "kept",
            detail: expect.stringContaining(
                "before this stack's first up (2026-11-27T09:00:00.123Z)",
            ),
        });
    });
});

describe("destroy reads the guests in the state first", () => {
    test("a guest only the state knows (no outputs, no record) is recorded and removed", async () => {
        const r = await destroyWith("2026-11-27T09:03:10Z", {
            outputs: { subscriptionId: { value: SUBSCRIPTION, secret: false } },
            stackCreated: STACK_CREATED,
        });
        expect((await r.records.read("aurora")).invitedGuests).toBe(`kenji-t=${GUEST_ID}`);
        expect(r.cloud.calls).toContain(`deleteUser ${GUEST_ID}`);
    });

    test("a state that cannot be read: nothing is destroyed, the team fails with the reason", async () => {
        const r = await destroyWith("2026-11-27T09:03:10Z", {
            stateFails: "pulumi stack export failed: error: access denied",
        });
        expect(r.exit).toBe(EXIT.teamFailed);
        expect(r.cloud.calls).not.toContain("pulumi destroy rg-oh4mlex-aurora");
        expect(r.cloud.calls.filter((c) => c.startsWith("deleteUser"))).toEqual([]);
        expect(r.text).toMatch(/aurora\s+destroy\s+failed .*cannot read the stack's state/);
    });
});

describe("destroy --no-purge (no teardown session)", () => {
    test("the guests in the state are recorded before the destroy; an unreadable state destroys nothing", async () => {
        const h = harness();
        h.engine.addStack("oh4mlex-aurora", {
            outputs: { subscriptionId: { value: SUBSCRIPTION, secret: false } },
            stateGuests: [{ login: "kenji-t", objectId: GUEST_ID }],
            stackCreated: STACK_CREATED,
        });
        const exit = await h.clock.run(
            runEvent(options("destroy", { teams: ["aurora"], purge: false }), h.deps(ROSTER)),
        );
        expect(exit).toBe(EXIT.ok);
        expect(h.engine.runs("destroy")).toHaveLength(1);
        expect(await h.records.read("aurora")).toEqual({
            invitedGuests: `kenji-t=${GUEST_ID}`,
            firstUpAt: "2026-11-27T09:00:00.123Z",
            firstUpFrom: "state",
        });

        const failing = harness();
        failing.engine.addStack("oh4mlex-aurora", {
            outputs: {},
            stateGuests: { exportFails: "pulumi stack export failed: access denied" },
        });
        const code = await failing.clock.run(
            runEvent(options("destroy", { teams: ["aurora"], purge: false }), failing.deps(ROSTER)),
        );
        expect(code).toBe(EXIT.teamFailed);
        expect(failing.engine.runs("destroy")).toEqual([]);
    });
});

/**
 * Review 3: the guests used to be removed AFTER `pulumi destroy`, which drops the retained
 * invitations from the state; when that removal failed, a re-run on a new runner (no local record,
 * the GitHub workflows) no longer knew whom to remove. They are now removed before the destroy,
 * and a failure destroys nothing.
 */
describe("a guest removal that fails leaves the stack, and so the list, for the re-run", () => {
    function workflowTeam() {
        const h = harness();
        const cloud = new MemoryCloud();
        cloud.provision("oh4mlex", "aurora");
        cloud.users.set(
            GUEST_ID,
            invitedGuestUser(GUEST_ID, "2026-11-27T09:03:10Z", "kenji@fabrikam.example"),
        );
        h.engine.addStack("oh4mlex-aurora", {
            outputs,
            stateGuests: [{ login: "kenji-t", objectId: GUEST_ID }],
            stackCreated: STACK_CREATED,
        });
        withCloudEffects(h.engine, cloud);
        /** One workflow run: a new runner, so a new, empty record store. */
        const destroy = async () => {
            const records = new MemoryRecords();
            const out = h.out.text.length;
            const exit = await h.clock.run(
                runEvent(options("destroy", { teams: ["aurora"] }), {
                    ...h.deps(ROSTER),
                    teardown: (roster, opts) => teardownSession(roster, opts, cloud, records),
                }),
            );
            return { exit, text: h.out.text.slice(out) };
        };
        return { h, cloud, destroy };
    }

    test("a destroy whose guest deletion fails destroys nothing; a second destroy on a new runner removes the guest", async () => {
        const { h, cloud, destroy } = workflowTeam();
        cloud.failOnce.set(`deleteUser ${GUEST_ID}`, graphForbidden());

        const first = await destroy();
        expect(first.exit).toBe(EXIT.teamFailed);
        expect(h.engine.runs("destroy")).toEqual([]);
        expect(cloud.calls).not.toContain("pulumi destroy rg-oh4mlex-aurora");
        expect(cloud.users.has(GUEST_ID)).toBe(true);
        expect(first.text).toMatch(
            /aurora\s+destroy\s+failed .*\s{2}run destroy again once Graph allows it; pulumi destroy did not run; not removed: kenji-t; already removed: 0/,
        );
        const log = h.logs.files.get(path.resolve("stacks/oh4mlex/logs/aurora-destroy.log")) ?? "";
        expect(log).toContain(
            `=== teardown: remove invited guest kenji-t (${GUEST_ID}): failed (Insufficient privileges to complete the operation.)`,
        );
        // The whole reason, with what to do, is in the log (the summary shortens it).
        expect(log).toContain(
            `cannot remove the stack's invited guests (kenji-t (${GUEST_ID}): Insufficient privileges to complete the operation.); the ML workspace was not purged and the stack's state still names every guest`,
        );

        const second = await destroy();
        expect(second.exit).toBe(EXIT.ok);
        expect(cloud.users.has(GUEST_ID)).toBe(false);
        expect(h.engine.runs("destroy")).toHaveLength(1);
        // Removed before the destroy, and listed by the verification.
        const calls = cloud.calls;
        expect(calls.indexOf(`deleteUser ${GUEST_ID}`)).toBeLessThan(
            calls.indexOf("pulumi destroy rg-oh4mlex-aurora"),
        );
        expect(second.text).toMatch(
            /gone\s+invited guest\s+kenji-t \(5e7a1c2b[^)]*\)\s+deleted \(Entra keeps it 30 days in deleted items\)/,
        );
    });

    test("guests removed, then the destroy fails: the re-run finds them gone (404 is done) and finishes", async () => {
        const { h, cloud, destroy } = workflowTeam();
        h.engine.script("destroy", "oh4mlex-aurora", {
            error: "error: deleting ResourceGroup: 409 Conflict",
        });
        const first = await destroy();
        expect(first.exit).toBe(EXIT.teamFailed);
        expect(cloud.users.has(GUEST_ID)).toBe(false);

        const second = await destroy();
        expect(second.exit).toBe(EXIT.ok);
        // The state still names the guest (the failed destroy kept it); Graph answers 404.
        expect(cloud.calls.filter((c) => c === `user ${GUEST_ID}`)).toHaveLength(3);
        expect(cloud.calls.filter((c) => c === `deleteUser ${GUEST_ID}`)).toHaveLength(1);
        expect(second.text).toMatch(/gone\s+invited guest\s+kenji-t \(5e7a1c2b[^)]*\)/);
    });
});
