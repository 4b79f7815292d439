/**
 * The event's GitHub write budget: the writes every team stack makes (stacks/githubFootprint.ts, the
 * count the program itself is held to) and the least time GitHub's content-creation limits allow
 * for them, found by running the driver's own start-rate limiter (event/ratelimit.ts) on a virtual
 * clock: the same pacing `event up` will apply, without waiting for it.
 */
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { githubWriteCount } from "../../stacks/githubFootprint";
import { writeDelayOf } from "../../stacks/githubPacing";
import type { Clock } from "../clock";
import { GITHUB_WINDOWS, StartRateLimiter, type RateWindow } from "../ratelimit";
import type { GitHubBudget } from "./model";

/** A clock whose sleeps pass instantly and move time forward. */
function virtualClock(): Clock {
    let now = 0;
    return {
        now: () => now,
        sleep: (ms) => {
            now += Math.max(0, ms);
            return Promise.resolve();
        },
    };
}

const describe = (w: RateWindow): string =>
    `${w.limit} per ${w.windowMs >= 3_600_000 ? `${w.windowMs / 3_600_000} h` : `${w.windowMs / 60_000} min`}`;

export async function githubBudget(
    event: EventConfig,
    teams: readonly TeamConfig[],
    windows: readonly RateWindow[] = GITHUB_WINDOWS,
): Promise<GitHubBudget> {
    const clock = virtualClock();
    const writeDelayMs = writeDelayOf(event);
    const limiter = new StartRateLimiter(windows, clock, writeDelayMs);
    const costs = teams.map((t) => githubWriteCount(event, t));
    for (const cost of costs) await limiter.acquire(cost);
    return {
        teams: teams.length,
        writes: costs.reduce((a, b) => a + b, 0),
        minimumMs: clock.now(),
        writeDelayMs,
        limits: windows.map(describe).join(", "),
    };
}
