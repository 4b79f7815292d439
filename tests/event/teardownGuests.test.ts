/**
 * Invited guests at teardown (issue 22, issue 20 item 7): `pulumi destroy` deletes no user (the
 * invitations are retained on delete), teardown removes the guests the stack recorded and only
 * those, keeps a recorded user that is not a guest (a person of the tenant Graph answered for a
 * known address), and the verification lists every recorded guest.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OutputValue } from "../../event/engine";
import { parseRoster } from "../../event/roster";
import { formatReport } from "../../event/teardown/report";
import { teardownSession } from "../../event/teardown/session";
import { GuestInvitations } from "../../components/guestInvitations";
import { MockCloud } from "../../offline/mockCloud";
import { rosterYaml, teamInput } from "./fakes";
import { invitedGuestUser, MemoryCloud, MemoryRecords, SUBSCRIPTION } from "./teardownFakes";

const GUEST_ID = "5e7a1c2b-0d3f-4a6b-8c9d-0e1f2a3b4c5d";
const COACH_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
/** The stack's first up, recorded by the driver: the guest above was created after it. */
const FIRST_UP = "2026-11-27T09:00:00.000Z";

const outputs: Record<string, OutputValue> = {
    subscriptionId: { value: SUBSCRIPTION, secret: false },
    workspace: { value: "oh4mlex-aurora-k3x9qz", secret: false },
    invitedGuests: { value: { "kenji-t": GUEST_ID, "coach-a": COACH_ID }, secret: false },
};

function setup(): { cloud: MemoryCloud; records: MemoryRecords; logs: string[] } {
    const cloud = new MemoryCloud();
    cloud.provision("oh4mlex", "aurora");
    // Shapes as Graph's "Get user" answers them (userType Guest / Member; a B2B guest's
    // creationType is Invitation: tests/fixtures/team/graph-user-guest.json names the source).
    cloud.users.set(
        GUEST_ID,
        invitedGuestUser(GUEST_ID, "2026-11-27T09:03:10Z", "kenji@fabrikam.example"),
    );
    cloud.users.set(COACH_ID, { id: COACH_ID, userType: "Member", mail: "coach@contoso.example" });
    // Another user of the tenant, never recorded: teardown must not even look at it.
    cloud.users.set("11111111-0000-4000-8000-000000000000", { id: "x", userType: "Guest" });
    return { cloud, records: new MemoryRecords(), logs: [] };
}

const roster = () =>
    parseRoster(
        rosterYaml([{ ...teamInput("aurora"), subscriptionId: SUBSCRIPTION }]),
        "stacks/oh4mlex.yaml",
        { now: new Date("2026-06-01T00:00:00Z") },
    );

test("teardown records the guests at record time, removes the recorded guest, keeps the member, lists both", async () => {
    const { cloud, records, logs } = setup();
    await records.write("aurora", { firstUpAt: FIRST_UP });
    const session = teardownSession(roster(), { deleteRepos: false }, cloud, records);
    const team = { team: "aurora", outputs: async () => outputs, log: (t: string) => logs.push(t) };
    await session.before(team);
    expect((await records.read("aurora")).invitedGuests).toBe(
        `coach-a=${COACH_ID},kenji-t=${GUEST_ID}`,
    );
    const report = await session.after(team);

    expect(cloud.calls).toContain(`deleteUser ${GUEST_ID}`);
    expect(cloud.calls).not.toContain(`deleteUser ${COACH_ID}`);
    expect(cloud.calls.filter((c) => c.startsWith("deleteUser"))).toHaveLength(1);
    expect(cloud.users.has(COACH_ID)).toBe(true);

    const guestSteps = report.steps.filter((s) => s.step === "remove invited guest");
    expect(guestSteps.map((s) => [s.name, s.result])).toEqual([
        [`coach-a (${COACH_ID})`, "kept"],
        [`kenji-t (${GUEST_ID})`, "done"],
    ]);
    const guestChecks = report.checks.filter((c) => c.item === "invited guest");
    expect(guestChecks.map((c) => [c.name, c.status, c.detail])).toEqual([
        [`coach-a (${COACH_ID})`, "kept", "a Member user, not one this stack created"],
        [`kenji-t (${GUEST_ID})`, "gone", "deleted (Entra keeps it 30 days in deleted items)"],
    ]);
});

test("a recorded guest still in the tenant is a leftover with the command that removes it", async () => {
    const { cloud, records, logs } = setup();
    await records.write("aurora", { invitedGuests: `kenji-t=${GUEST_ID}`, firstUpAt: FIRST_UP });
    const session = teardownSession(roster(), { deleteRepos: false }, cloud, records);
    const report = await session.verify({ team: "aurora", log: (t) => logs.push(t) });
    expect(report.checks.filter((c) => c.item === "invited guest")).toEqual([
        {
            item: "invited guest",
            name: `kenji-t (${GUEST_ID})`,
            status: "leftover",
            detail: "guest still in the tenant",
            fix: `az ad user delete --id ${GUEST_ID}`,
        },
    ]);
    expect(report.verdict).toBe("leftovers");
});

test("without a record no user is deleted and no guest is listed", async () => {
    const { cloud, records, logs } = setup();
    const session = teardownSession(roster(), { deleteRepos: false }, cloud, records);
    const team = { team: "aurora", outputs: async () => ({}), log: (t: string) => logs.push(t) };
    await session.before(team);
    const report = await session.after(team);
    expect(cloud.calls.filter((c) => c.startsWith("deleteUser") || c.startsWith("user "))).toEqual(
        [],
    );
    expect(report.checks.filter((c) => c.item === "invited guest")).toEqual([]);
});

test("every invitation is retained on delete: pulumi destroy never deletes a user", async () => {
    const seen: { type: string; retainOnDelete?: boolean }[] = [];
    await pulumi.runtime.setMocks(new MockCloud(), "openhack-mlops", "dev", false);
    const invitations = new GuestInvitations(
        "team01-guests",
        {
            guests: [
                { github: "kenji-t", email: "kenji@fabrikam.example" },
                { github: "ana-m", email: "ana@fabrikam.example" },
            ],
            tenantId: "00000000-0000-4000-8000-0000000000aa",
            sendMessage: false,
            language: "en-US",
        },
        {
            transformations: [
                (a) => {
                    seen.push({ type: a.type, retainOnDelete: a.opts.retainOnDelete });
                    return undefined;
                },
            ],
        },
    );
    const ids = await new Promise<Record<string, string>>((resolve) =>
        invitations.guestIds().apply(resolve),
    );
    const invited = seen.filter((s) => s.type === "azuread:index/invitation:Invitation");
    expect(invited).toHaveLength(2);
    for (const s of invited) expect(s.retainOnDelete).toBe(true);
    expect(Object.keys(ids).sort()).toEqual(["ana-m", "kenji-t"]);
});

test("a user kept on purpose is no purge failure in the report (review L5)", async () => {
    const { cloud, records, logs } = setup();
    await records.write("aurora", { firstUpAt: FIRST_UP });
    const session = teardownSession(roster(), { deleteRepos: false }, cloud, records);
    const team = { team: "aurora", outputs: async () => outputs, log: (t: string) => logs.push(t) };
    await session.before(team);
    const report = await session.after(team);
    const text = formatReport([report]);
    expect(text).not.toContain("purge failed");
    expect(text).toMatch(
        /kept\s+invited guest\s+coach-a .*a Member user, not one this stack created/,
    );
    expect(logs.join("")).toContain(
        `=== teardown: remove invited guest coach-a (${COACH_ID}): kept (a Member user, not one this stack created)`,
    );
});
