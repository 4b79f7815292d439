import {
    azureNameOf,
    componentOf,
    groupByComponent,
    totalsByType,
} from "../../offline/plan/inventory";
import type { PlanJob, TeamFootprint } from "../../offline/plan/model";
import { projectFrame, simulateJob, withFailureLocation } from "../../offline/plan/simulateJob";
import { validSample } from "../helpers/fixtures";

const job = (team: string, members = 2): PlanJob => {
    const s = validSample(members, {}, { name: team });
    return {
        source: 0,
        teamIndex: 0,
        event: s.event,
        team: s.team,
        location: s.location,
        now: s.now.toISOString(),
        stackName: `oh4mltest-${team}`,
    };
};
const withoutTiming = ({ simulationMs: _ms, ...rest }: TeamFootprint) => rest;

describe("components and names", () => {
    test("a resource belongs to the component with the longest name prefix, never to a same-named one", () => {
        const components = ["team01", "team01-github", "team01-ml"];
        expect(componentOf("team01-ml-storage", components)).toBe("team01-ml");
        expect(componentOf("team01-github-repo", components)).toBe("team01-github");
        // The GitHub provider is named like the repository component but is the team stack's child.
        expect(componentOf("team01-github", components)).toBe("team01");
        expect(componentOf("other-thing", components)).toBeUndefined();
    });

    test("resources are grouped under their component, the team's root first", () => {
        const groups = groupByComponent(
            [
                { type: "openhack:stack:Team", name: "t", inputs: {} },
                { type: "openhack:ml:Workspace", name: "t-ml", inputs: {} },
                {
                    type: "azure-native:storage:StorageAccount",
                    name: "t-ml-storage",
                    inputs: { accountName: "sa1" },
                },
                {
                    type: "azure-native:resources:ResourceGroup",
                    name: "t-rg",
                    inputs: { resourceGroupName: "rg-x" },
                },
            ],
            "t",
        );
        expect(groups).toEqual([
            {
                type: "openhack:stack:Team",
                name: "t",
                resources: [
                    {
                        type: "azure-native:resources:ResourceGroup",
                        name: "t-rg",
                        azureName: "rg-x",
                    },
                ],
            },
            {
                type: "openhack:ml:Workspace",
                name: "t-ml",
                resources: [
                    {
                        type: "azure-native:storage:StorageAccount",
                        name: "t-ml-storage",
                        azureName: "sa1",
                    },
                ],
            },
        ]);
    });

    test.each([
        [
            "azure-native:machinelearningservices:DataVersion",
            { name: "diabetes", version: "1" },
            "diabetes:1",
        ],
        ["azure-native:authorization:RoleAssignment", { principalId: "x" }, null],
        [
            "github:index/actionsSecret:ActionsSecret",
            { secretName: "AZURE_CREDENTIALS", value: "never shown" },
            "AZURE_CREDENTIALS",
        ],
        ["azure-native:keyvault:Vault", { vaultName: { secret: true } }, null],
    ])("the service-side name of %s", (type, inputs, expected) => {
        expect(azureNameOf({ type, inputs })).toBe(expected);
    });
});

describe("a footprint of the real program", () => {
    let first: TeamFootprint;
    beforeAll(async () => {
        first = await simulateJob(job("alpha", 2));
    });

    test("holds the team's computes, names and every registered resource in a component", () => {
        expect(first.computes.map((c) => [c.role, c.vmSize, c.nodes])).toEqual([
            ["cluster", "Standard_D2_v2", 2],
            ["instance", "Standard_D2_v2", 1],
            ["instance", "Standard_D2_v2", 1],
        ]);
        expect(first.clusterNames).toEqual(["demo-cpucluster1"]);
        expect(first.names.storageAccount).toMatch(/^oh4mltestalpha[a-z0-9]{6}$/);
        expect(first.endpoints).toBe(1);
        expect(first.registries).toEqual([{ sku: "Basic" }]);
        const grouped = first.components.reduce((n, c) => n + 1 + c.resources.length, 0);
        expect(grouped).toBe(first.resourceCount);
        expect(first.components.map((c) => c.name)).not.toContain("(no component)");
        const ml = first.components.find((c) => c.name === "alpha-ml");
        expect(ml?.type).toBe("openhack:ml:Workspace");
        expect(ml?.resources.map((r) => r.name)).toContain("alpha-ml-storage");
    });

    test("simulating twice in one process starts from fresh runtime state each time", async () => {
        await simulateJob(job("beta", 4));
        const again = await simulateJob(job("alpha", 2));
        expect(withoutTiming(again)).toEqual(withoutTiming(first));
        expect(
            totalsByType([again]).find(
                (t) => t.type === "azure-native:machinelearningservices:Compute",
            )?.count,
        ).toBe(3);
    });
});

describe("a team program that fails", () => {
    test("the error names the project file and line, found by a rerun with stack traces on", async () => {
        const limits: number[] = [];
        const run = async (): Promise<never> => {
            limits.push(Error.stackTraceLimit);
            throw new Error("Cannot read properties of undefined (reading 'toLowerCase')");
        };
        const saved = Error.stackTraceLimit;
        Error.stackTraceLimit = 0; // as in a plan worker
        try {
            await expect(withFailureLocation(run, {})).rejects.toThrow(
                /^Cannot read properties of undefined \(reading 'toLowerCase'\) \(at tests\/plan\/inventory\.test\.ts:\d+\)$/,
            );
        } finally {
            Error.stackTraceLimit = saved;
        }
        expect(limits).toEqual([0, 50]);
        expect(Error.stackTraceLimit).toBe(saved);
    });

    test("a frame inside node_modules is never named", () => {
        const error = new Error("x");
        error.stack =
            "Error: x\n    at f (/work/main/node_modules/@pulumi/pulumi/resource.js:1:2)\n    at g (/work/main/components/teamCompute.ts:57:20)";
        expect(projectFrame(error, "/work/main")).toBe("components/teamCompute.ts:57");
        expect(projectFrame(new Error("no stack"), "/nowhere")).toBeUndefined();
    });
});
