/**
 * Whether two failure comments say the same failure. Cloud errors carry parts that change on every
 * attempt without the failure changing: ARM's and Graph's request and correlation ids (GUIDs), time
 * stamps, "retry in 12s" waits, and `\r` if someone edited the comment in GitHub's web editor (the
 * API returns a body as it was posted, with LF line ends). Comparing them raw would post the same
 * failure again every hourly run.
 */
const VOLATILE: readonly RegExp[] = [
    // GUIDs: request ids, correlation ids, operation ids.
    /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    // ISO 8601 date-times, with or without fractions and zone.
    /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g,
    // Durations: "12s", "1m 30s", "250ms", "3.5 seconds".
    /\b\d+(?:\.\d+)?\s*(?:ms|s|m|h|sec|secs|seconds?|minutes?|hours?)\b/gi,
];

/** The failure text with its volatile parts replaced and line ends made plain. */
export function failureFingerprint(text: string): string {
    let out = text.replace(/\r\n?/g, "\n").trim();
    for (const pattern of VOLATILE) out = out.replace(pattern, "#");
    return out;
}

/** True when `a` and `b` are the same failure, once volatile parts are set aside. */
export const sameFailure = (a: string, b: string): boolean =>
    failureFingerprint(a) === failureFingerprint(b);
