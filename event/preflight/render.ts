/** The preflight report as text (one check per line, remedy below it) and as JSON (the same content). */
import { formatDuration } from "../clock";
import type { CheckStatus, PreflightReport, Service } from "./model";
import { PREFLIGHT_EXIT } from "./model";

const MARK: Readonly<Record<CheckStatus, string>> = {
    pass: "PASS   ",
    warn: "WARN   ",
    fail: "FAIL   ",
    unknown: "UNKNOWN",
};

const SERVICE_TITLE: Readonly<Record<Service, string>> = {
    azure: "Azure",
    entra: "Entra ID",
    github: "GitHub",
};

const VERDICT: Readonly<Record<number, string>> = {
    [PREFLIGHT_EXIT.ready]: "ready",
    [PREFLIGHT_EXIT.fail]: "NOT READY: fix every FAIL above",
    [PREFLIGHT_EXIT.unknown]:
        "NOT KNOWN TO BE READY: some facts could not be read (UNKNOWN); fix the access or check them by hand",
};

/** `exitCode: false` when the report is part of another command's output (up's), whose code differs. */
export function renderText(
    report: PreflightReport,
    options: { readonly exitCode: boolean } = { exitCode: true },
): string {
    const lines = [
        `Preflight of ${report.file} (event ${report.event})${report.fixed ? ", with --fix" : ""}`,
    ];
    let service = "";
    for (const c of report.checks) {
        if (c.service !== service) {
            service = c.service;
            lines.push("", SERVICE_TITLE[c.service]);
        }
        lines.push(`  ${MARK[c.status]} ${c.id}  ${c.subject}: ${c.value}`);
        if (c.remedy !== "" && c.status !== "pass") lines.push(`          -> ${c.remedy}`);
    }
    const b = report.githubBudget;
    if (b !== null)
        lines.push(
            "",
            `GitHub write budget: ${b.writes} writes for ${b.teams} team(s); GitHub's limits (${b.limits} per token) mean the last team starts at least ${formatDuration(b.minimumMs)} after the first (each team's writes ${formatDuration(b.writeDelayMs)} apart)`,
        );
    const s = report.summary;
    lines.push(
        "",
        `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.unknown} unknown: ${VERDICT[s.exitCode] ?? ""}${options.exitCode ? ` (exit ${s.exitCode})` : ""}`,
    );
    return `${lines.join("\n")}\n`;
}

export function renderJson(report: PreflightReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}
