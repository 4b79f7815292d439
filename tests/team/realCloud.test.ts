/**
 * Real-cloud behaviour the mocks cannot show by themselves (issue #9), each pinned by a test that
 * fails without its fix: what the endpoint leaves to the teams, the owner login GitHub returns in
 * OIDC subjects, an explicit default branch, read-only reviewers on a personal account, and
 * reviewers whose invitation is pending.
 */
import type { RecordedResource } from "../../offline/mockCloud";
import { simulateTeamStack, type Simulation } from "../../offline/simulate";
import { DEFAULT_BRANCH } from "../../stacks/names";
import { ConfigError, validateRoster, validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent, sampleTeam, validSample } from "../helpers/fixtures";
import { at, one, ofType } from "../helpers/inventory";

const ENDPOINT = "azure-native:machinelearningservices:OnlineEndpoint";
const ENVIRONMENT = "github:index/repositoryEnvironment:RepositoryEnvironment";
const CREDENTIAL =
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";

/** Dotted paths of the leaves that differ between two input objects. */
function changedPaths(a: unknown, b: unknown, path = ""): string[] {
    const isObject = (v: unknown): v is Record<string, unknown> =>
        v !== null && typeof v === "object";
    if (isObject(a) && isObject(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((k) => changedPaths(a[k], b[k], path === "" ? k : `${path}.${k}`));
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

const ignoresOf = (sim: Simulation, resource: RecordedResource): readonly string[] =>
    sim.identities.find((id) => id.type === resource.type && id.name === resource.name)
        ?.ignoreChanges ?? [];

describe("the online endpoint", () => {
    test("leaves the traffic split to the teams and sends no update for a tag change (a new endsOn)", async () => {
        const before = await simulateTeamStack(validSample(1));
        const after = await simulateTeamStack(validSample(1, { endsOn: "2026-12-19" }));
        const endpoint = one(after.resources, ENDPOINT);
        const ignored = ignoresOf(after, endpoint);
        // Teams create `blue` and set its traffic: the stack must never diff those.
        expect(ignored).toEqual(
            expect.arrayContaining(["properties.traffic", "properties.mirrorTraffic"]),
        );
        const changed = changedPaths(one(before.resources, ENDPOINT).inputs, endpoint.inputs);
        expect(changed).toEqual(["tags.endsOn"]);
        // Every changed input is ignored, so `up` sends no PUT that could reset the team's traffic.
        const sent = changed.filter((p) => !ignored.some((i) => p === i || p.startsWith(`${i}.`)));
        expect(sent).toEqual([]);
    });
});

describe("OIDC subjects", () => {
    test("use the owner's login as GitHub spells it, not as the config does", async () => {
        const sim = await simulateTeamStack(validSample(1), {
            cloud: { githubLogins: { "contoso-hack": "Contoso-Hack" } },
        });
        const subjects = ofType(sim.resources, CREDENTIAL).map((r) => String(r.inputs.subject));
        // main and the production environment, in both subject forms; pull_request only with extras.pullRequestOidc (issue 22).
        expect(subjects).toHaveLength(4);
        for (const subject of subjects) expect(subject).toMatch(/^repo:Contoso-Hack[/@]/);
    });
});

describe("the default branch", () => {
    test.each([
        ["master", true],
        ["main", false],
    ])("the owner's first branch %s: set to main explicitly, rename %s", async (first, rename) => {
        const sim = await simulateTeamStack(
            validSample(1, {
                github: {
                    ...sampleEvent().github,
                    plan: "team",
                    extras: { oidcSecrets: false, variables: false, environment: true },
                },
            }),
            {
                cloud: { githubDefaultBranch: first },
            },
        );
        expect(one(sim.resources, "github:index/branchDefault:BranchDefault").inputs).toEqual({
            repository: "oh4mltest-team01",
            branch: DEFAULT_BRANCH,
            rename,
        });
        // The branch the subjects and the environment's branch policy name is that same branch.
        const policy = one(
            sim.resources,
            "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
        );
        expect(policy.inputs.branchPattern).toBe(DEFAULT_BRANCH);
        const subjects = ofType(sim.resources, CREDENTIAL).map((r) => String(r.inputs.subject));
        expect(subjects.filter((s) => s.endsWith(":ref:refs/heads/main"))).toHaveLength(2);
    });
});

describe("read-only reviewers on a repository owned by a personal account", () => {
    const github = {
        ...sampleEvent().github,
        visibility: "public" as const,
        reviewers: ["member0", "coach-ana"],
        extras: { oidcSecrets: false, variables: false, environment: true },
    };

    test("are refused with the reason, naming the field", () => {
        expect(() =>
            validateTeamStack(
                sampleEvent({ github: { ...github, ownerType: "user" } }),
                sampleTeam(2),
                {
                    now: NOW,
                },
            ),
        ).toThrow(
            /openhack-mlops:event\.github\.reviewers\[1\]: is not a member of the team, so would be a read-only collaborator, which GitHub does not allow on a repository owned by a personal account .* \(got "coach-ana"\)/,
        );
    });

    test("are refused per team in a roster; members as reviewers and organizations are accepted", () => {
        const roster = (ownerType: "user" | "organization") => ({
            location: "japaneast",
            event: sampleEvent({ github: { ...github, ownerType } }),
            teams: [sampleTeam(2), { ...sampleTeam(2), name: "team02" }],
        });
        try {
            validateRoster(roster("user"), { now: NOW });
            throw new Error("no error");
        } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
                "event.github.reviewers[1]",
                "event.github.reviewers[1]",
            ]);
            expect((error as ConfigError).message).toContain("not a member of teams[1] (team02)");
        }
        expect(validateRoster(roster("organization"), { now: NOW }).teams).toHaveLength(2);
        expect(() =>
            validateTeamStack(
                sampleEvent({ github: { ...github, reviewers: ["member0"], ownerType: "user" } }),
                sampleTeam(2),
                { now: NOW },
            ),
        ).not.toThrow();
    });
});

describe("environment reviewers", () => {
    const event = {
        github: {
            ...sampleEvent().github,
            visibility: "public" as const,
            reviewers: ["coach-ana", "member0"],
            extras: { oidcSecrets: false, variables: false, environment: true },
        },
    };
    const reviewerIds = (sim: Simulation): unknown =>
        at(one(sim.resources, ENVIRONMENT).inputs, "reviewers.0.users");
    const userId = (sim: Simulation, login: string): number =>
        Number(
            sim.cloud.call({ token: "github:index/getUser:getUser", inputs: { username: login } })
                .id,
        );

    test("are only those who have access: a pending invitation is left out until accepted, so runs do not fight GitHub", async () => {
        const pending = await simulateTeamStack(validSample(2, event), {
            cloud: { githubPendingInvitations: ["coach-ana"] },
        });
        expect(reviewerIds(pending)).toEqual([userId(pending, "member0")]);
        // The same state of GitHub gives the same inputs: no diff between runs while she has not accepted.
        const again = await simulateTeamStack(validSample(2, event), {
            cloud: { githubPendingInvitations: ["coach-ana"] },
        });
        expect(one(again.resources, ENVIRONMENT).inputs).toEqual(
            one(pending.resources, ENVIRONMENT).inputs,
        );
        // Once she has accepted, the next `up` adds her.
        const accepted = await simulateTeamStack(validSample(2, event));
        expect(reviewerIds(accepted)).toEqual([
            userId(accepted, "coach-ana"),
            userId(accepted, "member0"),
        ]);
        expect(one(accepted.resources, ENVIRONMENT).inputs.preventSelfReview).toBe(true);
    });

    test("none with access yet: the environment exists without a gate instead of one GitHub would refuse", async () => {
        const sim = await simulateTeamStack(validSample(2, event), {
            cloud: { githubPendingInvitations: ["coach-ana", "member0"] },
        });
        const env = one(sim.resources, ENVIRONMENT);
        expect(env.inputs.reviewers).toEqual([]);
        expect(env.inputs.preventSelfReview).toBeUndefined();
    });
});
