/**
 * stop-compute through the real Azure ML SDK client, answered by nock with the published examples
 * of Azure/azure-rest-api-specs specification/machinelearningservices/resource-manager/
 * Microsoft.MachineLearningServices/stable/2022-10-01/examples/ (the client's api-version):
 * - Workspace/get.json (the 2024-04-01 example as tests/event/teardownFixtures.ts quotes it, trimmed
 *   to id, name, type, location, friendlyName, as the one item of a listByResourceGroup page);
 * - Compute/get/ComputeInstance.json (trimmed to what a list shows, state substituted) as items of
 *   a Compute/list.json page (whose own items are AKS computes);
 * - Compute/get/AmlCompute.json VERBATIM but for the names (`amlComputeExample`: Resizing, 0 nodes,
 *   target 1, min 0, max 1); `clusterAt` changes only allocationState, currentNodeCount and
 *   targetNodeCount (said where used);
 * - Compute/stop.json: 202 with no body and no header, as published. Where the stops must be polled
 *   (the overlap test) the 202 carries an Azure-AsyncOperation header (a change: the example has
 *   none) whose GET answers ARM's operation status {"status":"Succeeded"} (Azure/azure-resource-
 *   manager-rpc v1.0/async-api-reference.md, as tests/event/teardownFixtures.ts cites it);
 * - Compute/patch.json: its request (scaleSettings with nodeIdleTimeBeforeScaleDown) and its 200
 *   answer as published (provisioningState Updating, header Azure-AsyncOperation
 *   "https://management.azure.com/subscriptions/...pathToOperationStatus..." verbatim, which the
 *   SDK polls), names substituted; the operation answers {"status":"Succeeded"} (ARM RPC, above).
 * The 404 body is ARM's ResourceGroupNotFound as quoted in Azure/azure-powershell#12841 (see
 * tests/event/teardownFixtures.ts); the other 404 is ARM's SubscriptionNotFound as a live answer
 * quoted in microsoft/AzureStorageExplorer#4273 (as tests/event/cost.test.ts quotes it). The --restore
 * tests change only the published cluster's scaleSettings (said where). The 409 uses ARM's common
 * error shape with a made-up message.
 * The sign-in failure is @azure/identity's AuthenticationError in the shape it gives MSAL's
 * network_error (status 400, seen under `unshare -n`; tests/preflight/wrongCredentials.test.ts).
 */
import nock from "nock";
import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import { parseRoster } from "../../event/roster";
import { stopCompute } from "../../event/stopCompute/command";
import { FakeCredential } from "../helpers/credential";
import { useNock } from "../helpers/nock";
import { OfflineCredential } from "../helpers/offlineCredential";

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

const CLUSTER = "demo-cpucluster1";

/** Compute/get/AmlCompute.json 200 body VERBATIM, names substituted (compute123, testrg123, workspaces123). */
const amlComputeExample = {
    id: `${ML}/${WS}/computes/${CLUSTER}`,
    type: "Microsoft.MachineLearningServices/workspaces/computes",
    name: CLUSTER,
    location: "eastus2",
    properties: {
        description: "some compute",
        createdOn: "2021-04-01T22:00:00.0000000+00:00",
        modifiedOn: "2021-04-01T22:00:00.0000000+00:00",
        computeType: "AmlCompute",
        provisioningState: "Succeeded",
        properties: {
            vmSize: "STANDARD_NC6",
            vmPriority: "Dedicated",
            osType: "Windows",
            virtualMachineImage: null,
            isolatedNetwork: false,
            subnet: { id: "test-subnet-resource-id" },
            scaleSettings: {
                maxNodeCount: 1,
                minNodeCount: 0,
                nodeIdleTimeBeforeScaleDown: "PT5M",
            },
            remoteLoginPortPublicAccess: "Enabled",
            allocationState: "Resizing",
            allocationStateTransitionTime: "2017-09-27T22:28:08.998Z",
            errors: null,
            currentNodeCount: 0,
            targetNodeCount: 1,
            nodeStateCounts: {
                preparingNodeCount: 0,
                runningNodeCount: 0,
                idleNodeCount: 0,
                unusableNodeCount: 0,
                leavingNodeCount: 0,
                preemptedNodeCount: 0,
            },
            enableNodePublicIp: true,
        },
    },
};

/** The same example with allocationState, currentNodeCount and targetNodeCount CHANGED. */
const clusterAt = (allocationState: string, current: number, target: number) => ({
    ...amlComputeExample,
    properties: {
        ...amlComputeExample.properties,
        properties: {
            ...amlComputeExample.properties.properties,
            allocationState,
            currentNodeCount: current,
            targetNodeCount: target,
        },
    },
});

/** Compute/patch.json 200 answer as published, names substituted. */
const OPERATION = "/subscriptions/...pathToOperationStatus...";
const patchAnswer = {
    id: amlComputeExample.id,
    type: amlComputeExample.type,
    name: CLUSTER,
    location: amlComputeExample.location,
    properties: {
        description: "some compute",
        computeType: "AmlCompute",
        provisioningState: "Updating",
    },
};
/** ARM's operation status (Azure/azure-resource-manager-rpc v1.0/async-api-reference.md). */
const succeeded = { status: "Succeeded" };

const ml = () => new AzureMachineLearningWorkspaces(new FakeCredential(), SUB);

/** The team's workspace page and its computes page. */
function listed(computes: unknown[]): void {
    nock(ARM).get(ML).query(Q).reply(200, workspacePage);
    nock(ARM).get(`${ML}/${WS}/computes`).query(Q).reply(200, { value: computes });
}

async function run(teams: string[] = ["alpha"], client: () => AzureMachineLearningWorkspaces = ml) {
    let text = "";
    const code = await stopCompute(
        roster,
        { teams },
        { ml: client, out: (t) => (text += t), lroIntervalMs: 0 },
    );
    return { code, text };
}

// Written out: `refresh` then `up` would replace the computes (replaceOnChanges, NOTES.md).
const RESTORE =
    "restore with: npm run event -- stop-compute stacks/oh2026.yaml --restore --team alpha";

test("stops a running instance, empties the published Resizing cluster (0 nodes, target 1), reports what Azure says after", async () => {
    listed([
        instance("ci-alice-cabc123", "Running"),
        instance("ci-old-cabc123", "Stopped"),
        amlComputeExample,
    ]);
    const stop = nock(ARM).post(`${ML}/${WS}/computes/ci-alice-cabc123/stop`).query(Q).reply(202);
    // stop.json's 202 has no polling header: the instance is read back (state changed: Stopping).
    const instanceRead = nock(ARM)
        .get(`${ML}/${WS}/computes/ci-alice-cabc123`)
        .query(Q)
        .reply(200, instance("ci-alice-cabc123", "Stopping"));
    let patched: unknown;
    nock(ARM)
        .patch(`${ML}/${WS}/computes/${CLUSTER}`, (b: unknown) => {
            patched = b;
            return true;
        })
        .query(Q)
        .reply(200, patchAnswer, { "Azure-AsyncOperation": `${ARM}${OPERATION}` });
    const polled = nock(ARM).get(OPERATION).query(true).reply(200, succeeded);
    // Read after the update (changed: Resizing down, 2 nodes leaving, target 0).
    const reread = nock(ARM)
        .get(`${ML}/${WS}/computes/${CLUSTER}`)
        .query(Q)
        .times(2)
        .reply(200, clusterAt("Resizing", 2, 0));
    const { code, text } = await run();
    expect(code).toBe(0);
    expect(stop.isDone() && polled.isDone() && reread.isDone() && instanceRead.isDone()).toBe(true);
    // patch.json's request shape: the idle time sent back as it was.
    expect(patched).toEqual({
        properties: {
            properties: {
                scaleSettings: {
                    minNodeCount: 0,
                    maxNodeCount: 0,
                    nodeIdleTimeBeforeScaleDown: "PT5M",
                },
            },
        },
    });
    expect(text.split("\n")).toEqual([
        "alpha\tci-alice-cabc123\tinstance\tstopping\twas Running; stop accepted, Azure says Stopping",
        "alpha\tci-old-cabc123\tinstance\talready\tStopped",
        `alpha\t${CLUSTER}\tcluster\tscaled-to-zero\thad Resizing, 0 node(s), target 1; now target 0, 2 node(s) still leaving; was min 0, max 1, idle PT5M; ${RESTORE}`,
        "stop-compute: 0 instance(s) stopped, 1 stopping (stop accepted), 1 cluster(s) set to 0 nodes, 1 already idle, 0 not stopped (creating: run again), 0 left as they are (see their state), 0 team(s) with nothing deployed, 0 failed; nothing deleted",
        "",
    ]);
});

test("a cluster that Azure still says is growing after the update is a failure, with its restore", async () => {
    // Steady with 1 node and target 1 (changed): not idle, so PATCHed; read back unchanged.
    listed([clusterAt("Steady", 1, 1)]);
    nock(ARM)
        .patch(`${ML}/${WS}/computes/${CLUSTER}`)
        .query(Q)
        .reply(200, patchAnswer, { "Azure-AsyncOperation": `${ARM}${OPERATION}` });
    nock(ARM).get(OPERATION).query(true).reply(200, succeeded);
    nock(ARM)
        .get(`${ML}/${WS}/computes/${CLUSTER}`)
        .query(Q)
        .times(2)
        .reply(200, clusterAt("Steady", 1, 1));
    const { code, text } = await run();
    expect(code).toBe(1);
    expect(text).toContain(
        `alpha\t${CLUSTER}\tcluster\tfailed\tupdated to max 0 but Azure says target 1, 1 node(s) still leaving; was min 0, max 1, idle PT5M; ${RESTORE}`,
    );
});

test("run again when all is idle (cluster Steady, 0 nodes, target 0): no stop, no patch, exit 0", async () => {
    listed([instance("ci-alice-cabc123", "Stopped"), clusterAt("Steady", 0, 0)]);
    const { code, text } = await run();
    expect(code).toBe(0);
    expect(text).toContain(
        `${CLUSTER}\tcluster\talready\tSteady, 0 node(s), target 0 (max 1 kept)`,
    );
    expect(text).toContain(
        "0 instance(s) stopped, 0 stopping (stop accepted), 0 cluster(s) set to 0 nodes, 2 already idle",
    );
});

test("an instance being created is not stopped (exit 1, run again); failed or unusable ones are counted as left", async () => {
    listed([
        instance("ci-a-cabc123", "Creating"),
        instance("ci-b-cabc123", "CreateFailed"),
        instance("ci-c-cabc123", "Unusable"),
    ]);
    const { code, text } = await run();
    expect(code).toBe(1);
    expect(text).toContain(
        "alpha\tci-a-cabc123\tinstance\tnot-stopped\tnot stopped (creating): run again once it is created",
    );
    expect(text).toContain(
        "alpha\tci-c-cabc123\tinstance\tleft\tstate Unusable: not a state that can be stopped",
    );
    expect(text).toContain(
        "1 not stopped (creating: run again), 2 left as they are (see their state)",
    );
});

test("instances whose setup failed may hold a VM: the stop is tried and Azure's answer reported", async () => {
    listed([instance("ci-a-cabc123", "SetupFailed"), instance("ci-b-cabc123", "UserSetupFailed")]);
    nock(ARM)
        .post(`${ML}/${WS}/computes/ci-a-cabc123/stop`)
        .query(Q)
        .reply(409, { error: { code: "Conflict", message: "The compute is busy." } });
    nock(ARM).post(`${ML}/${WS}/computes/ci-b-cabc123/stop`).query(Q).reply(202);
    nock(ARM)
        .get(`${ML}/${WS}/computes/ci-b-cabc123`)
        .query(Q)
        .reply(200, instance("ci-b-cabc123", "Stopped"));
    const { code, text } = await run();
    expect(code).toBe(1);
    expect(text).toContain("alpha\tci-a-cabc123\tinstance\tfailed\t409: The compute is busy.");
    expect(text).toContain(
        "alpha\tci-b-cabc123\tinstance\tstopped\twas UserSetupFailed; Azure says Stopped",
    );
});

test("a stop accepted while Azure still says Running is a failure, not 'stopped'", async () => {
    listed([instance("ci-alice-cabc123", "Running")]);
    nock(ARM).post(`${ML}/${WS}/computes/ci-alice-cabc123/stop`).query(Q).reply(202);
    nock(ARM)
        .get(`${ML}/${WS}/computes/ci-alice-cabc123`)
        .query(Q)
        .reply(200, instance("ci-alice-cabc123", "Running"));
    const { code, text } = await run();
    expect(code).toBe(1);
    expect(text).toContain(
        "alpha\tci-alice-cabc123\tinstance\tfailed\twas Running; stop accepted but Azure says Running",
    );
});

test("every stop is started before the first is awaited (they overlap)", async () => {
    // The SDK's begin* sends the request and polls once (LroEngine, then poller.poll()): each
    // operation answers InProgress to that first poll and Succeeded to the next.
    listed([instance("ci-a-cabc123", "Running"), instance("ci-b-cabc123", "Running")]);
    let posts = 0;
    const postsWhenSucceeded: number[] = [];
    for (const name of ["ci-a-cabc123", "ci-b-cabc123"]) {
        nock(ARM)
            .post(`${ML}/${WS}/computes/${name}/stop`)
            .query(Q)
            .reply(() => {
                posts++;
                return [202, "", { "Azure-AsyncOperation": `${ARM}/operations/${name}` }];
            });
        nock(ARM)
            .get(`/operations/${name}`)
            .query(true)
            .reply(200, { status: "InProgress" })
            .get(`/operations/${name}`)
            .query(true)
            .reply(() => {
                postsWhenSucceeded.push(posts);
                return [200, succeeded];
            });
        nock(ARM)
            .get(`${ML}/${WS}/computes/${name}`)
            .query(Q)
            .reply(200, instance(name, "Stopped"));
    }
    const { code, text } = await run();
    expect(code).toBe(0);
    // One at a time, the first stop would succeed before the second was sent ([1, 2]).
    expect(postsWhenSucceeded).toEqual([2, 2]);
    expect(text).toContain("2 instance(s) stopped");
});

test("a 404 that is not ResourceGroupNotFound (a mistyped subscription) is a failure, not absent", async () => {
    nock(ARM)
        .get(ML)
        .query(Q)
        .reply(404, {
            error: {
                code: "SubscriptionNotFound",
                message: `The subscription '${SUB}' could not be found.`,
            },
        });
    const { code, text } = await run();
    expect(code).toBe(1);
    expect(text).toContain(
        `alpha\t-\t-\tfailed\t404: The subscription '${SUB}' could not be found.`,
    );
    expect(text).toContain("0 team(s) with nothing deployed, 1 failed");
});

test("429 on the list is retried after Retry-After; a team without a group (404) is reported absent and counted", async () => {
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
    expect(text).toContain("1 team(s) with nothing deployed");
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

test("a sign-in that cannot reach Entra ID is said as such, once, and no further team is asked", async () => {
    const offline = new OfflineCredential();
    const { code, text } = await run([], () => new AzureMachineLearningWorkspaces(offline, SUB));
    expect(code).toBe(1);
    expect(offline.asked).toBe(1);
    const [alpha, beta] = text.split("\n");
    expect(alpha).toMatch(/^alpha\t-\t-\tfailed\tcould not reach Entra ID to sign in \(/);
    expect(alpha).not.toContain("400");
    expect(beta).toMatch(/^beta\t-\t-\tfailed\tnot asked: could not reach Entra ID to sign in \(/);
});

test("an unknown team is a usage error before any call", async () => {
    const { code, text } = await run(["gamma"]);
    expect(code).toBe(2);
    expect(text).toBe(
        "stop-compute: --team gamma: not a team of this roster (known: alpha, beta)\n",
    );
});

/** The published cluster with its scale settings CHANGED (what stop-compute leaves, or the program's). */
const clusterScaled = (name: string, scaleSettings: Record<string, unknown>) => ({
    ...amlComputeExample,
    id: `${ML}/${WS}/computes/${name}`,
    name,
    properties: {
        ...amlComputeExample.properties,
        properties: {
            ...amlComputeExample.properties.properties,
            allocationState: "Steady",
            targetNodeCount: 0,
            scaleSettings,
        },
    },
});
const STOPPED_SCALE = { maxNodeCount: 0, minNodeCount: 0, nodeIdleTimeBeforeScaleDown: "PT5M" };
/** The program's settings for this roster (compute.clusterMaxNodes defaults to 2; components/clusterScale.ts). */
const PROGRAM_SCALE = { minNodeCount: 0, maxNodeCount: 2, nodeIdleTimeBeforeScaleDown: "PT120S" };

async function restore(teams: string[] = ["alpha"]) {
    const { restoreClusters } = await import("../../event/stopCompute/restore");
    let text = "";
    const code = await restoreClusters(
        roster,
        { teams },
        { ml, out: (t) => (text += t), lroIntervalMs: 0 },
    );
    return { code, text };
}

/** A stopped cluster listed, its PATCH accepted and done, and `after` read back. */
function stoppedThenPatched(after: typeof PROGRAM_SCALE): void {
    listed([clusterScaled(CLUSTER, STOPPED_SCALE)]);
    nock(ARM)
        .patch(`${ML}/${WS}/computes/${CLUSTER}`)
        .query(Q)
        .reply(200, patchAnswer, { "Azure-AsyncOperation": `${ARM}${OPERATION}` });
    nock(ARM).get(OPERATION).query(true).reply(200, succeeded);
    nock(ARM)
        .get(`${ML}/${WS}/computes/${CLUSTER}`)
        .query(Q)
        .times(2)
        .reply(200, clusterScaled(CLUSTER, after));
}

describe("--restore", () => {
    test("PATCHes the program's cluster back to the roster's min, max and idle time, reads it back, starts no instance", async () => {
        listed([
            instance("ci-alice-cabc123", "Stopped"),
            clusterScaled(CLUSTER, STOPPED_SCALE),
            clusterScaled("my-own-cluster", STOPPED_SCALE),
        ]);
        let patched: unknown;
        nock(ARM)
            .patch(`${ML}/${WS}/computes/${CLUSTER}`, (b: unknown) => {
                patched = b;
                return true;
            })
            .query(Q)
            .reply(200, patchAnswer, { "Azure-AsyncOperation": `${ARM}${OPERATION}` });
        nock(ARM).get(OPERATION).query(true).reply(200, succeeded);
        const reread = nock(ARM)
            .get(`${ML}/${WS}/computes/${CLUSTER}`)
            .query(Q)
            .times(2)
            .reply(200, clusterScaled(CLUSTER, PROGRAM_SCALE));
        // No stop or start of the instance, no PATCH of the participants' cluster: nock refuses
        // any request not declared here (disableNetConnect) and fails on any left pending.
        const { code, text } = await restore();
        expect(code).toBe(0);
        expect(reread.isDone()).toBe(true);
        expect(patched).toEqual({ properties: { properties: { scaleSettings: PROGRAM_SCALE } } });
        expect(text.split("\n")).toEqual([
            `alpha\t${CLUSTER}\trestored\twas min 0, max 0, idle PT5M; now min 0, max 2, idle PT120S`,
            "alpha\tmy-own-cluster\tleft\tmax 0: not the program's cluster, its own values are not known here (stop-compute printed them); set them back by hand",
            "stop-compute --restore: 1 cluster(s) restored to min 0, max 2, idle PT120S, 0 already so, 0 absent, 1 other cluster(s) left at max 0, 0 failed; no instance started (members start their own)",
            "",
        ]);
    });

    test("a cluster already at the program's settings is left; a PATCH Azure does not apply is a failure", async () => {
        listed([clusterScaled(CLUSTER, PROGRAM_SCALE)]);
        const first = await restore();
        expect(first.code).toBe(0);
        expect(first.text).toContain(`alpha\t${CLUSTER}\talready\tmin 0, max 2, idle PT120S`);

        stoppedThenPatched(STOPPED_SCALE);
        const second = await restore();
        expect(second.code).toBe(1);
        expect(second.text).toContain(
            `alpha\t${CLUSTER}\tfailed\tupdated, but Azure says min 0, max 0, idle PT5M (asked min 0, max 2, idle PT120S)`,
        );
    });

    test("an idle time Azure reads back in another ISO 8601 spelling (PT2M for PT120S) is the same setting", async () => {
        const normalised = { ...PROGRAM_SCALE, nodeIdleTimeBeforeScaleDown: "PT2M" };
        listed([clusterScaled(CLUSTER, normalised)]);
        const first = await restore();
        expect(first.code).toBe(0);
        expect(first.text).toContain(`alpha\t${CLUSTER}\talready\tmin 0, max 2, idle PT2M`);

        stoppedThenPatched(normalised);
        const second = await restore();
        expect(second.code).toBe(0);
        expect(second.text).toContain(
            `alpha\t${CLUSTER}\trestored\twas min 0, max 0, idle PT5M; now min 0, max 2, idle PT2M`,
        );
    });

    test("a team without a group is absent; a mistyped subscription (SubscriptionNotFound) fails", async () => {
        nock(ARM)
            .get(ML)
            .query(Q)
            .reply(404, {
                error: {
                    code: "SubscriptionNotFound",
                    message: `The subscription '${SUB}' could not be found.`,
                },
            });
        nock(ARM)
            .get(ML.replace(RG, "rg-oh2026-beta"))
            .query(Q)
            .reply(404, {
                error: {
                    code: "ResourceGroupNotFound",
                    message: "Resource group 'rg-oh2026-beta' could not be found.",
                },
            });
        const { code, text } = await restore([]);
        expect(code).toBe(1);
        expect(text).toContain(
            `alpha\t-\tfailed\t404: The subscription '${SUB}' could not be found.`,
        );
        expect(text).toContain(
            "beta\t-\tabsent\tno resource group rg-oh2026-beta (not deployed, or torn down)",
        );
    });
});
