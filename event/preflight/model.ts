/**
 * What preflight reports: one check per line, each with a status, the value it measured and the
 * exact remedy. The text and the JSON output are two renderings of the same report.
 */

/**
 * `unknown`: the fact could not be read (no answer in time, no credential, a permission too narrow
 * to read it). Never a pass: the organizer must find out by hand or fix the access and re-run.
 */
export type CheckStatus = "pass" | "warn" | "fail" | "unknown";

export type Service = "azure" | "entra" | "github";

export interface Check {
    readonly service: Service;
    /** A stable id of the kind of check (`azure.providers`), for scripts reading the JSON. */
    readonly id: string;
    /** What was checked: `subscription 0000... / Microsoft.Web`, `member akiko.tanaka@...`. */
    readonly subject: string;
    readonly status: CheckStatus;
    /** The measured value, or for unknown the reason it could not be measured. */
    readonly value: string;
    /** The exact command or portal page that fixes it; "" for a pass. */
    readonly remedy: string;
}

/** The check constructor of one service's module: `const check = checksOf("azure")`. */
export const checksOf =
    (service: Service) =>
    (id: string, subject: string, status: CheckStatus, value: string, remedy = ""): Check => ({
        service,
        id,
        subject,
        status,
        value,
        remedy,
    });

/** The event's GitHub writes and the least time GitHub's content-creation limits allow for them. */
export interface GitHubBudget {
    readonly teams: number;
    readonly writes: number;
    /** Least time from the first team's start to the last one's under GitHub's windows. */
    readonly minimumMs: number;
    /** How far apart each team's provider makes its writes (the roster's `github.writeDelayMs`). */
    readonly writeDelayMs: number;
    /** The limits used, e.g. "80 per 1 min, 500 per 60 min". */
    readonly limits: string;
}

export interface PreflightReport {
    readonly file: string;
    readonly event: string;
    readonly fixed: boolean;
    readonly checks: readonly Check[];
    readonly githubBudget: GitHubBudget | null;
    readonly summary: Readonly<Record<CheckStatus, number>> & { readonly exitCode: number };
}

/**
 * Exit codes. A fail wins over an unknown: 1 says "something is wrong", 3 says "nothing found
 * wrong, but some facts could not be read, so the event is not known to be ready".
 */
export const PREFLIGHT_EXIT = { ready: 0, fail: 1, usage: 2, unknown: 3 } as const;

export function summarize(checks: readonly Check[]): PreflightReport["summary"] {
    const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
    const fail = count("fail");
    const unknown = count("unknown");
    return {
        pass: count("pass"),
        warn: count("warn"),
        fail,
        unknown,
        exitCode:
            fail > 0
                ? PREFLIGHT_EXIT.fail
                : unknown > 0
                  ? PREFLIGHT_EXIT.unknown
                  : PREFLIGHT_EXIT.ready,
    };
}
