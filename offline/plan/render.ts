/**
 * The plan report as text for a terminal. Same content as the JSON rendering; the first line is
 * always the offline notice, so nobody mistakes the plan for what Azure said.
 */
import { PROVIDER_WRITE_DELAY_MS } from "../../stacks/githubPacing";
import { invitationCount } from "./invitations";
import type { PlannedComponent, Problem } from "./model";
import type { CostLine } from "./cost";
import type { CostReport, PlanReport, SourceReport, TeamReport } from "./plan";
import { formatSeconds } from "./timing";
import type { DurationReport } from "./eventDuration";
import { renderBrief } from "./brief";
import { headLines, money, plural, resultLine, subscriptionLabel } from "./text";

export interface RenderOptions {
    /** One screen for an organizer (brief.ts) instead of every resource of every team. */
    readonly brief?: boolean;
}

/** Left-aligned columns; numeric columns (by index) right-aligned. */
export function table(
    rows: readonly (readonly string[])[],
    numeric: readonly number[] = [],
    indent = "  ",
): string[] {
    const widths = rows.reduce<number[]>(
        (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
        [],
    );
    return rows.map(
        (row) =>
            indent +
            row
                .map((cell, i) =>
                    numeric.includes(i)
                        ? cell.padStart(widths[i])
                        : i === row.length - 1
                          ? cell
                          : cell.padEnd(widths[i]),
                )
                .join("  ")
                .trimEnd(),
    );
}

function renderComponents(components: readonly PlannedComponent[]): string[] {
    const lines: string[] = [];
    for (const component of components) {
        lines.push(
            `    ${component.name}  (${component.type}, ${plural(component.resources.length, "resource")})`,
        );
        lines.push(
            ...table(
                component.resources.map((r) => [r.type, r.name, r.azureName ?? "-"]),
                [],
                "      ",
            ),
        );
    }
    return lines;
}

/** How the team's GitHub writes are spread, when the roster's delay spreads them beyond the provider's default. */
function pacing(t: TeamReport["timing"]): string {
    if (t.githubWriteDelayMs <= PROVIDER_WRITE_DELAY_MS || t.githubWrites === 0) return "";
    return `, ${formatSeconds(t.githubWriteDelayMs / 1000)} apart, done by ${formatSeconds(t.githubDoneSeconds)}`;
}

/** A team's expected durations and the path that sets each (typical times, durations.json). */
function renderTiming(team: TeamReport): string[] {
    const t = team.timing;
    const lines = [
        `   expected up ${formatSeconds(t.upSeconds)}, destroy ${formatSeconds(t.destroySeconds)} (longest paths, typical times); ${plural(t.githubWrites, "GitHub write")}${pacing(t)}`,
        `   up path: ${t.upPath}`,
        `   destroy path: ${t.destroyPath}`,
    ];
    if (team.credentialsEnd !== null)
        lines.push(
            `   credentials: the client secret (AZURE_CREDENTIALS) ends ${team.credentialsEnd.replace("T", " ").replace("Z", " UTC")} if created on the plan date`,
        );
    if (t.unknownTypes.length > 0)
        lines.push(`   no typical time for ${t.unknownTypes.join(", ")} (counted as 0)`);
    return lines;
}

/** The roster's expected `up` time and the settings that reach it (simulated with the real driver). */
function renderDuration(d: DurationReport): string[] {
    const r = d.recommended;
    return [
        `   expected event up: ${formatSeconds(r.makespanSeconds)} with --parallel ${r.parallel} (${r.machine})${r.shards > 1 ? ` and --shard i/${r.shards} on ${r.shards} machines` : ", one machine"}; ` +
            `lower bound ${formatSeconds(d.lowerBoundSeconds)} (longest team ${formatSeconds(d.longestTeamSeconds)}, ${d.githubWrites} GitHub writes ${formatSeconds(d.githubSeconds)}, ARM ${formatSeconds(d.armSeconds)})`,
        `   other settings: ${d.candidates
            .filter((c) => c !== r && !(c.machine === r.machine && c.shards === r.shards))
            .map((c) => `--parallel ${c.parallel} x${c.shards} ${formatSeconds(c.makespanSeconds)}`)
            .join(", ")} (simulated: typical times, no failures)`,
    ];
}

function renderSource(source: SourceReport): string[] {
    const origin =
        source.kind === "stack"
            ? `${source.file} (stack ${source.stackName ?? "?"})`
            : `${source.file} (roster)`;
    const lines = [
        `== Event ${source.event ?? "(invalid event config)"}: ${origin}, region ${source.location ?? "?"}, ends ${source.endsOn ?? "?"}`,
    ];
    lines.push(
        `   ${source.teams.length} of ${plural(source.declaredTeams, "team")} planned${source.teams.length < source.declaredTeams ? " (the others have config errors, below)" : ""}`,
    );
    if (source.duration) lines.push(...renderDuration(source.duration));
    for (const team of source.teams) {
        const guests = invitationCount(team.components);
        const head = `-- Team ${team.name}: stack ${team.stackName}, subscription ${subscriptionLabel(team.subscription)}, ${plural(team.resourceCount, "resource")}${guests > 0 ? `, ${plural(guests, "guest invitation")}` : ""}`;
        lines.push(head);
        lines.push(...renderTiming(team), ...renderComponents(team.components));
    }
    return lines;
}

function renderQuota(report: PlanReport): string[] {
    const q = report.quota;
    const lines = [
        "== Quota needed, in vCPUs",
        `   Compared with: ${q.comparedWith}`,
        `   Fair share: ${q.guarantee}`,
        `   Fair share ${q.notCapped}`,
    ];
    if (q.rows.length === 0) return [...lines, "   (no team could be planned)"];
    lines.push(
        ...table(
            [
                [
                    "subscription",
                    "region",
                    "quota",
                    "instances",
                    "clusters",
                    "endpoints*",
                    "total",
                    "coach min**",
                ],
                ...q.rows.map((r) => [
                    subscriptionLabel(r.subscription),
                    r.region,
                    r.quotaName,
                    String(r.instances),
                    String(r.clusters),
                    String(r.endpoints),
                    String(r.total),
                    String(r.coachMinimum),
                ]),
            ],
            [3, 4, 5, 6, 7],
            "   ",
        ),
    );
    for (const r of q.regional)
        lines.push(
            `   ${r.quotaName} (${subscriptionLabel(r.subscription)}, ${r.region}): ${r.total}`,
        );
    lines.push(`   *  ${q.endpointHeadroom}`, `   ** ${q.coachMinimum}`);
    return lines;
}

/** A price's source line: where to check it, as of when, and what it was read from. */
function describeSource(line: CostLine): string {
    const details = [
        `as of ${line.asOf}`,
        ...(line.readFrom === null ? [] : [`read from ${line.readFrom}`]),
        ...(line.note === null ? [] : [line.note]),
    ];
    return `${line.source} (${details.join("; ")})`;
}

function renderCost(cost: CostReport | null): string[] {
    if (cost === null) return ["== Cost estimate", "   (no team could be planned)"];
    const lines = [
        `== Cost estimate, ${cost.currency}: an ESTIMATE (prices as of ${cost.pricesAsOf.join(", ") || "-"}, verify)`,
        `   ${cost.disclaimer}`,
    ];
    const sources: string[] = [];
    for (const event of cost.events) {
        lines.push(
            `   Event ${event.event}: ${plural(event.teams, "team")}, ${plural(event.assumptions.days, "day")}`,
        );
        lines.push(
            ...table(
                [
                    ["item", "sku", "region", "quantity", "unit", "unit price", "cost", "src"],
                    ...event.lines.map((l) => {
                        const source = describeSource(l);
                        let index = sources.indexOf(source);
                        if (index < 0) index = sources.push(source) - 1;
                        return [
                            l.item,
                            l.sku,
                            l.region,
                            l.quantity.toFixed(1),
                            l.unit,
                            l.unitPrice.toFixed(4),
                            money(l.cost),
                            `[${index + 1}]`,
                        ];
                    }),
                ],
                [3, 5, 6],
                "     ",
            ),
        );
        lines.push(
            `     Hourly with everything running: ${money(event.hourly)} ${cost.currency}   Whole event: ${money(event.total)} ${cost.currency}   Per team: ${money(event.perTeam)} ${cost.currency}`,
        );
        lines.push("     Assumptions:", ...event.assumptionsText.map((a) => `       - ${a}`));
    }
    if (cost.events.length > 1)
        lines.push(
            `   All events: hourly ${money(cost.hourly)}, total ${money(cost.total)} ${cost.currency}`,
        );
    lines.push("   Price sources:", ...sources.map((s, i) => `     [${i + 1}] ${s}`));
    return lines;
}

function renderProblems(problems: readonly Problem[], errors: number, warnings: number): string[] {
    if (problems.length === 0) return ["== Problems: none"];
    return [
        `== Problems: ${plural(errors, "error")}, ${plural(warnings, "warning")}`,
        ...problems.map(
            (p) => `   ${p.severity === "error" ? "ERROR  " : "WARNING"}  ${p.message}`,
        ),
    ];
}

export function renderText(report: PlanReport, options: RenderOptions = {}): string {
    if (options.brief) return renderBrief(report);
    const lines = headLines(report);
    for (const source of report.sources) lines.push(...renderSource(source), "");
    lines.push(`== Totals by resource type (${plural(report.totals.teams, "team")})`);
    lines.push(
        ...table(
            [["count", "type"], ...report.totals.byType.map((t) => [String(t.count), t.type])],
            [0],
            "   ",
        ),
        "",
    );
    lines.push(...renderQuota(report), "");
    lines.push(...renderCost(report.cost), "");
    lines.push(
        ...renderProblems(report.problems, report.summary.errors, report.summary.warnings),
        "",
    );
    lines.push(resultLine(report));
    return `${lines.join("\n")}\n`;
}

/** The report as JSON for machines (the same content as the text). */
export const renderJson = (report: PlanReport): string => `${JSON.stringify(report, null, 2)}\n`;
