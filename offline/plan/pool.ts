/**
 * A small worker pool: child processes (`fork`) or worker threads, each taking jobs one at a time
 * until none are left. Used by the plan to simulate teams in parallel and by the benchmark.
 *
 * Why workers at all: Pulumi's mock runtime is process-global and slows down faster than linearly
 * once a few thousand resources live in one runtime; an event has 3,000+. Each job therefore runs
 * in fresh runtime state (`setMocks` then `disconnect`, see offline/simulate.ts), and the jobs of
 * an event are spread over at most one worker per CPU.
 */
import { fork, type ChildProcess } from "child_process";
import { readFileSync } from "fs";
import { isMainThread, parentPort, Worker } from "worker_threads";

export type PoolMode = "process" | "thread";

type ToWorker<J> =
    { readonly type: "job"; readonly id: number; readonly job: J } | { readonly type: "stop" };
type FromWorker<R> =
    | { readonly type: "ready" }
    | {
          readonly type: "result";
          readonly id: number;
          readonly result: R;
          readonly maxRssBytes: number;
      }
    | {
          readonly type: "error";
          readonly id: number;
          readonly error: string;
          readonly maxRssBytes: number;
      };

export type JobOutcome<R> =
    { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: string };

export interface PoolStats {
    readonly mode: PoolMode;
    readonly workers: number;
    /** Time from spawning each worker to its first "ready" (module loading). */
    readonly startupMs: readonly number[];
    /** Highest sampled sum of the resident memory of the parent and its workers (Linux /proc; else parent only). */
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

/** Called by a worker module: answers jobs with `handler` until told to stop. */
export function serveJobs<J, R>(handler: (job: J) => Promise<R>): void {
    const send = (message: FromWorker<R>): void => {
        if (!isMainThread && parentPort) parentPort.postMessage(message);
        else process.send?.(message);
    };
    const maxRssBytes = (): number => process.resourceUsage().maxRSS * 1024;
    const onMessage = (message: ToWorker<J>): void => {
        if (message.type === "stop") {
            // In a worker thread this ends the thread only.
            process.exit(0);
        }
        handler(message.job).then(
            (result) =>
                send({ type: "result", id: message.id, result, maxRssBytes: maxRssBytes() }),
            (error: unknown) =>
                send({
                    type: "error",
                    id: message.id,
                    error: error instanceof Error ? error.message : String(error),
                    maxRssBytes: maxRssBytes(),
                }),
        );
    };
    if (!isMainThread && parentPort) parentPort.on("message", onMessage);
    else process.on("message", (m: ToWorker<J>) => onMessage(m));
    send({ type: "ready" });
}

/** True in a process or thread started by `runPool` (so one file can be both entry point and worker). */
export const isPoolWorker = (): boolean =>
    !isMainThread || process.env.OPENHACK_POOL_WORKER === "1";

/** Resident memory of a process from /proc, or undefined where there is no /proc. */
function procRssBytes(pid: number): number | undefined {
    try {
        const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        return match ? Number(match[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}

interface Handle<J> {
    post(message: ToWorker<J>): void;
    readonly pid?: number;
}

function spawn<J, R>(
    options: PoolOptions,
    onMessage: (m: FromWorker<R>) => void,
    onExit: (code: number) => void,
): Handle<J> {
    if (options.mode === "process") {
        // execArgv is inherited, so a parent started by tsx gives its children the same loader.
        const heap =
            options.heap === undefined
                ? []
                : [
                      `--max-old-space-size=${options.heap.oldSpaceMb}`,
                      ...(options.heap.semiSpaceMb === undefined
                          ? []
                          : [`--max-semi-space-size=${options.heap.semiSpaceMb}`]),
                  ];
        const child: ChildProcess = fork(options.workerFile, [], {
            env: { ...process.env, OPENHACK_POOL_WORKER: "1" },
            execArgv: [...process.execArgv, ...heap],
            serialization: "advanced",
        });
        // A failed spawn emits "error" and maybe "exit": report the worker gone exactly once.
        let gone = false;
        const exit = (code: number): void => {
            if (!gone) onExit(code);
            gone = true;
        };
        child.on("message", (m: FromWorker<R>) => onMessage(m));
        child.on("error", () => exit(1));
        child.on("exit", (code) => exit(code ?? 1));
        return { post: (m) => child.send(m), pid: child.pid };
    }
    // Worker threads do not go through tsx's CLI: register its CommonJS hooks first for a .ts file.
    const register = options.workerFile.endsWith(".ts") ? 'require("tsx/cjs");' : "";
    const worker = new Worker(`${register}require(${JSON.stringify(options.workerFile)});`, {
        eval: true,
        env: { ...process.env, OPENHACK_POOL_WORKER: "1" },
        // V8's young generation is three semi-spaces (two plus the large-object space beside them).
        resourceLimits:
            options.heap === undefined
                ? undefined
                : {
                      maxOldGenerationSizeMb: options.heap.oldSpaceMb,
                      maxYoungGenerationSizeMb:
                          options.heap.semiSpaceMb === undefined
                              ? undefined
                              : 3 * options.heap.semiSpaceMb,
                  },
    });
    worker.on("message", (m: FromWorker<R>) => onMessage(m));
    worker.on("error", () => undefined); // the exit event that follows reports the failure
    worker.on("exit", (code) => onExit(code));
    return { post: (m) => worker.postMessage(m) };
}

/** Runs every job on a pool of `size` workers; outcomes are in job order. */
export function runPool<J, R>(
    jobs: readonly J[],
    options: PoolOptions,
): Promise<{ outcomes: JobOutcome<R>[]; stats: PoolStats }> {
    const size = Math.max(1, Math.min(options.size, jobs.length));
    const outcomes: (JobOutcome<R> | undefined)[] = jobs.map(() => undefined);
    const startupMs: number[] = [];
    const childPeaks = new Map<number, number>();
    const pids: number[] = [];
    let next = 0;
    let sampledPeak = 0;

    const sample = (): void => {
        let sum = process.memoryUsage().rss;
        if (options.mode === "process") for (const pid of pids) sum += procRssBytes(pid) ?? 0;
        sampledPeak = Math.max(sampledPeak, sum);
    };
    const sampler = setInterval(sample, 20);
    sampler.unref();

    return new Promise((resolve) => {
        let alive = size;
        for (let w = 0; w < size; w++) {
            const spawnedAt = performance.now();
            let current: number | undefined;
            const handle: Handle<J> = spawn<J, R>(
                options,
                (message) => {
                    if (message.type === "ready") {
                        startupMs.push(performance.now() - spawnedAt);
                    } else {
                        childPeaks.set(w, Math.max(childPeaks.get(w) ?? 0, message.maxRssBytes));
                        outcomes[message.id] =
                            message.type === "result"
                                ? { ok: true, value: message.result }
                                : { ok: false, error: message.error };
                        current = undefined;
                    }
                    if (next < jobs.length) {
                        current = next++;
                        handle.post({ type: "job", id: current, job: jobs[current] });
                    } else {
                        handle.post({ type: "stop" });
                    }
                },
                (code) => {
                    // A worker that dies mid-job fails that job; the others carry on with the rest.
                    if (current !== undefined && outcomes[current] === undefined) {
                        const hint =
                            options.heap === undefined
                                ? ""
                                : ` (out of memory? each worker may keep ${options.heap.oldSpaceMb} MB alive)`;
                        outcomes[current] = {
                            ok: false,
                            error: `worker exited with code ${code}${hint}`,
                        };
                    }
                    alive -= 1;
                    if (alive > 0) return;
                    clearInterval(sampler);
                    sample();
                    for (let i = next; i < jobs.length; i++)
                        outcomes[i] = { ok: false, error: "no worker left to run it" };
                    const parentPeak = process.resourceUsage().maxRSS * 1024;
                    // Threads live in this process, whose own peak already covers them.
                    const upper =
                        options.mode === "thread"
                            ? parentPeak
                            : parentPeak + [...childPeaks.values()].reduce((a, b) => a + b, 0);
                    resolve({
                        outcomes: outcomes.map((o) => o ?? { ok: false, error: "not run" }),
                        stats: {
                            mode: options.mode,
                            workers: size,
                            startupMs,
                            sampledPeakRssBytes: sampledPeak,
                            peakRssUpperBoundBytes: upper,
                        },
                    });
                },
            );
            if (handle.pid !== undefined) pids.push(handle.pid);
        }
    });
}
