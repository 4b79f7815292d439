/**
 * The plan's worker pool, on workerpool (a maintained pool of child processes or worker threads):
 * each worker takes jobs one at a time until none are left. Used by the plan to simulate teams in
 * parallel and by the benchmark.
 *
 * Why workers at all: Pulumi's mock runtime is process-global and slows down faster than linearly
 * once a few thousand resources live in one runtime; an event has 3,000+. Each job therefore runs
 * in fresh runtime state (`setMocks` then `disconnect`, see offline/simulate.ts), and the jobs of
 * an event are spread over at most one worker per CPU.
 */
import { isMainThread } from "worker_threads";
import * as workerpool from "workerpool";

export type PoolMode = "process" | "thread";

export type JobOutcome<R> =
    { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: string };

export interface PoolStats {
    readonly mode: PoolMode;
    readonly workers: number;
    /** Resident memory: the parent's now plus, for process workers, the highest worker peak times the pool size (not sampled: `npm run bench` measures from outside). */
    readonly sampledPeakRssBytes: number;
    /** Sum of every process's own peak (parent + workers): an upper bound of the peak of the sum. */
    readonly peakRssUpperBoundBytes: number;
}

export interface PoolOptions {
    readonly mode: PoolMode;
    readonly size: number;
    /** Module that calls `serveJobs` (a .ts file when running under tsx). */
    readonly workerFile: string;
    /** V8 heap sizes of each worker (default: V8's own, which grow with the machine's memory). */
    readonly heap?: WorkerHeap;
}

export interface WorkerHeap {
    /** Old generation limit: what a worker may keep alive, garbage included, before a full GC must free it. */
    readonly oldSpaceMb: number;
    /** Size of each young-generation semi-space: larger means fewer scavenges of short-lived objects. */
    readonly semiSpaceMb?: number;
}

/** What a worker answers for one job: the result and the worker's own peak memory so far. */
interface Answer<R> {
    readonly result: R;
    readonly maxRssBytes: number;
}

const RUN = "run";

/** Called by a worker module: answers jobs with `handler`. */
export function serveJobs<J, R>(handler: (job: J) => Promise<R>): void {
    workerpool.worker({
        [RUN]: async (job: J): Promise<Answer<R>> => ({
            result: await handler(job),
            maxRssBytes: process.resourceUsage().maxRSS * 1024,
        }),
    });
}

const POOL_WORKER_ENV = "OPENHACK_POOL_WORKER";

/** True in a process or thread started by `runPool` (so one file can be both entry point and worker). */
export const isPoolWorker = (): boolean => !isMainThread || process.env[POOL_WORKER_ENV] === "1";

/** workerpool's message for a worker that died mid-job names its exit code. */
function exitCodeOf(message: string): string | undefined {
    return /terminated Unexpectedly[\s\S]*?exitCode: `(\w+)`/.exec(message)?.[1];
}

/** Runs every job on a pool of `size` workers; outcomes are in job order. */
export async function runPool<J, R>(
    jobs: readonly J[],
    options: PoolOptions,
): Promise<{ outcomes: JobOutcome<R>[]; stats: PoolStats }> {
    const size = Math.max(1, Math.min(options.size, jobs.length));
    const heap = options.heap;
    const env = { ...process.env, [POOL_WORKER_ENV]: "1" };
    // Worker threads do not go through tsx's CLI: they load its CommonJS hooks for a .ts file.
    const tsHooks = options.workerFile.endsWith(".ts")
        ? ["--require", require.resolve("tsx/cjs")]
        : [];
    const pool = workerpool.pool(options.workerFile, {
        workerType: options.mode,
        maxWorkers: size,
        forkOpts: {
            env,
            // A parent started by tsx gives its children the same loader.
            execArgv: [
                ...process.execArgv,
                ...(heap === undefined
                    ? []
                    : [
                          `--max-old-space-size=${heap.oldSpaceMb}`,
                          ...(heap.semiSpaceMb === undefined
                              ? []
                              : [`--max-semi-space-size=${heap.semiSpaceMb}`]),
                      ]),
            ],
            serialization: "advanced",
        },
        workerThreadOpts: {
            env,
            execArgv: tsHooks,
            // V8's young generation is three semi-spaces (two plus the large-object space beside them).
            resourceLimits:
                heap === undefined
                    ? undefined
                    : {
                          maxOldGenerationSizeMb: heap.oldSpaceMb,
                          maxYoungGenerationSizeMb:
                              heap.semiSpaceMb === undefined ? undefined : 3 * heap.semiSpaceMb,
                      },
        },
    });
    let highestWorker = 0;
    try {
        const outcomes = await Promise.all(
            jobs.map(async (job): Promise<JobOutcome<R>> => {
                try {
                    const answer = (await pool.exec(RUN, [job])) as Answer<R>;
                    highestWorker = Math.max(highestWorker, answer.maxRssBytes);
                    return { ok: true, value: answer.result };
                } catch (error) {
                    const message = error instanceof Error ? error.message : String(error);
                    const code = exitCodeOf(message);
                    if (code === undefined) return { ok: false, error: message };
                    // A worker that dies mid-job fails that job; workerpool starts another for the rest.
                    const hint =
                        heap === undefined
                            ? ""
                            : ` (out of memory? each worker may keep ${heap.oldSpaceMb} MB alive)`;
                    return { ok: false, error: `worker exited with code ${code}${hint}` };
                }
            }),
        );
        const parentPeak = process.resourceUsage().maxRSS * 1024;
        // Threads live in this process, whose own peak already covers them.
        const processes = options.mode === "process";
        return {
            outcomes,
            stats: {
                mode: options.mode,
                workers: size,
                sampledPeakRssBytes: processes
                    ? process.memoryUsage().rss + size * highestWorker
                    : parentPeak,
                peakRssUpperBoundBytes: processes ? parentPeak + size * highestWorker : parentPeak,
            },
        };
    } finally {
        await pool.terminate();
    }
}
