/**
 * The GitHub writes the event driver paces by (stacks/githubFootprint.ts) against what the real
 * program registers under the mock runtime, for every combination of the opt-in extras and the
 * GitHub plans that decide whether the environment exists. The writes per registered type are read
 * from integrations/terraform-provider-github (tag v6.13.0, the provider @pulumi/github 6.15.0 wraps, github/): the repository's create is
 * a POST and two PATCHes (resource_github_repository.go lines 758, 785 -> 961, 1011-1016), the
 * default branch a GET and a rename only where the first branch differs (resource_github_branch_default.go
 * lines 138-164), every other object one PUT or POST.
 */
import { simulateTeamStack } from "../../offline/simulate";
import { defaultBranchWrites, githubWriteCount, githubWrites } from "../../stacks/githubFootprint";
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

/** Writes the provider sends to create one object of each type (the first branch being main). */
const writesOf = (type: string): number =>
    type === "github:index/repository:Repository"
        ? 3
        : type === "github:index/branchDefault:BranchDefault"
          ? 0 // the first branch is main (EXPECTED_FIRST_BRANCH): no rename
          : 1;

describe("githubWriteCount equals the writes of the GitHub objects the program registers", () => {
    test.each(cases)("%s, 5 members", async (_label, extras, github) => {
        const sample = validSample(5, { github: { owner: "contoso-hack", ...github, extras } });
        const sim = await simulateTeamStack(sample);
        const registered = sim.resources.filter((r) => r.type.startsWith("github:index/"));
        const writes = registered.reduce((sum, r) => sum + writesOf(r.type), 0);
        expect(githubWriteCount(sample.event, sample.team)).toBe(writes);
    });
});

test("by default a team of five makes 12 GitHub writes: repository 3, alerts 1, default branch 0, 5 collaborators, 3 secrets", () => {
    const sample = validSample(5, { github: { owner: "contoso-hack" } });
    expect(githubWrites(sample.event, sample.team)).toEqual({
        repository: 3,
        vulnerabilityAlerts: 1,
        defaultBranch: 0,
        collaborators: 5,
        secrets: 3,
        variables: 0,
        environment: 0,
    });
    expect(githubWriteCount(sample.event, sample.team)).toBe(12);
    // 41 such teams fit in one token's hourly limit of 500 content-creating requests.
    expect(41 * githubWriteCount(sample.event, sample.team)).toBeLessThanOrEqual(500);
});

test("every extra on a plan with environments: 12 + 3 OIDC secrets + 8 variables + environment and its policy", () => {
    const sample = validSample(5, {
        github: {
            owner: "contoso-hack",
            plan: "team",
            extras: { oidcSecrets: true, variables: true, environment: true },
        },
    });
    expect(githubWriteCount(sample.event, sample.team)).toBe(12 + 3 + 8 + 2);
});

test("the default branch costs a write only where the first branch is not main (a rename)", () => {
    expect(defaultBranchWrites("main")).toBe(0);
    expect(defaultBranchWrites("master")).toBe(1);
});
