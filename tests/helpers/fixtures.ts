import { validateTeamStack, type ValidTeamStack } from "../../stacks/validate";
import type { EventInput, TeamInput } from "../../stacks/schema";

/** A fixed "today" for every test: the clock never decides a test's outcome. */
export const NOW = new Date("2026-11-27T09:00:00Z");

export function sampleEvent(overrides: Partial<EventInput> = {}): EventInput {
    return {
        name: "oh4mltest",
        endsOn: "2026-12-18",
        timeZone: "Tokyo Standard Time",
        github: { owner: "contoso-hack", visibility: "private", template: "", reviewers: [] },
        coachesGroupObjectId: "",
        budget: { amount: 150, contactEmails: ["organizer@example.com"] },
        compute: {
            clusterName: "demo-cpucluster1",
            clusterVmSize: "Standard_D2_v2",
            clusterMaxNodes: 2,
            instanceVmSize: "Standard_D2_v2",
            instancePerMember: true,
            idleShutdownMinutes: 60,
        },
        endpoint: { authMode: "key", instanceType: "Standard_DS2_v2" },
        ...overrides,
    };
}

export const MEMBER_OBJECT_ID = "4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a";

export function sampleTeam(memberCount = 3, overrides: Partial<TeamInput> = {}): TeamInput {
    const members = Array.from({ length: memberCount }, (_, i) =>
        i === memberCount - 1 && memberCount > 1
            ? { github: `member${i}`, objectId: MEMBER_OBJECT_ID }
            : { github: `member${i}`, userPrincipalName: `member${i}@contoso.onmicrosoft.com` },
    );
    return { name: "team01", subscriptionId: "", members, ...overrides };
}

export function validSample(
    memberCount = 3,
    event: Partial<EventInput> = {},
    team: Partial<TeamInput> = {},
): ValidTeamStack & { location: string; now: Date } {
    return {
        ...validateTeamStack(sampleEvent(event), sampleTeam(memberCount, team), { now: NOW }),
        location: "japaneast",
        now: NOW,
    };
}
