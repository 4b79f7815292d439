/**
 * Teardown fails closed on ownership (issue 22, review H2): a recorded guest is removed only when
 * Graph says it was created by an invitation and after this stack's recorded first `up`. When
 * either time is unknown (Graph's createdDateTime is nullable; a stack may have no recorded first
 * `up`), the user is kept and the verification reports it as a leftover with the command a person
 * runs after checking, never as gone.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseRoster } from "../../event/roster";
import { teardownSession } from "../../event/teardown/session";
import type { TeardownRecord } from "../../event/teardown/names";
import type { UserRef } from "../../event/teardown/cloud";
import { rosterYaml, teamInput } from "./fakes";
import { MemoryCloud, MemoryRecords, SUBSCRIPTION } from "./teardownFakes";

const guestFixture = JSON.parse(
    readFileSync(path.join(__dirname, "..", "fixtures", "team", "graph-user-guest.json"), "utf8"),
) as { body: UserRef };

const ID = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
const FIRST_UP = "2026-11-27T09:00:00.000Z";
const AFTER_FIRST_UP = "2026-11-27T09:03:10Z";

const roster = () =>
    parseRoster(
        rosterYaml([{ ...teamInput("aurora"), subscriptionId: SUBSCRIPTION }]),
        "stacks/oh4mlex.yaml",
        { now: new Date("2026-06-01T00:00:00Z") },
    );

/** Tears aurora down with one recorded guest; the user Graph returns and the record vary per case. */
async function teardownWith(user: UserRef, record: TeardownRecord, rosterOf = roster) {
    const cloud = new MemoryCloud();
    cloud.provision("oh4mlex", "aurora");
    cloud.users.set(ID, user);
    const records = new MemoryRecords();
    await records.write("aurora", { invitedGuests: `kenji-t=${ID}`, ...record });
    const session = teardownSession(rosterOf(), { deleteRepos: false }, cloud, records);
    const team = { team: "aurora", outputs: async () => ({}), log: () => undefined };
    await session.before(team);
    const report = await session.after(team);
    return {
        deleted: cloud.calls.filter((c) => c.startsWith("deleteUser")),
        check: report.checks.find((c) => c.item === "invited guest"),
        verdict: report.verdict,
    };
}

const ours = { ...guestFixture.body, id: ID, createdDateTime: AFTER_FIRST_UP };

describe("a recorded guest whose creation by this stack cannot be shown is kept", () => {
    test("the control: an invited guest created after the first up is removed", async () => {
        const result = await teardownWith(ours, { firstUpAt: FIRST_UP });
        expect(result.deleted).toEqual([`deleteUser ${ID}`]);
        expect(result.check?.status).toBe("gone");
    });

    test("Graph gives no createdDateTime (only users created before June 2018): kept as not ours, no delete command", async () => {
        const { createdDateTime: _unknown, ...noTime } = ours;
        const result = await teardownWith(noTime, { firstUpAt: FIRST_UP });
        expect(result.deleted).toEqual([]);
        expect(result.check?.status).toBe("kept");
        expect(result.check?.detail).toMatch(
            /Graph gives no createdDateTime, which it does only for users created before June 2018/,
        );
        expect(result.check?.fix).toBeUndefined();
    });

    test("no createdDateTime and no first up known: an unproven leftover with the command to remove it", async () => {
        const { createdDateTime: _unknown, ...noTime } = ours;
        const result = await teardownWith(noTime, {});
        expect(result.deleted).toEqual([]);
        expect(result.check).toEqual({
            item: "invited guest",
            name: `kenji-t (${ID})`,
            status: "leftover",
            detail: "kept, needs a decision: cannot tell whether this stack created it (Graph gives no createdDateTime): check who invited it, then remove it by hand",
            fix: `az ad user delete --id ${ID}`,
        });
        expect(result.verdict).toBe("leftovers");
    });

    test("created in the same second as the Stack (Graph has whole seconds): ours, removed", async () => {
        const sameSecond = { ...ours, createdDateTime: "2026-11-27T09:00:00Z" };
        const result = await teardownWith(sameSecond, { firstUpAt: "2026-11-27T09:00:00.734912Z" });
        expect(result.deleted).toEqual([`deleteUser ${ID}`]);
    });

    test("no first up recorded for the stack: kept, a leftover", async () => {
        const result = await teardownWith(ours, {});
        expect(result.deleted).toEqual([]);
        expect(result.check?.status).toBe("leftover");
        expect(result.check?.detail).toMatch(
            /no first up known for this stack: no Stack `created` in its state, no record/,
        );
        expect(result.check?.fix).toBe(`az ad user delete --id ${ID}`);
    });

    test("a guest not created by an invitation (creationType null): kept, never removed", async () => {
        const { creationType: _invitation, ...workAccount } = ours;
        const result = await teardownWith(workAccount, { firstUpAt: FIRST_UP });
        expect(result.deleted).toEqual([]);
        expect(result.check?.status).toBe("kept");
        expect(result.check?.detail).toMatch(
            /^creationType null \(a work or school account\), not Invitation/,
        );
    });
});

test("another team lists the same user by userPrincipalName: kept, never removed (review L1)", async () => {
    const upn = guestFixture.body.userPrincipalName ?? "";
    const withUpn = () =>
        parseRoster(
            rosterYaml([
                { ...teamInput("aurora"), subscriptionId: SUBSCRIPTION },
                {
                    ...teamInput("borealis"),
                    subscriptionId: SUBSCRIPTION,
                    // The roster's own spelling: the match must not depend on its case.
                    members: [{ github: "kenji-t", userPrincipalName: upn.toUpperCase() }],
                },
            ]),
            "stacks/oh4mlex.yaml",
            { now: new Date("2026-06-01T00:00:00Z") },
        );
    const result = await teardownWith(ours, { firstUpAt: FIRST_UP }, withUpn);
    expect(result.deleted).toEqual([]);
    expect(result.check?.status).toBe("kept");
    expect(result.check?.detail).toBe(
        "team borealis of this event names the same user: remove it by hand once no team needs it",
    );
});
