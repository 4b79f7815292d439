/**
 * A virtual clock: sleeps are timers in a list, and `run` jumps time to the next timer whenever
 * every task is blocked on one. The driver's tests and the event simulation (offline/eventSim)
 * run the real driver on it, so hours of an event take a fraction of a second and are exact.
 */
import type { Clock } from "./clock";

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const realPause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

interface Timer {
    readonly at: number;
    readonly seq: number;
    readonly wake: () => void;
}

export class VirtualClock implements Clock {
    private time = 0;
    private seq = 0;
    private timers: Timer[] = [];

    now(): number {
        return this.time;
    }

    sleep(ms: number, signal?: AbortSignal): Promise<void> {
        return new Promise<void>((resolve) => {
            if (signal?.aborted || ms <= 0) {
                resolve();
                return;
            }
            const onAbort = (): void => {
                this.timers = this.timers.filter((t) => t !== timer);
                resolve();
            };
            const timer: Timer = {
                at: this.time + ms,
                seq: this.seq++,
                wake: () => {
                    signal?.removeEventListener("abort", onAbort);
                    resolve();
                },
            };
            this.timers.push(timer);
            signal?.addEventListener("abort", onAbort, { once: true });
        });
    }

    /** Calls `fn` when virtual time reaches `at` (e.g. a Ctrl-C in the middle of a run). */
    at(at: number, fn: () => void): void {
        this.timers.push({ at, seq: this.seq++, wake: fn });
    }

    /**
     * Awaits `promise`, advancing virtual time to the next timer whenever nothing else can make
     * progress. Real I/O (reading a roster file) gets a few real milliseconds before this gives up.
     */
    async run<T>(promise: Promise<T>): Promise<T> {
        let settled = false;
        promise.then(
            () => (settled = true),
            () => (settled = true),
        );
        let idle = 0;
        for (;;) {
            await flush();
            if (settled) return promise;
            if (this.timers.length === 0) {
                if (++idle > 40)
                    throw new Error(
                        "VirtualClock: the promise is pending but nothing is scheduled (deadlock)",
                    );
                await realPause();
                continue;
            }
            idle = 0;
            this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const [next] = this.timers.splice(0, 1);
            this.time = Math.max(this.time, next.at);
            next.wake();
        }
    }
}
