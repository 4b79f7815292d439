/**
 * Reduces what the team program registered under mocks to what the plan shows: resources grouped
 * by component, their names in Azure/Entra/GitHub, and the compute that quota and cost depend on.
 * Pure, so the tests feed it real simulations and hand-made records alike.
 */
import type { RecordedResource } from "../mockCloud";
import type {
    PlanJob,
    PlannedComponent,
    PlannedCompute,
    PlannedResource,
    RegisteredNames,
    TeamFootprint,
} from "./model";

/**
 * The project's component type tokens (`openhack:<module>:<Name>`, named like their classes,
 * docs/changing-live-stacks.md). The mock records neither `custom` nor the parent, so this prefix
 * is what tells a component apart.
 */
export const isComponentType = (type: string): boolean => type.startsWith("openhack:");

/** Input that holds the service-side name of each resource type the program registers. */
const NAME_INPUT: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "resourceGroupName",
    "azure-native:operationalinsights:Workspace": "workspaceName",
    "azure-native:applicationinsights:Component": "resourceName",
    "azure-native:storage:StorageAccount": "accountName",
    "azure-native:storage:BlobServiceProperties": "blobServicesName",
    "azure-native:storage:BlobContainer": "containerName",
    "azure-native:storage:Blob": "blobName",
    "azure-native:keyvault:Vault": "vaultName",
    "azure-native:containerregistry:Registry": "registryName",
    "azure-native:machinelearningservices:Workspace": "workspaceName",
    "azure-native:machinelearningservices:Compute": "computeName",
    "azure-native:machinelearningservices:Datastore": "name",
    "azure-native:machinelearningservices:DataContainer": "name",
    "azure-native:machinelearningservices:OnlineEndpoint": "endpointName",
    "azure-native:consumption:Budget": "budgetName",
    "azuread:index/application:Application": "displayName",
    "azuread:index/invitation:Invitation": "userEmailAddress",
    "azuread:index/applicationPassword:ApplicationPassword": "displayName",
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential":
        "displayName",
    "github:index/repository:Repository": "name",
    "github:index/repositoryCollaborator:RepositoryCollaborator": "username",
    "github:index/actionsSecret:ActionsSecret": "secretName",
    "github:index/actionsVariable:ActionsVariable": "variableName",
    "github:index/repositoryEnvironment:RepositoryEnvironment": "environment",
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy":
        "branchPattern",
};

/** Reads `obj.a.b.c` from untyped inputs without trusting their shape. */
export function pick(obj: unknown, ...path: string[]): unknown {
    let current = obj;
    for (const part of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<string, unknown>)[part];
    }
    return current;
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The name the service will know the resource by; null when it generates one (role assignment GUIDs, ...). */
export function azureNameOf(record: Pick<RecordedResource, "type" | "inputs">): string | null {
    if (record.type === "azure-native:machinelearningservices:DataVersion") {
        const name = str(record.inputs.name);
        const version = str(record.inputs.version);
        return name !== undefined && version !== undefined ? `${name}:${version}` : null;
    }
    const input = NAME_INPUT[record.type];
    return input === undefined ? null : (str(record.inputs[input]) ?? null);
}

/**
 * The component a resource belongs to: the one whose logical name is the longest `<name>-` prefix
 * of the resource's (house style derives every child's name from its component's). A resource
 * named exactly like a component (the `team01-github` provider beside the `team01-github`
 * repository component) is not its child, so the `-` is required.
 */
export function componentOf(name: string, componentNames: readonly string[]): string | undefined {
    let best: string | undefined;
    for (const candidate of componentNames) {
        if (
            name.startsWith(`${candidate}-`) &&
            (best === undefined || candidate.length > best.length)
        )
            best = candidate;
    }
    return best;
}

const byTypeThenName = (a: PlannedResource, b: PlannedResource): number =>
    a.type.localeCompare(b.type) || a.name.localeCompare(b.name);

/** Resources grouped under their component; the team's root component first, then by name. */
export function groupByComponent(
    records: readonly Pick<RecordedResource, "type" | "name" | "inputs">[],
    rootName: string,
): PlannedComponent[] {
    const components = records.filter((r) => isComponentType(r.type));
    const componentNames = components.map((c) => c.name);
    const members = new Map<string, PlannedResource[]>(componentNames.map((n) => [n, []]));
    const orphans: PlannedResource[] = [];
    for (const record of records) {
        if (isComponentType(record.type)) continue;
        const owner =
            componentOf(record.name, componentNames) ??
            (members.has(rootName) ? rootName : undefined);
        const planned: PlannedResource = {
            type: record.type,
            name: record.name,
            azureName: azureNameOf(record),
        };
        if (owner === undefined) orphans.push(planned);
        else members.get(owner)?.push(planned);
    }
    const groups: PlannedComponent[] = components
        .map((c) => ({
            type: c.type,
            name: c.name,
            resources: (members.get(c.name) ?? []).sort(byTypeThenName),
        }))
        .sort((a, b) =>
            a.name === rootName ? -1 : b.name === rootName ? 1 : a.name.localeCompare(b.name),
        );
    if (orphans.length > 0)
        groups.push({
            type: "(none)",
            name: "(no component)",
            resources: orphans.sort(byTypeThenName),
        });
    return groups;
}

/** The VMs of the registered Azure ML computes (instances and clusters). */
export function computesOf(
    records: readonly Pick<RecordedResource, "type" | "inputs">[],
): PlannedCompute[] {
    const computes: PlannedCompute[] = [];
    for (const record of records) {
        if (record.type !== "azure-native:machinelearningservices:Compute") continue;
        const computeType = pick(record.inputs, "properties", "computeType");
        const vmSize = str(pick(record.inputs, "properties", "properties", "vmSize")) ?? "(unset)";
        const computeName = str(record.inputs.computeName) ?? "(unknown)";
        if (computeType === "ComputeInstance") {
            computes.push({ role: "instance", computeName, vmSize, nodes: 1 });
        } else if (computeType === "AmlCompute") {
            const maxNodes = pick(
                record.inputs,
                "properties",
                "properties",
                "scaleSettings",
                "maxNodeCount",
            );
            computes.push({
                role: "cluster",
                computeName,
                vmSize,
                nodes: typeof maxNodes === "number" ? maxNodes : 0,
            });
        }
    }
    return computes.sort(
        (a, b) => a.role.localeCompare(b.role) || a.computeName.localeCompare(b.computeName),
    );
}

const firstName = (
    records: readonly Pick<RecordedResource, "type" | "inputs">[],
    type: string,
): string | undefined => {
    const record = records.find((r) => r.type === type);
    return record === undefined ? undefined : (azureNameOf(record) ?? undefined);
};

/** The names that Azure's rules and uniqueness scopes apply to, as registered. */
export function registeredNames(
    records: readonly Pick<RecordedResource, "type" | "inputs">[],
): RegisteredNames {
    return {
        resourceGroup: firstName(records, "azure-native:resources:ResourceGroup"),
        logAnalytics: firstName(records, "azure-native:operationalinsights:Workspace"),
        appInsights: firstName(records, "azure-native:applicationinsights:Component"),
        storageAccount: firstName(records, "azure-native:storage:StorageAccount"),
        keyVault: firstName(records, "azure-native:keyvault:Vault"),
        containerRegistry: firstName(records, "azure-native:containerregistry:Registry"),
        workspace: firstName(records, "azure-native:machinelearningservices:Workspace"),
        endpoint: firstName(records, "azure-native:machinelearningservices:OnlineEndpoint"),
        dataContainer: firstName(records, "azure-native:storage:BlobContainer"),
        datastore: firstName(records, "azure-native:machinelearningservices:Datastore"),
        repository: firstName(records, "github:index/repository:Repository"),
        application: firstName(records, "azuread:index/application:Application"),
        budget: firstName(records, "azure-native:consumption:Budget"),
    };
}

const count = (records: readonly Pick<RecordedResource, "type">[], type: string): number =>
    records.filter((r) => r.type === type).length;

/** Everything the plan needs from one team's simulation, small enough to send between processes. */
export function footprintOf(
    job: Pick<PlanJob, "source" | "teamIndex" | "team" | "location" | "stackName">,
    records: readonly RecordedResource[],
    simulationMs: number,
): Omit<TeamFootprint, "timing" | "githubWrites"> {
    const computes = computesOf(records);
    return {
        source: job.source,
        teamIndex: job.teamIndex,
        team: job.team.name,
        stackName: job.stackName,
        location: job.location,
        subscription: job.team.subscriptionId,
        resourceCount: records.length,
        components: groupByComponent(records, job.team.name),
        computes,
        endpoints: count(records, "azure-native:machinelearningservices:OnlineEndpoint"),
        registries: records
            .filter((r) => r.type === "azure-native:containerregistry:Registry")
            .map((r) => ({ sku: str(pick(r.inputs, "sku", "name")) ?? "(unset)" })),
        storageAccounts: count(records, "azure-native:storage:StorageAccount"),
        logAnalyticsWorkspaces: count(records, "azure-native:operationalinsights:Workspace"),
        names: registeredNames(records),
        computeInstanceNames: computes
            .filter((c) => c.role === "instance")
            .map((c) => c.computeName),
        clusterNames: computes.filter((c) => c.role === "cluster").map((c) => c.computeName),
        credentialsEnd:
            str(
                records.find(
                    (r) => r.type === "azuread:index/applicationPassword:ApplicationPassword",
                )?.inputs.endDate,
            ) ?? null,
        simulationMs,
    };
}

/** Registered resources of every team, counted by type, most frequent first. */
export function totalsByType(
    footprints: readonly TeamFootprint[],
): { type: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const footprint of footprints) {
        for (const component of footprint.components) {
            if (component.type !== "(none)")
                counts.set(component.type, (counts.get(component.type) ?? 0) + 1);
            for (const resource of component.resources)
                counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
        }
    }
    return [...counts.entries()]
        .map(([type, n]) => ({ type, count: n }))
        .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}
