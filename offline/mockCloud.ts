/**
 * OFFLINE SIMULATION: answers in place of Azure, Entra ID and GitHub, for Pulumi's mock runtime.
 *
 * Used only by the tests and by the offline plan (`npm run plan`), which says so in its first line.
 * The team program never imports this file. Every answer is deterministic (derived from the
 * resource's name and inputs), so a plan or a test run twice prints the same thing. Unknown invoke
 * tokens throw: a silent default would hide a program change the simulation does not understand.
 */
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

export interface RecordedResource {
    readonly type: string;
    readonly name: string;
    /** The inputs the program registered, with secrets unwrapped. */
    readonly inputs: Record<string, unknown>;
    /** Dotted paths of the inputs that were marked secret, e.g. `value` or `properties.credentials.secrets.key`. */
    readonly secretInputs: readonly string[];
    /** The simulated outputs (inputs plus what the cloud would compute). */
    readonly state: Record<string, unknown>;
    readonly id: string;
    readonly provider?: string;
}

export interface RecordedCall {
    readonly token: string;
    readonly args: Record<string, unknown>;
}

export interface MockCloudOptions {
    /** Subscription of the (simulated) azure-native provider. */
    readonly subscriptionId?: string;
    readonly tenantId?: string;
    readonly location?: string;
    /**
     * GitHub's own spelling of logins, by lowercase login (e.g. `{ "contoso-hack": "Contoso-Hack" }`):
     * GitHub matches logins in any case and answers with its spelling. Default: as asked.
     */
    readonly githubLogins?: Readonly<Record<string, string>>;
    /** The owner's default-branch setting, the first branch of a new repository. Default `main`. */
    readonly githubDefaultBranch?: string;
    /** Logins whose collaborator invitation is still pending (no access yet). Default: none. */
    readonly githubPendingInvitations?: readonly string[];
    /**
     * Users already in the tenant, as Graph's `GET /users` lists them. Default: none, so the
     * offline plan assumes every `email` member is new to the tenant (preflight checks it for real).
     */
    readonly tenantUsers?: readonly GraphUser[];
}

/** The fields of a Graph user the azuread `getUsers` data source maps (users_data_source.go). */
export interface GraphUser {
    readonly id: string;
    readonly userPrincipalName: string;
    readonly mail?: string | null;
    readonly displayName?: string | null;
}

export const OFFLINE_SUBSCRIPTION_ID = "00000000-0000-4000-8000-000000000001";
export const OFFLINE_TENANT_ID = "00000000-0000-4000-8000-0000000000aa";

/** A GUID derived from a seed, so that simulated ids are stable across runs. */
export function stableGuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Lowercase letters and digits derived from a seed: what `random.RandomString` would return. */
export function stableSuffix(seed: string, length: number): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = createHash("sha256").update(seed).digest();
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
    return out;
}

/** `Microsoft.X/type` path of the azure-native resources the team program creates. */
const ARM_PATHS: Record<string, (i: Record<string, unknown>) => string> = {
    "azure-native:operationalinsights:Workspace": (i) =>
        `Microsoft.OperationalInsights/workspaces/${s(i.workspaceName)}`,
    "azure-native:applicationinsights:Component": (i) =>
        `Microsoft.Insights/components/${s(i.resourceName)}`,
    "azure-native:storage:StorageAccount": (i) =>
        `Microsoft.Storage/storageAccounts/${s(i.accountName)}`,
    "azure-native:storage:BlobServiceProperties": (i) =>
        `Microsoft.Storage/storageAccounts/${s(i.accountName)}/blobServices/default`,
    "azure-native:storage:BlobContainer": (i) =>
        `Microsoft.Storage/storageAccounts/${s(i.accountName)}/blobServices/default/containers/${s(i.containerName)}`,
    "azure-native:storage:Blob": (i) =>
        `Microsoft.Storage/storageAccounts/${s(i.accountName)}/blobServices/default/containers/${s(i.containerName)}/blobs/${s(i.blobName)}`,
    "azure-native:keyvault:Vault": (i) => `Microsoft.KeyVault/vaults/${s(i.vaultName)}`,
    "azure-native:containerregistry:Registry": (i) =>
        `Microsoft.ContainerRegistry/registries/${s(i.registryName)}`,
    "azure-native:machinelearningservices:Workspace": (i) =>
        `Microsoft.MachineLearningServices/workspaces/${s(i.workspaceName)}`,
    "azure-native:machinelearningservices:Compute": (i) =>
        `Microsoft.MachineLearningServices/workspaces/${s(i.workspaceName)}/computes/${s(i.computeName)}`,
    "azure-native:machinelearningservices:Datastore": (i) =>
        `Microsoft.MachineLearningServices/workspaces/${s(i.workspaceName)}/datastores/${s(i.name)}`,
    "azure-native:machinelearningservices:DataContainer": (i) =>
        `Microsoft.MachineLearningServices/workspaces/${s(i.workspaceName)}/data/${s(i.name)}`,
    "azure-native:machinelearningservices:DataVersion": (i) =>
        `Microsoft.MachineLearningServices/workspaces/${s(i.workspaceName)}/data/${s(i.name)}/versions/${s(i.version)}`,
    "azure-native:machinelearningservices:OnlineEndpoint": (i) =>
        `Microsoft.MachineLearningServices/workspaces/${s(i.workspaceName)}/onlineEndpoints/${s(i.endpointName)}`,
};

/** Replaces `{<sig>: secret, value}` wrappers by their values, recording where they were. */
function unwrapSecrets(value: unknown, path: string, secretPaths: string[]): unknown {
    if (Array.isArray(value))
        return value.map((v, i) =>
            unwrapSecrets(v, path === "" ? String(i) : `${path}.${i}`, secretPaths),
        );
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    // Pulumi's wire envelope of a secret value inside mock inputs (the SDK's own constants).
    if (record[specialSigKey] === specialSecretSig) {
        secretPaths.push(path);
        return unwrapSecrets(record.value, path, []);
    }
    return Object.fromEntries(
        Object.entries(record).map(([k, v]) => [
            k,
            unwrapSecrets(v, path === "" ? k : `${path}.${k}`, secretPaths),
        ]),
    );
}

const s = (v: unknown): string => (typeof v === "string" ? v : String(v));

/** A stable numeric GitHub account id for a login (GitHub's ids ignore the login's case). */
const githubUserId = (login: string): number =>
    parseInt(createHash("sha256").update(login.toLowerCase()).digest("hex").slice(0, 7), 16);

export class MockCloud implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];
    readonly calls: RecordedCall[] = [];
    readonly subscriptionId: string;
    readonly tenantId: string;
    readonly location: string;
    private readonly options: MockCloudOptions;

    constructor(options: MockCloudOptions = {}) {
        this.options = options;
        this.subscriptionId = options.subscriptionId ?? OFFLINE_SUBSCRIPTION_ID;
        this.tenantId = options.tenantId ?? OFFLINE_TENANT_ID;
        this.location = options.location ?? "japaneast";
    }

    newResource(args: pulumi.runtime.MockResourceArgs): {
        id: string | undefined;
        state: Record<string, unknown>;
    } {
        const secretInputs: string[] = [];
        const inputs = unwrapSecrets(args.inputs, "", secretInputs) as Record<string, unknown>;
        const { id, outputs } = this.simulate(args.type, args.name, inputs, args.provider);
        const state = { ...inputs, ...outputs };
        this.resources.push({
            type: args.type,
            name: args.name,
            inputs,
            secretInputs,
            state,
            id,
            provider: args.provider,
        });
        return { id, state: { ...(args.inputs as Record<string, unknown>), ...outputs } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const inputs = args.inputs as Record<string, unknown>;
        this.calls.push({ token: args.token, args: inputs });
        switch (args.token) {
            case "azure-native:authorization:getClientConfig":
                return {
                    subscriptionId: this.subscriptionIdFor(args.provider),
                    tenantId: this.tenantId,
                    clientId: stableGuid("deployer-app"),
                    objectId: stableGuid("deployer"),
                };
            case "azuread:index/getClientConfig:getClientConfig":
                return {
                    tenantId: this.tenantId,
                    clientId: stableGuid("deployer-app"),
                    objectId: stableGuid("deployer"),
                };
            case "azuread:index/getUser:getUser": {
                const upn = s(inputs.userPrincipalName);
                return {
                    userPrincipalName: upn,
                    objectId: stableGuid(`user:${upn.toLowerCase()}`),
                    id: stableGuid(`user:${upn.toLowerCase()}`),
                };
            }
            case "azuread:index/getUsers:getUsers":
                return this.tenantUsersFor(inputs);
            case "github:index/getUser:getUser": {
                const login = this.githubLogin(s(inputs.username));
                return { login, id: String(githubUserId(login)), nodeId: `U_${login}` };
            }
            case "github:index/getCollaborators:getCollaborators": {
                // Who has access: the repository's collaborators whose invitation was accepted.
                const pending = new Set(
                    (this.options.githubPendingInvitations ?? []).map((l) => l.toLowerCase()),
                );
                const collaborators = this.resources
                    .filter(
                        (r) =>
                            r.type ===
                                "github:index/repositoryCollaborator:RepositoryCollaborator" &&
                            r.inputs.repository === inputs.repository,
                    )
                    .map((r) => this.githubLogin(s(r.inputs.username)))
                    .filter((login) => !pending.has(login.toLowerCase()))
                    .map((login) => ({
                        login,
                        id: githubUserId(login),
                        permission: "push",
                        type: "User",
                    }));
                return {
                    id: `${s(inputs.owner)}/${s(inputs.repository)}`,
                    owner: inputs.owner,
                    repository: inputs.repository,
                    collaborators,
                };
            }
            case "azure-native:storage:listStorageAccountKeys":
                return {
                    keys: [
                        {
                            keyName: "key1",
                            value: `offline-key-${s(inputs.accountName)}`,
                            permissions: "FULL",
                        },
                    ],
                };
            default:
                throw new Error(`offline simulation: no answer for invoke ${args.token}`);
        }
    }

    /**
     * The azuread provider's `getUsers` for `mails` or `userPrincipalNames`: one Graph
     * `$filter=<field> eq '<value>'` per value (Graph compares these case-insensitively), missing
     * ones skipped with `ignoreMissing`, else an error, as users_data_source.go does.
     */
    private tenantUsersFor(inputs: Record<string, unknown>): Record<string, unknown> {
        const field = Array.isArray(inputs.mails) ? "mail" : "userPrincipalName";
        const values = ((field === "mail" ? inputs.mails : inputs.userPrincipalNames) ??
            []) as unknown[];
        const users = values.flatMap((value) => {
            const wanted = s(value).toLowerCase();
            const found = (this.options.tenantUsers ?? []).filter(
                (u) => (u[field] ?? "").toLowerCase() === wanted,
            );
            if (found.length > 1)
                throw new Error(`More than one user found with ${field}: ${JSON.stringify(value)}`);
            if (found.length === 0 && inputs.ignoreMissing !== true)
                throw new Error(`User not found with ${field}: ${JSON.stringify(value)}`);
            return found;
        });
        return {
            ...inputs,
            objectIds: users.map((u) => u.id),
            userPrincipalNames: users.map((u) => u.userPrincipalName),
            mails: users.flatMap((u) => (u.mail ? [u.mail] : [])),
            users: users.map((u) => ({
                accountEnabled: true,
                displayName: u.displayName ?? "",
                employeeId: "",
                mail: u.mail ?? "",
                mailNickname: "",
                objectId: u.id,
                onpremisesImmutableId: "",
                onpremisesSamAccountName: "",
                onpremisesUserPrincipalName: "",
                usageLocation: "",
                userPrincipalName: u.userPrincipalName,
            })),
        };
    }

    private simulate(
        type: string,
        name: string,
        i: Record<string, unknown>,
        provider?: string,
    ): { id: string; outputs: Record<string, unknown> } {
        const sub = this.subscriptionIdFor(provider);
        if (type === "azure-native:resources:ResourceGroup") {
            const id = `/subscriptions/${sub}/resourceGroups/${s(i.resourceGroupName)}`;
            return {
                id,
                outputs: {
                    name: i.resourceGroupName,
                    location: i.location ?? this.location,
                    azureApiVersion: "2024-03-01",
                },
            };
        }
        const armPath = ARM_PATHS[type];
        if (armPath) {
            const id = `/subscriptions/${sub}/resourceGroups/${s(i.resourceGroupName)}/providers/${armPath(i)}`;
            const resourceName = id.split("/").pop() ?? name;
            return {
                id,
                outputs: {
                    name: resourceName,
                    location: i.location ?? this.location,
                    ...this.extraAzureOutputs(type, i, id),
                },
            };
        }
        switch (type) {
            case "pulumi:providers:azure-native":
                return { id: `provider-${name}`, outputs: {} };
            case "azure-native:authorization:RoleAssignment":
            case "azure-native:consumption:Budget": {
                const guid = stableGuid(`${type}:${name}`);
                const leaf = type.endsWith("Budget")
                    ? `Microsoft.Consumption/budgets/${s(i.budgetName ?? name)}`
                    : `Microsoft.Authorization/roleAssignments/${guid}`;
                return {
                    id: `${s(i.scope)}/providers/${leaf}`,
                    outputs: { name: leaf.split("/").pop() },
                };
            }
            case "azure-native:authorization:PolicyDefinition": {
                const definition = s(i.policyDefinitionName ?? name);
                return {
                    id: `/subscriptions/${sub}/providers/Microsoft.Authorization/policyDefinitions/${definition}`,
                    outputs: { name: definition },
                };
            }
            case "azure-native:authorization:PolicyAssignment": {
                const assignment = s(i.policyAssignmentName ?? name);
                return {
                    id: `${s(i.scope)}/providers/Microsoft.Authorization/policyAssignments/${assignment}`,
                    outputs: { name: assignment },
                };
            }
            case "random:index/randomString:RandomString":
                return { id: name, outputs: { result: stableSuffix(name, Number(i.length ?? 6)) } };
            case "azuread:index/application:Application":
                return {
                    id: `/applications/${stableGuid(`app:${name}`)}`,
                    outputs: {
                        clientId: stableGuid(`client:${name}`),
                        objectId: stableGuid(`app:${name}`),
                    },
                };
            case "azuread:index/invitation:Invitation": {
                // Graph creates the guest user with the invitation: its id is the invitation's userId.
                const userId = stableGuid(`guest:${s(i.userEmailAddress).toLowerCase()}`);
                const invitationId = stableGuid(`invitation:${name}`);
                return {
                    id: invitationId,
                    outputs: {
                        userId,
                        userType: i.userType ?? "Guest",
                        redeemUrl: `https://login.microsoftonline.com/redeem?rd=https%3a%2f%2finvitations.microsoft.com%2fredeem%2f%3ftenant%3d${this.tenantId}%26user%3d${invitationId}%26ver%3d2.0`,
                    },
                };
            }
            case "azuread:index/servicePrincipal:ServicePrincipal":
                return {
                    id: stableGuid(`sp:${name}`),
                    outputs: { objectId: stableGuid(`sp:${name}`) },
                };
            case "azuread:index/applicationPassword:ApplicationPassword":
                return {
                    id: stableGuid(`pw:${name}`),
                    outputs: {
                        keyId: stableGuid(`pw:${name}`),
                        value: `offline-secret-${stableSuffix(name, 12)}`,
                    },
                };
            case "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential":
                return {
                    id: stableGuid(`fic:${name}`),
                    outputs: { credentialId: stableGuid(`fic:${name}`) },
                };
            case "github:index/repository:Repository": {
                const repo = s(i.name);
                const owner = s(this.providerInputs(provider).owner ?? "unknown-owner");
                return {
                    id: repo,
                    outputs: {
                        fullName: `${owner}/${repo}`,
                        htmlUrl: `https://github.com/${owner}/${repo}`,
                        repoId: 1000,
                        nodeId: `R_${repo}`,
                        defaultBranch: this.options.githubDefaultBranch ?? "main",
                    },
                };
            }
            case "pulumi:providers:github":
            case "pulumi:providers:azuread":
                return { id: `provider-${name}`, outputs: {} };
            default:
                // GitHub collaborators, secrets, variables, environments: nothing computed that the program reads.
                return { id: `${name}-id`, outputs: {} };
        }
    }

    private extraAzureOutputs(
        type: string,
        i: Record<string, unknown>,
        id: string,
    ): Record<string, unknown> {
        switch (type) {
            case "azure-native:machinelearningservices:Workspace":
                return {
                    workspaceId: stableGuid(id),
                    discoveryUrl: `https://${this.location}.api.azureml.ms/discovery`,
                };
            case "azure-native:storage:StorageAccount":
                return {
                    primaryEndpoints: {
                        blob: `https://${s(i.accountName)}.blob.core.windows.net/`,
                    },
                };
            case "azure-native:applicationinsights:Component":
                return {
                    instrumentationKey: stableGuid(`ai:${id}`),
                    connectionString: `InstrumentationKey=${stableGuid(`ai:${id}`)}`,
                };
            case "azure-native:machinelearningservices:OnlineEndpoint":
                return {
                    properties: {
                        ...(i.properties as object),
                        scoringUri: `https://${s(i.endpointName)}.${this.location}.inference.ml.azure.com/score`,
                    },
                };
            default:
                return {};
        }
    }

    /** A login as GitHub spells it. */
    private githubLogin(login: string): string {
        return this.options.githubLogins?.[login.toLowerCase()] ?? login;
    }

    /** The inputs of the explicit provider a resource was registered with (empty for the default one). */
    private providerInputs(providerRef?: string): Record<string, unknown> {
        if (!providerRef) return {};
        const provider = this.resources.find(
            (r) =>
                r.type.startsWith("pulumi:providers:") &&
                providerRef.includes(`${r.type}::${r.name}::`),
        );
        return provider?.inputs ?? {};
    }

    /** A team stack may target its own subscription through an explicit provider. */
    private subscriptionIdFor(providerRef?: string): string {
        const configured = this.providerInputs(providerRef).subscriptionId;
        return typeof configured === "string" && configured !== ""
            ? configured
            : this.subscriptionId;
    }
}
