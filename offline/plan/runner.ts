/**
 * Simulates every planned team: in this process for a single team (or in tests), otherwise on a
 * pool of workers (one per TEAMS_PER_WORKER teams, at most one per CPU), each worker simulating its
 * teams one after the other.
 */
import * as os from "os";
import * as path from "path";
import type { PlanJob, TeamFailure, TeamFootprint } from "./model";
import { runPool, type PoolMode, type WorkerHeap } from "./pool";

export type RunMode = "inline" | PoolMode;

/**
 * Worker threads by default. Measured on 2 CPUs with the heap settings below (docs/plan.md, "Speed
 * and memory"), 40 teams took 5.5-5.7 s on threads and 5.7-6.2 s on child processes, and threads
 * used ~120 MB less (one process, one copy of the runtime's native parts). The price: a worker's
 * `setSourceMapsEnabled(false)` applies to the whole process, so the command's own unexpected
 * errors print unmapped stack traces. `--pool processes` isolates workers completely.
 */
export const DEFAULT_POOL_MODE: PoolMode = "thread";

/**
 * V8 heap of each plan worker (measured, docs/plan.md "Speed and memory"). A worker keeps ~55 MB
 * alive (the loaded SDK and program) whatever the number of teams it simulated, so 192 MB of old
 * space is ample and stops V8 from letting ~500 MB of garbage pile up per worker; 48 MB
 * semi-spaces cut the scavenges of Pulumi's short-lived promises and outputs, which were ~40% of
 * a simulation, at ~90 MB more resident memory per worker.
 */
export const WORKER_HEAP: WorkerHeap = { oldSpaceMb: 192, semiSpaceMb: 48 };

/**
 * Teams a worker should have before the pool starts another. A worker costs ~1 s of wall and
 * 2.5-3 s of CPU to start (it loads the Pulumi SDK and the program, ~55 MB) and then simulates a
 * team in ~0.2-0.5 s; a second worker for 3 teams saves well under a second of wall for 3 s of CPU
 * and ~200 MB, which a busy machine (a CI runner, `up`'s preflight beside other work) pays in wall
 * time too. Measured: docs/plan.md "Speed and memory".
 */
export const TEAMS_PER_WORKER = 8;

/** Workers for `jobs` teams on `cpus` CPUs: one per TEAMS_PER_WORKER teams, at least one, at most one per CPU. */
export function defaultPoolSize(jobs: number, cpus: number): number {
    return Math.max(1, Math.min(cpus, Math.floor(jobs / TEAMS_PER_WORKER)));
}

export interface RunOptions {
    /** Default: inline for one team, else DEFAULT_POOL_MODE. */
    readonly mode?: RunMode;
    /** Pool size; default: defaultPoolSize; maximum: the number of CPUs. */
    readonly workers?: number;
}

export interface RunStats {
    readonly mode: RunMode;
    readonly workers: number;
    readonly wallMs: number;
    /** Sum of the teams' own simulation times (inside the runtime, startup excluded). */
    readonly simulationMs: number;
    /** Resources registered by all teams. */
    readonly resources: number;
    readonly sampledPeakRssBytes: number;
    readonly peakRssUpperBoundBytes: number;
}

export interface RunResult {
    /** In job order. */
    readonly footprints: readonly TeamFootprint[];
    readonly failures: readonly TeamFailure[];
    readonly stats: RunStats;
}

/** The worker module beside this file (.ts under tsx/ts-jest, .js once compiled). */
export const WORKER_FILE = path.join(__dirname, `worker${path.extname(__filename)}`);

const work = (
    footprints: readonly TeamFootprint[],
): { simulationMs: number; resources: number } => ({
    simulationMs: footprints.reduce((sum, f) => sum + f.simulationMs, 0),
    resources: footprints.reduce((sum, f) => sum + f.resourceCount, 0),
});

const failure = (job: PlanJob, error: string): TeamFailure => ({
    source: job.source,
    teamIndex: job.teamIndex,
    team: job.team.name,
    error,
});

async function runInline(jobs: readonly PlanJob[]): Promise<RunResult> {
    const started = performance.now();
    // Loaded only when used: a pool parent never needs the Pulumi SDK or the team program.
    const { simulateJob, withFailureLocation } = await import("./simulateJob");
    const footprints: TeamFootprint[] = [];
    const failures: TeamFailure[] = [];
    for (const job of jobs) {
        try {
            footprints.push(await withFailureLocation(simulateJob, job));
        } catch (error) {
            failures.push(failure(job, error instanceof Error ? error.message : String(error)));
        }
    }
    const rss = process.memoryUsage().rss;
    return {
        footprints,
        failures,
        stats: {
            mode: "inline",
            workers: 0,
            wallMs: performance.now() - started,
            ...work(footprints),
            sampledPeakRssBytes: rss,
            peakRssUpperBoundBytes: process.resourceUsage().maxRSS * 1024,
        },
    };
}

export async function simulateJobs(
    jobs: readonly PlanJob[],
    options: RunOptions = {},
): Promise<RunResult> {
    const mode = options.mode ?? (jobs.length <= 1 ? "inline" : DEFAULT_POOL_MODE);
    if (mode === "inline" || jobs.length === 0) return runInline(jobs);
    const started = performance.now();
    const cpus = os.cpus().length;
    const size = Math.max(
        1,
        Math.min(options.workers ?? defaultPoolSize(jobs.length, cpus), cpus, jobs.length),
    );
    const { outcomes, stats } = await runPool<PlanJob, TeamFootprint>(jobs, {
        mode,
        size,
        workerFile: WORKER_FILE,
        heap: WORKER_HEAP,
    });
    const footprints: TeamFootprint[] = [];
    const failures: TeamFailure[] = [];
    outcomes.forEach((outcome, i) =>
        outcome.ok
            ? footprints.push(outcome.value)
            : failures.push(failure(jobs[i], outcome.error)),
    );
    return {
        footprints,
        failures,
        stats: { ...stats, ...work(footprints), wallMs: performance.now() - started },
    };
}
