/**
 * OFFLINE SIMULATION of a whole event's `up`: the REAL driver (event/driver.ts: roster validation,
 * pool, start-rate limiter, retries, shards) against the simulated engine, on a virtual clock, with
 * one simulated GitHub token shared by every shard. Deterministic: the retry jitter and the choice of
 * faulty teams come from a seeded generator, so the same seed gives the same makespan.
 */
import { runFleet, type FleetOptions } from "../../event/driver";
import type { DriverDeps } from "../../event/options";
import type { Reporter } from "../../event/progress";
import { GITHUB_WINDOWS } from "../../event/ratelimit";
import { teamStackName } from "../../event/roster";
import { VirtualClock } from "../../event/virtualClock";
import { GithubToken } from "./githubToken";
import { SimulatedEngine, type Fault, type FaultKind, type SimulatedTeam } from "./simulatedEngine";

export interface SimulationSettings {
    readonly parallel: number;
    readonly shards: number;
    readonly retries?: number;
    readonly seed: number;
    /** Faults to inject, each on a team the seed picks (distinct teams). */
    readonly faults?: readonly FaultKind[];
}

export interface EventSimulation {
    readonly makespanSeconds: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly githubWrites: number;
    /** GitHub writes that had to wait for the token. */
    readonly throttledWrites: number;
    readonly faults: readonly Fault[];
}

/** mulberry32: a small seeded generator, enough for jitter and picks. */
export function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const silent: Reporter = { begin: () => {}, update: () => {}, note: () => {}, end: () => {} };
const discard = { write: (): boolean => true };

/**
 * Runs `up` of the roster in `rosterText` (its event must not have ended at `startsAt`), each team
 * timed by `teams` (by team name).
 */
export async function simulateEvent(
    rosterText: string,
    eventName: string,
    teams: ReadonlyMap<string, SimulatedTeam>,
    settings: SimulationSettings,
    startsAt: number,
): Promise<EventSimulation> {
    const clock = new VirtualClock();
    const random = seeded(settings.seed);
    const names = [...teams.keys()];
    const faults: Fault[] = [];
    for (const kind of settings.faults ?? []) {
        const free = names.filter(
            (n) => !faults.some((f) => f.stack === teamStackName(eventName, n)),
        );
        if (free.length === 0) break;
        faults.push({
            stack: teamStackName(eventName, free[Math.floor(random() * free.length)]),
            kind,
        });
    }
    const token = new GithubToken(GITHUB_WINDOWS);
    const byStack = new Map([...teams].map(([name, t]) => [teamStackName(eventName, name), t]));
    const engine = new SimulatedEngine(clock, byStack, token, faults);
    const deps: DriverDeps = {
        createEngine: () => Promise.resolve(engine),
        clock: {
            now: () => startsAt + clock.now(),
            sleep: (ms, signal) => clock.sleep(ms, signal),
        },
        random,
        out: discard,
        err: discard,
        reporter: silent,
        openLog: () => ({ write: () => undefined, close: () => Promise.resolve() }),
        readText: () => Promise.resolve(rosterText),
    };
    const shardOptions = (index: number): FleetOptions => ({
        command: "up",
        rosterFile: "simulated.yaml",
        teams: [],
        parallel: settings.parallel,
        shard: settings.shards > 1 ? { index, count: settings.shards } : undefined,
        orphans: false,
        retries: settings.retries ?? 3,
    });
    await clock.run(
        Promise.all(
            Array.from({ length: settings.shards }, (_, i) => runFleet(shardOptions(i + 1), deps)),
        ),
    );
    return {
        makespanSeconds: clock.now() / 1000,
        succeeded: engine.succeeded.size,
        failed: teams.size - engine.succeeded.size,
        githubWrites: token.total,
        throttledWrites: token.throttled,
        faults,
    };
}
