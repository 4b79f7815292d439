/**
 * `npm run event -- stop-compute stacks/<event>.yaml [--team ...]`: the emergency stop. Every
 * running compute instance of the chosen teams is stopped, and every cluster that holds nodes is
 * resized to zero now; each compute gets a line. It deletes nothing and is safe to run again: a
 * stopped instance or an empty cluster is left as it is.
 *
 * A cluster is emptied by setting min and max nodes to 0 (the PATCH of `computeOperations.update`,
 * Azure/azure-rest-api-specs .../2022-10-01/examples/Compute/patch.json): min 0 alone leaves
 * nodes running until their idle time ends. The fair-share policy allows this update (max 0 is
 * within every limit). The report gives the command that restores the cluster's max nodes.
 */
import type { AzureMachineLearningWorkspaces, ComputeResource } from "@azure/arm-machinelearning";
import type { Roster } from "../roster";
import { statusOf } from "../preflight/guard";
import { pickTeams, UsageError, type Shard } from "../select";

export interface StopComputeOptions {
    /** Team names; empty for every team of the roster. */
    readonly teams: readonly string[];
    /** Only the teams of this shard (the event workflow runs one shard per runner). */
    readonly shard?: Shard;
}

export interface StopComputeDeps {
    /** The Azure ML client of a subscription (event/cloud/clients.ts's credential in the CLI). */
    readonly ml: (subscriptionId: string) => AzureMachineLearningWorkspaces;
    /** The subscription of teams that name none (AZURE_SUBSCRIPTION_ID / ARM_SUBSCRIPTION_ID). */
    readonly defaultSubscriptionId?: string;
    readonly out: (text: string) => void;
}

export type StopOutcome = "stopped" | "scaled-to-zero" | "already" | "left" | "failed" | "absent";

export interface ComputeLine {
    readonly team: string;
    readonly compute: string;
    readonly kind: string;
    readonly outcome: StopOutcome;
    readonly detail: string;
}

/** Instance states from which a stop makes sense (ComputeInstanceState of the 2022-10-01 spec). */
const RUNNING_STATES = [
    "Running",
    "JobRunning",
    "Starting",
    "Restarting",
    "SettingUp",
    "UserSettingUp",
];
const STOPPED_STATES = ["Stopped", "Stopping"];

const message = (error: unknown): string =>
    (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 200);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const item of items) all.push(item);
    return all;
}

async function stopOne(
    client: AzureMachineLearningWorkspaces,
    team: string,
    group: string,
    workspace: string,
    compute: ComputeResource,
): Promise<ComputeLine> {
    const name = compute.name ?? "(unnamed)";
    const props = compute.properties;
    const line = (kind: string, outcome: StopOutcome, detail: string): ComputeLine => ({
        team,
        compute: name,
        kind,
        outcome,
        detail,
    });
    try {
        if (props?.computeType === "ComputeInstance") {
            const state =
                ("properties" in props ? props.properties?.state : undefined) ?? "(no state)";
            if (STOPPED_STATES.includes(state)) return line("instance", "already", state);
            if (!RUNNING_STATES.includes(state))
                return line("instance", "left", `state ${state}: nothing to stop`);
            await client.computeOperations.beginStopAndWait(group, workspace, name);
            return line("instance", "stopped", `was ${state}`);
        }
        if (props?.computeType === "AmlCompute") {
            const p = "properties" in props ? props.properties : undefined;
            const nodes = p?.currentNodeCount ?? 0;
            const min = p?.scaleSettings?.minNodeCount ?? 0;
            const max = p?.scaleSettings?.maxNodeCount;
            if (nodes === 0 && min === 0)
                return line("cluster", "already", `0 nodes (max ${max ?? "?"} kept)`);
            await client.computeOperations.beginUpdateAndWait(group, workspace, name, {
                properties: { scaleSettings: { minNodeCount: 0, maxNodeCount: 0 } },
            });
            return line(
                "cluster",
                "scaled-to-zero",
                `had ${nodes} node(s), min ${min}; restore with: az ml compute update -n ${name} -g ${group} -w ${workspace} --max-instances ${max ?? "<n>"}`,
            );
        }
        return line(props?.computeType ?? "compute", "left", "not an instance or a cluster");
    } catch (error) {
        return line(
            props?.computeType === "AmlCompute" ? "cluster" : "instance",
            "failed",
            `${statusOf(error) ?? "error"}: ${message(error)}`,
        );
    }
}

/** Stops the chosen teams' computes; resolves to the exit code (0 every compute stopped or idle, 1 a failure). */
export async function stopCompute(
    roster: Roster,
    options: StopComputeOptions,
    deps: StopComputeDeps,
): Promise<number> {
    let teams;
    try {
        teams = pickTeams(roster.teams, options);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        deps.out(`stop-compute: ${error.message}\n`);
        return 2;
    }
    const lines: ComputeLine[] = [];
    for (const team of teams) {
        const subscription = team.subscriptionId || deps.defaultSubscriptionId;
        const group = `rg-${roster.event.name}-${team.name}`;
        if (subscription === undefined) {
            lines.push({
                team: team.name,
                compute: "-",
                kind: "-",
                outcome: "failed",
                detail: "no subscriptionId and no AZURE_SUBSCRIPTION_ID/ARM_SUBSCRIPTION_ID",
            });
            continue;
        }
        const client = deps.ml(subscription);
        try {
            const workspaces = await collect(client.workspaces.listByResourceGroup(group));
            for (const ws of workspaces) {
                const computes = await collect(client.computeOperations.list(group, ws.name ?? ""));
                for (const compute of computes)
                    lines.push(await stopOne(client, team.name, group, ws.name ?? "", compute));
            }
            if (workspaces.length === 0)
                lines.push({
                    team: team.name,
                    compute: "-",
                    kind: "-",
                    outcome: "absent",
                    detail: `no workspace in ${group}`,
                });
        } catch (error) {
            lines.push(
                statusOf(error) === 404
                    ? {
                          team: team.name,
                          compute: "-",
                          kind: "-",
                          outcome: "absent",
                          detail: `no resource group ${group} (not deployed, or torn down)`,
                      }
                    : {
                          team: team.name,
                          compute: "-",
                          kind: "-",
                          outcome: "failed",
                          detail: `${statusOf(error) ?? "error"}: ${message(error)}`,
                      },
            );
        }
    }
    for (const l of lines)
        deps.out(`${l.team}\t${l.compute}\t${l.kind}\t${l.outcome}\t${l.detail}\n`);
    const failed = lines.filter((l) => l.outcome === "failed").length;
    deps.out(
        `stop-compute: ${lines.filter((l) => l.outcome === "stopped").length} instance(s) stopped, ${lines.filter((l) => l.outcome === "scaled-to-zero").length} cluster(s) scaled to 0, ${lines.filter((l) => l.outcome === "already").length} already idle, ${failed} failed; nothing deleted\n`,
    );
    return failed > 0 ? 1 : 0;
}
