/**
 * stop-compute through the real Azure ML SDK client, answered by nock with the published examples
 * of Azure/azure-rest-api-specs specification/machinelearningservices/resource-manager/
 * Microsoft.MachineLearningServices/stable/2022-10-01/examples/ (the client's api-version):
 * Workspace/get.json (the 2024-04-01 example as tests/event/teardownFixtures.ts quotes it, trimmed to
 * id, name, type, location, friendlyName, as the one item of a listByResourceGroup page),
 * Compute/get/ComputeInstance.json
 * and Compute/get/AmlCompute.json (as items of a Compute/list.json page, whose own items are AKS
 * computes), Compute/stop.json (202, no body) and Compute/patch.json (200 body). Names substituted.
 * The 404 body is ARM's ResourceGroupNotFound as quoted in Azure/azure-powershell#12841 (see
 * tests/event/teardownFixtures.ts); the 409 uses ARM's common error shape with a made-up message.
 */
import nock from "nock";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { parseRoster } from "../../event/roster";
import { stopCompute } from "../../event/stopCompute/command";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";

useNock({ failOnPending: true });

const SUB = "34adfa4f-cedf-4dc0-ba29-b6d1a69ab345";
const ARM = "https://management.azure.com";
const WS = "oh2026-alpha-abc123";
const RG = "rg-oh2026-alpha";
const ML = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.MachineLearningServices/workspaces`;
const Q = { "api-version": "2022-10-01" };

const roster = parseRoster(
    `event:
  name: oh2026
  endsOn: "2026-12-05"
  github: { owner: contoso-hack }
  budget: { amount: 100 }
teams:
  - name: alpha
    subscriptionId: ${SUB}
    members: [{ github: alice, objectId: 4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7a }]
  - name: beta
    subscriptionId: ${SUB}
    members: [{ github: bob, objectId: 4f8f2a9e-2b7c-4d1e-9a55-0c3f6f1e2d7b }]
`,
    "stacks/oh2026.yaml",
);

/** Workspace/get.json 200 body (2024-04-01, see above), id and name substituted, trimmed, in a list page. */
const workspacePage = {
    value: [
        {
            id: `${ML}/${WS}`,
            name: WS,
            type: "Microsoft.MachineLearningServices/workspaces",
            location: "eastus2euap",
            properties: { friendlyName: "HelloName", provisioningState: "Succeeded" },
        },
    ],
};

/** Compute/get/ComputeInstance.json 200 body (trimmed to what a list shows), name and state substituted. */
const instance = (name: string, state: string) => ({
    id: `${ML}/${WS}/computes/${name}`,
    type: "Microsoft.MachineLearningServices/workspaces/computes",
    name,
    location: "eastus2",
    properties: {
        description: "some compute",
        computeType: "ComputeInstance",
        provisioningState: "Succeeded",
        properties: { vmSize: "STANDARD_NC6", state },
    },
});

/** Compute/get/AmlCompute.json 200 body (trimmed), name and node counts substituted. */
const cluster = (nodes: number, min = 0) => ({
    id: `${ML}/${WS}/computes/demo-cpucluster1`,
    type: "Microsoft.MachineLearningServices/workspaces/computes",
    name: "demo-cpucluster1",
    location: "eastus2",
    properties: {
        description: "some compute",
        computeType: "AmlCompute",
        provisioningState: "Succeeded",
        properties: {
            vmSize: "STANDARD_NC6",
            vmPriority: "Dedicated",
            scaleSettings: {
                maxNodeCount: 2,
                minNodeCount: min,
                nodeIdleTimeBeforeScaleDown: "PT5M",
            },
            allocationState: "Steady",
            currentNodeCount: nodes,
            targetNodeCount: nodes,
        },
    },
});

const ml = () => new AzureMachineLearningWorkspaces(new FakeCredential(), SUB);

/** The team's workspace page and its computes page. */
function listed(computes: unknown[]): void {
    nock(ARM).get(ML).query(Q).reply(200, workspacePage);
    nock(ARM).get(`${ML}/${WS}/computes`).query(Q).reply(200, { value: computes });
}

async function run(teams: string[] = ["alpha"]) {
    let text = "";
    const code = await stopCompute(roster, { teams }, { ml, out: (t) => (text += t) });
    return { code, text };
}

test("stops a running instance, empties a busy cluster, leaves a stopped instance; deletes nothing", async () => {
    nock(ARM).get(ML).query(Q).reply(200, workspacePage);
    nock(ARM)
        .get(`${ML}/${WS}/computes`)
        .query(Q)
        .reply(200, {
            value: [
                instance("ci-alice-cabc123", "Running"),
                instance("ci-old-cabc123", "Stopped"),
                cluster(2),
            ],
        });
    const stop = nock(ARM).post(`${ML}/${WS}/computes/ci-alice-cabc123/stop`).query(Q).reply(202);
    let patched: unknown;
    const patch = nock(ARM)
        .patch(`${ML}/${WS}/computes/demo-cpucluster1`, (b: unknown) => {
            patched = b;
            return true;
        })
        .query(Q)
        .reply(200, {
            id: `${ML}/${WS}/computes/demo-cpucluster1`,
            type: "Microsoft.MachineLearningServices/workspaces/computes",
            name: "demo-cpucluster1",
            location: "eastus2",
            properties: {
                description: "some compute",
                computeType: "AmlCompute",
                provisioningState: "Succeeded",
            },
        });
    const { code, text } = await run();
    expect(code).toBe(0);
    expect(stop.isDone() && patch.isDone()).toBe(true);
    expect(patched).toEqual({
        properties: { properties: { scaleSettings: { minNodeCount: 0, maxNodeCount: 0 } } },
    });
    expect(text.split("\n")).toEqual([
        "alpha\tci-alice-cabc123\tinstance\tstopped\twas Running",
        "alpha\tci-old-cabc123\tinstance\talready\tStopped",
        `alpha\tdemo-cpucluster1\tcluster\tscaled-to-zero\thad 2 node(s), min 0; restore with: az ml compute update -n demo-cpucluster1 -g ${RG} -w ${WS} --max-instances 2`,
        "stop-compute: 1 instance(s) stopped, 1 cluster(s) scaled to 0, 1 already idle, 0 failed; nothing deleted",
        "",
    ]);
});

test("run again when all is idle: no stop, no patch, exit 0", async () => {
    listed([instance("ci-alice-cabc123", "Stopped"), cluster(0)]);
    const { code, text } = await run();
    expect(code).toBe(0);
    expect(text).toContain(
        "0 instance(s) stopped, 0 cluster(s) scaled to 0, 2 already idle, 0 failed",
    );
});

test("429 on the list is retried after Retry-After; a team without a group (404) is reported absent", async () => {
    nock(ARM).get(ML).query(Q).reply(429, {}, { "Retry-After": "0" });
    nock(ARM).get(ML).query(Q).reply(200, workspacePage);
    nock(ARM).get(`${ML}/${WS}/computes`).query(Q).reply(200, { value: [] });
    nock(ARM)
        .get(ML.replace(RG, "rg-oh2026-beta"))
        .query(Q)
        .reply(404, {
            error: {
                code: "ResourceGroupNotFound",
                message: "Resource group 'rg-oh2026-beta' could not be found.",
            },
        });
    const { code, text } = await run([]);
    expect(code).toBe(0);
    expect(text).toContain(
        "beta\t-\t-\tabsent\tno resource group rg-oh2026-beta (not deployed, or torn down)",
    );
});

test("a stop Azure refuses is reported with its status and makes the exit code 1", async () => {
    listed([instance("ci-alice-cabc123", "Running")]);
    nock(ARM)
        .post(`${ML}/${WS}/computes/ci-alice-cabc123/stop`)
        .query(Q)
        .reply(409, { error: { code: "Conflict", message: "The compute is busy." } });
    const { code, text } = await run();
    expect(code).toBe(1);
    expect(text).toContain("alpha\tci-alice-cabc123\tinstance\tfailed\t409: The compute is busy.");
});

test("an unknown team is a usage error before any call", async () => {
    const { code, text } = await run(["gamma"]);
    expect(code).toBe(2);
    expect(text).toBe(
        "stop-compute: --team gamma: not a team of this roster (known: alpha, beta)\n",
    );
});
