/** What preflight derives from the plan: provider namespaces and the GitHub write budget. */
import { githubBudget } from "../../event/preflight/budget";
import { repositoryDescription, repositoryName } from "../../event/preflight/github";
import { simulateTeamStack } from "../../offline/simulate";
import { one } from "../helpers/inventory";
import { CHALLENGE_NAMESPACES, namespaceOfType, namespacesOf } from "../../event/preflight/needs";
import { validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent, sampleTeam, validSample } from "../helpers/fixtures";

test.each([
    ["azure-native:machinelearningservices:Workspace", "Microsoft.MachineLearningServices"],
    ["azure-native:applicationinsights:Component", "Microsoft.Insights"],
    ["azure-native:resources:ResourceGroup", "Microsoft.Resources"],
    ["azure-native:newthing:Widget", "Microsoft.newthing"],
    ["github:index/repository:Repository", undefined],
    ["azuread:index/application:Application", undefined],
])("%s is served by %s", (type, namespace) => {
    expect(namespaceOfType(type)).toBe(namespace);
});

test("namespaces: each once, sorted, then challenge 6's that the program does not register", () => {
    expect(
        namespacesOf([
            "azure-native:storage:StorageAccount",
            "azure-native:storage:BlobContainer",
            "azure-native:applicationinsights:Component",
            "azure-native:insights:ActionGroup",
            "github:index/repository:Repository",
        ]),
    ).toEqual(["Microsoft.Insights", "Microsoft.Storage", ...CHALLENGE_NAMESPACES]);
});

describe("GitHub write budget (the driver's own limiter on a virtual clock)", () => {
    // One member, private, free plan, OIDC secrets and variables opted in: repository + alerts
    // setting + default branch, 1 collaborator, 6 secrets, 8 variables, no environment = 18 writes.
    // Spacing 0 (set on the validated event: a roster may not say 0, the provider refuses it) is
    // the limiter's model of every write at its team's start, so these first tests check the
    // windows' arithmetic alone (spread writes: the last test).
    const eventWith = (writeDelayMs: number) =>
        validateTeamStack(
            sampleEvent({
                github: {
                    ...sampleEvent().github,
                    extras: { oidcSecrets: true, variables: true, environment: false },
                    writeDelayMs,
                },
            }),
            sampleTeam(1),
            { now: NOW },
        );
    const spread = eventWith(30_000);
    const team = spread.team;
    const event = { ...spread.event, github: { ...spread.event.github, writeDelayMs: 0 } };
    const teams = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ ...team, name: `team${i}` }));

    // A team of one with the OIDC secrets and the variables: repository 3 + alerts 1 + 1 collaborator
    // + 6 secrets + 8 variables = 19 writes.
    test("4 teams (76 writes) fit in the first minute", async () => {
        expect(await githubBudget(event, teams(4))).toEqual({
            teams: 4,
            writes: 76,
            minimumMs: 0,
            writeDelayMs: 0,
            limits: "80 per 1 min, 500 per 1 h",
        });
    });

    test("writes 30 s apart: the minute never binds, and the hour lets teams in as first writes leave it", async () => {
        // 2 writes a minute per team: 30 x 2 = 60 <= 80. The hour takes 26 teams at once (494);
        // at 60 min their 26 first writes have left it (468): the 27th goes (487); at 60.5 min
        // their second writes too (442 + 19): the 28th (480); at 61 min the 29th and 30th
        // (416 + 2 x 19 + 2 x 19 = 492).
        expect((await githubBudget(spread.event, teams(30))).minimumMs).toBe(3_660_000);
    });

    test("the 5th team waits for the first minute to pass; the 27th for the first hour", async () => {
        expect((await githubBudget(event, teams(5))).minimumMs).toBe(60_000);
        // 26 teams are 494 writes; the 27th would make 513 > 500 within the hour.
        expect((await githubBudget(event, teams(26))).minimumMs).toBeLessThan(3_600_000);
        expect((await githubBudget(event, teams(27))).minimumMs).toBe(3_600_000);
    });
});

describe("the repository ownership sign", () => {
    test("is exactly what the program gives a team repository (name and description)", async () => {
        const sample = validSample(1);
        const sim = await simulateTeamStack(sample);
        const repo = one(sim.resources, "github:index/repository:Repository");
        expect(repo.inputs.name).toBe(repositoryName(sample.event, sample.team));
        expect(repo.inputs.description).toBe(repositoryDescription(sample.event, sample.team));
    });
});
