/**
 * `TeardownCloud` on the official SDK clients: @azure/arm-resources, @azure/arm-machinelearning,
 * @azure/arm-keyvault, @azure/arm-authorization, the Microsoft Graph client and Octokit, all built
 * from event/cloud/clients.ts. A 404 means "already gone" (every action is idempotent); any other
 * error propagates with the service's own message.
 *
 * What the services answer about soft-deleted things (sources in NOTES.md, issue 11):
 * - An ML workspace being deleted or soft-deleted is *listed* by Workspaces_ListBySubscription
 *   (Azure/azure-powershell#28286) but a GET by name answers 404 (Azure/azure-cli#33756). So the
 *   verification lists the subscription's workspaces and matches the team's resource group, and the
 *   purge waits for its long-running operation to complete (workspacePurge.ts), never for a 404.
 * - A soft-deleted key vault is listed by Vaults_ListDeleted with the id it had (`vaultId`), which
 *   names its resource group: no name guessing is needed for a vault whose random suffix is lost.
 * - Deleted applications and service principals are in Graph's deleted items for 30 days.
 */
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { KeyVaultManagementClient } from "@azure/arm-keyvault";
import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/identity";
import type { Client as GraphClient } from "@microsoft/microsoft-graph-client";
import { DEFAULT_TIMEOUT_MS, type GitHubClient } from "../cloud/clients";
import {
    resourceGroupOf,
    type ActionResult,
    type DeletedVaultRef,
    type DirectoryKind,
    type DirectoryObjectRef,
    type RepositoryState,
    type ResourceGroupState,
    type RoleAssignmentRef,
    type TeardownCloud,
    type UserRef,
    type WorkspaceRef,
} from "./cloud";
import { purgeCapableClient, purgeWorkspaceAndWait, purgingClient } from "./workspacePurge";

/** The HTTP status of an SDK error: `statusCode` (Azure RestError, GraphError) or `status` (Octokit). */
export function httpStatusOf(error: unknown): number | undefined {
    if (typeof error !== "object" || error === null) return undefined;
    const e = error as { statusCode?: unknown; status?: unknown };
    const status = e.statusCode ?? e.status;
    return typeof status === "number" ? status : undefined;
}

const isNotFound = (error: unknown): boolean => httpStatusOf(error) === 404;

/** Resolves to `absent` when the service answers 404; rethrows anything else. */
async function unlessGone(action: () => Promise<unknown>): Promise<ActionResult> {
    try {
        await action();
        return "done";
    } catch (error) {
        if (isNotFound(error)) return "absent";
        throw error;
    }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
}

/** OData string literal: a single quote is doubled. */
const odata = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const GRAPH_COLLECTION: Record<DirectoryKind, string> = {
    application: "/applications",
    servicePrincipal: "/servicePrincipals",
};
const GRAPH_TYPE: Record<DirectoryKind, string> = {
    application: "microsoft.graph.application",
    servicePrincipal: "microsoft.graph.servicePrincipal",
};

interface GraphList {
    value?: { id?: string; displayName?: string; appId?: string; tags?: string[] | null }[];
}

function directoryObjects(list: GraphList): DirectoryObjectRef[] {
    return (list.value ?? [])
        .filter(
            (
                o,
            ): o is { id: string; displayName?: string; appId?: string; tags?: string[] | null } =>
                !!o.id,
        )
        .map((o) => ({
            id: o.id,
            displayName: o.displayName ?? "",
            appId: o.appId,
            tags: o.tags ?? [],
        }));
}

export interface SdkCloudOptions {
    readonly credential: TokenCredential;
    readonly graph: GraphClient;
    /** Undefined when no GitHub token is set: repository questions then fail with that reason. */
    readonly github?: GitHubClient;
    /** Waiting between checks while a workspace purge completes. */
    readonly sleep: (ms: number) => Promise<void>;
    /** Defaults to 15 s. */
    readonly pollIntervalMs?: number;
    /** How long a workspace purge may take before it is reported as not finished. Defaults to 20 min. */
    readonly purgeTimeoutMs?: number;
    /** Per-request timeout. Defaults to DEFAULT_TIMEOUT_MS. */
    readonly requestTimeoutMs?: number;
    /** Polling interval of the SDKs' own long-running operations (vault purge). SDK default when unset. */
    readonly lroIntervalMs?: number;
}

export function sdkCloud(options: SdkCloudOptions): TeardownCloud {
    const { credential, graph } = options;
    const pollMs = options.pollIntervalMs ?? 15_000;
    const purgeTimeoutMs = options.purgeTimeoutMs ?? 20 * 60_000;
    const timeout = (): AbortSignal =>
        AbortSignal.timeout(options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS);
    const perSubscription = <T>(make: (subscriptionId: string) => T): ((s: string) => T) => {
        const cache = new Map<string, T>();
        return (s) => {
            const hit = cache.get(s);
            if (hit !== undefined) return hit;
            const made = make(s);
            cache.set(s, made);
            return made;
        };
    };
    const resources = perSubscription((s) => new ResourceManagementClient(credential, s));
    // One api-version (2024-04-01) for list, get and purge: the listing of soft-deleted workspaces
    // was reported with current api-versions (Azure/azure-powershell#28286), not with 2022-10-01.
    const ml = perSubscription((s) => purgeCapableClient(credential, s));
    const mlPurge = perSubscription((s) => purgingClient(credential, s));
    const vaults = perSubscription((s) => new KeyVaultManagementClient(credential, s));
    const authorization = perSubscription((s) => new AuthorizationManagementClient(credential, s));
    const github = (): GitHubClient => {
        if (!options.github)
            throw new Error(
                "no GitHub token: set GITHUB_TOKEN (the token that ran `up`) to check the repository",
            );
        return options.github;
    };

    return {
        async resourceGroupState(subscriptionId, resourceGroup): Promise<ResourceGroupState> {
            try {
                const group = await resources(subscriptionId).resourceGroups.get(resourceGroup, {
                    abortSignal: timeout(),
                });
                return group.properties?.provisioningState === "Deleting" ? "deleting" : "present";
            } catch (error) {
                if (isNotFound(error)) return "absent";
                throw error;
            }
        },

        async workspacesIn(subscriptionId, resourceGroup): Promise<WorkspaceRef[]> {
            const group = resourceGroup.toLowerCase();
            const all = await collect(
                ml(subscriptionId).workspaces.listBySubscription({ abortSignal: timeout() }),
            );
            return all
                .filter((w) => w.id !== undefined && resourceGroupOf(w.id) === group)
                .map((w) => ({
                    id: w.id ?? "",
                    name: w.name ?? "",
                    location: w.location,
                    provisioningState: w.provisioningState,
                }));
        },

        purgeWorkspace: (subscriptionId, resourceGroup, workspace): Promise<ActionResult> =>
            unlessGone(async () => {
                try {
                    await purgeWorkspaceAndWait(mlPurge(subscriptionId), resourceGroup, workspace, {
                        sleep: options.sleep,
                        pollMs,
                        timeoutMs: purgeTimeoutMs,
                        requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
                    });
                } catch (error) {
                    // Also a 404, but not "already gone": a soft-deleted workspace of a deleted
                    // group stays until its group exists again (Azure/azure-cli#33756).
                    if ((error as { code?: unknown }).code === "ResourceGroupNotFound")
                        throw new Error(
                            `resource group ${resourceGroup} is gone: a soft-deleted workspace can only be purged after creating the group again (see the verification's fix)`,
                        );
                    throw error;
                }
            }),

        async deletedVaultsOf(subscriptionId, resourceGroup): Promise<DeletedVaultRef[]> {
            const group = resourceGroup.toLowerCase();
            const all = await collect(
                vaults(subscriptionId).vaults.listDeleted({ abortSignal: timeout() }),
            );
            return all.flatMap((v) => {
                const vaultId = v.properties?.vaultId;
                const location = v.properties?.location;
                if (!vaultId || !location || resourceGroupOf(vaultId) !== group) return [];
                return [
                    {
                        // The vault's own name is the last segment of its former id (the example in
                        // the specs shows `name` and the id's last segment can differ).
                        name: vaultId.split("/").pop() ?? v.name ?? "",
                        location,
                        vaultId,
                        scheduledPurgeDate: v.properties?.scheduledPurgeDate?.toISOString(),
                    },
                ];
            });
        },

        purgeVault: (subscriptionId, vault, location) =>
            unlessGone(() =>
                vaults(subscriptionId).vaults.purgeDeleted(vault, location, {
                    // The whole long-running purge, not one request.
                    abortSignal: AbortSignal.timeout(purgeTimeoutMs),
                    updateIntervalInMs: options.lroIntervalMs,
                }),
            ),

        async directoryObjects(kind, displayName): Promise<DirectoryObjectRef[]> {
            const list = (await graph
                .api(GRAPH_COLLECTION[kind])
                .filter(`displayName eq ${odata(displayName)}`)
                .select("id,displayName,appId,tags")
                .get()) as GraphList;
            return directoryObjects(list);
        },

        async deletedDirectoryObjects(kind, displayName): Promise<DirectoryObjectRef[]> {
            const list = (await graph
                .api(`/directory/deletedItems/${GRAPH_TYPE[kind]}`)
                .filter(`displayName eq ${odata(displayName)}`)
                .select("id,displayName,appId,tags")
                .get()) as GraphList;
            return directoryObjects(list);
        },

        deleteDirectoryObject: (kind, id) =>
            unlessGone(() =>
                graph.api(`${GRAPH_COLLECTION[kind]}/${encodeURIComponent(id)}`).delete(),
            ),

        purgeDeletedDirectoryObject: (id) =>
            unlessGone(() =>
                graph.api(`/directory/deletedItems/${encodeURIComponent(id)}`).delete(),
            ),

        // Graph reference, "Get user" and "Delete a user" (learn.microsoft.com/graph/api/user-get,
        // /user-delete): GET/DELETE /users/{id}, 404 Request_ResourceNotFound when there is none.
        async user(id): Promise<UserRef | undefined> {
            try {
                const u = (await graph
                    .api(`/users/${encodeURIComponent(id)}`)
                    // createdDateTime and creationType are returned only when selected (user resource reference).
                    .select("id,userType,mail,userPrincipalName,createdDateTime,creationType")
                    .get()) as {
                    id?: string;
                    userType?: string | null;
                    mail?: string | null;
                    userPrincipalName?: string | null;
                    createdDateTime?: string | null;
                    creationType?: string | null;
                };
                return {
                    id: u.id ?? id,
                    userType: u.userType ?? undefined,
                    mail: u.mail ?? undefined,
                    userPrincipalName: u.userPrincipalName ?? undefined,
                    createdDateTime: u.createdDateTime ?? undefined,
                    creationType: u.creationType ?? undefined,
                };
            } catch (error) {
                if (isNotFound(error)) return undefined;
                throw error;
            }
        },

        deleteUser: (id) =>
            unlessGone(() => graph.api(`/users/${encodeURIComponent(id)}`).delete()),

        async servicePrincipalByAppId(appId): Promise<DirectoryObjectRef | undefined> {
            const list = (await graph
                .api(GRAPH_COLLECTION.servicePrincipal)
                .filter(`appId eq ${odata(appId)}`)
                .select("id,displayName,appId,tags")
                .get()) as GraphList;
            return directoryObjects(list)[0];
        },

        async roleAssignmentsOf(subscriptionId, principalId): Promise<RoleAssignmentRef[]> {
            const all = await collect(
                authorization(subscriptionId).roleAssignments.listForSubscription({
                    filter: `principalId eq ${odata(principalId)}`,
                    abortSignal: timeout(),
                }),
            );
            return all.map((a) => ({
                id: a.id ?? "",
                scope: a.scope ?? "",
                roleDefinitionId: a.roleDefinitionId ?? "",
            }));
        },

        deleteRoleAssignment: (subscriptionId, id) =>
            unlessGone(() =>
                // The operation's path is `/{roleAssignmentId}`: the id without its leading slash.
                authorization(subscriptionId).roleAssignments.deleteById(id.replace(/^\//, ""), {
                    abortSignal: timeout(),
                }),
            ),

        async repository(owner, name): Promise<RepositoryState | undefined> {
            try {
                const { data } = await github().rest.repos.get({ owner, repo: name });
                return { archived: data.archived };
            } catch (error) {
                if (isNotFound(error)) return undefined;
                throw error;
            }
        },

        archiveRepository: (owner, name) =>
            unlessGone(() => github().rest.repos.update({ owner, repo: name, archived: true })),

        deleteRepository: (owner, name) =>
            unlessGone(() => github().rest.repos.delete({ owner, repo: name })),
    };
}
