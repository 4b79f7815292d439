/** The verification report: one block per team (text), or one JSON document for scripts. */
import type { StepResult } from "./purge";
import type { Check, Verdict } from "./verify";

export interface TeamReport {
    readonly team: string;
    readonly verdict: Verdict;
    /** Purge steps of this run (empty for verify-teardown). */
    readonly steps: readonly StepResult[];
    readonly checks: readonly Check[];
}

const VERDICT_TEXT: Record<Verdict, string> = {
    clean: "nothing left",
    pending: "nothing left but what is still being deleted",
    kept: "nothing left but users kept on purpose (each says why)",
    leftovers: "LEFTOVERS",
    unknown: "NOT VERIFIED (some answers missing)",
};

const pad = (text: string, width: number): string => text.padEnd(width);

export function formatReport(reports: readonly TeamReport[]): string {
    const blocks = reports.map((r) => {
        const lines = [`${r.team}: ${VERDICT_TEXT[r.verdict]}`];
        const failed = r.steps.filter((s) => s.result === "failed");
        for (const s of failed)
            lines.push(`  purge failed: ${s.step} ${s.name}: ${s.detail ?? ""}`);
        const itemWidth = Math.max(...r.checks.map((c) => c.item.length));
        const nameWidth = Math.max(...r.checks.map((c) => c.name.length));
        for (const c of r.checks) {
            lines.push(
                `  ${pad(c.status, 8)}  ${pad(c.item, itemWidth)}  ${pad(c.name, nameWidth)}  ${c.detail}`.trimEnd(),
            );
            if (c.fix !== undefined) lines.push(`            fix: ${c.fix}`);
        }
        return lines.join("\n");
    });
    const counts = (v: Verdict): number => reports.filter((r) => r.verdict === v).length;
    const total = `${reports.length} team${reports.length === 1 ? "" : "s"} verified: ${counts("clean")} clean, ${counts("pending")} pending, ${counts("leftovers")} with leftovers, ${counts("unknown")} not verified${counts("kept") > 0 ? `, ${counts("kept")} with users kept on purpose` : ""}`;
    return `Teardown verification\n\n${blocks.join("\n\n")}\n\n${total}\n`;
}

export function reportJson(reports: readonly TeamReport[]): string {
    return `${JSON.stringify({ teams: reports }, null, 2)}\n`;
}
