/**
 * OFFLINE SIMULATION: the expected wall time of an event's `up` for a roster, with the settings that
 * reach it. Each candidate machine size gives its default `--parallel` (event/capacity.ts); shards
 * split the roster over machines of that size sharing one GitHub token. Every candidate is run
 * through the real driver (simulateEvent.ts) and the fastest is recommended.
 */
import { defaultParallel } from "../../event/capacity";
import { parse } from "yaml";
import { GITHUB_WINDOWS, maxShards } from "../../event/ratelimit";
import { shardOf } from "../../event/select";
import { derivedWriteDelayMs } from "../../stacks/githubPacing";
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
/**
 * Runners one GitHub account runs at once on the Free plan (20 concurrent jobs; Pro 40, Team 60:
 * docs.github.com, Actions "Usage limits"): more shards than this wait in the queue.
 */
export const MAX_RUNNERS = 20;

/** Shards worth trying: as many as the account runs at once, and no more than keep a share of the token one team's (`maxShards`). */
export function shardLimit(rosterText: string, teams: readonly TeamLoad[]): number {
    const writes = Math.max(0, ...teams.map((t) => t.githubWrites));
    // The roster's own delay, else the one the driver will derive (the roster may be one the
    // driver refuses: the plan estimates those too, and the simulation then starts no team).
    const raw: unknown = (parse(rosterText) as { event?: { github?: { writeDelayMs?: unknown } } })
        ?.event?.github?.writeDelayMs;
    const delay = typeof raw === "number" ? raw : derivedWriteDelayMs(teams.length, writes);
    return Math.min(MAX_RUNNERS, maxShards(writes, delay));
}

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

/**
 * Shard counts worth simulating for `parallel` teams per machine: 1 up to the fewest that could run
 * every team at once, and the fewest with which no shard holds more than `parallel` teams (shards
 * are a hash of the team names, so some get more than the average: event/select.ts). More shards
 * than that only split the GitHub budget further.
 */
export function shardCounts(names: readonly string[], parallel: number, most: number): number[] {
    const least = Math.max(1, Math.ceil(names.length / parallel));
    const counts = Array.from({ length: Math.min(least, most) }, (_, i) => i + 1);
    const fits = (shards: number): boolean => {
        const load = new Array<number>(shards).fill(0);
        for (const name of names) load[shardOf(name, shards) - 1]++;
        return Math.max(...load) <= parallel;
    };
    if (least <= most && !fits(least)) {
        for (let shards = least + 1; shards <= most; shards++)
            if (fits(shards)) {
                counts.push(shards);
                break;
            }
    }
    return counts;
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
    const mostShards = shardLimit(rosterText, teams);
    for (const machine of MACHINES) {
        const parallel = defaultParallel(machine.gib * 1024 ** 3);
        for (const shards of shardCounts(
            teams.map((t) => t.name),
            parallel,
            mostShards,
        )) {
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
    // Among equally fast settings, the fewest machines, then the smallest.
    const best = candidates.reduce((a, b) => {
        const [ta, tb] = [a.simulation.makespanSeconds, b.simulation.makespanSeconds];
        return tb < ta || (tb === ta && b.shards < a.shards) ? b : a;
    });
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
