/**
 * What stop-compute and its --restore share: finding a team's workspaces, saying why a call
 * failed, awaiting started operations a few at a time.
 */
import type { AzureMachineLearningWorkspaces, Workspace } from "@azure/arm-machinelearning";
import { causeOf } from "../preflight/cause";

export const firstLine = (error: unknown): string =>
    (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 200);

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
}

/** Why a call failed, and whether it means no further team can be asked (sign-in, no network). */
export function failure(error: unknown): { detail: string; stop: boolean } {
    const cause = causeOf(error, 0, false);
    return {
        detail:
            cause.kind === "other" && cause.status !== undefined
                ? `${cause.status}: ${firstLine(error)}`
                : cause.reason,
        stop: cause.kind !== "other" || cause.reason.startsWith("no usable sign-in"),
    };
}

/**
 * ARM's code for a resource group that does not exist (404; body {"error":{"code":
 * "ResourceGroupNotFound","message":"Resource group '<name>' could not be found."}} as quoted in
 * Azure/azure-powershell#12841, and the message Azure/azure-powershell's deployment stack scenario
 * tests expect: "Code=ResourceGroupNotFound; Message=Resource group '<name>' could not be found").
 * The SDK's RestError carries the body's error.code as `code` (@azure/core-client
 * deserializationPolicy). Every other 404 — SubscriptionNotFound for a mistyped subscription
 * (microsoft/AzureStorageExplorer#4273) above all — is a failure, not "nothing deployed".
 */
export const RESOURCE_GROUP_NOT_FOUND = "ResourceGroupNotFound";

export type TeamWorkspaces =
    | { readonly kind: "found"; readonly workspaces: Workspace[] }
    | { readonly kind: "absent"; readonly detail: string };

/** The workspaces of a team's group; absent only when ARM says the group does not exist. Throws otherwise. */
export async function teamWorkspaces(
    client: AzureMachineLearningWorkspaces,
    group: string,
): Promise<TeamWorkspaces> {
    try {
        const workspaces = await collect(client.workspaces.listByResourceGroup(group));
        return workspaces.length === 0
            ? { kind: "absent", detail: `no workspace in ${group}` }
            : { kind: "found", workspaces };
    } catch (error) {
        const e = error as { statusCode?: unknown; code?: unknown };
        if (e.statusCode === 404 && e.code === RESOURCE_GROUP_NOT_FOUND)
            return {
                kind: "absent",
                detail: `no resource group ${group} (not deployed, or torn down)`,
            };
        throw error;
    }
}

/** Awaits the pending operations, `limit` at a time, keeping their order. */
export async function settle<T>(
    pending: readonly (() => Promise<T>)[],
    limit: number,
): Promise<T[]> {
    const results: T[] = new Array<T>(pending.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < pending.length) {
            const at = next++;
            results[at] = await pending[at]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, pending.length) }, worker));
    return results;
}

/** One workspace of one team, with the client and group it was found through. */
export interface TeamWorkspace {
    readonly team: string;
    readonly group: string;
    readonly client: AzureMachineLearningWorkspaces;
    readonly workspace: Workspace;
}

/**
 * Walks the chosen teams in roster order, as stop-compute and --restore both do: a team without a
 * subscription, whose group is absent, or whose calls failed becomes one team line (`report`); after
 * a failure that means no further team can be asked (sign-in, no network), the rest are "not
 * asked"; `each` is called for every workspace found.
 */
export async function forEachTeamWorkspace(
    teams: readonly { readonly name: string; readonly subscriptionId?: string }[],
    where: {
        readonly event: string;
        readonly defaultSubscriptionId?: string;
        readonly ml: (subscriptionId: string) => AzureMachineLearningWorkspaces;
    },
    report: (team: string, outcome: "failed" | "absent", detail: string) => void,
    each: (found: TeamWorkspace) => Promise<void>,
): Promise<void> {
    let signInFailure: string | undefined;
    for (const team of teams) {
        const subscription = team.subscriptionId || where.defaultSubscriptionId;
        const group = `rg-${where.event}-${team.name}`;
        if (signInFailure !== undefined) {
            report(team.name, "failed", `not asked: ${signInFailure}`);
            continue;
        }
        if (subscription === undefined) {
            report(
                team.name,
                "failed",
                "no subscriptionId and no AZURE_SUBSCRIPTION_ID/ARM_SUBSCRIPTION_ID",
            );
            continue;
        }
        const client = where.ml(subscription);
        try {
            const found = await teamWorkspaces(client, group);
            if (found.kind === "absent") {
                report(team.name, "absent", found.detail);
                continue;
            }
            for (const workspace of found.workspaces)
                await each({ team: team.name, group, client, workspace });
        } catch (error) {
            const { detail, stop } = failure(error);
            if (stop) signInFailure = detail;
            report(team.name, "failed", detail);
        }
    }
}
