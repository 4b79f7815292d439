/**
 * `npm run event -- stop-compute stacks/<event>.yaml --restore [--team ...]`: undoes stop-compute's
 * cluster step. Each team's cluster (event.compute.clusterName of the roster the stack is deployed
 * from) gets the same PATCH stop-compute sent (computeOperations.update, Azure/azure-rest-api-specs
 * .../2022-10-01/examples/Compute/patch.json), now with the program's scale settings: min and idle
 * time of components/clusterScale.ts, max event.compute.clusterMaxNodes. They are read from the
 * roster, not from an earlier run's output, so a restore puts back what `up` deployed.
 *
 * Why not `refresh` then `up`: ARM ignores PUT updates to computes, so the program replaces them on
 * any change (replaceOnChanges ["properties", "location"], components/compute.ts), and a refresh
 * turns Azure's normalised values into such changes: the team's cluster and instances would be
 * deleted and re-created mid-event. `up` alone does nothing: its state still holds the old max.
 *
 * Instances are not started: members start their own when they need them. A cluster whose scale
 * settings already equal the program's is left alone; the PATCH is awaited and the cluster read
 * back, and the line says what Azure then holds. Other clusters (made by the participants) are not
 * the program's: their values are not known here, so they are named and left.
 */
import type { AzureMachineLearningWorkspaces, ScaleSettings } from "@azure/arm-machinelearning";
import { clusterScaleSettings } from "../../components/clusterScale";
import { durationSeconds } from "../../policy/props";
import type { Roster } from "../roster";
import { pickTeams, UsageError } from "../select";
import type { StopComputeDeps, StopComputeOptions } from "./command";
import { collect, failure, settle, forEachTeamWorkspace } from "./workspaces";

export type RestoreOutcome = "restored" | "already" | "absent" | "left" | "failed";

interface RestoreLine {
    readonly team: string;
    readonly compute: string;
    readonly outcome: RestoreOutcome;
    readonly detail: string;
}

const settingsOf = (s: ScaleSettings | undefined): string =>
    `min ${s?.minNodeCount ?? "?"}, max ${s?.maxNodeCount ?? "?"}, idle ${s?.nodeIdleTimeBeforeScaleDown ?? "?"}`;

/**
 * The idle times are compared as durations, not as text: Azure may hand back the `PT120S` it was
 * sent in another ISO 8601 spelling (`PT2M`), and that is the same setting.
 */
const sameIdleTime = (got: string | undefined, want: string | undefined): boolean => {
    const seconds = durationSeconds(got);
    return seconds === undefined ? got === want : seconds === durationSeconds(want);
};

const sameSettings = (s: ScaleSettings | undefined, want: ScaleSettings): boolean =>
    s?.minNodeCount === want.minNodeCount &&
    s?.maxNodeCount === want.maxNodeCount &&
    sameIdleTime(s?.nodeIdleTimeBeforeScaleDown, want.nodeIdleTimeBeforeScaleDown);

function scaleOf(compute: { properties?: unknown }): ScaleSettings | undefined {
    const p = compute.properties as
        { computeType?: string; properties?: { scaleSettings?: ScaleSettings } } | undefined;
    return p?.computeType === "AmlCompute" ? p.properties?.scaleSettings : undefined;
}

/** Puts the chosen teams' clusters back to the program's scale settings; resolves to the exit code. */
export async function restoreClusters(
    roster: Roster,
    options: StopComputeOptions,
    deps: StopComputeDeps,
): Promise<number> {
    let teams;
    try {
        teams = pickTeams(roster.teams, options);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        deps.out(`stop-compute --restore: ${error.message}\n`);
        return 2;
    }
    const { clusterName, clusterMaxNodes } = roster.event.compute;
    const want = clusterScaleSettings(clusterMaxNodes);
    const slots: (RestoreLine | (() => Promise<RestoreLine>))[] = [];
    await forEachTeamWorkspace(
        teams,
        {
            event: roster.event.name,
            defaultSubscriptionId: deps.defaultSubscriptionId,
            ml: deps.ml,
        },
        (team, outcome, detail) => slots.push({ team, compute: "-", outcome, detail }),
        async ({ team, group, client, workspace: ws }) => {
            const workspace = ws.name ?? "";
            const computes = await collect(client.computeOperations.list(group, workspace));
            const line = (compute: string, outcome: RestoreOutcome, detail: string) => ({
                team,
                compute,
                outcome,
                detail,
            });
            const ours = computes.find((c) => c.name === clusterName);
            if (ours === undefined)
                slots.push(
                    line(clusterName, "absent", `no cluster ${clusterName} in ${workspace}`),
                );
            for (const c of computes) {
                const scale = scaleOf(c);
                if (c.name !== clusterName) {
                    if (scale?.maxNodeCount === 0)
                        slots.push(
                            line(
                                c.name ?? "(unnamed)",
                                "left",
                                `max 0: not the program's cluster, its own values are not known here (stop-compute printed them); set them back by hand`,
                            ),
                        );
                    continue;
                }
                if (scale === undefined) {
                    slots.push(line(clusterName, "failed", "not an AmlCompute cluster"));
                    continue;
                }
                if (sameSettings(scale, want)) {
                    slots.push(line(clusterName, "already", settingsOf(scale)));
                    continue;
                }
                slots.push(
                    await startRestore(
                        client,
                        clusterName,
                        group,
                        workspace,
                        scale,
                        want,
                        deps,
                        line,
                    ),
                );
            }
        },
    );
    const pending = slots.filter((s): s is () => Promise<RestoreLine> => typeof s === "function");
    const settled = await settle(pending, deps.concurrency ?? 4);
    let p = 0;
    const lines = slots.map((s) => (typeof s === "function" ? settled[p++] : s));
    for (const l of lines) deps.out(`${l.team}\t${l.compute}\t${l.outcome}\t${l.detail}\n`);
    const count = (o: RestoreOutcome): number => lines.filter((l) => l.outcome === o).length;
    deps.out(
        `stop-compute --restore: ${count("restored")} cluster(s) restored to ${settingsOf(want)}, ${count("already")} already so, ${count("absent")} absent, ${count("left")} other cluster(s) left at max 0, ${count("failed")} failed; no instance started (members start their own)\n`,
    );
    return count("failed") > 0 ? 1 : 0;
}

/** Sends the PATCH; the returned function awaits it and reads the cluster back. */
async function startRestore(
    client: AzureMachineLearningWorkspaces,
    clusterName: string,
    group: string,
    workspace: string,
    was: ScaleSettings,
    want: ScaleSettings,
    deps: StopComputeDeps,
    line: (compute: string, outcome: RestoreOutcome, detail: string) => RestoreLine,
): Promise<RestoreLine | (() => Promise<RestoreLine>)> {
    const lro = deps.lroIntervalMs === undefined ? {} : { updateIntervalInMs: deps.lroIntervalMs };
    try {
        const poller = await client.computeOperations.beginUpdate(
            group,
            workspace,
            clusterName,
            { properties: { scaleSettings: want } },
            lro,
        );
        return async () => {
            try {
                await poller.pollUntilDone();
                const after = scaleOf(
                    await client.computeOperations.get(group, workspace, clusterName),
                );
                return sameSettings(after, want)
                    ? line(
                          clusterName,
                          "restored",
                          `was ${settingsOf(was)}; now ${settingsOf(after)}`,
                      )
                    : line(
                          clusterName,
                          "failed",
                          `updated, but Azure says ${settingsOf(after)} (asked ${settingsOf(want)})`,
                      );
            } catch (error) {
                return line(clusterName, "failed", failure(error).detail);
            }
        };
    } catch (error) {
        return line(clusterName, "failed", failure(error).detail);
    }
}
