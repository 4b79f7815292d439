/**
 * Test doubles for teardown above the SDK layer: an in-memory `TeardownCloud` whose state changes
 * the way the services' do (a destroy soft-deletes the workspace and vault, deleting an application
 * moves it and its principal to deleted items), and an in-memory record store. The SDK layer itself
 * is tested through nock in teardownSdk.test.ts; these prove the order of steps and re-runs.
 */
import type { StackEngine } from "../../event/engine";
import { entraStackTag } from "../../stacks/entraTag";
import type {
    ActionResult,
    DeletedVaultRef,
    DirectoryKind,
    DirectoryObjectRef,
    RoleAssignmentRef,
    TeardownCloud,
    UserRef,
    WorkspaceRef,
} from "../../event/teardown/cloud";
import type { RecordStore, TeardownRecord } from "../../event/teardown/names";

export const SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";

interface TeamState {
    group: "present" | "deleting" | "absent";
    workspace?: WorkspaceRef & { softDeleted: boolean };
    vault?: DeletedVaultRef & { softDeleted: boolean };
    app?: DirectoryObjectRef & { deleted: boolean };
    sp?: DirectoryObjectRef & { deleted: boolean };
    /** The service principal's object id, kept after the principal is gone. */
    readonly principalId: string;
    roleAssignments: RoleAssignmentRef[];
    repo?: { archived: boolean };
}

export class MemoryCloud implements TeardownCloud {
    /** Every call, in order, as `method arg`. */
    readonly calls: string[] = [];
    readonly teams = new Map<string, TeamState>();
    /** Makes the next matching call reject once (an interruption, a refusal). */
    readonly failOnce = new Map<string, Error>();
    /** Role assignments the stack made (Pulumi deletes these). */
    private readonly stackMade = new Set<string>();
    /** Users of the tenant by object id (invited guests, and others the stack must never delete). */
    readonly users = new Map<string, UserRef>();
    /** A soft-deleted workspace cannot be purged once its group is gone (Azure/azure-cli#33756). */
    purgeNeedsGroup = true;

    /** A team as `up` left it: everything live. */
    provision(event: string, team: string, suffix = "k3x9qz"): this {
        const rg = `rg-${event}-${team}`;
        const app = `openhack-${event}-${team}`;
        this.teams.set(rg, {
            group: "present",
            workspace: {
                id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.MachineLearningServices/workspaces/${event}-${team}-${suffix}`,
                name: `${event}-${team}-${suffix}`,
                location: "japaneast",
                softDeleted: false,
            },
            vault: {
                name: `${event}${team.slice(0, 8)}${suffix}`,
                location: "japaneast",
                vaultId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${event}${team.slice(0, 8)}${suffix}`,
                softDeleted: false,
            },
            // Tagged as the team stack tags them (stacks/entraTag.ts).
            app: {
                id: `app-${team}`,
                displayName: app,
                appId: `client-${team}`,
                tags: [entraStackTag(event, team)],
                deleted: false,
            },
            sp: {
                id: `sp-${team}`,
                displayName: app,
                appId: `client-${team}`,
                tags: [entraStackTag(event, team)],
                deleted: false,
            },
            principalId: `sp-${team}`,
            roleAssignments: [
                {
                    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Authorization/roleAssignments/ra-${team}`,
                    scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`,
                    roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c",
                },
            ],
            repo: { archived: false },
        });
        for (const a of this.state(rg).roleAssignments) this.stackMade.add(a.id);
        return this;
    }

    /** What `pulumi destroy` does to the team's cloud objects (archiveOnDestroy: true). */
    pulumiDestroyed(rg: string): void {
        const t = this.state(rg);
        this.calls.push(`pulumi destroy ${rg}`);
        t.group = "absent";
        if (t.workspace) t.workspace.softDeleted = true;
        if (t.vault) t.vault.softDeleted = true;
        if (t.app) t.app.deleted = true;
        if (t.sp) t.sp.deleted = true;
        // Only the stack's own assignments: one made by hand survives the destroy.
        t.roleAssignments = t.roleAssignments.filter((a) => !this.stackMade.has(a.id));
        // The repository is retainOnDelete (components/teamRepository.ts): Pulumi leaves it, the purge ends it.
    }

    private state(rg: string): TeamState {
        const t = this.teams.get(rg);
        if (!t) throw new Error(`MemoryCloud: no team with group ${rg}`);
        return t;
    }

    private call(text: string): void {
        this.calls.push(text);
        const error = this.failOnce.get(text);
        if (error) {
            this.failOnce.delete(text);
            throw error;
        }
    }

    private byName(name: string): TeamState | undefined {
        return [...this.teams.values()].find(
            (t) => t.app?.displayName === name || t.sp?.displayName === name,
        );
    }

    async resourceGroupState(_s: string, rg: string) {
        this.call(`resourceGroupState ${rg}`);
        return this.state(rg).group;
    }
    async workspacesIn(_s: string, rg: string) {
        this.call(`workspacesIn ${rg}`);
        const w = this.state(rg).workspace;
        return w ? [w] : [];
    }
    async purgeWorkspace(_s: string, rg: string, name: string): Promise<ActionResult> {
        this.call(`purgeWorkspace ${name}`);
        const t = this.state(rg);
        if (!t.workspace) return "absent";
        if (t.group === "absent" && this.purgeNeedsGroup)
            throw Object.assign(new Error(`Resource group '${rg}' could not be found.`), {
                statusCode: 404,
            });
        t.workspace = undefined;
        return "done";
    }
    async deletedVaultsOf(_s: string, rg: string) {
        this.call(`deletedVaultsOf ${rg}`);
        const v = this.state(rg).vault;
        return v?.softDeleted ? [v] : [];
    }
    async purgeVault(_s: string, name: string): Promise<ActionResult> {
        this.call(`purgeVault ${name}`);
        const t = [...this.teams.values()].find((x) => x.vault?.name === name);
        if (!t?.vault?.softDeleted) return "absent";
        t.vault = undefined;
        return "done";
    }
    async user(id: string) {
        this.call(`user ${id}`);
        return this.users.get(id);
    }
    async deleteUser(id: string): Promise<ActionResult> {
        this.call(`deleteUser ${id}`);
        return this.users.delete(id) ? "done" : "absent";
    }
    async directoryObjects(kind: DirectoryKind, name: string) {
        this.call(`directoryObjects ${kind} ${name}`);
        const o = this.byName(name)?.[kind === "application" ? "app" : "sp"];
        return o && !o.deleted ? [o] : [];
    }
    async deletedDirectoryObjects(kind: DirectoryKind, name: string) {
        this.call(`deletedDirectoryObjects ${kind} ${name}`);
        const o = this.byName(name)?.[kind === "application" ? "app" : "sp"];
        return o?.deleted ? [o] : [];
    }
    async deleteDirectoryObject(kind: DirectoryKind, id: string): Promise<ActionResult> {
        this.call(`deleteDirectoryObject ${kind} ${id}`);
        const t = [...this.teams.values()].find((x) => x.app?.id === id || x.sp?.id === id);
        if (!t) return "absent";
        if (t.app) t.app.deleted = true;
        if (t.sp) t.sp.deleted = true;
        return "done";
    }
    async purgeDeletedDirectoryObject(id: string): Promise<ActionResult> {
        this.call(`purgeDeletedDirectoryObject ${id}`);
        for (const t of this.teams.values()) {
            if (t.app?.id === id && t.app.deleted) {
                t.app = undefined;
                return "done";
            }
            if (t.sp?.id === id && t.sp.deleted) {
                t.sp = undefined;
                return "done";
            }
        }
        return "absent";
    }
    async servicePrincipalByAppId(appId: string) {
        this.call(`servicePrincipalByAppId ${appId}`);
        const t = [...this.teams.values()].find((x) => x.sp?.appId === appId && !x.sp.deleted);
        return t?.sp;
    }
    async roleAssignmentsOf(_s: string, principalId: string) {
        this.call(`roleAssignmentsOf ${principalId}`);
        const t = [...this.teams.values()].find((x) => x.principalId === principalId);
        return t?.roleAssignments ?? [];
    }
    async deleteRoleAssignment(_s: string, id: string): Promise<ActionResult> {
        this.call(`deleteRoleAssignment ${id}`);
        for (const t of this.teams.values()) {
            const before = t.roleAssignments.length;
            t.roleAssignments = t.roleAssignments.filter((a) => a.id !== id);
            if (t.roleAssignments.length < before) return "done";
        }
        return "absent";
    }
    async repository(owner: string, name: string) {
        this.call(`repository ${owner}/${name}`);
        const t = this.teams.get(`rg-${name}`);
        return t?.repo;
    }
    async archiveRepository(owner: string, name: string): Promise<ActionResult> {
        this.call(`archiveRepository ${owner}/${name}`);
        const t = this.teams.get(`rg-${name}`);
        if (!t?.repo) return "absent";
        t.repo.archived = true;
        return "done";
    }
    async deleteRepository(owner: string, name: string): Promise<ActionResult> {
        this.call(`deleteRepository ${owner}/${name}`);
        const t = this.teams.get(`rg-${name}`);
        if (!t?.repo) return "absent";
        t.repo = undefined;
        return "done";
    }
}

/**
 * A B2B guest as Graph's "Get user" answers it: userType Guest, creationType Invitation
 * (tests/fixtures/team/graph-user-guest.json names the source).
 */
export const invitedGuestUser = (id: string, createdDateTime: string, mail?: string): UserRef => ({
    id,
    userType: "Guest",
    creationType: "Invitation",
    ...(mail !== undefined ? { mail } : {}),
    createdDateTime,
});

/**
 * Graph's refusal of DELETE /users/{id} without the right, as the SDK layer rejects with it: 403
 * Forbidden ("access to the requested resource is denied", https://learn.microsoft.com/graph/errors)
 * with the directory's code Authorization_RequestDenied, "Insufficient privileges to complete the
 * operation.".
 */
export const graphForbidden = (): Error =>
    Object.assign(new Error("Insufficient privileges to complete the operation."), {
        statusCode: 403,
        code: "Authorization_RequestDenied",
    });

export class MemoryRecords implements RecordStore {
    readonly records = new Map<string, TeardownRecord>();
    async read(team: string): Promise<TeardownRecord> {
        return this.records.get(team) ?? {};
    }
    async write(team: string, record: TeardownRecord): Promise<void> {
        this.records.set(team, record);
    }
}

/**
 * Makes a fake engine's `destroy` do to the cloud what a real one does besides emptying the stack
 * (soft deletes, deleted items, archiving) and empty the stack as Pulumi does: no outputs, and no
 * resource in its state, so neither the invitations (retainOnDelete: dropped from the state, the
 * provider's delete never called; ResourceV3 RetainOnDelete, pulumi/pulumi
 * sdk/go/common/apitype/core.go) nor the root Stack with its `created`.
 */
export function withCloudEffects<
    E extends StackEngine & {
        stacks: Map<string, { outputs: unknown; stateGuests?: unknown; stackCreated?: string }>;
    },
>(engine: E, cloud: MemoryCloud): E {
    const run = engine.run.bind(engine);
    engine.run = async (op) => {
        const result = await run(op);
        if (op.command === "destroy") {
            cloud.pulumiDestroyed(`rg-${op.stackName}`);
            const stack = engine.stacks.get(op.stackName);
            if (stack) {
                stack.outputs = {};
                stack.stateGuests = [];
                stack.stackCreated = undefined;
            }
        }
        return result;
    };
    return engine;
}
