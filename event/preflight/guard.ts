/**
 * Every call preflight makes goes through `ask`: it gets a deadline, and whatever goes wrong
 * (no answer in time, 401/403, a network error) comes back as a reason, not a throw, so a check can
 * say "unknown: <reason>" instead of passing or crashing. A 404 keeps its status: for several
 * checks "not found" is the answer (a member who does not exist), not an unknown.
 */
import { causeOf, statusOf, type ServiceBreaker } from "./cause";

export type Answer<T> =
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly status?: number; readonly reason: string };

/** Makes the deadline of one call; tests swap in signals they control. */
export type Deadline = (ms: number) => AbortSignal;

export const realDeadline: Deadline = (ms) => AbortSignal.timeout(ms);

export interface AskOptions {
    readonly timeoutMs: number;
    readonly deadline: Deadline;
    /**
     * The service's breaker (runner.ts gives each service one): after a call finds the service
     * unreachable or its credential refused, later calls are answered with that cause, unsent.
     */
    readonly breaker?: ServiceBreaker;
}

class DeadlineExceeded extends Error {}

export { statusOf };

/** A reason an organizer can act on, from any error an SDK throws (cause.ts says what happened). */
export function reasonOf(error: unknown, timeoutMs: number): string {
    return causeOf(error, timeoutMs, error instanceof DeadlineExceeded).reason;
}

/** Runs `call` with a deadline; the SDK gets the signal, and the race covers an SDK that ignores it. */
export async function ask<T>(
    options: AskOptions,
    call: (signal: AbortSignal) => Promise<T>,
): Promise<Answer<T>> {
    const tripped = options.breaker?.cause;
    if (tripped !== undefined && options.breaker !== undefined) {
        options.breaker.skipped++;
        return { ok: false, status: tripped.status, reason: tripped.reason };
    }
    const signal = options.deadline(options.timeoutMs);
    let onAbort: () => void = () => undefined;
    const expired = new Promise<never>((_, reject) => {
        onAbort = () => reject(new DeadlineExceeded());
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
    });
    // The loser of the race must not become an unhandled rejection.
    expired.catch(() => undefined);
    const running = Promise.resolve().then(() => call(signal));
    running.catch(() => undefined);
    try {
        return { ok: true, value: await Promise.race([running, expired]) };
    } catch (error) {
        const cause = causeOf(error, options.timeoutMs, error instanceof DeadlineExceeded);
        options.breaker?.record(cause);
        // Calls in flight when the breaker tripped report its cause, so it is said once.
        const said = cause.kind !== "other" ? (options.breaker?.cause ?? cause) : cause;
        return { ok: false, status: said.status, reason: said.reason };
    } finally {
        signal.removeEventListener("abort", onAbort);
    }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimited<I, O>(
    items: readonly I[],
    limit: number,
    work: (item: I) => Promise<O>,
): Promise<O[]> {
    const results: O[] = new Array<O>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
