/**
 * verify-teardown with users teardown keeps on purpose (review M1, issue 22): a kept user is its own
 * status, never "gone", and the team is never counted clean. A user another team names is expected
 * while that team runs (exit 0, with the command to run once no team needs it); a user whose
 * creation by the stack cannot be shown is a leftover (exit 1).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { runEvent } from "../../event/runEvent";
import { parseRoster, type Roster } from "../../event/roster";
import { teardownSession, type TeardownOptions } from "../../event/teardown/session";
import type { UserRef } from "../../event/teardown/cloud";
import type { TeardownRecord } from "../../event/teardown/names";
import { EXIT } from "../../event/summary";
import { harness, options, rosterYaml, teamInput } from "./fakes";
import { MemoryCloud, MemoryRecords, SUBSCRIPTION } from "./teardownFakes";

const guestFixture = JSON.parse(
    readFileSync(path.join(__dirname, "..", "fixtures", "team", "graph-user-guest.json"), "utf8"),
) as { body: UserRef };

const SHARED = "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091";
const FIRST_UP = "2026-11-27T09:00:00.000Z";
const ROSTER = rosterYaml(
    ["aurora", "borealis"].map((t) => ({ ...teamInput(t), subscriptionId: SUBSCRIPTION })),
);

/** The roster's teams torn down (destroy and purge); the guest's user is still in the tenant. */
async function verify(records: Record<string, TeardownRecord>, teams = ["aurora", "borealis"]) {
    const h = harness();
    const cloud = new MemoryCloud();
    cloud.users.set(SHARED, {
        ...guestFixture.body,
        id: SHARED,
        createdDateTime: "2026-11-27T09:05:00Z",
    });
    const store = new MemoryRecords();
    for (const [team, record] of Object.entries(records)) await store.write(team, record);
    const session = (roster: Roster, opts: TeardownOptions) =>
        teardownSession(roster, opts, cloud, store);
    for (const team of teams) {
        cloud.provision("oh4mlex", team);
        const t = { team, outputs: async () => ({}), log: () => undefined };
        const own = session(parseRoster(ROSTER, "stacks/oh4mlex.yaml", {}), { deleteRepos: false });
        await own.before(t);
        cloud.pulumiDestroyed(`rg-oh4mlex-${team}`);
        await own.after(t);
    }
    const code = await h.clock.run(
        runEvent(options("verify-teardown", { teams }), {
            ...h.deps(ROSTER),
            teardown: session,
        }),
    );
    return {
        code,
        text: h.out.text,
        deleted: cloud.calls.filter((c) => c.startsWith("deleteUser")),
    };
}

test("a user two teams name: kept (not gone) in both, counted, with its command; exit 0", async () => {
    const shared = { invitedGuests: `sam-r=${SHARED}`, firstUpAt: FIRST_UP };
    const { code, text, deleted } = await verify({ aurora: shared, borealis: shared });
    expect(code).toBe(EXIT.ok);
    expect(deleted).toEqual([]);
    expect(text).toContain("aurora: nothing left but users kept on purpose (each says why)");
    expect(text).toContain("borealis: nothing left but users kept on purpose (each says why)");
    expect(text).toMatch(
        new RegExp(
            `\\n  kept +invited guest +sam-r \\(${SHARED}\\) +team borealis of this event names the same user: remove it by hand once no team needs it\\n +fix: az ad user delete --id ${SHARED}\\n`,
        ),
    );
    expect(text).not.toContain("2 clean");
    expect(text).toContain(
        "2 teams verified: 0 clean, 0 pending, 0 with leftovers, 0 not verified, 2 with users kept on purpose",
    );
});

test("a guest whose creation cannot be shown (no first up recorded): a leftover; exit 1", async () => {
    const { code, text } = await verify({ aurora: { invitedGuests: `sam-r=${SHARED}` } }, [
        "aurora",
    ]);
    expect(code).toBe(EXIT.teamFailed);
    expect(text).toContain("aurora: LEFTOVERS");
    expect(text).toContain(`fix: az ad user delete --id ${SHARED}`);
});

describe("the creation-time rule comes before 'another team names it' (review M3)", () => {
    test("a user created before this stack's first up that another team lists: not ours, no delete command", async () => {
        const later = "2026-11-28T00:00:00.000Z"; // aurora's first up, after the user was created
        const { code, text, deleted } = await verify({
            aurora: { invitedGuests: `sam-r=${SHARED}`, firstUpAt: later },
            borealis: { invitedGuests: `sam-r=${SHARED}`, firstUpAt: FIRST_UP },
        });
        expect(code).toBe(EXIT.ok);
        expect(deleted).toEqual([]);
        const aurora = text.slice(text.indexOf("aurora: "), text.indexOf("borealis: "));
        expect(aurora).toContain(
            `created 2026-11-27T09:05:00Z, before this stack's first up (${later}): not created by this stack`,
        );
        expect(aurora).not.toContain("team borealis of this event names the same user");
        expect(aurora).not.toContain("az ad user delete");
    });

    test("a shared user whose creation by this stack cannot be shown: kept, no delete command", async () => {
        const { text, deleted } = await verify({
            aurora: { invitedGuests: `sam-r=${SHARED}` },
            borealis: { invitedGuests: `sam-r=${SHARED}`, firstUpAt: FIRST_UP },
        });
        expect(deleted).toEqual([]);
        const aurora = text.slice(text.indexOf("aurora: "), text.indexOf("borealis: "));
        expect(aurora).toMatch(/kept +invited guest +sam-r .*team borealis of this event names/);
        expect(aurora).not.toContain("az ad user delete");
    });
});
