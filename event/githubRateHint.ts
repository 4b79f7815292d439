/**
 * GitHub's own word on when to write again, read from what the engine reports (log lines and
 * error diagnostics), so the start-rate limiter can wait exactly as long as GitHub asks instead of
 * relying on its fixed windows alone. Three forms reach the engine's output:
 * - the GitHub provider's errors come from go-github, whose rate-limit error ends with
 *   `[rate reset in 87m02s]` or `[rate reset in 2s]` (go-github's `formatRateReset`);
 * - a `Retry-After: <seconds>` header, which GitHub sends with secondary rate limits
 *   (docs.github.com, "Rate limits for the REST API") and which provider debug logs print;
 * - `X-RateLimit-Remaining: 0` beside `X-RateLimit-Reset: <epoch seconds>` (the primary limit).
 */

const RATE_RESET = /\[rate reset in (?:(\d+)m)?(\d+)s\]/i;
const RETRY_AFTER = /retry-after"?\s*[:=]\s*"?(\d+)\b/i;
const REMAINING_ZERO = /x-ratelimit-remaining"?\s*[:=]\s*"?0\b/i;
const RESET_EPOCH = /x-ratelimit-reset"?\s*[:=]\s*"?(\d{9,11})\b/i;

/** How long GitHub asks to wait, in ms from `now`, or undefined when the text holds no such answer. */
export function githubWaitMs(text: string, now: number): number | undefined {
    const waits: number[] = [];
    const reset = RATE_RESET.exec(text);
    if (reset) waits.push((Number(reset[1] ?? 0) * 60 + Number(reset[2])) * 1000);
    const retryAfter = RETRY_AFTER.exec(text);
    if (retryAfter) waits.push(Number(retryAfter[1]) * 1000);
    const epoch = RESET_EPOCH.exec(text);
    if (epoch && REMAINING_ZERO.test(text)) waits.push(Math.max(0, Number(epoch[1]) * 1000 - now));
    return waits.length > 0 ? Math.max(...waits) : undefined;
}
