/**
 * A first `up` that fails after inviting a guest leaves the invitation in the stack's state but no
 * stack outputs (Pulumi checkpoints each resource as it is created; outputs are registered when the
 * program finishes). The driver reads the invitations from the state (`pulumi stack export`) before
 * `up`/`preview` and after every `up`, so the next `up` tells the program's guard that the guest is
 * its own, and the teardown record knows the user (issue 22).
 *
 * The exported deployment is built the way `pulumi stack export` writes it (apitype.DeploymentV3,
 * ResourceV3 `urn`/`type`/`parent`/`outputs`: pulumi/pulumi sdk/go/common/apitype/core.go; secret
 * envelopes under `--show-secrets`: pkg/resource/stack/deployment.go), from the resources the real
 * team program registers under the mock runtime, not from names written by hand.
 */
import * as path from "node:path";
import {
    guestStateOf,
    INVITATION_TYPE,
    invitedGuestsInState,
} from "../../event/teardown/stateGuests";
import { runEvent } from "../../event/runEvent";
import { GRADY, guestTeamConfig } from "../helpers/guestMember";
import { runProgram } from "../helpers/program";
import { harness, options, rosterYaml, teamInput } from "./fakes";
import { MemoryRecords } from "./teardownFakes";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const STACK = "oh4mlex-aurora";

/**
 * The state a failed first `up` leaves: the program's GuestInvitations component and its
 * Invitation (with the outputs the provider set), and a secret-bearing resource beside them.
 */
async function stateAfterFailedUp(): Promise<{ deployment: unknown; userId: string }> {
    const run = runProgram(guestTeamConfig(), { tenantUsers: [] });
    expect((await run.result).error).toBeUndefined();
    await run.pulumi.runtime.disconnect();
    const component = run.cloud.resources.find(
        (r) => r.type === "openhack:identity:GuestInvitations",
    );
    const invitation = run.cloud.resources.find((r) => r.type === INVITATION_TYPE);
    if (component === undefined || invitation === undefined)
        throw new Error("the program registered no guest invitation");
    const urn = (type: string, name: string): string =>
        `urn:pulumi:${STACK}::openhack-mlops::openhack:stack:TeamStack$${type}::${name}`;
    const parent = urn("openhack:identity:GuestInvitations", component.name);
    const userId = String(invitation.state.userId);
    const deployment = {
        manifest: { time: "2026-12-01T09:00:00Z", magic: "", version: "v3.259.0" },
        secrets_providers: { type: "passphrase", state: { salt: "v1:c2FsdA==:..." } },
        resources: [
            { urn: parent, custom: false, type: component.type },
            {
                urn: `${urn("openhack:identity:GuestInvitations", "x").replace(/::x$/, "")}$${INVITATION_TYPE}::${invitation.name}`,
                custom: true,
                id: invitation.id,
                type: INVITATION_TYPE,
                parent,
                inputs: { userEmailAddress: "gradya@contoso.com", userType: "Guest" },
                outputs: { ...invitation.state, id: invitation.id },
            },
            {
                urn: urn("azuread:index/applicationPassword:ApplicationPassword", "team01-secret"),
                custom: true,
                type: "azuread:index/applicationPassword:ApplicationPassword",
                // --show-secrets: the secret's JSON in clear.
                outputs: { value: { [SIG]: SECRET, plaintext: '"s3cr3t-value"' } },
            },
        ],
    };
    return { deployment, userId };
}

describe("invitations read from an exported state", () => {
    test("each invitation's userId, under the login its name carries after the component's", async () => {
        const { deployment, userId } = await stateAfterFailedUp();
        expect(invitedGuestsInState(deployment)).toEqual([{ login: "grady-a", objectId: userId }]);
    });

    test("a userId shown as a secret (--show-secrets) is read from its plaintext", () => {
        const deployment = {
            resources: [
                {
                    urn: "urn:pulumi:s::p::azuread:index/invitation:Invitation::guest-x",
                    type: INVITATION_TYPE,
                    outputs: { userId: { [SIG]: SECRET, plaintext: `"${GRADY.id}"` } },
                },
            ],
        };
        expect(invitedGuestsInState(deployment)).toEqual([
            { login: "guest-x", objectId: GRADY.id },
        ]);
    });

    test("a userId still encrypted (exported without --show-secrets) throws: unreadable is not 'no guest'", () => {
        const deployment = {
            resources: [
                {
                    urn: "urn:pulumi:s::p::azuread:index/invitation:Invitation::guest-x",
                    type: INVITATION_TYPE,
                    outputs: { userId: { [SIG]: SECRET, ciphertext: "v1:AAAA:BBBB" } },
                },
            ],
        };
        expect(() => invitedGuestsInState(deployment)).toThrow(
            "the exported state holds the userId of guest-x encrypted (no plaintext): export it with --show-secrets",
        );
    });

    test("the root Stack's `created` (ResourceV3.Created, RFC 3339) is the stack's first up; an old state has none", () => {
        const root = {
            urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
            type: "pulumi:pulumi:Stack",
            created: "2026-11-27T09:00:00.123456789Z",
            modified: "2026-12-01T10:00:00Z",
        };
        // A child component typed like a stack (never the case, but only the root counts).
        const child = {
            ...root,
            urn: `${root.urn}-child`,
            parent: root.urn,
            created: "2020-01-01T00:00:00Z",
        };
        expect(guestStateOf({ resources: [child, root] })).toEqual({
            guests: [],
            stackCreated: "2026-11-27T09:00:00.123456789Z",
        });
        const { created: _c, modified: _m, ...old } = root;
        expect(guestStateOf({ resources: [old] })).toEqual({ guests: [] });
        expect(guestStateOf(null)).toEqual({ guests: [] });
        expect(() => guestStateOf({ resources: [{ ...root, created: "yesterday" }] })).toThrow(
            "the exported state's Stack resource has a `created` that is not a time",
        );
    });

    test("entries pending deletion (`delete: true`): the Stack's is skipped, the invitation's user is kept", () => {
        // ResourceV3 `delete`: "true when the resource should be deleted during the next update"
        // (pulumi/pulumi sdk/go/common/apitype/core.go); such an entry shares its URN with the live one.
        const stackUrn = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
        const invitationUrn = `urn:pulumi:s::p::azuread:index/invitation:Invitation::team01-guests-grady-a`;
        const OLD_USER = "0f1e2d3c-4b5a-4697-8887-a9b8c7d6e5f4";
        const deployment = {
            resources: [
                // Listed before the live one here; real checkpoints list the live entry first
                // (pulumi/pulumi pkg/backend/snapshot.go), so both orders are checked below: the
                // answer must not depend on the order.
                {
                    urn: stackUrn,
                    custom: false,
                    delete: true,
                    type: "pulumi:pulumi:Stack",
                    created: "2026-10-01T08:00:00Z",
                },
                {
                    urn: stackUrn,
                    custom: false,
                    type: "pulumi:pulumi:Stack",
                    created: "2026-11-27T09:00:00Z",
                },
                {
                    urn: invitationUrn,
                    custom: true,
                    delete: true,
                    type: INVITATION_TYPE,
                    outputs: { userId: OLD_USER },
                },
                {
                    urn: invitationUrn,
                    custom: true,
                    type: INVITATION_TYPE,
                    outputs: { userId: GRADY.id },
                },
            ],
        };
        expect(guestStateOf(deployment)).toEqual({
            guests: [
                { login: "team01-guests-grady-a", objectId: OLD_USER },
                { login: "team01-guests-grady-a", objectId: GRADY.id },
            ],
            stackCreated: "2026-11-27T09:00:00Z",
        });
        const [oldStack, liveStack, ...invitations] = deployment.resources;
        expect(
            guestStateOf({ resources: [liveStack, oldStack, ...invitations] }).stackCreated,
        ).toBe("2026-11-27T09:00:00Z");
        // Only a pending-deletion Stack: no lower bound (fail closed), never the old entry's time.
        expect(guestStateOf({ resources: deployment.resources.slice(0, 1) })).toEqual({
            guests: [],
        });
    });

    test("a state without invitations, a stack never updated, an invitation without its user: nothing", () => {
        expect(
            invitedGuestsInState({
                resources: [
                    {
                        urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s",
                        type: "pulumi:pulumi:Stack",
                        outputs: {},
                    },
                ],
            }),
        ).toEqual([]);
        expect(invitedGuestsInState(null)).toEqual([]);
        expect(
            invitedGuestsInState({
                resources: [
                    { urn: "urn:pulumi:s::p::x::guest-y", type: INVITATION_TYPE, outputs: {} },
                ],
            }),
        ).toEqual([]);
    });

    test("a deployment that is not the documented shape is an error, not 'no guests'", () => {
        expect(() => invitedGuestsInState("oops")).toThrow(
            "the exported state is not a deployment object",
        );
        expect(() => invitedGuestsInState({ resources: {} })).toThrow("`resources` is not a list");
    });
});

describe("the driver after a first up that failed after inviting", () => {
    const rosterText = rosterYaml([teamInput("aurora")]);

    test("the failed up records the state's guest; the next up passes it as known, and the program does not refuse it", async () => {
        const { deployment, userId } = await stateAfterFailedUp();
        const h = harness();
        const records = new MemoryRecords();
        h.engine.script("up", STACK, { error: "error: creating Budget: 400 Bad Request" });
        // The failed up: the stack now exists with the invitation in its state and no outputs.
        const run = h.engine.run.bind(h.engine);
        h.engine.run = async (op) =>
            run(op).catch((error: unknown) => {
                const stack = h.engine.stacks.get(op.stackName);
                if (stack) stack.stateGuests = invitedGuestsInState(deployment);
                throw error;
            });
        const deps = { ...h.deps(rosterText), records: () => records };
        expect(await h.clock.run(runEvent(options("up", { retries: 0 }), deps))).not.toBe(0);
        expect((await records.read("aurora")).invitedGuests).toBe(`grady-a=${userId}`);

        await records.write("aurora", {}); // a lost record: the state alone must suffice
        expect(await h.clock.run(runEvent(options("up"), deps))).toBe(0);
        const second = h.engine.runs("up")[1];
        const known = second.config?.["openhack-mlops:knownGuests"] ?? [];
        expect(known).toEqual([userId]);
        // Before the engine ran, the record already had the guest again (teardown knows it).
        expect((await records.read("aurora")).invitedGuests).toBe(`grady-a=${userId}`);

        // The program: the guest the failed up created now answers Graph's lookup of the address.
        const guest = { ...GRADY, id: userId };
        const accepted = runProgram(guestTeamConfig(known), { tenantUsers: [guest] });
        expect((await accepted.result).error).toBeUndefined();
        await accepted.pulumi.runtime.disconnect();
        // Without the state's id the same program refuses its own guest: the id is what matters.
        const refused = runProgram(guestTeamConfig([]), { tenantUsers: [guest] });
        expect((await refused.result).error?.message).toContain(
            `member grady-a (email gradya@contoso.com) is user ${GRADY.userPrincipalName} (${userId})`,
        );
        await refused.pulumi.runtime.disconnect();
    });

    test("a state without invitations adds nothing and writes no record", async () => {
        const h = harness();
        const records = new MemoryRecords();
        h.engine.addStack(STACK, { stateGuests: [] });
        const deps = { ...h.deps(rosterText), records: () => records };
        expect(await h.clock.run(runEvent(options("preview"), deps))).toBe(0);
        expect(h.engine.runs("preview")[0].config?.["openhack-mlops:knownGuests"]).toEqual([]);
        expect(records.records.has("aurora")).toBe(false);
        expect(h.engine.calls).toContainEqual({ method: "invitedGuestsInState", stack: STACK });
    });

    test("a state that cannot be exported fails that team's up with the reason; nothing runs", async () => {
        const h = harness();
        const records = new MemoryRecords();
        const reason =
            "pulumi stack export failed: failed to decrypt: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase";
        h.engine.addStack(STACK, { stateGuests: { exportFails: reason } });
        const deps = { ...h.deps(rosterText), records: () => records };
        expect(await h.clock.run(runEvent(options("up", { retries: 0 }), deps))).not.toBe(0);
        expect(h.engine.runs("up")).toEqual([]);
        // The whole reason is in the team's log (the summary shortens it).
        const log = h.logs.files.get(path.resolve("stacks/oh4mlex/logs/aurora-up.log")) ?? "";
        expect(log).toContain(
            "cannot tell which guests this stack invited, nothing was run: cannot read the stack's state for the guests it invited (pulumi stack export failed: failed to decrypt: incorrect passphrase",
        );
    });
});
