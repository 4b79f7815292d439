/**
 * The GitHub footprint the event driver paces by (stacks/githubFootprint.ts) against what the real
 * program registers under the mock runtime, for every combination of the opt-in extras and the
 * GitHub plans that decide whether the environment exists.
 */
import { simulateTeamStack } from "../../offline/simulate";
import { githubObjectCount } from "../../stacks/githubFootprint";
import type { EventInput } from "../../stacks/schema";
import { validSample } from "../helpers/fixtures";

type Extras = { oidcSecrets: boolean; variables: boolean; environment: boolean };
const EXTRA_SETS: Extras[] = [false, true].flatMap((oidcSecrets) =>
    [false, true].flatMap((variables) =>
        [false, true].map((environment) => ({ oidcSecrets, variables, environment })),
    ),
);
const label = (e: Extras): string =>
    Object.entries(e)
        .filter(([, on]) => on)
        .map(([k]) => k)
        .join("+") || "defaults";

const PLANS: [string, Partial<EventInput["github"]>][] = [
    ["private on Free", { visibility: "private", plan: "free" }],
    ["public, 2 outside reviewers", { visibility: "public", reviewers: ["coach-a", "coach-b"] }],
    ["private on Enterprise, a member reviews", { plan: "enterprise", reviewers: ["member0"] }],
];

const cases = EXTRA_SETS.flatMap((extras) =>
    PLANS.filter(([, github]) => extras.environment || (github.reviewers ?? []).length === 0).map(
        ([plan, github]): [string, Extras, Partial<EventInput["github"]>] => [
            `${label(extras)}, ${plan}`,
            extras,
            github,
        ],
    ),
);

describe("githubObjectCount equals the GitHub objects the program registers", () => {
    test.each(cases)("%s, 5 members", async (_label, extras, github) => {
        const sample = validSample(5, { github: { owner: "contoso-hack", ...github, extras } });
        const sim = await simulateTeamStack(sample);
        const registered = sim.resources.filter((r) => r.type.startsWith("github:index/"));
        expect(githubObjectCount(sample.event, sample.team)).toBe(registered.length);
    });
});

test("by default a team of five makes 11 GitHub writes: repository, alerts, default branch, 5 collaborators, 3 secrets", () => {
    const sample = validSample(5, { github: { owner: "contoso-hack" } });
    expect(githubObjectCount(sample.event, sample.team)).toBe(1 + 1 + 1 + 5 + 3);
    // 40 such teams fit in one token's hourly limit of 500 content-creating requests.
    expect(40 * githubObjectCount(sample.event, sample.team)).toBeLessThanOrEqual(500);
});

test("every extra on a plan with environments: 11 + 3 OIDC secrets + 8 variables + environment and its policy", () => {
    const sample = validSample(5, {
        github: {
            owner: "contoso-hack",
            plan: "team",
            extras: { oidcSecrets: true, variables: true, environment: true },
        },
    });
    expect(githubObjectCount(sample.event, sample.team)).toBe(11 + 3 + 8 + 2);
});
