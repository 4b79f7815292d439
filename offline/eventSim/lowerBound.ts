/**
 * The least time an event's `up` can take, whatever the settings: no team can finish before its own
 * longest path, and the fleet cannot write to GitHub or ARM faster than their limits allow.
 */
import type { RateWindow } from "../../event/ratelimit";

export interface ArmLimits {
    /** Token bucket per subscription and principal: size and refill per second (docs/azure-facts.md, "Reliability"). */
    readonly writeBucket: number;
    readonly writeRefillPerSecond: number;
}

/** ARM throttling since 2024: writes bucket 200, refilling 10 a second (docs/azure-facts.md, "Reliability"). */
export const ARM_LIMITS: ArmLimits = { writeBucket: 200, writeRefillPerSecond: 10 };

export interface LowerBound {
    readonly seconds: number;
    readonly longestTeamSeconds: number;
    /** When the last GitHub write can happen at the earliest: the fleet's writes through the token's windows. */
    readonly githubSeconds: number;
    readonly armSeconds: number;
    /**
     * Not a strict bound, a reference for teams that write to GitHub in their first seconds (true of
     * this program: no GitHub object waits for Azure ML): the team that writes last cannot start
     * before every other team's writes went through the token, and then needs its whole path.
     */
    readonly writesThenPathSeconds: number;
}

/**
 * The earliest time the `writes`-th write can be made under every window: a window of `limit` per
 * `windowMs` lets writes 1..limit go at 0, the next `limit` one window later, and so on.
 */
export function githubSeconds(writes: number, windows: readonly RateWindow[]): number {
    if (writes <= 0) return 0;
    return Math.max(
        0,
        ...windows.map((w) => (Math.floor((writes - 1) / w.limit) * w.windowMs) / 1000),
    );
}

/** The earliest time the last ARM write can be made: the bucket empties at once, then refills. */
export function armSeconds(writes: number, limits: ArmLimits = ARM_LIMITS): number {
    return Math.max(0, writes - limits.writeBucket) / limits.writeRefillPerSecond;
}

export function lowerBound(
    teams: readonly {
        readonly upSeconds: number;
        readonly githubWrites: number;
        readonly armWrites: number;
    }[],
    windows: readonly RateWindow[],
    arm: ArmLimits = ARM_LIMITS,
): LowerBound {
    const longestTeamSeconds = Math.max(0, ...teams.map((t) => t.upSeconds));
    const github = githubSeconds(
        teams.reduce((sum, t) => sum + t.githubWrites, 0),
        windows,
    );
    const armS = armSeconds(
        teams.reduce((sum, t) => sum + t.armWrites, 0),
        arm,
    );
    const total = teams.reduce((sum, t) => sum + t.githubWrites, 0);
    const writesThenPathSeconds = Math.max(
        0,
        ...teams.map((t) => githubSeconds(total - t.githubWrites + 1, windows) + t.upSeconds),
    );
    return {
        seconds: Math.max(longestTeamSeconds, github, armS),
        writesThenPathSeconds,
        longestTeamSeconds,
        githubSeconds: github,
        armSeconds: armS,
    };
}
