/**
 * Which failures are worth running a team's command again, and how long to wait first.
 *
 * Only failures that go away by themselves are retried: Azure throttling (429 TooManyRequests),
 * ARM's AnotherOperationInProgress (409 on a resource that is still busy), PrincipalNotFound (a role
 * assignment for a service principal Entra has not replicated yet, docs/azure-facts.md) and GitHub's
 * secondary rate limit. azure-native already retries some of these inside one step, but the Pulumi
 * engine does not retry a failed step and stops scheduling new ones after the first failure, so a
 * whole-stack re-run is what completes the team. Re-running `up`/`destroy` is safe: the engine only
 * does what is still missing. Everything else (bad input, missing rights, quota) fails at once:
 * retrying it would only delay the summary the organizer needs.
 */
import type { Clock } from "./clock";

export interface TransientKind {
    /** Shown in progress lines and logs: why the team is retried. */
    readonly reason: string;
    /** A floor for the backoff delay. */
    readonly minDelayMs: number;
}

const TRANSIENT: readonly (TransientKind & { readonly pattern: RegExp })[] = [
    // GitHub asks clients to wait at least a minute after a secondary rate limit response.
    { pattern: /secondary rate limit/i, reason: "GitHub secondary rate limit", minDelayMs: 60_000 },
    {
        // A bare "429" only next to a status word: a team may well be named "a-429".
        pattern:
            /TooManyRequests|Too Many Requests|(?:status(?:code)?[ =:]*|HTTP\/\S+ |status )429\b|throttl/i,
        reason: "throttled (429 TooManyRequests)",
        minDelayMs: 0,
    },
    { pattern: /AnotherOperationInProgress/, reason: "AnotherOperationInProgress", minDelayMs: 0 },
    {
        pattern: /PrincipalNotFound/,
        reason: "PrincipalNotFound (new principal still replicating)",
        minDelayMs: 0,
    },
];

/** The text of a thrown value (Automation API errors carry the CLI's stdout and stderr in `message`). */
export function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/**
 * Where the cause of a failure is: the engine's diagnostics (`error: ...` lines and `* ...` bullets)
 * of an Automation API error, whose message holds the whole CLI output; an earlier warning about
 * throttling there must not turn a quota failure into a retry. The whole text when it has none.
 */
export function diagnosticText(text: string): string {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim().replace(/^(?:stdout|stderr|err\?):\s*/, ""));
    const diagnostics = lines.filter((l) => /(?:^|\s)error:\s/.test(l) || l.startsWith("* "));
    return diagnostics.length > 0 ? diagnostics.join("\n") : text;
}

export function classifyTransient(text: string): TransientKind | undefined {
    const match = TRANSIENT.find((kind) => kind.pattern.test(text));
    return match ? { reason: match.reason, minDelayMs: match.minDelayMs } : undefined;
}

export interface BackoffOptions {
    /** Delay before the first retry, before jitter. Defaults to 15 s. */
    readonly baseDelayMs?: number;
    /** Cap for any one delay. Defaults to 5 min. */
    readonly maxDelayMs?: number;
    /** A number in [0, 1); jitter keeps teams that failed together from retrying together. Defaults to Math.random. */
    readonly random?: () => number;
}

/** Exponential backoff with jitter: base * 2^(retry-1), scaled into [50%, 100%], capped, floored by the kind. */
export function backoffDelay(
    retry: number,
    kind: TransientKind,
    options: BackoffOptions = {},
): number {
    const base = options.baseDelayMs ?? 15_000;
    const max = options.maxDelayMs ?? 300_000;
    const random = options.random ?? Math.random;
    const exponential = Math.min(max, base * 2 ** Math.max(0, retry - 1));
    return Math.max(kind.minDelayMs, Math.round(exponential * (0.5 + random() / 2)));
}

export interface RetryOptions extends BackoffOptions {
    /** Retries after the first attempt. Defaults to 3. */
    readonly retries?: number;
    readonly clock: Clock;
    /** Once aborted (Ctrl-C), no new attempt starts: a retry is a new run of the team's command. */
    readonly stop?: AbortSignal;
    /** A floor for the delay read from the failure itself (GitHub's own retry-after), if it names one. */
    readonly minDelayOf?: (error: unknown) => number | undefined;
    readonly onRetry?: (info: {
        readonly retry: number;
        readonly delayMs: number;
        readonly reason: string;
        readonly error: unknown;
    }) => void;
}

export type RetryOutcome<T> =
    | { readonly ok: true; readonly value: T; readonly attempts: number }
    | { readonly ok: false; readonly error: unknown; readonly attempts: number };

/** Runs `attempt` until it succeeds, fails for good, or has been retried `retries` times. */
export async function withRetry<T>(
    attempt: (n: number) => Promise<T>,
    options: RetryOptions,
): Promise<RetryOutcome<T>> {
    const retries = options.retries ?? 3;
    for (let n = 1; ; n++) {
        try {
            return { ok: true, value: await attempt(n), attempts: n };
        } catch (error) {
            const kind = classifyTransient(diagnosticText(errorText(error)));
            if (kind === undefined || n > retries || options.stop?.aborted)
                return { ok: false, error, attempts: n };
            const delayMs = Math.max(
                options.minDelayOf?.(error) ?? 0,
                backoffDelay(n, kind, options),
            );
            options.onRetry?.({ retry: n, delayMs, reason: kind.reason, error });
            await options.clock.sleep(delayMs, options.stop);
            if (options.stop?.aborted) return { ok: false, error, attempts: n };
        }
    }
}
