/**
 * Runs one task per team with at most `parallel` running, paced by the start-rate limiter, and
 * stops *starting* tasks once `stop` aborts (first Ctrl-C) while running ones finish on their own.
 *
 * Why bound concurrency at all when stacks are isolated: every running `pulumi up` is a CLI, a
 * Node program and a set of provider plugins (hundreds of MB), and all teams share one subscription's
 * ARM write budget and one GitHub token. Four at a time keeps a laptop or a CI runner responsive and
 * an event of 40 teams well under ARM throttling.
 */
import type { StartRateLimiter, Ticket } from "./ratelimit";

export interface PoolOptions<T> {
    /** At most this many tasks run at once. */
    readonly parallel: number;
    /** Once aborted, tasks not yet started are reported as not started. */
    readonly stop?: AbortSignal;
    readonly limiter?: StartRateLimiter;
    /** GitHub writes a task is expected to make (0: not paced). */
    readonly costOf?: (item: T) => number;
    /** Called when a task has to wait for the rate limiter. */
    readonly onWait?: (item: T, ms: number) => void;
}

export type PoolResult<R> =
    | { readonly kind: "done"; readonly value: R }
    | { readonly kind: "not-started" }
    /** The task itself threw: a bug in the driver, kept to the one team rather than ending the run. */
    | { readonly kind: "crashed"; readonly error: unknown };

/** Results are in the order of `items`, whatever order the tasks finish in. */
export async function runPool<T, R>(
    items: readonly T[],
    task: (item: T, ticket: Ticket | undefined) => Promise<R>,
    options: PoolOptions<T>,
): Promise<PoolResult<R>[]> {
    if (!Number.isInteger(options.parallel) || options.parallel < 1)
        throw new Error(`parallel must be a whole number >= 1, got ${options.parallel}`);
    const results: PoolResult<R>[] = items.map(() => ({ kind: "not-started" }));
    let next = 0;
    const lane = async (): Promise<void> => {
        for (let i = next++; i < items.length; i = next++) {
            const item = items[i];
            const cost = options.costOf?.(item) ?? 0;
            let ticket: Ticket | undefined;
            if (options.limiter && cost > 0) {
                ticket = await options.limiter.acquire(cost, options.stop, (ms) =>
                    options.onWait?.(item, ms),
                );
                if (ticket === undefined) continue;
            }
            if (options.stop?.aborted) {
                ticket?.settle(0);
                continue;
            }
            try {
                results[i] = { kind: "done", value: await task(item, ticket) };
            } catch (error) {
                results[i] = { kind: "crashed", error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel, items.length) }, lane));
    return results;
}
