/**
 * `event.teardown.afterDays`: forgotten environments are torn down that many days after `endsOn`,
 * once the team has been warned on its repository for at least a day. Dates are calendar days in
 * UTC; `now` is always a parameter.
 */
import type { EventConfig } from "../../stacks/schema";

const DAY_MS = 86_400_000;

/** The title of the warning issue; with its author, how a later run finds it again. */
export const WARNING_TITLE = "This environment will be torn down";

interface PostedIssue {
    readonly title: string;
    readonly author: string;
    readonly createdAt: string;
}

/**
 * The expiry warning the automation posted, open or closed: the earliest issue titled
 * WARNING_TITLE whose author is the automation's own login (GitHub logins are case-insensitive).
 * Closed ones count, or a team could close the warning and restart its day on every run; others'
 * issues never count, or anyone could start the day early with a look-alike.
 */
export function postedWarning<T extends PostedIssue>(
    issues: readonly T[],
    automationLogin: string,
): T | undefined {
    const login = automationLogin.toLowerCase();
    return issues
        .filter((i) => i.title === WARNING_TITLE && i.author.toLowerCase() === login)
        .reduce<T | undefined>(
            (earliest, i) =>
                earliest === undefined || Date.parse(i.createdAt) < Date.parse(earliest.createdAt)
                    ? i
                    : earliest,
            undefined,
        );
}

export interface Expiry {
    /** The day (UTC) from which the warning is posted. */
    readonly warnOn: string;
    /** The day (UTC) from which the environment is torn down (if warned a day before). */
    readonly dueOn: string;
}

const addDays = (isoDate: string, days: number): string =>
    new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export function expiryOf(event: EventConfig): Expiry | undefined {
    const days = event.teardown.afterDays;
    if (days === undefined) return undefined;
    const dueOn = addDays(event.endsOn, days);
    return { warnOn: addDays(dueOn, -1), dueOn };
}

export type ExpiryStep = "none" | "warn" | "wait" | "teardown";

/**
 * What this run does about expiry for one team: nothing (off, or before warnOn), post the warning,
 * wait (warned less than a day ago), or tear down. A warning posted late still gives its full day.
 */
export function expiryStep(
    expiry: Expiry | undefined,
    warnedAt: string | undefined,
    now: Date,
): ExpiryStep {
    if (expiry === undefined) return "none";
    const today = now.toISOString().slice(0, 10);
    if (today < expiry.warnOn) return "none";
    if (warnedAt === undefined) return "warn";
    if (today < expiry.dueOn || now.getTime() - Date.parse(warnedAt) < DAY_MS) return "wait";
    return "teardown";
}

export function warningText(team: string, expiry: Expiry): string {
    return [
        `The event has ended. This automation will tear down the Azure environment of team ${team} on or after ${expiry.dueOn} (UTC).`,
        "",
        "This repository is kept: it is archived (read-only) and every member can still read it. Keep anything else you need now.",
        "",
        `イベントは終了しました。チーム ${team} の Azure 環境は ${expiry.dueOn} (UTC) 以降に削除されます。このリポジトリはアーカイブされ、メンバーは引き続き読めます。`,
    ].join("\n");
}
