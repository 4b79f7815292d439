/**
 * Every call preflight makes goes through `ask`: it gets a deadline, and whatever goes wrong
 * (no answer in time, 401/403, a network error) comes back as a reason, not a throw, so a check can
 * say "unknown: <reason>" instead of passing or crashing. A 404 keeps its status: for several
 * checks "not found" is the answer (a member who does not exist), not an unknown.
 */

export type Answer<T> =
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly status?: number; readonly reason: string };

/** Makes the deadline of one call; tests swap in signals they control. */
export type Deadline = (ms: number) => AbortSignal;

export const realDeadline: Deadline = (ms) => AbortSignal.timeout(ms);

export interface AskOptions {
    readonly timeoutMs: number;
    readonly deadline: Deadline;
}

class DeadlineExceeded extends Error {}

/** The HTTP status of an SDK error: Azure/Graph `statusCode`, Octokit `status`. */
export function statusOf(error: unknown): number | undefined {
    if (typeof error !== "object" || error === null) return undefined;
    const e = error as { statusCode?: unknown; status?: unknown };
    if (typeof e.statusCode === "number") return e.statusCode;
    if (typeof e.status === "number") return e.status;
    return undefined;
}

const firstLine = (text: string): string => text.split("\n")[0].slice(0, 300);

/** A reason an organizer can act on, from any error an SDK throws. */
export function reasonOf(error: unknown, timeoutMs: number): string {
    if (error instanceof DeadlineExceeded) return `no answer within ${timeoutMs / 1000}s`;
    const status = statusOf(error);
    const message = firstLine(error instanceof Error ? error.message : String(error));
    const name = error instanceof Error ? error.name : "";
    if (name === "AbortError" || name === "TimeoutError")
        return `no answer within ${timeoutMs / 1000}s`;
    if (name === "AggregateAuthenticationError") {
        // The chain's answer: why each credential in it could not sign in.
        const errors = (error as { errors?: unknown[] }).errors ?? [];
        const why = errors.map((e) => firstLine(e instanceof Error ? e.message : String(e)));
        return `no usable sign-in (${why.join("; ") || message})`;
    }
    if (name === "CredentialUnavailableError" || name === "AuthenticationError")
        return `no usable sign-in (${message})`;
    if (status === 401) return `the credential was refused (401: ${message})`;
    if (status === 403) return `permission too narrow to read this (403: ${message})`;
    if (status !== undefined) return `the service answered ${status}: ${message}`;
    return `unreachable (${message})`;
}

/** Runs `call` with a deadline; the SDK gets the signal, and the race covers an SDK that ignores it. */
export async function ask<T>(
    options: AskOptions,
    call: (signal: AbortSignal) => Promise<T>,
): Promise<Answer<T>> {
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
        return {
            ok: false,
            status: error instanceof DeadlineExceeded ? undefined : statusOf(error),
            reason: reasonOf(error, options.timeoutMs),
        };
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
