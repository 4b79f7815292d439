/**
 * The fair-share policy as the real team program registers it (1, 3 and 8 members): a definition
 * and its assignment on the team's group, the stack's own computes evaluated against the assigned
 * `if` (they must pass), and computes or deployments one step beyond the limits (they must match,
 * i.e. be refused). A change that widens the rule or its values turns one of these red.
 */
import { simulateTeamStack } from "../../offline/simulate";
import type { RecordedResource } from "../../offline/mockCloud";
import {
    evaluateCondition,
    type ArmResource,
    type ParameterValues,
} from "../../policy/azurePolicyRule";
import {
    COMPUTE_TYPE,
    DEPLOYMENT_TYPE,
    ENDPOINT_TYPE,
    FAIR_SHARE_ALIAS_LIST,
    WORKSPACE_TYPE,
} from "../../policy/mlAliases";
import { checkComputesPassFairShare } from "../../policy/fairShareStackRule";
import { fromMockResource } from "../../policy/evaluate";
import { patchedResource } from "../../policy/mergePatch";
import { clusterScaleSettings } from "../../components/clusterScale";
import type { EventInput } from "../../stacks/schema";
import { validSample } from "../helpers/fixtures";

const DEFINITION = "azure-native:authorization:PolicyDefinition";
const ASSIGNMENT = "azure-native:authorization:PolicyAssignment";
const COMPUTE = "azure-native:machinelearningservices:Compute";
const ENDPOINT = "azure-native:machinelearningservices:OnlineEndpoint";
const WORKSPACE = "azure-native:machinelearningservices:Workspace";

interface Registered {
    readonly resources: readonly RecordedResource[];
    readonly rule: { if: unknown; then: { effect: string } };
    readonly parameters: ParameterValues;
    readonly computes: readonly ArmResource[];
    readonly endpoints: readonly ArmResource[];
    readonly workspaces: readonly ArmResource[];
}

async function registered(members: number, event: Partial<EventInput> = {}): Promise<Registered> {
    const sim = await simulateTeamStack(validSample(members, event));
    const definitions = sim.resources.filter((r) => r.type === DEFINITION);
    const assignments = sim.resources.filter((r) => r.type === ASSIGNMENT);
    expect(definitions).toHaveLength(1);
    expect(assignments).toHaveLength(1);
    /** The registered resources of `type` as ARM receives them (`type`, own name, body). */
    const arm = (type: string, armType: string, nameInput: string): ArmResource[] =>
        sim.resources
            .filter((r) => r.type === type)
            .map((r) => ({
                type: armType,
                name: String(r.inputs[nameInput]),
                body: { properties: r.inputs.properties as Record<string, unknown> },
            }));
    const computes = arm(COMPUTE, COMPUTE_TYPE, "computeName");
    const endpoints = arm(ENDPOINT, ENDPOINT_TYPE, "endpointName");
    const workspaces = arm(WORKSPACE, WORKSPACE_TYPE, "workspaceName");
    return {
        resources: sim.resources,
        rule: definitions[0].inputs.policyRule as Registered["rule"],
        parameters: assignments[0].inputs.parameters as ParameterValues,
        computes,
        endpoints,
        workspaces,
    };
}

const refuses = (r: Registered, resource: ArmResource): boolean =>
    evaluateCondition(r.rule.if, resource, r.parameters, FAIR_SHARE_ALIAS_LIST);

/** A copy of `resource` with `path` of its body set to `value`. */
function withBody(resource: ArmResource, path: string, value: unknown): ArmResource {
    const body = structuredClone(resource.body) as Record<string, unknown>;
    const keys = path.split(".");
    let node = body;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    node[keys[keys.length - 1]] = value;
    return { ...resource, body };
}

const deployment = (instanceType: string, capacity: number, name = "blue"): ArmResource => ({
    type: DEPLOYMENT_TYPE,
    name,
    body: {
        sku: { name: "Default", capacity },
        properties: { endpointComputeType: "Managed", instanceType },
    },
});

describe.each([1, 3, 8])("%i member(s)", (members) => {
    let r: Registered;
    beforeAll(async () => {
        r = await registered(members);
    });

    test("one definition in the subscription and one assignment on the team's group, Deny by default", () => {
        const definition = r.resources.find((x) => x.type === DEFINITION);
        const assignment = r.resources.find((x) => x.type === ASSIGNMENT);
        const group = r.resources.find((x) => x.type === "azure-native:resources:ResourceGroup");
        expect(definition?.inputs.policyDefinitionName).toBe("fair-share-oh4mltest-team01");
        expect(definition?.inputs.mode).toBe("All");
        expect(r.rule.then).toEqual({ effect: "[parameters('effect')]" });
        expect(r.parameters.effect).toEqual({ value: "Deny" });
        expect(assignment?.inputs.scope).toBe(group?.id);
        expect(assignment?.inputs.policyDefinitionId).toBe(definition?.id);
    });

    test("allowed names: the cluster and exactly one instance per member", () => {
        const names = r.parameters.computeNames.value as string[];
        expect(names).toHaveLength(1 + members);
        expect(names[0]).toBe("demo-cpucluster1");
        expect([...names].sort()).toEqual(r.computes.map((c) => c.name).sort());
    });

    test("every compute the stack registers passes its own policy", () => {
        expect(r.computes).toHaveLength(1 + members);
        for (const compute of r.computes) expect(refuses(r, compute)).toBe(false);
    });

    test("the pack's stack rule finds nothing in the registered stack", () => {
        const resources = r.resources.map((x) =>
            fromMockResource({ type: x.type, name: x.name, inputs: x.inputs, id: x.id }),
        );
        expect(checkComputesPassFairShare(resources)).toEqual([]);
    });

    test("one step beyond each limit is refused", () => {
        const cluster = r.computes.find((c) => c.name === "demo-cpucluster1")!;
        const instance = r.computes.find((c) => c.name !== "demo-cpucluster1")!;
        expect(
            refuses(r, withBody(cluster, "properties.properties.vmSize", "Standard_D3_v2")),
        ).toBe(true);
        expect(
            refuses(r, withBody(cluster, "properties.properties.scaleSettings.maxNodeCount", 3)),
        ).toBe(true);
        expect(
            refuses(r, withBody(instance, "properties.properties.vmSize", "Standard_D3_v2")),
        ).toBe(true);
        expect(refuses(r, { ...instance, name: "ci-extra-one" })).toBe(true);
        expect(refuses(r, { ...cluster, name: "second-cluster" })).toBe(true);
        expect(refuses(r, withBody(cluster, "properties.computeType", "Kubernetes"))).toBe(true);
        expect(refuses(r, deployment("Standard_DS2_v2", 1))).toBe(false);
        expect(refuses(r, deployment("standard_ds2_v2", 1))).toBe(false);
        expect(refuses(r, deployment("Standard_DS3_v2", 1))).toBe(true);
        expect(refuses(r, deployment("Standard_DS2_v2", 2))).toBe(true);
    });

    test("only the stack's endpoint and only deployments named blue: a team cannot multiply the capped deployment", () => {
        expect(r.endpoints).toHaveLength(1);
        expect(r.parameters.endpointNames).toEqual({ value: [r.endpoints[0].name] });
        expect(refuses(r, r.endpoints[0])).toBe(false);
        expect(refuses(r, { ...r.endpoints[0], name: `${r.endpoints[0].name}x` })).toBe(true);
        expect(refuses(r, deployment("Standard_DS2_v2", 1, "green"))).toBe(true);
        expect(refuses(r, deployment("Standard_DS2_v2", 1, "BLUE"))).toBe(false);
    });

    test("a second workspace, and the allowed cluster in it, are refused; the stack's own workspace passes", () => {
        expect(r.workspaces).toHaveLength(1);
        const own = r.workspaces[0];
        expect(r.parameters.workspaceNames).toEqual({ value: [own.name] });
        expect(refuses(r, own)).toBe(false);
        expect(refuses(r, { ...own, name: own.name.toUpperCase() })).toBe(false);
        // A hub or a project is the same ARM type: refused under any other name.
        expect(refuses(r, { ...own, name: `${own.name}-2` })).toBe(true);
        expect(refuses(r, { ...own, name: "team-hub", body: { kind: "Hub" } })).toBe(true);
        // The compute branch reads the compute's own name: the cluster, exactly as allowed, in a
        // second workspace passes it; the workspace it needs is what is refused.
        const cluster = r.computes.find((c) => c.name === "demo-cpucluster1")!;
        expect(refuses(r, cluster)).toBe(false);
    });

    test("a cluster without scale settings (Azure's default maximum) is refused", () => {
        const cluster = r.computes.find((c) => c.name === "demo-cpucluster1")!;
        expect(
            refuses(r, withBody(cluster, "properties.properties.scaleSettings", undefined)),
        ).toBe(true);
        const { properties: _dropped, ...noProperties } = cluster.body.properties as Record<
            string,
            unknown
        >;
        expect(refuses(r, { ...cluster, body: { properties: noProperties } })).toBe(true);
    });
});

test("endpoint.deploymentNames widens the allowed deployments, and only to those names", async () => {
    const r = await registered(1, { endpoint: { deploymentNames: ["blue", "green"] } });
    expect(r.parameters.deploymentNames).toEqual({ value: ["blue", "green"] });
    expect(refuses(r, deployment("Standard_DS2_v2", 1, "green"))).toBe(false);
    expect(refuses(r, deployment("Standard_DS2_v2", 1, "red"))).toBe(true);
    expect(refuses(r, deployment("Standard_DS2_v2", 2, "green"))).toBe(true);
});

test("every compute waits for the fair-share assignment, so it is never sent before the policy exists", async () => {
    const sim = await simulateTeamStack(validSample(3));
    const assignment = sim.graph.filter((n) => n.type === ASSIGNMENT);
    expect(assignment).toHaveLength(1);
    const computes = sim.graph.filter((n) => n.type === COMPUTE);
    expect(computes).toHaveLength(4);
    for (const compute of computes) expect(compute.dependencies).toContain(assignment[0].urn);
});

test("the pack's rule reports a stack whose own endpoint its policy would refuse", async () => {
    const r = await registered(1);
    const resources = r.resources.map((x) => {
        const inputs = structuredClone(x.inputs);
        if (x.type === ENDPOINT) inputs.endpointName = "another-endpoint";
        return fromMockResource({ type: x.type, name: x.name, inputs, id: x.id });
    });
    expect(checkComputesPassFairShare(resources).map((f) => f.message)).toEqual([
        'online endpoint "another-endpoint" breaks the stack\'s own fair-share policy "team01-fair-share-assignment": Azure would refuse it (or report it, with effect audit)',
    ]);
});

test("audit, a larger cluster and two endpoint instances reach the assignment's values", async () => {
    const r = await registered(2, {
        guard: { effect: "audit" },
        compute: { clusterMaxNodes: 4, clusterVmSize: "Standard_D3_v2" },
        endpoint: { maxInstances: 2 },
    });
    expect(r.parameters.effect).toEqual({ value: "Audit" });
    const cluster = r.computes.find((c) => c.name === "demo-cpucluster1")!;
    expect(refuses(r, cluster)).toBe(false);
    expect(
        refuses(r, withBody(cluster, "properties.properties.scaleSettings.maxNodeCount", 5)),
    ).toBe(true);
    expect(refuses(r, deployment("Standard_DS2_v2", 2))).toBe(false);
    expect(refuses(r, deployment("Standard_DS2_v2", 3))).toBe(true);
});

test("without instances per member no instance name is allowed (the plan counts none)", async () => {
    const r = await registered(3, { compute: { instancePerMember: false } });
    expect(r.parameters.computeNames).toEqual({ value: ["demo-cpucluster1"] });
    expect(r.computes.map((c) => c.name)).toEqual(["demo-cpucluster1"]);
});

test("the pack's rule reports a stack whose own compute its policy would refuse", async () => {
    const r = await registered(1);
    const resources = r.resources.map((x) => {
        const inputs = structuredClone(x.inputs);
        if (x.type === COMPUTE && inputs.computeName === "demo-cpucluster1")
            (inputs.properties as { properties: { vmSize: string } }).properties.vmSize =
                "Standard_D4_v2";
        return fromMockResource({ type: x.type, name: x.name, inputs, id: x.id });
    });
    const findings = checkComputesPassFairShare(resources);
    expect(findings.map((f) => f.message)).toEqual([
        'compute "demo-cpucluster1" breaks the stack\'s own fair-share policy "team01-fair-share-assignment": Azure would refuse it (or report it, with effect audit)',
    ]);
});

test("the pack's rule evaluates the stack's workspace too: another name than the assigned one is reported", async () => {
    const r = await registered(1);
    const resources = r.resources.map((x) => {
        const inputs = structuredClone(x.inputs);
        if (x.type === WORKSPACE) inputs.workspaceName = "another-workspace";
        return fromMockResource({ type: x.type, name: x.name, inputs, id: x.id });
    });
    expect(checkComputesPassFairShare(resources).map((f) => f.message)).toEqual([
        'workspace "another-workspace" breaks the stack\'s own fair-share policy "team01-fair-share-assignment": Azure would refuse it (or report it, with effect audit)',
    ]);
});

describe("stop-compute and --restore PATCH the cluster's scaleSettings only", () => {
    // The bodies as they go on the wire (tests/event/stopCompute.test.ts asserts the same shape).
    const wire = (scaleSettings: object) => ({ properties: { properties: { scaleSettings } } });
    const stop = wire({ minNodeCount: 0, maxNodeCount: 0, nodeIdleTimeBeforeScaleDown: "PT120S" });
    let r: Registered;
    let cluster: ArmResource;
    beforeAll(async () => {
        r = await registered(2, { compute: { clusterMaxNodes: 3 } });
        cluster = r.computes.find((c) => c.name === "demo-cpucluster1")!;
    });

    test("judged by the patched cluster (an ASSUMPTION, docs/fair-share.md), the stop and the restore pass", () => {
        const stopped = patchedResource(cluster, stop);
        expect(stopped.body).toMatchObject({
            properties: {
                computeType: "AmlCompute",
                properties: { vmSize: "Standard_D2_v2", scaleSettings: { maxNodeCount: 0 } },
            },
        });
        expect(refuses(r, stopped)).toBe(false);
        expect(refuses(r, patchedResource(stopped, wire(clusterScaleSettings(3))))).toBe(false);
        // A restore to more than the assigned maximum would be refused.
        expect(refuses(r, patchedResource(stopped, wire(clusterScaleSettings(4))))).toBe(true);
    });

    test("judged by the request body alone, the team's own Deny would refuse the emergency stop", () => {
        expect(refuses(r, { ...cluster, body: stop })).toBe(true);
    });
});
