/**
 * Time, injected. The pool's start-rate limiter and the retry backoff wait minutes in real runs;
 * tests swap in a virtual clock so that those waits are instant and exactly observable.
 */
export interface Clock {
    /** Milliseconds since some fixed origin. */
    now(): number;
    /**
     * Resolves after `ms`, or as soon as `signal` aborts (never rejects): callers check the signal
     * afterwards, which keeps cancellation out of the exception path.
     */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
    now: () => Date.now(),
    sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
            if (signal?.aborted || ms <= 0) {
                resolve();
                return;
            }
            const done = (): void => {
                clearTimeout(timer);
                signal?.removeEventListener("abort", done);
                resolve();
            };
            const timer = setTimeout(done, ms);
            signal?.addEventListener("abort", done, { once: true });
        }),
};

/** `1h 02m`, `3m 07s`, `12s`: durations a person reads in a summary. */
export function formatDuration(ms: number): string {
    const total = Math.max(0, Math.round(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
    if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
    return `${s}s`;
}
