/**
 * OFFLINE SIMULATION: the expected wall time of an event's `up` for a roster, with the settings that
 * reach it. Each candidate machine size gives its default `--parallel` (event/capacity.ts); shards
 * split the roster over machines of that size sharing one GitHub token. Every candidate is run
 * through the real driver (simulateEvent.ts) and the fastest is recommended.
 */
import { defaultParallel } from "../../event/capacity";
import { GITHUB_WINDOWS } from "../../event/ratelimit";
import { lowerBound, type LowerBound } from "./lowerBound";
import { simulateEvent, type EventSimulation } from "./simulateEvent";
import type { FaultKind, SimulatedTeam } from "./simulatedEngine";

export interface TeamLoad extends SimulatedTeam {
    readonly name: string;
    readonly githubWrites: number;
    /** Azure Resource Manager writes (azure-native resources) of the team's up. */
    readonly armWrites: number;
}

/** Machines an organizer typically has: a GitHub-hosted runner (7 GiB), a 16 GiB laptop, a 64 GiB VM. */
export const MACHINES = [
    { label: "7 GiB runner", gib: 7 },
    { label: "16 GiB machine", gib: 16 },
    { label: "64 GiB machine", gib: 64 },
] as const;
/** The start-rate limiter gives each shard its share of the token: beyond 5 a share is below one team's writes. */
export const MAX_SHARDS = 5;

export interface Candidate {
    readonly machine: string;
    readonly parallel: number;
    readonly shards: number;
    readonly simulation: EventSimulation;
}

export interface EventEstimate {
    readonly lowerBound: LowerBound;
    readonly candidates: readonly Candidate[];
    /** The fastest candidate (fewest shards among equals). */
    readonly best: Candidate;
}

export async function estimateEvent(
    rosterText: string,
    eventName: string,
    teams: readonly TeamLoad[],
    startsAt: number,
    options: { readonly seed?: number; readonly faults?: readonly FaultKind[] } = {},
): Promise<EventEstimate> {
    const byName = new Map(teams.map((t) => [t.name, t]));
    const candidates: Candidate[] = [];
    for (const machine of MACHINES) {
        const parallel = defaultParallel(machine.gib * 1024 ** 3);
        // More shards than needed to run every team at once only split the GitHub budget further.
        const useful = Math.min(MAX_SHARDS, Math.max(1, Math.ceil(teams.length / parallel)));
        for (let shards = 1; shards <= useful; shards++) {
            const simulation = await simulateEvent(
                rosterText,
                eventName,
                byName,
                { parallel, shards, seed: options.seed ?? 1, faults: options.faults },
                startsAt,
            );
            candidates.push({ machine: machine.label, parallel, shards, simulation });
        }
    }
    const best = candidates.reduce((a, b) =>
        b.simulation.makespanSeconds < a.simulation.makespanSeconds ? b : a,
    );
    return {
        lowerBound: lowerBound(
            teams.map((t) => ({
                upSeconds: t.upSeconds,
                githubWrites: t.githubWrites,
                armWrites: t.armWrites,
            })),
            GITHUB_WINDOWS,
        ),
        candidates,
        best,
    };
}
