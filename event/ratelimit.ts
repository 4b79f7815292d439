/**
 * Paces team starts so the fleet stays inside GitHub's limits for content-creating requests
 * (POST/PATCH/PUT/DELETE): 80 per minute and 500 per hour per token (docs/azure-facts.md, "GitHub").
 * A team's `up` makes 8-15 GitHub writes by default (its repository 3, its alerts setting 1, its
 * default branch none when already main, 1-8 collaborators, the hack's 3 secrets) and up to 13 more
 * with every opt-in extra (`githubWriteCount` in stacks/githubFootprint.ts counts them from the
 * provider's source): a team of five by default writes 12: written all at once, one token would
 * start 6 such teams a minute. Going over
 * does not fail fast: GitHub answers with a secondary rate limit and asks for minutes of
 * back-off, so pacing up front is cheaper than retrying.
 *
 * Each start reserves its estimated writes in every window; when a team finishes, the engine's
 * count of the GitHub writes it really made replaces the estimate, so a re-run where nothing
 * changed gives its budget back at once instead of holding it for an hour. The windows are only
 * the documented limits: when GitHub itself answers "wait" (retry-after, rate-limit headers, read
 * by event/githubRateHint.ts from the engine's output), `pauseUntil` holds every start until then.
 *
 * A team's writes are not all at its start: its github provider waits `writeSpacingMs` after each
 * one (stacks/githubPacing.ts). So a start counts in a window for at most ceil(window / spacing)
 * writes, and for as long as its writes last ((writes - 1) x spacing) plus the window. With the
 * delay the roster derives (at most 30 s: 2 writes a minute), up to 40 teams can start at once.
 */
import {
    GITHUB_WRITES_PER_HOUR,
    GITHUB_WRITES_PER_MINUTE,
    writesPerWindow,
} from "../stacks/githubPacing";
import type { Clock } from "./clock";

export interface RateWindow {
    /** Writes allowed within any `windowMs`. */
    readonly limit: number;
    readonly windowMs: number;
}

/** The estimate for a stack the roster does not describe (an orphan being destroyed). */
export const GITHUB_WRITES_PER_TEAM = 25;
export const GITHUB_WINDOWS: readonly RateWindow[] = [
    { limit: GITHUB_WRITES_PER_MINUTE, windowMs: 60_000 },
    { limit: GITHUB_WRITES_PER_HOUR, windowMs: 3_600_000 },
];

/**
 * Shards run at the same time on separate runners with the same token, so each one gets its share
 * of the limits. A share smaller than what one team writes in a window still starts one team per
 * window per shard, which can exceed the limit: `maxShards` says how many shards keep every share
 * at least one team's.
 */
export function shareOf(windows: readonly RateWindow[], shards: number): RateWindow[] {
    return shareFor(windows, 1, Math.max(1, shards));
}

/**
 * The most shards whose share of `windows` still holds what one team of `writesPerTeam` writes,
 * `writeSpacingMs` apart, can make in each window. 40 with 12 writes 30 s apart (2 a minute, 12 an
 * hour); 6 with the provider's 1 s (12 a minute).
 */
export function maxShards(
    writesPerTeam: number,
    writeSpacingMs: number,
    windows: readonly RateWindow[] = GITHUB_WINDOWS,
): number {
    return Math.max(
        1,
        Math.min(
            ...windows.map((w) =>
                Math.floor(
                    w.limit /
                        Math.max(1, writesPerWindow(writesPerTeam, writeSpacingMs, w.windowMs)),
                ),
            ),
        ),
    );
}

/**
 * The share of `windows` for a shard that runs `part` of the roster's `whole` teams: in proportion
 * to its teams, so a shard the hash gave more teams gets more of the token. Every shard computes its
 * own share from the same roster, so the shares add up to at most the token's limits without the
 * shards talking to each other.
 */
export function shareFor(
    windows: readonly RateWindow[],
    part: number,
    whole: number,
): RateWindow[] {
    if (whole <= 0 || part >= whole) return [...windows];
    return windows.map((w) => ({
        limit: Math.max(1, Math.floor((w.limit * Math.max(0, part)) / whole)),
        windowMs: w.windowMs,
    }));
}

export interface Ticket {
    /** Replaces the reserved estimate with the writes actually made. */
    settle(actualWrites: number): void;
}

interface Entry {
    readonly at: number;
    cost: number;
}

export class StartRateLimiter {
    private readonly entries: Entry[] = [];
    private queue: Promise<unknown> = Promise.resolve();
    private readonly wakers = new Set<() => void>();
    private pausedUntil = 0;

    /**
     * `writeSpacingMs`: the least time between two writes of one team (its provider's write delay);
     * 0 counts every write of a start at the moment it starts.
     */
    constructor(
        private readonly windows: readonly RateWindow[],
        private readonly clock: Clock,
        private readonly writeSpacingMs = 0,
    ) {}

    /**
     * Waits until a start costing `cost` writes fits every window, then records it. Callers are served
     * first come, first served. Resolves undefined, without recording, if `signal` aborts while waiting.
     */
    acquire(
        cost: number,
        signal?: AbortSignal,
        onWait?: (ms: number) => void,
    ): Promise<Ticket | undefined> {
        const turn = this.queue.then(() => this.waitForRoom(cost, signal, onWait));
        this.queue = turn.catch(() => undefined);
        return turn;
    }

    /** GitHub asked to wait until `time` (ms): no start before then. A later pause extends it, an earlier one is ignored. */
    pauseUntil(time: number): void {
        if (time <= this.pausedUntil) return;
        this.pausedUntil = time;
        // Sleeping starts look again, so they sleep until the pause ends rather than their old timer.
        for (const wake of this.wakers) wake();
    }

    private async waitForRoom(
        cost: number,
        signal: AbortSignal | undefined,
        onWait?: (ms: number) => void,
    ): Promise<Ticket | undefined> {
        for (;;) {
            if (signal?.aborted) return undefined;
            const now = this.clock.now();
            this.forgetOlderThan(now - Math.max(...this.windows.map((w) => w.windowMs)));
            const waitMs = Math.max(
                0,
                this.pausedUntil - now,
                ...this.windows.map((w) => this.waitFor(w, cost, now)),
            );
            if (waitMs === 0) {
                const entry: Entry = { at: now, cost };
                this.entries.push(entry);
                return {
                    settle: (actual) => {
                        entry.cost = Math.max(0, actual);
                        // Budget may have come back: let a waiting start look again now, not at its timer.
                        for (const wake of this.wakers) wake();
                    },
                };
            }
            onWait?.(waitMs);
            await this.sleepUnlessWoken(waitMs, signal);
        }
    }

    private async sleepUnlessWoken(ms: number, signal: AbortSignal | undefined): Promise<void> {
        const woken = new AbortController();
        const wake = (): void => woken.abort();
        this.wakers.add(wake);
        signal?.addEventListener("abort", wake, { once: true });
        try {
            await this.clock.sleep(ms, woken.signal);
        } finally {
            this.wakers.delete(wake);
            signal?.removeEventListener("abort", wake);
        }
    }

    /** When the last write of a start is expected (its provider spaces its writes). */
    private lastWriteAt(entry: Entry): number {
        return entry.at + Math.max(0, entry.cost - 1) * this.writeSpacingMs;
    }

    private forgetOlderThan(time: number): void {
        for (let i = this.entries.length - 1; i >= 0; i--)
            if (this.lastWriteAt(this.entries[i]) <= time) this.entries.splice(i, 1);
    }

    /** Writes of a start made after `time` (its provider makes them `writeSpacingMs` apart). */
    private writesAfter(entry: Entry, time: number): number {
        if (entry.at > time) return entry.cost;
        if (this.writeSpacingMs === 0) return 0;
        return Math.max(0, entry.cost - 1 - Math.floor((time - entry.at) / this.writeSpacingMs));
    }

    /**
     * How long until `cost` more fits in `window`; 0 if it fits now. A window that holds any write
     * of a start at `s` ends at `s` or later, so it holds no write made at `s - window` or before:
     * each earlier start counts with its writes after that, and never more than it can make in one
     * window. An upper bound as long as each team writes at `start + k x spacing`; real writes come
     * a few seconds later (CLI start-up, the graph), which can put a few more in some window than
     * counted here. GitHub's own answer (githubRateHint) is the backstop for those.
     */
    private waitFor(window: RateWindow, cost: number, now: number): number {
        const inWindow = (writes: number): number =>
            writesPerWindow(writes, this.writeSpacingMs, window.windowMs);
        const live = this.entries.filter(
            (e) => e.cost > 0 && this.lastWriteAt(e) > now - window.windowMs,
        );
        const usedAt = (start: number): number =>
            live.reduce(
                (sum, e) =>
                    sum + Math.min(inWindow(e.cost), this.writesAfter(e, start - window.windowMs)),
                0,
            );
        // A start costing more than the whole window may still go when the window is empty, or it never would.
        const fits = (start: number): boolean => {
            const used = usedAt(start);
            return used === 0 || used + inWindow(cost) <= window.limit;
        };
        if (fits(now)) return 0;
        // The count only drops when a write leaves the window, one window after it was made.
        const leaving = live
            .flatMap((e) =>
                Array.from(
                    { length: e.cost },
                    (_, j) => e.at + j * this.writeSpacingMs + window.windowMs,
                ),
            )
            .filter((t) => t > now)
            .sort((a, b) => a - b);
        const first = leaving.find(fits) ?? leaving.at(-1) ?? now;
        return first - now;
    }
}
