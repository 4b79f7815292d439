/**
 * How far apart one team's GitHub writes go. Each team stack runs its own github provider, whose
 * legacy client (the default, pinned by the program) serializes the provider's requests and sleeps
 * `writeDelayMs` after every write (terraform-provider-github, github/transport.go,
 * RateLimitTransport). So a team makes at most ceil(60 s / delay) writes in any minute, whenever
 * it runs, and the delay can keep a whole fleet under GitHub's 80 content-creating requests a
 * minute per token without holding back any team's start: the writes spread over the minutes the
 * team spends waiting for Azure ML anyway.
 */

/** The provider's own default for `writeDelayMs` (1 s, GitHub's advice between content-creating requests). */
export const PROVIDER_WRITE_DELAY_MS = 1000;
/** GitHub's limit of content-creating requests a minute per token (docs/azure-facts.md, "GitHub"). */
export const GITHUB_WRITES_PER_MINUTE = 80;
/** GitHub's limit of content-creating requests an hour per token (docs/azure-facts.md, "GitHub"). */
export const GITHUB_WRITES_PER_HOUR = 500;
/** One write a minute per team: beyond this a longer delay only slows a team, it cannot help the minute limit. */
export const MAX_DERIVED_WRITE_DELAY_MS = 60_000;
/** The largest delay a roster may set (the provider accepts any; longer makes a team's GitHub part the slowest). */
export const MAX_WRITE_DELAY_MS = 300_000;

/** At most how many writes a team makes in any `windowMs` when its writes are at least `delayMs` apart. */
export function writesPerWindow(writes: number, delayMs: number, windowMs: number): number {
    return delayMs > 0 ? Math.min(writes, Math.ceil(windowMs / delayMs)) : writes;
}

/**
 * The write delay for an event of `teams` teams, each writing at most `writesPerTeam` objects:
 * the shortest delay with which all teams writing at once stay within the minute limit
 * (teams x ceil(60 s / delay) <= limit). Small events keep the provider's default; beyond
 * `limit` teams the delay is one minute and the driver's start limiter holds the rest.
 */
export function derivedWriteDelayMs(
    teams: number,
    writesPerTeam: number,
    perMinute: number = GITHUB_WRITES_PER_MINUTE,
): number {
    const perTeam = Math.floor(perMinute / Math.max(1, teams));
    if (perTeam >= writesPerTeam) return PROVIDER_WRITE_DELAY_MS;
    if (perTeam === 0) return MAX_DERIVED_WRITE_DELAY_MS;
    return Math.max(PROVIDER_WRITE_DELAY_MS, Math.ceil(60_000 / perTeam));
}
