/**
 * The plan's estimate of how long `npm run event -- up` takes for a roster, and with which
 * settings: the event simulation (offline/eventSim) fed with each team's predicted timing.
 * Typical times and no faults: a real event with throttling or a failed team takes longer.
 */
import { stringify } from "yaml";
import { estimateEvent } from "../eventSim/estimate";
import type { TeamFootprint } from "./model";
import type { PlanSource } from "./sources";

export interface DurationReport {
    readonly lowerBoundSeconds: number;
    readonly longestTeamSeconds: number;
    readonly githubSeconds: number;
    readonly armSeconds: number;
    readonly githubWrites: number;
    readonly recommended: DurationCandidate;
    readonly candidates: readonly DurationCandidate[];
}

export interface DurationCandidate {
    readonly machine: string;
    readonly parallel: number;
    readonly shards: number;
    readonly makespanSeconds: number;
}

/** Null for a stack file (one team: its own line says it) or a roster with nothing planned. */
export async function estimateSourceDuration(
    source: PlanSource,
    footprints: readonly TeamFootprint[],
    now: Date,
): Promise<DurationReport | null> {
    if (source.kind !== "roster" || source.event === undefined || footprints.length === 0)
        return null;
    const planned = new Set(footprints.map((f) => f.team));
    const rosterText = stringify({
        location: source.location,
        event: source.event,
        teams: source.teams.map((t) => t.config).filter((t) => planned.has(t.name)),
    });
    const estimate = await estimateEvent(
        rosterText,
        source.event.name,
        footprints.map((f) => ({
            name: f.team,
            upSeconds: f.timing.up.seconds,
            githubWritesAt: f.timing.githubWritesAt,
            githubWrites: f.githubWrites,
            armWrites: f.timing.armWrites,
        })),
        now.getTime(),
    );
    // An event the driver refuses (already over) runs no team: nothing to estimate.
    if (estimate.best.simulation.succeeded === 0) return null;
    const candidate = (c: (typeof estimate.candidates)[number]): DurationCandidate => ({
        machine: c.machine,
        parallel: c.parallel,
        shards: c.shards,
        makespanSeconds: c.simulation.makespanSeconds,
    });
    return {
        lowerBoundSeconds: estimate.lowerBound.seconds,
        longestTeamSeconds: estimate.lowerBound.longestTeamSeconds,
        githubSeconds: estimate.lowerBound.githubSeconds,
        armSeconds: estimate.lowerBound.armSeconds,
        githubWrites: footprints.reduce((sum, f) => sum + f.githubWrites, 0),
        recommended: candidate(estimate.best),
        candidates: estimate.candidates.map(candidate),
    };
}
