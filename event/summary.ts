/**
 * The end-of-run table and the exit code. The table is what an organizer reads after 40 teams ran:
 * one row per team with the one line of the error that explains it, and the log file holding the
 * rest, so nobody has to scroll through interleaved engine output.
 */
import { formatDuration } from "./clock";

export type TeamResult = "succeeded" | "failed" | "skipped" | "not started";

export interface TeamOutcome {
    readonly team: string;
    readonly stack: string;
    readonly command: string;
    readonly result: TeamResult;
    readonly durationMs: number;
    readonly attempts: number;
    /** Resource changes (success), the reason (skipped, not started) or the error's first line (failed). */
    readonly detail: string;
    readonly logFile?: string;
}

export const EXIT = {
    ok: 0,
    /** At least one team failed. */
    teamFailed: 1,
    /** Bad arguments or roster, missing CLI: nothing ran. */
    usage: 2,
    /** Stopped with Ctrl-C before every team had run. */
    interrupted: 130,
} as const;

const GENERIC =
    /^(?:update|preview|refresh|destroy) failed$|^\d+ errors? occurred:?$|^an error occurred:?$/i;

/**
 * The one line of an engine error worth showing in a table. Automation API errors start with
 * `code: 255` and then the CLI's stdout and stderr; the engine's own diagnostics look like
 * `azure-native:...: error: Status=429 Code="TooManyRequests" ...`, followed by a generic
 * `error: update failed`, so the first specific `error:` line is the explanation.
 */
export function firstErrorLine(text: string, max = 160): string {
    // Automation API errors label the CLI's streams ("stderr: ..."): the label is not part of the message.
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim().replace(/^(?:stdout|stderr|err\?):\s*/, ""));
    const errors = lines.flatMap((l) => {
        const m = /(?:^|\s)error:\s*(.+)$/.exec(l);
        return m ? [m[1].trim()] : [];
    });
    const bullet = lines.find((l) => l.startsWith("* "))?.slice(2);
    const line =
        errors.find((e) => !GENERIC.test(e)) ??
        bullet ??
        errors[0] ??
        lines.find((l) => l !== "" && !/^code: -?\d+$/.test(l)) ??
        "unknown error";
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A plain-text table with aligned columns (no box drawing: it must survive CI logs and copy-paste). */
export function formatTable(
    headers: readonly string[],
    rows: readonly (readonly string[])[],
): string {
    const widths = headers.map((h, i) =>
        Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)),
    );
    const format = (cells: readonly string[]): string =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [format(headers), ...rows.map(format)].join("\n");
}

export function formatSummary(outcomes: readonly TeamOutcome[]): string {
    const rows = outcomes.map((o) => [
        o.team,
        o.command,
        o.result,
        o.result === "succeeded" || o.result === "failed" ? formatDuration(o.durationMs) : "-",
        o.attempts > 0 ? String(o.attempts) : "-",
        o.logFile ?? "-",
        // Last, because an error line is long and would push the other columns off the screen.
        o.detail,
    ]);
    const table = formatTable(
        ["TEAM", "COMMAND", "RESULT", "DURATION", "TRIES", "LOG", "DETAIL"],
        rows,
    );
    const count = (r: TeamResult): number => outcomes.filter((o) => o.result === r).length;
    const totals = (["succeeded", "failed", "skipped", "not started"] as const)
        .filter((r) => count(r) > 0)
        .map((r) => `${count(r)} ${r}`)
        .join(", ");
    return `${table}\n\n${outcomes.length} team${outcomes.length === 1 ? "" : "s"}: ${totals || "none selected"}`;
}

/** Failure wins over interruption: a red CI job must mean that some team needs attention. */
export function exitCodeOf(outcomes: readonly TeamOutcome[]): number {
    if (outcomes.some((o) => o.result === "failed")) return EXIT.teamFailed;
    if (outcomes.some((o) => o.result === "not started")) return EXIT.interrupted;
    return EXIT.ok;
}

/** `{create: 12, update: 1, same: 3}` -> `+12 ~1`; only operations that change something are shown. */
export function formatChanges(
    changes: Readonly<Partial<Record<string, number>>> | undefined,
): string {
    const parts = (
        [
            ["create", "+"],
            ["update", "~"],
            ["replace", "±"],
            ["delete", "-"],
        ] as const
    )
        .map(([op, sign]) => [sign, changes?.[op] ?? 0] as const)
        .filter(([, n]) => n > 0)
        .map(([sign, n]) => `${sign}${n}`);
    return parts.length > 0 ? parts.join(" ") : "no changes";
}
