/**
 * The purge steps of teardown: what `pulumi destroy` leaves behind on purpose (soft delete, deleted
 * items, archived repositories) removed for good. Every step is idempotent (404 = already done), so
 * an interrupted teardown is finished by running it again. A failing step is reported with the
 * service's message and does not stop the others; the verification then shows what is left.
 */
import { errorText } from "../retry";
import type { ActionResult, DirectoryKind, TeardownCloud } from "./cloud";
import { whyKeepGuest } from "./guestOwnership";
import { everyRecordedGuest, type TeardownNames } from "./names";
import { NOT_TIED, byOwnership } from "./ownership";

export interface StepResult {
    readonly step: string;
    readonly name: string;
    /**
     * done: acted; absent: nothing to act on; failed: the service refused (detail says why); kept:
     * left on purpose (a user this stack cannot show it created; detail says why), not a failure.
     */
    readonly result: ActionResult | "failed" | "kept";
    readonly detail?: string;
}

async function step(
    name: string,
    label: string,
    action: () => Promise<ActionResult>,
): Promise<StepResult> {
    try {
        return { step: label, name, result: await action() };
    } catch (error) {
        return { step: label, name, result: "failed", detail: errorText(error).split("\n")[0] };
    }
}

/** Runs `list`, then `each` on every item; a failing list is one failed step. */
async function forEach<T>(
    label: string,
    what: string,
    list: () => Promise<T[]>,
    each: (item: T) => Promise<StepResult>,
): Promise<StepResult[]> {
    let items: T[];
    try {
        items = await list();
    } catch (error) {
        return [
            { step: label, name: what, result: "failed", detail: errorText(error).split("\n")[0] },
        ];
    }
    if (items.length === 0) return [{ step: label, name: what, result: "absent" }];
    const results: StepResult[] = [];
    // One at a time: a team has one or two of each, and ARM's delete budget is per subscription.
    for (const item of items) results.push(await each(item));
    return results;
}

/**
 * Before `pulumi destroy`: permanently delete the team's workspace while its resource group exists.
 * Afterwards it could only be purged by creating the group again (a soft-deleted workspace in a
 * deleted group is not reachable: Azure/azure-cli#33756; the same holds for Log Analytics,
 * Azure/azure-powershell#12841). Purging first also takes everything a team made by hand inside the
 * workspace (deployments, computes), so none of it can block Pulumi; Pulumi's deletes of the
 * workspace's children then answer 404, which azure-native treats as already deleted.
 */
export function purgeWorkspacesFirst(
    names: TeardownNames,
    cloud: TeardownCloud,
): Promise<StepResult[]> {
    const sub = names.subscriptionId;
    if (sub === undefined)
        return Promise.resolve([
            {
                step: "purge ML workspace",
                name: names.resourceGroup,
                result: "failed",
                detail: "subscription unknown",
            },
        ]);
    return forEach(
        "purge ML workspace",
        `in ${names.resourceGroup}`,
        () => cloud.workspacesIn(sub, names.resourceGroup),
        (w) =>
            step(w.name, "purge ML workspace", () =>
                cloud.purgeWorkspace(sub, names.resourceGroup, w.name),
            ),
    );
}

/** After `pulumi destroy`: purge what soft delete keeps, finish the Entra objects and the repository. */
export async function purgeTeam(names: TeardownNames, cloud: TeardownCloud): Promise<StepResult[]> {
    const results: StepResult[] = [];
    const sub = names.subscriptionId;
    if (sub !== undefined) {
        results.push(...(await purgeWorkspacesFirst(names, cloud)));
        results.push(
            ...(await forEach(
                "purge key vault",
                `of ${names.resourceGroup}`,
                () => cloud.deletedVaultsOf(sub, names.resourceGroup),
                (v) =>
                    step(v.name, "purge key vault", () =>
                        cloud.purgeVault(sub, v.name, v.location),
                    ),
            )),
        );
        // Pulumi deletes the assignments it made; any other (made by hand) would outlive the principal.
        const principal = names.servicePrincipalObjectId;
        if (principal !== undefined)
            results.push(
                ...(await forEach(
                    "delete role assignment",
                    principal,
                    () => cloud.roleAssignmentsOf(sub, principal),
                    (a) =>
                        step(a.id, "delete role assignment", () =>
                            cloud.deleteRoleAssignment(sub, a.id),
                        ),
                )),
            );
    } else {
        results.push({
            step: "purge Azure resources",
            name: names.resourceGroup,
            result: "failed",
            detail: "subscription unknown: set team.subscriptionId in the roster or AZURE_SUBSCRIPTION_ID",
        });
    }
    // The application first: deleting it takes its service principal along. Then deleted items.
    const directorySteps = [
        [
            "delete",
            (kind: DirectoryKind) => cloud.directoryObjects(kind, names.application),
            (kind: DirectoryKind, id: string) => cloud.deleteDirectoryObject(kind, id),
        ],
        [
            "purge deleted",
            (kind: DirectoryKind) => cloud.deletedDirectoryObjects(kind, names.application),
            (_kind: DirectoryKind, id: string) => cloud.purgeDeletedDirectoryObject(id),
        ],
    ] as const;
    for (const [verb, list, act] of directorySteps)
        for (const kind of ["application", "servicePrincipal"] as const) {
            const label = `${verb} ${kind}`;
            let others: string[] = [];
            results.push(
                ...(await forEach(
                    label,
                    names.application,
                    async () => {
                        const owned = byOwnership(await list(kind), names);
                        others = owned.others.map((o) => o.id);
                        return owned.ours;
                    },
                    (o) => step(o.id, label, () => act(kind, o.id)),
                )),
            );
            // Ambiguity is reported, not guessed: an object of the same name is left alone.
            for (const id of others)
                results.push({ step: label, name: id, result: "failed", detail: NOT_TIED });
        }
    // The invited guests are not removed here but before `pulumi destroy` (session.ts `before`).
    if (!names.repositoryHeld) results.push(await finishRepository(names, cloud));
    return results;
}

/**
 * The guests this stack invited (and those earlier stacks of its name left: names.ts
 * EarlierStack, each proven with its own stack's first `up`), and only those: `pulumi destroy` keeps every invited user
 * (retainOnDelete, components/guestInvitations.ts), so a person who was in the tenant before the
 * event is never deleted by a destroy. Each recorded id is read first; a user this stack cannot
 * have created (not an invited guest, named by another team, created before the stack's first `up`)
 * or cannot be shown to have created (no creation time, no recorded first `up`) is kept and
 * reported: guestOwnership.ts. A user Graph no longer has (404: removed by an earlier run whose
 * destroy then failed, or by hand) is `absent`, which is done: nothing of the stack's own delete
 * path needs the user (session.ts, `before`).
 */
export async function removeRecordedGuests(
    names: TeardownNames,
    cloud: TeardownCloud,
): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const guest of everyRecordedGuest(names)) {
        const name = `${guest.login} (${guest.objectId})`;
        const label = "remove invited guest";
        try {
            const user = await cloud.user(guest.objectId);
            const keep = user && whyKeepGuest(user, names);
            if (user === undefined) results.push({ step: label, name, result: "absent" });
            else if (keep !== undefined)
                results.push({ step: label, name, result: "kept", detail: keep.reason });
            else results.push({ step: label, name, result: await cloud.deleteUser(user.id) });
        } catch (error) {
            results.push({
                step: label,
                name,
                result: "failed",
                detail: errorText(error).split("\n")[0],
            });
        }
    }
    return results;
}

/** Archives or deletes the repository as the event says; idempotent (already done: "absent"). */
export function finishRepository(names: TeardownNames, cloud: TeardownCloud): Promise<StepResult> {
    const { repositoryOwner: owner, repository: repo } = names;
    const label = names.repositoryEnd === "deleted" ? "delete repository" : "archive repository";
    return step(`${owner}/${repo}`, label, async () => {
        const state = await cloud.repository(owner, repo);
        if (state === undefined) return "absent";
        if (names.repositoryEnd === "deleted") return cloud.deleteRepository(owner, repo);
        return state.archived ? "absent" : cloud.archiveRepository(owner, repo);
    });
}
