/**
 * The configs whose resource identities are pinned (tests/identity/pins/<case>.json). Between them
 * they register every resource kind the program can create. Adding a case is one line here, then
 * `npx tsx tests/identity/writePins.ts` to pin it.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { validateTeamStack } from "../../stacks/validate";
import type { EventInput, TeamInput } from "../../stacks/schema";
import type { TeamStackArgs } from "../../stacks/teamStack";
import { MEMBER_OBJECT_ID, NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";

export interface IdentityCase {
    /** File name of the pins, and what the failure messages call the case. */
    readonly name: string;
    readonly stack: string;
    readonly args: () => TeamStackArgs;
}

const REPO = path.join(__dirname, "..", "..");
const GITHUB = sampleEvent().github;
const COACHES = "0b6f2c1e-7d44-4c3a-9a3e-1f2d3c4b5a69";

/** The sample stack exactly as `pulumi up -s dev` reads it. */
function sampleStack(): IdentityCase {
    return {
        name: "sample-dev",
        stack: "dev",
        args: () => {
            const file = path.join(REPO, "Pulumi.dev.yaml");
            const config = (
                parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }
            ).config;
            const valid = validateTeamStack(
                config["openhack-mlops:event"],
                config["openhack-mlops:team"],
                {
                    now: NOW,
                },
            );
            return { ...valid, location: String(config["azure-native:location"]), now: NOW };
        },
    };
}

/** A roster-style stack `<event>-<team>` from the test fixtures with overrides. */
function stackCase(
    name: string,
    event: Partial<EventInput>,
    team: Partial<TeamInput> = {},
): IdentityCase {
    const eventInput = sampleEvent(event);
    const teamInput = sampleTeam(3, team);
    return {
        name,
        stack: `${eventInput.name}-${teamInput.name}`,
        args: () => ({
            ...validateTeamStack(eventInput, teamInput, { now: NOW }),
            location: "japaneast",
            now: NOW,
        }),
    };
}

/** Members of one identity kind each: adding a kind is one line. */
const MEMBERS = {
    upn: [
        { github: "alice", userPrincipalName: "alice@contoso.onmicrosoft.com" },
        { github: "Bob-K", userPrincipalName: "bob@contoso.onmicrosoft.com" },
    ],
    guestUpn: [
        { github: "frank", userPrincipalName: "frank_fabrikam.com#EXT#@contoso.onmicrosoft.com" },
        { github: "grace", userPrincipalName: "grace@contoso.onmicrosoft.com" },
    ],
    email: [
        { github: "heidi", email: "heidi@fabrikam.example", displayName: "Heidi Fabrikam" },
        { github: "ivan", email: "ivan@northwind.example" },
    ],
    objectId: [
        { github: "carol", objectId: MEMBER_OBJECT_ID },
        { github: "dave", objectId: "7c1e9b2a-3d4f-4a5b-8c6d-9e0f1a2b3c4d" },
    ],
} satisfies Record<string, TeamInput["members"]>;

export const IDENTITY_CASES: readonly IdentityCase[] = [
    sampleStack(),
    stackCase("public-reviewers-coaches", {
        github: {
            ...GITHUB,
            visibility: "public",
            reviewers: ["coach-ana", "member1"],
            extras: { oidcSecrets: true, variables: true, environment: true },
        },
        coachesGroupObjectId: COACHES,
    }),
    stackCase("enterprise-private-reviewers", {
        github: {
            ...GITHUB,
            plan: "enterprise",
            reviewers: ["coach-ana"],
            extras: { oidcSecrets: false, variables: false, environment: true },
        },
    }),
    stackCase(
        "team-pro-template-own-subscription",
        {
            github: { ...GITHUB, plan: "pro", template: "contoso-hack/mlops-template" },
        },
        { subscriptionId: "3c9e1f5a-6b7d-4e8f-9a0b-1c2d3e4f5a6b" },
    ),
    stackCase("no-instances", { compute: { ...sampleEvent().compute, instancePerMember: false } }),
    stackCase("members-upn", {}, { members: MEMBERS.upn }),
    stackCase("members-object-id", {}, { members: MEMBERS.objectId }),
    stackCase("members-guest-upn", {}, { members: MEMBERS.guestUpn }),
    stackCase("members-email", {}, { members: MEMBERS.email }),
];
