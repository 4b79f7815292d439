/**
 * The seam between teardown (purge and verification) and the cloud services: every question and
 * every action teardown needs, in the services' own terms. `sdkCloud.ts` implements it with the
 * official Azure, Graph and GitHub SDK clients; the driver tests implement it in memory to prove the
 * order of steps and re-runs. Each action is idempotent: "already gone" is a normal answer, not an
 * error, so an interrupted teardown can simply run again.
 */

/** What `resourceGroups.get` says about the team's group. */
export type ResourceGroupState = "absent" | "deleting" | "present";

export interface WorkspaceRef {
    /** ARM id (`/subscriptions/.../resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<name>`). */
    readonly id: string;
    readonly name: string;
    readonly location?: string;
    /** As the list reports it (soft-deleted workspaces are listed too; see sdkCloud.ts). */
    readonly provisioningState?: string;
}

export interface DeletedVaultRef {
    readonly name: string;
    readonly location: string;
    /** The id the vault had before deletion: tells which resource group it belonged to. */
    readonly vaultId: string;
    readonly scheduledPurgeDate?: string;
}

/** An Entra directory object (application or service principal), active or in deleted items. */
export interface DirectoryObjectRef {
    /** Object id. */
    readonly id: string;
    readonly displayName: string;
    /** Application (client) id. */
    readonly appId?: string;
    /** The object's tags (the team stack sets stacks/entraTag.ts). */
    readonly tags?: readonly string[];
}

export interface RoleAssignmentRef {
    readonly id: string;
    readonly scope: string;
    readonly roleDefinitionId: string;
}

/** A user of the tenant, as far as teardown needs it (Graph `user`: id, userType, mail). */
export interface UserRef {
    readonly id: string;
    /** "Guest" or "Member". */
    readonly userType?: string;
    readonly mail?: string;
    readonly userPrincipalName?: string;
    /** When the user object was created (ISO 8601; Graph returns it only when `$select`-ed). */
    readonly createdDateTime?: string;
    /** How the account was created: `Invitation` for a B2B guest; null (here undefined) for a work or school account. */
    readonly creationType?: string;
}

export interface RepositoryState {
    readonly archived: boolean;
}

export type DirectoryKind = "application" | "servicePrincipal";

/** "done": the action happened; "absent": there was nothing to act on (404). */
export type ActionResult = "done" | "absent";

export interface TeardownCloud {
    resourceGroupState(subscriptionId: string, resourceGroup: string): Promise<ResourceGroupState>;
    /** Workspaces of the subscription whose id is in `resourceGroup`, soft-deleted ones included. */
    workspacesIn(subscriptionId: string, resourceGroup: string): Promise<WorkspaceRef[]>;
    /** Permanently deletes a workspace (`forceToPurge=true`) and waits until it is gone. */
    purgeWorkspace(
        subscriptionId: string,
        resourceGroup: string,
        workspace: string,
    ): Promise<ActionResult>;
    /** Soft-deleted key vaults of the subscription that belonged to `resourceGroup`. */
    deletedVaultsOf(subscriptionId: string, resourceGroup: string): Promise<DeletedVaultRef[]>;
    purgeVault(subscriptionId: string, vault: string, location: string): Promise<ActionResult>;

    directoryObjects(kind: DirectoryKind, displayName: string): Promise<DirectoryObjectRef[]>;
    deletedDirectoryObjects(
        kind: DirectoryKind,
        displayName: string,
    ): Promise<DirectoryObjectRef[]>;
    /** Deletes an active object (it moves to deleted items). */
    deleteDirectoryObject(kind: DirectoryKind, id: string): Promise<ActionResult>;
    /** Deletes an object from deleted items for good. */
    purgeDeletedDirectoryObject(id: string): Promise<ActionResult>;
    /** The service principal of an application, by its client id. */
    servicePrincipalByAppId(appId: string): Promise<DirectoryObjectRef | undefined>;

    /** Role assignments of `principalId` anywhere in the subscription (subscription, group or resource scope). */
    roleAssignmentsOf(subscriptionId: string, principalId: string): Promise<RoleAssignmentRef[]>;
    deleteRoleAssignment(subscriptionId: string, id: string): Promise<ActionResult>;

    /** A user by object id; undefined when there is none (404). */
    user(id: string): Promise<UserRef | undefined>;
    /** Deletes a user (it moves to deleted items). */
    deleteUser(id: string): Promise<ActionResult>;

    repository(owner: string, name: string): Promise<RepositoryState | undefined>;
    archiveRepository(owner: string, name: string): Promise<ActionResult>;
    deleteRepository(owner: string, name: string): Promise<ActionResult>;
}

/** The resource group part of an ARM id, lower-cased (ARM compares group names case-insensitively). */
export function resourceGroupOf(armId: string): string | undefined {
    return /\/resourceGroups\/([^/]+)/i.exec(armId)?.[1]?.toLowerCase();
}
