/**
 * `npm run event -- stop-compute stacks/<event>.yaml [--team ...]`: the emergency stop. Every
 * running compute instance of the chosen teams is stopped, and every cluster that holds or is
 * getting nodes is resized to zero; each compute gets a line. It deletes nothing and is safe to run
 * again: a stopped instance or a cluster at rest with no nodes is left as it is.
 *
 * A cluster is idle only when it is at rest (allocationState Steady) with target and current nodes
 * 0, or when its max is already 0: Azure/azure-rest-api-specs .../2022-10-01/examples/Compute/get/
 * AmlCompute.json shows a cluster Resizing from 0 towards 1 node, which "0 nodes now" would leave
 * growing. Otherwise its scale settings are PATCHed to min 0, max 0 (computeOperations.update;
 * .../Compute/patch.json, whose request also carries nodeIdleTimeBeforeScaleDown: it is sent back
 * unchanged, since what the service does with a PATCH that omits it is not documented), the
 * operation is awaited (patch.json answers provisioningState Updating with Azure-AsyncOperation),
 * and the compute is read again to report its target and current nodes: whether max 0 drains busy
 * nodes at once or lets them finish is not documented (docs/azure-facts.md), so the report says
 * what Azure says rather than "zero now". The fair-share policy allows this update (max 0 is within
 * every limit). The line for it prints the original scale settings and how to restore them
 * (`stop-compute --restore`, ./restore.ts). A team is "absent" only when ARM answers
 * ResourceGroupNotFound; any other 404 (a mistyped subscription) is a failure.
 *
 * Every stop and update is started first, then awaited a few at a time: one team's slow stop does
 * not hold the others back. When signing in fails (no network to Entra ID, a refused secret), the
 * first failure is said once and no further team is asked.
 */
import type {
    AzureMachineLearningWorkspaces,
    ComputeResource,
    ScaleSettings,
} from "@azure/arm-machinelearning";
import type { Roster } from "../roster";
import { pickTeams, UsageError, type Shard } from "../select";
import { collect, failure, settle, forEachTeamWorkspace } from "./workspaces";

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
    /** Stops and updates awaited at once; defaults to 4. */
    readonly concurrency?: number;
    /** Poll interval of the long-running operations (the SDK's default when undefined). */
    readonly lroIntervalMs?: number;
}

export type StopOutcome =
    | "stopped"
    | "stopping"
    | "scaled-to-zero"
    | "already"
    | "not-stopped"
    | "left"
    | "failed"
    | "absent";

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
/**
 * States in which the instance may still hold a VM (setup failed after allocation, or Azure does
 * not know): the stop is tried and Azure's answer reported, rather than leaving it with exit 0.
 */
const MAYBE_ALLOCATED_STATES = ["SetupFailed", "UserSetupFailed", "Unknown"];
const STOPPED_STATES = ["Stopped", "Stopping"];
/**
 * Creating: the instance will run once created, and a stop now is not one Azure documents taking.
 * Said as not stopped with a non-zero exit (run again), rather than waiting here: creation takes
 * minutes and an emergency stop should report at once on everything else.
 */
const CREATING = "Creating";

/** A started stop or update: awaited later, then turned into the compute's line. */
type Pending = () => Promise<ComputeLine>;

interface Where {
    readonly client: AzureMachineLearningWorkspaces;
    readonly team: string;
    readonly group: string;
    readonly workspace: string;
    readonly rosterFile: string;
    /** The program's cluster (event.compute.clusterName), the one --restore puts back. */
    readonly clusterName: string;
    readonly lroIntervalMs?: number;
}

const lroOptions = (w: Where) =>
    w.lroIntervalMs === undefined ? {} : { updateIntervalInMs: w.lroIntervalMs };

/**
 * The restore the cluster's line prints: the original settings, and how to put them back. Not
 * `refresh` then `up`: a refresh turns Azure's normalised values into compute replacements
 * (replaceOnChanges, NOTES.md), and `up` alone sees no diff (its state still holds the old max).
 * `stop-compute --restore` (./restore.ts) sends the same PATCH back with the program's values.
 */
function restoreOf(w: Where, name: string, scale: ScaleSettings | undefined): string {
    const was = `was min ${scale?.minNodeCount ?? 0}, max ${scale?.maxNodeCount ?? "?"}, idle ${scale?.nodeIdleTimeBeforeScaleDown ?? "?"}`;
    return name === w.clusterName
        ? `${was}; restore with: npm run event -- stop-compute ${w.rosterFile} --restore --team ${w.team}`
        : `${was}; not the program's cluster (${w.clusterName}): --restore leaves it, set it back by hand`;
}

/** Starts what the compute needs; a line now when nothing is to be done, else a Pending. */
async function start(w: Where, compute: ComputeResource): Promise<ComputeLine | Pending> {
    const name = compute.name ?? "(unnamed)";
    const props = compute.properties;
    const kind =
        props?.computeType === "AmlCompute"
            ? "cluster"
            : props?.computeType === "ComputeInstance"
              ? "instance"
              : (props?.computeType ?? "compute");
    const line = (outcome: StopOutcome, detail: string): ComputeLine => ({
        team: w.team,
        compute: name,
        kind,
        outcome,
        detail,
    });
    try {
        if (props?.computeType === "ComputeInstance") {
            const state =
                ("properties" in props ? props.properties?.state : undefined) ?? "(no state)";
            if (STOPPED_STATES.includes(state)) return line("already", state);
            if (state === CREATING)
                return line("not-stopped", "not stopped (creating): run again once it is created");
            if (!RUNNING_STATES.includes(state) && !MAYBE_ALLOCATED_STATES.includes(state))
                return line("left", `state ${state}: not a state that can be stopped`);
            const poller = await w.client.computeOperations.beginStop(
                w.group,
                w.workspace,
                name,
                lroOptions(w),
            );
            return async () => {
                try {
                    await poller.pollUntilDone();
                    // Compute/stop.json answers 202 with no polling header: the operation being
                    // "done" says only that Azure took the stop. The instance is read back.
                    const after = await w.client.computeOperations.get(w.group, w.workspace, name);
                    const ap = after.properties;
                    const now =
                        (ap?.computeType === "ComputeInstance" && "properties" in ap
                            ? ap.properties?.state
                            : undefined) ?? "(no state)";
                    if (now === "Stopped")
                        return line("stopped", `was ${state}; Azure says Stopped`);
                    if (now === "Stopping")
                        return line("stopping", `was ${state}; stop accepted, Azure says Stopping`);
                    return line("failed", `was ${state}; stop accepted but Azure says ${now}`);
                } catch (error) {
                    return line("failed", `was ${state}: ${failure(error).detail}`);
                }
            };
        }
        if (props?.computeType === "AmlCompute") {
            const p = "properties" in props ? props.properties : undefined;
            const current = p?.currentNodeCount ?? 0;
            const target = p?.targetNodeCount ?? 0;
            const scale = p?.scaleSettings;
            const nodes = `${p?.allocationState ?? "?"}, ${current} node(s), target ${target}`;
            if (scale?.maxNodeCount === 0)
                return line(
                    "already",
                    `max 0 already (${nodes})${current > 0 ? `: ${current} node(s) still leaving` : ""}`,
                );
            if (p?.allocationState === "Steady" && current === 0 && target === 0)
                return line("already", `${nodes} (max ${scale?.maxNodeCount ?? "?"} kept)`);
            const poller = await w.client.computeOperations.beginUpdate(
                w.group,
                w.workspace,
                name,
                {
                    properties: {
                        scaleSettings: {
                            minNodeCount: 0,
                            maxNodeCount: 0,
                            ...(scale?.nodeIdleTimeBeforeScaleDown
                                ? { nodeIdleTimeBeforeScaleDown: scale.nodeIdleTimeBeforeScaleDown }
                                : {}),
                        },
                    },
                },
                lroOptions(w),
            );
            return async () => {
                try {
                    await poller.pollUntilDone();
                    // What Azure now says of the nodes, not what the PATCH asked for.
                    const after = await w.client.computeOperations.get(w.group, w.workspace, name);
                    const ap =
                        after.properties?.computeType === "AmlCompute" &&
                        "properties" in after.properties
                            ? after.properties.properties
                            : undefined;
                    const left = ap?.currentNodeCount ?? 0;
                    const now = `target ${ap?.targetNodeCount ?? "?"}, ${left} node(s) still leaving`;
                    const restore = restoreOf(w, name, scale);
                    return ap?.targetNodeCount === 0
                        ? line("scaled-to-zero", `had ${nodes}; now ${now}; ${restore}`)
                        : line("failed", `updated to max 0 but Azure says ${now}; ${restore}`);
                } catch (error) {
                    return line("failed", `${failure(error).detail}; ${restoreOf(w, name, scale)}`);
                }
            };
        }
        return line("left", "not an instance or a cluster");
    } catch (error) {
        return line("failed", failure(error).detail);
    }
}

const teamLine = (team: string, outcome: StopOutcome, detail: string): ComputeLine => ({
    team,
    compute: "-",
    kind: "-",
    outcome,
    detail,
});

/** Stops the chosen teams' computes; resolves to the exit code (0 every compute stopped or idle, 1 otherwise). */
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
    // Slots keep the report in roster order: a line, or a started operation to await.
    const slots: (ComputeLine | Pending)[] = [];
    await forEachTeamWorkspace(
        teams,
        {
            event: roster.event.name,
            defaultSubscriptionId: deps.defaultSubscriptionId,
            ml: deps.ml,
        },
        (team, outcome, detail) => slots.push(teamLine(team, outcome, detail)),
        async ({ team, group, client, workspace: ws }) => {
            const where: Where = {
                client,
                team,
                group,
                workspace: ws.name ?? "",
                rosterFile: roster.file,
                clusterName: roster.event.compute.clusterName,
                ...(deps.lroIntervalMs === undefined ? {} : { lroIntervalMs: deps.lroIntervalMs }),
            };
            const computes = await collect(client.computeOperations.list(group, where.workspace));
            for (const compute of computes) slots.push(await start(where, compute));
        },
    );
    const pending = slots.filter((s): s is Pending => typeof s === "function");
    const settled = await settle(pending, deps.concurrency ?? 4);
    let p = 0;
    const lines = slots.map((s) => (typeof s === "function" ? settled[p++] : s));
    for (const l of lines)
        deps.out(`${l.team}\t${l.compute}\t${l.kind}\t${l.outcome}\t${l.detail}\n`);
    const count = (outcome: StopOutcome): number =>
        lines.filter((l) => l.outcome === outcome).length;
    deps.out(
        `stop-compute: ${count("stopped")} instance(s) stopped, ${count("stopping")} stopping (stop accepted), ${count("scaled-to-zero")} cluster(s) set to 0 nodes, ${count("already")} already idle, ${count("not-stopped")} not stopped (creating: run again), ${count("left")} left as they are (see their state), ${count("absent")} team(s) with nothing deployed, ${count("failed")} failed; nothing deleted\n`,
    );
    return count("failed") + count("not-stopped") > 0 ? 1 : 0;
}
