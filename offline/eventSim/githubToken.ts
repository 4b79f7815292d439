/**
 * OFFLINE SIMULATION: one GitHub token as GitHub enforces it, shared by every simulated team (and
 * shard): at most `limit` content-creating requests in any `windowMs` (80 a minute, 500 an hour).
 * A write that does not fit waits; the simulated engine then reports GitHub's answer the way the
 * GitHub provider does, so the real driver reacts to it.
 */
import type { RateWindow } from "../../event/ratelimit";

export class GithubToken {
    private readonly writes: number[] = [];
    /** Writes that had to wait for the token (GitHub answered with a rate limit). */
    throttled = 0;

    constructor(private readonly windows: readonly RateWindow[]) {}

    /** Milliseconds until one more write fits every window at `now`; 0 if it fits now. */
    waitMs(now: number): number {
        let wait = 0;
        for (const w of this.windows) {
            const recent = this.writes.filter((t) => t > now - w.windowMs);
            if (recent.length >= w.limit)
                wait = Math.max(wait, recent[recent.length - w.limit] + w.windowMs - now);
        }
        return wait;
    }

    record(now: number): void {
        this.writes.push(now);
    }

    get total(): number {
        return this.writes.length;
    }
}
