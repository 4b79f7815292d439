/**
 * A compliant team stack as the policies see it, built the way the harness builds it: mock
 * registrations (inputs, secrets as RPC envelopes) through `fromMockResource`. Each policy test breaks
 * one property of it and asserts the exact violations, so a test fails if a rule stops firing, fires
 * on the wrong resource, or starts firing on the compliant stack.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { fromMockResource, type PolicyResource } from "../../policy/evaluate";
import { isRecord } from "../../policy/props";
import { FAIR_SHARE_RULE, fairShareParameterValues } from "../../components/fairShareRule";

export const EVENT = "oh2026";
export const TEAM = "alpha";
export const ENDS_ON = "2026-12-05";
export const SUB = "00000000-0000-0000-0000-000000000001";
export const TENANT = "00000000-0000-0000-0000-0000000000aa";
export const RG_NAME = `rg-${EVENT}-${TEAM}`;
export const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG_NAME}`;
export const STORAGE_NAME = "oh2026alphaabc123";
export const CONTRIBUTOR = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
export const FAIR_SHARE_ID = `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyDefinitions/fair-share-${EVENT}-${TEAM}`;
export const OWNER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`;

/** An RPC secret envelope, as Pulumi mocks receive a `pulumi.secret` input. */
export const secret = (value: unknown): Record<string, unknown> => ({
    [specialSigKey]: specialSecretSig,
    value,
});

export const urnOf = (type: string, name: string): string =>
    `urn:pulumi:test::openhack-mlops::${type}::${name}`;

const tags = { event: EVENT, team: TEAM, endsOn: ENDS_ON, "managed-by": "openhack-mlops" };

const T = {
    rg: "azure-native:resources:ResourceGroup",
    storage: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    container: "azure-native:storage:BlobContainer",
    vault: "azure-native:keyvault:Vault",
    registry: "azure-native:containerregistry:Registry",
    logs: "azure-native:operationalinsights:Workspace",
    insights: "azure-native:applicationinsights:Component",
    workspace: "azure-native:machinelearningservices:Workspace",
    compute: "azure-native:machinelearningservices:Compute",
    endpoint: "azure-native:machinelearningservices:OnlineEndpoint",
    datastore: "azure-native:machinelearningservices:Datastore",
    role: "azure-native:authorization:RoleAssignment",
    budget: "azure-native:consumption:Budget",
    password: "azuread:index/applicationPassword:ApplicationPassword",
    repository: "github:index/repository:Repository",
    vulnerabilityAlerts: "github:index/repositoryVulnerabilityAlerts:RepositoryVulnerabilityAlerts",
    actionsSecret: "github:index/actionsSecret:ActionsSecret",
    actionsVariable: "github:index/actionsVariable:ActionsVariable",
    random: "random:index/randomString:RandomString",
    policyDefinition: "azure-native:authorization:PolicyDefinition",
    policyAssignment: "azure-native:authorization:PolicyAssignment",
} as const;
export const TYPES = T;

interface Registration {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly id?: string;
}

/** The registrations of a compliant team, keyed by logical name for the tests to break. */
export function compliantRegistrations(): Registration[] {
    const rg = { resourceGroupName: RG_NAME };
    return [
        {
            type: T.random,
            name: "alpha-suffix",
            inputs: { length: 6, special: false, upper: false },
        },
        { type: T.rg, name: "alpha-rg", inputs: { ...rg, location: "japaneast", tags }, id: RG_ID },
        {
            type: T.storage,
            name: "alpha-storage",
            inputs: {
                ...rg,
                accountName: STORAGE_NAME,
                kind: "StorageV2",
                sku: { name: "Standard_LRS" },
                enableHttpsTrafficOnly: true,
                minimumTlsVersion: "TLS1_2",
                allowBlobPublicAccess: false,
                allowCrossTenantReplication: false,
                tags,
            },
        },
        {
            type: T.blobService,
            name: "alpha-blob-service",
            inputs: {
                ...rg,
                accountName: STORAGE_NAME,
                blobServicesName: "default",
                deleteRetentionPolicy: { enabled: true, days: 7 },
            },
        },
        {
            type: T.container,
            name: "alpha-container",
            inputs: {
                ...rg,
                accountName: STORAGE_NAME,
                containerName: "diabetes",
                publicAccess: "None",
            },
        },
        {
            type: T.vault,
            name: "alpha-vault",
            inputs: {
                ...rg,
                vaultName: "oh2026alphaabc123",
                properties: {
                    tenantId: TENANT,
                    sku: { family: "A", name: "standard" },
                    enableRbacAuthorization: true,
                    enableSoftDelete: true,
                    softDeleteRetentionInDays: 7,
                },
                tags,
            },
        },
        {
            type: T.registry,
            name: "alpha-registry",
            inputs: {
                ...rg,
                registryName: "croh2026alphaabc123",
                sku: { name: "Basic" },
                adminUserEnabled: false,
                anonymousPullEnabled: false,
                tags,
            },
        },
        {
            type: T.logs,
            name: "alpha-logs",
            inputs: { ...rg, workspaceName: "log-oh2026-alpha", sku: { name: "PerGB2018" }, tags },
        },
        {
            type: T.insights,
            name: "alpha-insights",
            inputs: {
                ...rg,
                resourceName: "appi-oh2026-alpha",
                kind: "web",
                applicationType: "web",
                ingestionMode: "LogAnalytics",
                workspaceResourceId: `${RG_ID}/providers/Microsoft.OperationalInsights/workspaces/log-oh2026-alpha`,
                tags,
            },
        },
        {
            type: T.workspace,
            name: "alpha-workspace",
            inputs: {
                ...rg,
                workspaceName: "oh2026-alpha-abc123",
                identity: { type: "SystemAssigned" },
                sku: { name: "Basic" },
                tags,
            },
        },
        {
            type: T.compute,
            name: "alpha-cluster",
            inputs: {
                ...rg,
                workspaceName: "oh2026-alpha-abc123",
                computeName: "demo-cpucluster1",
                properties: {
                    computeType: "AmlCompute",
                    disableLocalAuth: true,
                    properties: {
                        vmSize: "Standard_D2_v2",
                        scaleSettings: {
                            minNodeCount: 0,
                            maxNodeCount: 2,
                            nodeIdleTimeBeforeScaleDown: "PT120S",
                        },
                        remoteLoginPortPublicAccess: "Disabled",
                    },
                },
                tags,
            },
        },
        {
            type: T.compute,
            name: "alpha-instance",
            inputs: {
                ...rg,
                workspaceName: "oh2026-alpha-abc123",
                computeName: "ci-alice-abc123",
                properties: {
                    computeType: "ComputeInstance",
                    disableLocalAuth: true,
                    properties: {
                        vmSize: "Standard_D2_v2",
                        personalComputeInstanceSettings: {
                            assignedUser: {
                                objectId: "11111111-1111-1111-1111-111111111111",
                                tenantId: TENANT,
                            },
                        },
                        idleTimeBeforeShutdown: "PT60M",
                        sshSettings: { sshPublicAccess: "Disabled" },
                    },
                },
                tags,
            },
        },
        {
            type: T.endpoint,
            name: "alpha-endpoint",
            inputs: {
                ...rg,
                workspaceName: "oh2026-alpha-abc123",
                endpointName: "oh2026-alpha-epabc123",
                kind: "Managed",
                identity: { type: "SystemAssigned" },
                properties: { authMode: "Key" },
                tags,
            },
        },
        {
            type: T.datastore,
            name: "alpha-datastore",
            inputs: {
                ...rg,
                workspaceName: "oh2026-alpha-abc123",
                name: "diabetes_oh4ml",
                // The SDK lifts the secretness of a nested value to the top-level property.
                properties: secret({
                    datastoreType: "AzureBlob",
                    accountName: STORAGE_NAME,
                    containerName: "diabetes",
                    credentials: {
                        credentialsType: "AccountKey",
                        secrets: { secretsType: "AccountKey", key: "a2V5" },
                    },
                }),
            },
        },
        {
            type: T.role,
            name: "alpha-access-alice-contributor",
            inputs: {
                principalId: "11111111-1111-1111-1111-111111111111",
                principalType: "User",
                roleDefinitionId: CONTRIBUTOR,
                scope: RG_ID,
            },
        },
        {
            type: T.policyDefinition,
            name: "alpha-fair-share-definition",
            inputs: {
                policyDefinitionName: `fair-share-${EVENT}-${TEAM}`,
                policyType: "Custom",
                mode: "All",
                policyRule: FAIR_SHARE_RULE,
            },
            id: FAIR_SHARE_ID,
        },
        {
            type: T.policyAssignment,
            name: "alpha-fair-share-assignment",
            inputs: {
                policyAssignmentName: "openhack-fair-share",
                scope: RG_ID,
                policyDefinitionId: FAIR_SHARE_ID,
                parameters: fairShareParameterValues({
                    effect: "deny",
                    computeNames: ["demo-cpucluster1", "ci-alice-abc123"],
                    instanceVmSize: "Standard_D2_v2",
                    clusterVmSize: "Standard_D2_v2",
                    clusterMaxNodes: 2,
                    deploymentInstanceType: "Standard_DS2_v2",
                    deploymentMaxInstances: 1,
                    endpointNames: ["oh2026-alpha-epabc123"],
                    deploymentNames: ["blue"],
                    workspaceNames: ["oh2026-alpha-abc123"],
                }),
            },
        },
        {
            type: T.budget,
            name: "alpha-budget",
            inputs: {
                budgetName: "budget-oh2026-alpha",
                scope: RG_ID,
                amount: 100,
                category: "Cost",
                timeGrain: "Monthly",
                timePeriod: { startDate: "2026-11-01T00:00:00Z" },
            },
        },
        {
            type: T.password,
            name: "alpha-identity-secret",
            inputs: {
                applicationId: "/applications/app-1",
                displayName: "github-actions",
                endDate: "2026-12-12T23:59:59Z",
            },
        },
        {
            type: T.repository,
            name: "alpha-repository",
            inputs: { name: "oh2026-alpha", visibility: "private" },
        },
        {
            type: T.vulnerabilityAlerts,
            name: "alpha-vulnerability-alerts",
            inputs: { repository: "oh2026-alpha", enabled: true },
        },
        {
            type: T.actionsSecret,
            name: "alpha-secret-credentials",
            inputs: {
                repository: "oh2026-alpha",
                secretName: "AZURE_CREDENTIALS",
                value: secret('{"clientId":"x","clientSecret":"s3cr3t"}'),
            },
        },
        {
            type: T.actionsVariable,
            name: "alpha-variable-workspace",
            inputs: {
                repository: "oh2026-alpha",
                variableName: "AZURE_ML_WORKSPACE_NAME",
                value: "oh2026-alpha-abc123",
            },
        },
    ];
}

export function toResources(registrations: readonly Registration[]): PolicyResource[] {
    return registrations.map((r) => fromMockResource({ ...r, urn: urnOf(r.type, r.name) }));
}

export function compliantStack(): PolicyResource[] {
    return toResources(compliantRegistrations());
}

/** The compliant stack with `path` of one resource's inputs set to `value` (undefined removes it). */
export function stackWith(name: string, path: string, value: unknown): PolicyResource[] {
    const registrations = compliantRegistrations();
    const target = registrations.find((r) => r.name === name);
    if (target === undefined) throw new Error(`no resource ${name} in the compliant stack`);
    setIn(target.inputs, path.split("."), value);
    return toResources(registrations);
}

/** The compliant stack without the resources with these logical names. */
export function stackWithout(...names: string[]): PolicyResource[] {
    return toResources(compliantRegistrations().filter((r) => !names.includes(r.name)));
}

/** The compliant stack plus extra registrations. */
export function stackPlus(...extra: Registration[]): PolicyResource[] {
    return toResources([...compliantRegistrations(), ...extra]);
}

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
    const [head, ...rest] = path;
    if (head === undefined) return;
    if (rest.length === 0) {
        if (value === undefined) delete target[head];
        else target[head] = value;
        return;
    }
    const next = target[head];
    if (!isRecord(next)) throw new Error(`${head} is not an object`);
    // Copy: the compliant inputs share nested objects (tags) between resources.
    const copy = { ...next };
    target[head] = copy;
    setIn(copy, rest, value);
}

/** A violation of `policy` by the resource `name` of type `type` in the compliant stack. */
export const violation = (
    policy: string,
    type: string,
    name: string,
    message: string,
): { policy: string; urn: string; message: string } => ({
    policy,
    urn: urnOf(type, name),
    message,
});
