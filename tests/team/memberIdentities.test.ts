/**
 * The three member identities through the real team program under mocks: a B2B guest's UPN
 * (looked up), an object id (used as is) and an e-mail (invited as a guest, whose new object id
 * receives the roles and the compute instance).
 */
import { evaluate } from "../../policy/evaluate";
import { simulateTeamStack, type Simulation } from "../../offline/simulate";
import { validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent } from "../helpers/fixtures";
import { at, countByType, ofType, one } from "../helpers/inventory";

const GUEST_UPN = "alice_fabrikam.com#EXT#@contoso.onmicrosoft.com";
const OBJECT_ID = "0b8e7c2a-31d4-4f6b-9a0e-5c7d8e9f1a2b";
const INVITATION = "azuread:index/invitation:Invitation";
const CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
const DATA_SCIENTIST = "f6c7c914-8db3-469d-8ca1-694a8f32e121";

function simulate(invitation: { sendMessage?: boolean; language?: string }): Promise<Simulation> {
    const valid = validateTeamStack(
        sampleEvent({ invitation }),
        {
            name: "team01",
            members: [
                { github: "alice-f", userPrincipalName: GUEST_UPN },
                { github: "bob-o", objectId: OBJECT_ID },
                {
                    github: "Kenji-T",
                    email: "Kenji.Tanaka@Fabrikam.co.jp",
                    displayName: "田中 健二",
                },
            ],
        },
        { now: NOW },
    );
    return simulateTeamStack({ ...valid, location: "japaneast", now: NOW });
}

/** The object id a compute instance of this member is assigned to. */
const instanceUser = (sim: Simulation, login: string): unknown =>
    at(
        ofType(sim.resources, "azure-native:machinelearningservices:Compute").find(
            (r) => r.name === `team01-compute-instance-${login}`,
        )?.inputs,
        "properties.properties.personalComputeInstanceSettings.assignedUser.objectId",
    );

/** Role definition GUIDs granted to this principal. */
const rolesOf = (sim: Simulation, principalId: unknown): string[] =>
    ofType(sim.resources, "azure-native:authorization:RoleAssignment")
        .filter((r) => r.inputs.principalId === principalId)
        .map((r) => String(r.inputs.roleDefinitionId).split("/").pop() ?? "")
        .sort();

describe("a team with a guest UPN, an object id and an e-mail member", () => {
    let sim: Simulation;
    beforeAll(async () => {
        sim = await simulate({ sendMessage: true, language: "ja-JP" });
    });

    test("only the e-mail member is invited, once, in one GuestInvitations component", () => {
        const counts = countByType(sim.resources);
        expect(counts[INVITATION]).toBe(1);
        expect(counts["openhack:identity:GuestInvitations"]).toBe(1);
        expect(counts["azure-native:machinelearningservices:Compute"]).toBe(1 + 3);
        // SP Contributor + 2 per member.
        expect(counts["azure-native:authorization:RoleAssignment"]).toBe(1 + 2 * 3);
    });

    test("the invitation: a guest, lowercased address, display name, redirect to studio in the hack's tenant, message in the event's language", () => {
        const invitation = one(sim.resources, INVITATION);
        expect(invitation.name).toBe("team01-guests-kenji-t");
        expect(invitation.inputs).toEqual({
            userEmailAddress: "kenji.tanaka@fabrikam.co.jp",
            userDisplayName: "田中 健二",
            userType: "Guest",
            redirectUrl: `https://ml.azure.com/?tid=${sim.cloud.tenantId}`,
            message: { language: "ja-JP" },
        });
    });

    test("the invited guest's object id (the invitation's userId) gets the compute instance and both roles", () => {
        const userId = one(sim.resources, INVITATION).state.userId;
        expect(typeof userId).toBe("string");
        expect(userId).not.toBe(OBJECT_ID);
        expect(instanceUser(sim, "kenji-t")).toBe(userId);
        expect(rolesOf(sim, userId)).toEqual([CONTRIBUTOR, DATA_SCIENTIST].sort());
    });

    test("the guest UPN, # included, is looked up as written and its object id is used", () => {
        const lookups = sim.cloud.calls.filter((c) => c.token === "azuread:index/getUser:getUser");
        expect(lookups.map((c) => c.args.userPrincipalName)).toEqual([GUEST_UPN]);
        const guestId = instanceUser(sim, "alice-f");
        expect(guestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(rolesOf(sim, guestId)).toEqual([CONTRIBUTOR, DATA_SCIENTIST].sort());
    });

    test("the object-id member is used as written, with no lookup or invitation", () => {
        expect(instanceUser(sim, "bob-o")).toBe(OBJECT_ID);
        expect(rolesOf(sim, OBJECT_ID)).toEqual([CONTRIBUTOR, DATA_SCIENTIST].sort());
    });

    test("passes every policy of the pack", () => {
        expect(
            evaluate(
                sim.resources.map((r) => ({
                    type: r.type,
                    name: r.name,
                    urn: `urn:pulumi:oh4mltest-team01::openhack-mlops::${r.type}::${r.name}`,
                    props: r.inputs,
                    secretProps: r.secretInputs,
                })),
            ).map((v) => `[${v.policy}] ${v.urn}: ${v.message}`),
        ).toEqual([]);
    });
});

test("with the invitation message off, no message block is sent (Entra sends no e-mail)", async () => {
    const sim = await simulate({ sendMessage: false, language: "ja-JP" });
    const invitation = one(sim.resources, INVITATION);
    expect(invitation.inputs.message).toBeUndefined();
    expect(invitation.inputs.userEmailAddress).toBe("kenji.tanaka@fabrikam.co.jp");
});

test("a team without e-mail members registers no invitation and no GuestInvitations component", async () => {
    const valid = validateTeamStack(
        sampleEvent(),
        { name: "team01", members: [{ github: "bob-o", objectId: OBJECT_ID }] },
        { now: NOW },
    );
    const sim = await simulateTeamStack({ ...valid, location: "japaneast", now: NOW });
    const types = new Set(sim.resources.map((r) => r.type));
    expect(types.has(INVITATION)).toBe(false);
    expect(types.has("openhack:identity:GuestInvitations")).toBe(false);
    expect(types.has("azure-native:machinelearningservices:Compute")).toBe(true);
});
