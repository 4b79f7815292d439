/** Small text helpers the plan's renderings (render.ts, brief.ts) share. */
import type { PlanReport } from "./plan";

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export const subscriptionLabel = (subscription: string): string =>
    subscription === "" ? "provider default" : subscription;

export const money = (value: number): string => value.toFixed(2);

/**
 * `text` broken into lines of at most `width` columns, only where `separator` stands (a space by
 * default; ", " keeps list items whole): the first line starts with `first`, the others with
 * `rest`, and a broken line ends with the separator's visible part. A part longer than a line is
 * kept whole.
 */
export function wrap(
    text: string,
    first: string,
    rest: string,
    width: number,
    separator = " ",
): string[] {
    const tail = separator.trimEnd();
    const lines: string[] = [];
    let line = first;
    let empty = true;
    for (const part of text.split(separator).filter((p) => p !== "")) {
        if (!empty && line.length + separator.length + part.length + tail.length > width) {
            lines.push(line + tail);
            line = rest + part;
        } else line += (empty ? "" : separator) + part;
        empty = false;
    }
    lines.push(line);
    return lines;
}

/** The notice and what was planned: the first lines of every text rendering. */
export const headLines = (report: PlanReport): string[] => [
    report.notice,
    `Plan date ${report.now}: ${plural(report.sources.length, "event")}, ${plural(report.totals.teams, "team")}, ${plural(report.totals.resources, "resource")} registered`,
    "",
];

/** The last line of every text rendering: the verdict, and the offline notice once more. */
export const resultLine = (report: PlanReport): string =>
    `Result: ${plural(report.summary.errors, "error")}, ${plural(report.summary.warnings, "warning")} (exit code ${report.summary.exitCode}). ${report.notice.split(" — ")[0]}: nothing was deployed.`;
