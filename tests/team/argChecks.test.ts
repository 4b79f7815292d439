/**
 * Components refuse arguments outside their documented ranges with a `pulumi.ResourceError` against
 * the component (the engine then names its URN), raised before the component creates any child.
 */
import * as pulumi from "@pulumi/pulumi";
import { Compute, type ComputeArgs } from "../../components/compute";
import { TeamBudget } from "../../components/teamBudget";
import { TeamRepository, type TeamRepositoryArgs } from "../../components/teamRepository";
import { Workspace } from "../../components/workspace";
import { MockCloud } from "../../offline/mockCloud";

let cloud: MockCloud;
beforeEach(async () => {
    cloud = new MockCloud();
    await pulumi.runtime.setMocks(cloud, "openhack-mlops", "dev", false);
});
afterEach(async () => {
    await pulumi.runtime.disconnect();
});

function thrown(build: () => unknown): pulumi.ResourceError {
    try {
        build();
    } catch (error) {
        if (pulumi.ResourceError.isInstance(error)) return error;
        throw error;
    }
    throw new Error("no error was raised");
}

const compute = (): ComputeArgs => ({
    resourceGroupName: "rg",
    workspaceName: "ws",
    location: "japaneast",
    tenantId: "t",
    tags: {},
    clusterName: "demo-cpucluster1",
    clusterVmSize: "Standard_D2_v2",
    clusterMaxNodes: 2,
    instanceVmSize: "Standard_D2_v2",
    instances: [],
    idleShutdownMinutes: 60,
    timeZone: "Tokyo Standard Time",
    dailyStopTime: "20:00",
    // Any resource: the checks refuse before a child would wait for it.
    fairShareAssignment: new pulumi.ComponentResource("test:policy:Assignment", "assignment"),
});

test.each([
    [
        { clusterMaxNodes: 0 },
        "clusterMaxNodes: must be a whole number of nodes from 1 to 20 (got 0)",
    ],
    [
        { clusterMaxNodes: 2.5 },
        "clusterMaxNodes: must be a whole number of nodes from 1 to 20 (got 2.5)",
    ],
    [
        { idleShutdownMinutes: 10 },
        "idleShutdownMinutes: must be a whole number of minutes from 15 to 4320 (got 10)",
    ],
    [{ dailyStopTime: "8pm" }, 'dailyStopTime: must be a 24-hour time HH:MM (got "8pm")'],
])("Compute refuses %j", (bad, message) => {
    const error = thrown(() => new Compute("team01-compute", { ...compute(), ...bad }));
    expect(error.message).toBe(message);
    expect(error.resource).toBeInstanceOf(Compute);
});

test("Workspace refuses a soft-delete retention outside 1-365 days", () => {
    const error = thrown(
        () =>
            new Workspace("team01-ml", {
                resourceGroupName: "rg",
                location: "japaneast",
                tenantId: "t",
                tags: {},
                names: {
                    logAnalytics: "l",
                    appInsights: "a",
                    storageAccount: "s",
                    keyVault: "k",
                    containerRegistry: "c",
                    workspace: "w",
                },
                friendlyName: "f",
                blobSoftDeleteDays: 0,
            }),
    );
    expect(error.message).toBe(
        "blobSoftDeleteDays: must be a whole number of days from 1 to 365 (got 0)",
    );
    expect(error.resource).toBeInstanceOf(Workspace);
});

test("TeamBudget refuses an amount that is not positive", () => {
    const error = thrown(
        () =>
            new TeamBudget("team01-budget", {
                resourceGroupId: "/subscriptions/x/resourceGroups/rg",
                budgetName: "b",
                amount: -5,
                contactEmails: [],
                now: new Date("2026-11-27T00:00:00Z"),
                endsOn: "2026-12-18",
            }),
    );
    expect(error.message).toBe("amount: must be a number greater than 0 (got -5)");
});

test("TeamRepository refuses an Actions name GitHub would refuse, naming the field", () => {
    const args: TeamRepositoryArgs = {
        owner: "contoso-hack",
        repositoryName: "r",
        defaultBranch: "main",
        description: "d",
        visibility: "private",
        template: "",
        collaborators: [],
        secrets: { GITHUB_TOKEN_COPY: "x" },
        variables: {},
        reviewers: [],
    };
    const error = thrown(() => new TeamRepository("team01-github", args));
    expect(error.message).toBe(
        'secrets.GITHUB_TOKEN_COPY: must be an Actions name: letters, digits and _, not starting with a digit or GITHUB_ (got "GITHUB_TOKEN_COPY")',
    );
    expect(error.resource).toBeInstanceOf(TeamRepository);
});
