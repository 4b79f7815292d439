/**
 * A guest removal that stops a team's teardown part-way (issue 22): the guests are removed in the
 * teardown's `before`, BEFORE the ML workspace purge and `pulumi destroy`. When one guest's removal
 * is refused after another guest was already deleted, the team's reason must be exact: who was not
 * removed, who is already gone, that `pulumi destroy` did not run, and what to do, first, because
 * the summary (and a team-teardown request's answer) keeps only 160 characters of it.
 * (From the independent review of the guests-first teardown.)
 */
import * as path from "node:path";
import type { OutputValue } from "../../event/engine";
import { runEvent } from "../../event/runEvent";
import { EXIT, firstErrorLine } from "../../event/summary";
import { guestsNotRemoved, teardownSession } from "../../event/teardown/session";
import { harness, options, rosterYaml, teamInput } from "./fakes";
import {
    graphForbidden,
    invitedGuestUser,
    MemoryCloud,
    MemoryRecords,
    SUBSCRIPTION,
    withCloudEffects,
} from "./teardownFakes";

const KENJI = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
const ANA = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b0a";
/** The root Stack's `created` (RFC 3339 as Go's time.Time marshals it), before both guests. */
const STACK_CREATED = "2026-11-27T09:00:00.123456789Z";
const ROSTER = rosterYaml([{ ...teamInput("aurora"), subscriptionId: SUBSCRIPTION }]);
const outputs: Record<string, OutputValue> = {
    subscriptionId: { value: SUBSCRIPTION, secret: false },
};
const LOG = path.resolve("stacks/oh4mlex/logs/aurora-destroy.log");

/** aurora invited kenji-t and ana-m (in that order in the state); Graph refuses kenji-t's delete once. */
function twoGuests() {
    const h = harness();
    const cloud = new MemoryCloud();
    cloud.provision("oh4mlex", "aurora");
    // Shape of Graph's "Get user" for a B2B guest (tests/fixtures/team/graph-user-guest.json).
    cloud.users.set(KENJI, invitedGuestUser(KENJI, "2026-11-27T09:03:10Z"));
    cloud.users.set(ANA, invitedGuestUser(ANA, "2026-11-27T09:03:12Z"));
    h.engine.addStack("oh4mlex-aurora", {
        outputs,
        stateGuests: [
            { login: "kenji-t", objectId: KENJI },
            { login: "ana-m", objectId: ANA },
        ],
        stackCreated: STACK_CREATED,
    });
    withCloudEffects(h.engine, cloud);
    cloud.failOnce.set(`deleteUser ${KENJI}`, graphForbidden());
    const destroy = async () => {
        const out = h.out.text.length;
        const exit = await h.clock.run(
            runEvent(options("destroy", { teams: ["aurora"] }), {
                ...h.deps(ROSTER),
                // A new record store per run: a workflow runner keeps none.
                teardown: (roster, opts) =>
                    teardownSession(roster, opts, cloud, new MemoryRecords()),
            }),
        );
        return { exit, text: h.out.text.slice(out), log: h.logs.files.get(LOG) ?? "" };
    };
    return { h, cloud, destroy };
}

describe("one guest removed, another refused: the team stops before the purge and the destroy", () => {
    test("ana-m is deleted, kenji-t is refused; neither the workspace purge nor pulumi destroy runs", async () => {
        const { h, cloud, destroy } = twoGuests();
        const r = await destroy();
        expect(r.exit).toBe(EXIT.teamFailed);
        expect(cloud.users.has(ANA)).toBe(false);
        expect(cloud.users.has(KENJI)).toBe(true);
        expect(h.engine.runs("destroy")).toEqual([]);
        expect(cloud.calls.filter((c) => c.startsWith("purgeWorkspace"))).toEqual([]);
    });

    test("the summary's line starts with what to do and names who failed and who is gone; pulumi destroy did not run", async () => {
        const { destroy } = twoGuests();
        const r = await destroy();
        const row = r.text.split("\n").find((l) => /^aurora\s+destroy\s+failed/.test(l)) ?? "";
        expect(row).toMatch(
            /failed .*\s{2}run destroy again once Graph allows it; pulumi destroy did not run; not removed: kenji-t; already removed: 1$/,
        );
        expect(row).not.toMatch(/nothing was destroyed/);
    });

    test("the team's log has the whole reason: ids, Graph's answer, the state still names them, verify-teardown's commands", async () => {
        const { destroy } = twoGuests();
        const r = await destroy();
        const lines = r.log.split("\n");
        const at = lines.findIndex((l) => l.startsWith("=== run destroy again"));
        expect(at).toBeGreaterThanOrEqual(0);
        // The summary's line, then the whole reason on the next one.
        const reason = lines[at + 1] ?? "";
        expect(reason).toContain(
            `cannot remove the stack's invited guests (kenji-t (${KENJI}): Insufficient privileges to complete the operation.)`,
        );
        expect(reason).toContain("the stack's state still names every guest");
        expect(reason).toMatch(/; already removed: ana-m$/);
        expect(reason).toContain(
            "verify-teardown prints the `az ad user delete` command of each guest left over",
        );
        expect(reason).not.toMatch(/nothing was destroyed/);
        expect(r.log).toContain(`=== teardown: remove invited guest ana-m (${ANA}): done`);
    });

    test("the re-run on a new runner finds ana-m gone (404 is done), removes kenji-t and destroys", async () => {
        const { h, cloud, destroy } = twoGuests();
        expect((await destroy()).exit).toBe(EXIT.teamFailed);
        const second = await destroy();
        expect(second.exit).toBe(EXIT.ok);
        expect(cloud.users.has(KENJI)).toBe(false);
        expect(h.engine.runs("destroy")).toHaveLength(1);
        expect(cloud.calls.filter((c) => c === `deleteUser ${ANA}`)).toHaveLength(1);
    });
});

describe("guestsNotRemoved: the reason itself", () => {
    const step = (
        name: string,
        result: "done" | "absent" | "failed" | "kept",
        detail?: string,
    ) => ({
        step: "remove invited guest",
        name,
        result,
        ...(detail ? { detail } : {}),
    });

    test("no guest removed yet: `already removed: 0`, and `none` in the full line", () => {
        const error = guestsNotRemoved([
            step(`kenji-t (${KENJI})`, "failed", "503 Service Unavailable"),
        ]);
        expect(error.message).toMatch(
            /^run destroy again once Graph allows it; pulumi destroy did not run; not removed: kenji-t; already removed: 0\n/,
        );
        expect(error.message.split("\n")[1]).toMatch(/; already removed: none$/);
    });

    test("a guest gone before this run (404) counts as removed; a kept guest is neither", () => {
        const error = guestsNotRemoved([
            step(`ana-m (${ANA})`, "absent"),
            step(`grady-a (0f1e2d3c-4b5a-4697-8887-a9b8c7d6e5f4)`, "kept", "a Member user"),
            step(`kenji-t (${KENJI})`, "failed", "refused"),
        ]);
        expect(firstErrorLine(error.message)).toMatch(/not removed: kenji-t; already removed: 1$/);
        expect(error.message.split("\n")[1]).toMatch(/; already removed: ana-m$/);
    });

    test("the action and both lists fit the summary's 160 characters for two failed and two removed guests", () => {
        const error = guestsNotRemoved([
            step(`ana-m (${ANA})`, "done"),
            step(`bo-l (${ANA.replace("3c", "4d")})`, "done"),
            step(`kenji-t (${KENJI})`, "failed", "error: Insufficient privileges"),
            step(
                `lee-w (${KENJI.replace("5e", "6f")})`,
                "failed",
                "error: Insufficient privileges",
            ),
        ]);
        const line = firstErrorLine(error.message);
        expect(line).toMatch(
            /^run destroy again once Graph allows it; pulumi destroy did not run; not removed: kenji-t, lee-w; already removed: 2$/,
        );
        // Graph's `error:` labels are dropped: the summary would otherwise start at them.
        expect(error.message).not.toMatch(/error:/);
    });
});
