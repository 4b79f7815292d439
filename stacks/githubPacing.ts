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
/**
 * Two writes a minute per team: enough for 40 teams to start at once. Beyond 40 teams of 12 writes
 * the hour's 500 writes bind, and a longer delay holds each team's share of the hour longer
 * before it comes back to the next team. Measured with the event simulation (`npm run bench --
 * --event`, 2026-12-02, teams of 5, 11 writes): for 46, 50, 60, 80 and 100 teams a delay of 30 s
 * ended within 2.5 minutes of the best of 5.5 s, 30 s and 60 s, and 60 s was up to 7 minutes slower.
 */
export const MAX_DERIVED_WRITE_DELAY_MS = 30_000;
/** The largest delay a roster may set (the provider accepts any; longer makes a team's GitHub part the slowest). */
export const MAX_WRITE_DELAY_MS = 300_000;

/**
 * The delay an event's team providers use: its own, else the provider's default. Takes only the
 * field it reads, so that the schema (which imports the limits above) is not imported back.
 */
export function writeDelayOf(event: {
    readonly github: { readonly writeDelayMs?: number };
}): number {
    return event.github.writeDelayMs ?? PROVIDER_WRITE_DELAY_MS;
}

/** At most how many writes a team makes in any `windowMs` when its writes are at least `delayMs` apart. */
export function writesPerWindow(writes: number, delayMs: number, windowMs: number): number {
    return delayMs > 0 ? Math.min(writes, Math.ceil(windowMs / delayMs)) : writes;
}

/**
 * The write delay for an event of `teams` teams, each writing at most `writesPerTeam` objects:
 * the shortest delay with which all teams writing at once stay within the minute limit
 * (teams x ceil(60 s / delay) <= limit), at most 30 s. Small events keep the provider's default;
 * beyond 40 teams the driver's start limiter holds the teams the minute cannot take.
 */
export function derivedWriteDelayMs(
    teams: number,
    writesPerTeam: number,
    perMinute: number = GITHUB_WRITES_PER_MINUTE,
): number {
    const perTeam = Math.floor(perMinute / Math.max(1, teams));
    if (perTeam >= writesPerTeam) return PROVIDER_WRITE_DELAY_MS;
    if (perTeam === 0) return MAX_DERIVED_WRITE_DELAY_MS;
    return Math.min(
        MAX_DERIVED_WRITE_DELAY_MS,
        Math.max(PROVIDER_WRITE_DELAY_MS, Math.ceil(60_000 / perTeam)),
    );
}
