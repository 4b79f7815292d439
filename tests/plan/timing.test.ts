/** One team's timing from the dependency graph the real program registers under mocks. */
import { DURATIONS } from "../../offline/plan/durations";
import { pacedWritesDone, teamTiming } from "../../offline/plan/timing";
import { simulateTeamStack, type Simulation } from "../../offline/simulate";
import { validSample } from "../helpers/fixtures";

let sim: Simulation;
beforeAll(async () => {
    sim = await simulateTeamStack(validSample(3));
});

const nodeNamed = (name: string) => {
    const found = sim.graph.find((n) => n.name === name);
    if (!found) throw new Error(`no ${name} in the graph`);
    return found;
};
const depNames = (name: string): string[] =>
    nodeNamed(name)
        .dependencies.map((urn) => urn.split("::").pop() ?? urn)
        .sort();

test("the recorded graph holds the dependencies the program declares through inputs", () => {
    // The workspace names its storage, vault, registry, insights and the blob service (CORS) as inputs.
    expect(depNames("team01-ml-workspace")).toEqual(
        expect.arrayContaining([
            "team01-ml-blob-service",
            "team01-ml-insights",
            "team01-ml-registry",
            "team01-ml-storage",
            "team01-ml-vault",
            "team01-rg",
        ]),
    );
    // An explicit dependsOn is there too: the environment waits for collaborators (not built by default),
    // and the instances wait for the workspace they live in.
    expect(depNames("team01-compute-instance-member0")).toContain("team01-ml-workspace");
});

test("no GitHub object waits on an Azure ML resource (the secret that named the workspace used to)", () => {
    const slow = new Set(
        sim.graph
            .filter((n) => n.type.startsWith("azure-native:machinelearningservices:"))
            .map((n) => n.urn),
    );
    const github = sim.graph.filter((n) => n.type.startsWith("github:index/"));
    expect(github.length).toBe(1 + 1 + 1 + 3 + 3); // repository, alerts, default branch, 3 members, 3 secrets
    for (const n of github) expect(n.dependencies.filter((d) => slow.has(d))).toEqual([]);
});

test("up: rg 3 + logs 17 + insights 20 + workspace 338 + compute 300 = 678 s with the built-in table", () => {
    const timing = teamTiming(sim.graph);
    expect(timing.up.seconds).toBe(3 + 17 + 20 + 338 + 300);
    expect(timing.up.path.map((s) => s.type)).toEqual([
        "azure-native:resources:ResourceGroup",
        "azure-native:operationalinsights:Workspace",
        "azure-native:applicationinsights:Component",
        "azure-native:machinelearningservices:Workspace",
        "azure-native:machinelearningservices:Compute",
    ]);
    expect(timing.unknownTypes).toEqual([]);
    // Every GitHub write happens in the first seconds: none waits for Azure ML. 10 writes: the
    // repository 3 (a POST and two PATCHes), alerts 1, default branch 0 (already main), 3 members, 3 secrets.
    expect(timing.githubWritesAt).toHaveLength(10);
    expect(Math.max(...timing.githubWritesAt)).toBeLessThan(30);
});

test("a hand-made table: the path follows the weights", () => {
    const table = new Map(
        [...DURATIONS].map(([type, e]) => [type, { ...e, createSeconds: 1, deleteSeconds: 1 }]),
    );
    const endpoint = "azure-native:machinelearningservices:OnlineEndpoint";
    const entry = table.get(endpoint);
    if (entry) table.set(endpoint, { ...entry, createSeconds: 1000 });
    const timing = teamTiming(sim.graph, table);
    expect(timing.up.path.at(-1)?.type).toBe("azure-native:machinelearningservices:OnlineEndpoint");
    // suffix 1 -> rg 1 -> storage 1 -> blob service 1 -> workspace 1 -> endpoint 1000
    expect(timing.up.seconds).toBe(1005);
});

test("every entry of the duration table names its source or says it has none", () => {
    for (const entry of DURATIONS.values()) {
        if (entry.source === "none") expect(entry.note).toMatch(/no public figure|locally/);
        else expect(entry.note).toMatch(/s in /);
    }
});

test("paced writes: each is made when the graph allows it and a delay after the one before", () => {
    // 0 -> 0; 0 waits for 0 + 30 = 30; 5 waits for 60; 100 is later than 90, so 100.
    expect(pacedWritesDone([0, 0, 5, 100], 30)).toBe(100);
    expect(pacedWritesDone([0, 0, 5, 50], 30)).toBe(90);
    expect(pacedWritesDone([7], 30)).toBe(7);
});

test("a write delay long enough makes the team's GitHub writes, not Azure, the end of its up", () => {
    const graphTimes = teamTiming(sim.graph).githubWritesAt;
    // 10 writes 100 s apart: the last one 9 x 100 s after the first, later than the 678 s path.
    const slow = teamTiming(sim.graph, DURATIONS, 100_000);
    expect(slow.githubDoneSeconds).toBe(graphTimes[0] + 9 * 100);
    expect(slow.up.seconds).toBe(slow.githubDoneSeconds);
    // Deleting (or archiving) them is paced too: 8 delays after the first, longer than the 380 s destroy path.
    expect(slow.destroy.seconds).toBeGreaterThanOrEqual(8 * 100);
    expect(teamTiming(sim.graph, DURATIONS, 1000).destroy.seconds).toBe(380);
    // 30 s apart, they are done by 4.5 minutes, long before the path ends.
    const paced = teamTiming(sim.graph, DURATIONS, 30_000);
    expect(paced.githubDoneSeconds).toBe(graphTimes[0] + 9 * 30);
    expect(paced.up.seconds).toBe(678);
});
