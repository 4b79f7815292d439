/**
 * When a team's client secret ends: a few days after the event (so a late teardown can still sign
 * in), and never more than `secretLifetimeDays` after it is created, whatever `endsOn` says (a
 * roster dated years ahead must not mint secrets valid for years). `now` is the creation day: the
 * caller passes it (the program's one clock read, or a test's fixed date).
 */

/** Days the team's client secret outlives the event, so a late teardown can still sign in. */
export const SECRET_GRACE_DAYS = 7;
/** Default cap on a client secret's life from its creation (event.secretLifetimeDays). */
export const DEFAULT_SECRET_LIFETIME_DAYS = 90;
/** The most event.secretLifetimeDays may say. */
export const MAX_SECRET_LIFETIME_DAYS = 180;

const endOfDayUtc = (y: number, m: number, d: number): Date =>
    new Date(Date.UTC(y, m - 1, d, 23, 59, 59));
const rfc3339 = (date: Date): string => date.toISOString().replace(".000Z", "Z");

/** `YYYY-MM-DD` + days -> RFC 3339 at the end of that day (UTC). */
export function secretEndDate(endsOn: string, graceDays = SECRET_GRACE_DAYS): string {
    const [y, m, d] = endsOn.split("-").map(Number);
    return rfc3339(endOfDayUtc(y, m, d + graceDays));
}

export interface CredentialEnd {
    /** RFC 3339 end of the client secret, e.g. `2026-12-25T23:59:59Z`. */
    readonly endDate: string;
    /** True when the cap, not the event's end, decided it: the secret ends before `endsOn` + grace. */
    readonly capped: boolean;
}

/** The earlier of `endsOn` + grace and `now` + `lifetimeDays` (each at the end of its UTC day). */
export function credentialEnd(endsOn: string, now: Date, lifetimeDays: number): CredentialEnd {
    const byEvent = secretEndDate(endsOn);
    const byCap = rfc3339(
        endOfDayUtc(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate() + lifetimeDays),
    );
    return byCap < byEvent ? { endDate: byCap, capped: true } : { endDate: byEvent, capped: false };
}
