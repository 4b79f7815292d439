/**
 * `npm run plan -- <roster> --brief`: the plan on one screen for an organizer. Teams that differ
 * only in how many members they have are one group (their shared path said once, their counts as a
 * range), resources are counted by readable kind (kinds.ts) instead of listed, and quota and cost
 * are their totals. Every line fits in WIDTH columns; the full report (renderText without brief)
 * keeps every resource, the quota table, the cost's assumptions and its price sources.
 */
import { PROVIDER_WRITE_DELAY_MS } from "../../stacks/githubPacing";
import type { DurationCandidate, DurationReport } from "./eventDuration";
import { invitationCount } from "./invitations";
import { cloudOf, kindOf, type Cloud } from "./kinds";
import type { PlannedComponent, Problem } from "./model";
import type { CostReport, PlanReport, SourceReport, TeamReport } from "./plan";
import { headLines, money, plural, resultLine, subscriptionLabel, wrap } from "./text";
import { formatSeconds } from "./timing";

/** The widest line the brief view prints. */
export const BRIEF_WIDTH = 100;

const INDENT = "   ";
const MORE = "     ";
const said = (text: string, first = INDENT, rest = MORE): string[] =>
    wrap(text, first, rest, BRIEF_WIDTH);
/** A list, broken only between its items. */
const listed = (head: string, items: readonly string[], separator = ", "): string[] =>
    wrap(`${head}${items.join(separator)}`, INDENT, MORE, BRIEF_WIDTH, separator);

/** `low` or `low-high`, formatted. */
function range(values: readonly number[], format: (n: number) => string = String): string {
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? format(low) : `${format(low)} to ${format(high)}`;
}

/** The team's resources as `{type, name}`, the components themselves included. */
function resourcesOf(components: readonly PlannedComponent[]) {
    return components.flatMap((c) => [
        ...(c.type === "(none)" ? [] : [{ type: c.type, name: c.name }]),
        ...c.resources,
    ]);
}

/**
 * A longest path as readable kinds: `Resource group 3s -> ML workspace 5m 38s -> ...`. The report
 * keeps the path as printed (`ResourceGroup aurora-rg 3s -> ...`, timing.ts formatPath); each
 * step's full type is found again by its logical name among the team's resources.
 */
function readablePath(path: string, team: TeamReport): string[] {
    const resources = resourcesOf(team.components);
    return path.split(" -> ").map((step) => {
        const match = /^(\S+) (\S+) (.+)$/.exec(step);
        if (!match) return step;
        const [, short, name, duration] = match;
        const resource = resources.find(
            (r) => r.name === name && (r.type.split(":").pop() ?? "") === short,
        );
        return `${resource ? kindOf(resource) : short} ${duration}`;
    });
}

interface TeamShape {
    readonly teams: TeamReport[];
    readonly upPath: readonly string[];
    readonly destroyPath: readonly string[];
}

/**
 * Teams are alike when everything but their counts is the same: the kinds they get, their longest
 * paths, their credentials' end and their GitHub pacing. Members change only how many of a kind.
 */
function shapes(teams: readonly TeamReport[]): TeamShape[] {
    const byKey = new Map<string, TeamShape>();
    for (const team of teams) {
        const upPath = readablePath(team.timing.upPath, team);
        const destroyPath = readablePath(team.timing.destroyPath, team);
        const kinds = [...new Set(resourcesOf(team.components).map(kindOf))].sort();
        const key = JSON.stringify([
            upPath,
            destroyPath,
            kinds,
            team.credentialsEnd,
            team.timing.githubWriteDelayMs,
            team.timing.unknownTypes,
        ]);
        const shape = byKey.get(key) ?? { teams: [], upPath, destroyPath };
        shape.teams.push(team);
        byKey.set(key, shape);
    }
    return [...byKey.values()];
}

/** Team names on at most two lines; the rest counted. */
function nameList(names: readonly string[]): string {
    const room = 2 * BRIEF_WIDTH - 40;
    let text = "";
    for (const [i, name] of names.entries()) {
        const next = text === "" ? name : `${text}, ${name}`;
        if (next.length > room) return `${text} and ${names.length - i} more`;
        text = next;
    }
    return text;
}

function renderShape(shape: TeamShape, standardStacks: boolean): string[] {
    const { teams } = shape;
    const first = teams[0];
    const guests = teams.map((t) => invitationCount(t.components));
    const counts = [
        `${range(teams.map((t) => t.resourceCount))} resources`,
        `${range(teams.map((t) => t.timing.githubWrites))} GitHub writes`,
        ...(Math.max(...guests) > 0
            ? [`${range(guests)} guest invitation${Math.max(...guests) === 1 ? "" : "s"}`]
            : []),
    ];
    const delay = first.timing.githubWriteDelayMs;
    const pacing =
        delay > PROVIDER_WRITE_DELAY_MS && first.timing.githubWrites > 0
            ? ` (${formatSeconds(delay / 1000)} apart, done by ${range(
                  teams.map((t) => t.timing.githubDoneSeconds),
                  formatSeconds,
              )})`
            : "";
    const lines =
        teams.length === 1
            ? said(
                  `-- Team ${first.name}: ${standardStacks ? "" : `stack ${first.stackName}, `}${counts.join(", ")}${pacing}`,
                  "",
                  MORE,
              )
            : [
                  ...said(
                      `-- ${teams.length} teams alike: ${nameList(teams.map((t) => t.name))}`,
                      "",
                      MORE,
                  ),
                  ...said(`each: ${counts.join(", ")}${pacing}`),
              ];
    const up = range(
        teams.map((t) => t.timing.upSeconds),
        formatSeconds,
    );
    const destroy = range(
        teams.map((t) => t.timing.destroySeconds),
        formatSeconds,
    );
    lines.push(
        ...listed(`up ${up} (typical times), longest path: `, shape.upPath, " -> "),
        ...listed(`destroy ${destroy}, longest path: `, shape.destroyPath, " -> "),
    );
    if (first.credentialsEnd !== null)
        lines.push(
            ...said(
                `client secret (AZURE_CREDENTIALS) ends ${first.credentialsEnd.replace("T", " ").replace("Z", " UTC")} if created on the plan date`,
            ),
        );
    if (first.timing.unknownTypes.length > 0)
        lines.push(
            ...said(
                `no typical time for ${[...new Set(first.timing.unknownTypes.map((type) => kindOf({ type, name: "" })))].join(", ")} (counted as 0)`,
            ),
        );
    return lines;
}

const sameSetting = (a: DurationCandidate, b: DurationCandidate): boolean =>
    a.machine === b.machine && a.parallel === b.parallel && a.shards === b.shards;

/** Besides the recommended setting: each machine's one-machine run and its fastest, if faster. */
function otherSettings(d: DurationReport): DurationCandidate[] {
    const picked: DurationCandidate[] = [];
    for (const machine of [...new Set(d.candidates.map((c) => c.machine))]) {
        const mine = d.candidates.filter((c) => c.machine === machine);
        const fastest = mine.reduce((best, c) =>
            c.makespanSeconds < best.makespanSeconds ? c : best,
        );
        const single = mine.find((c) => c.shards === 1);
        for (const c of single && single !== fastest ? [single, fastest] : [fastest])
            if (!sameSetting(c, d.recommended) && !picked.includes(c)) picked.push(c);
    }
    return picked;
}

function renderDuration(d: DurationReport): string[] {
    const r = d.recommended;
    const machines =
        r.shards > 1
            ? `on ${r.shards} machines (${r.machine}), each --shard i/${r.shards}`
            : `on one ${r.machine}`;
    const lines = said(
        `expected event up: ${formatSeconds(r.makespanSeconds)} with --parallel ${r.parallel} ${machines}; lower bound ${formatSeconds(d.lowerBoundSeconds)}`,
    );
    const others = otherSettings(d);
    if (others.length > 0)
        lines.push(
            ...listed(
                "or --parallel N xM, N teams at once on each of M machines: ",
                others.map((c) => `${c.parallel} x${c.shards} ${formatSeconds(c.makespanSeconds)}`),
            ),
        );
    return lines;
}

function renderSource(source: SourceReport): string[] {
    const origin =
        source.kind === "stack"
            ? `${source.file} (stack ${source.stackName ?? "?"})`
            : `${source.file} (roster)`;
    const lines = said(
        `== Event ${source.event ?? "(invalid event config)"}: ${origin}, region ${source.location ?? "?"}, ends ${source.endsOn ?? "?"}`,
        "",
        MORE,
    );
    const { teams } = source;
    const standardStacks =
        teams.length > 1 && teams.every((t) => t.stackName === `${source.event}-${t.name}`);
    const subscriptions = [...new Set(teams.map((t) => t.subscription))];
    const where = [
        ...(standardStacks ? [`stacks ${source.event}-<team>`] : []),
        ...(subscriptions.length === 1
            ? [`subscription ${subscriptionLabel(subscriptions[0])}`]
            : subscriptions.length > 1
              ? [`${subscriptions.length} subscriptions`]
              : []),
    ];
    lines.push(
        ...said(
            `${teams.length} of ${plural(source.declaredTeams, "team")} planned${teams.length < source.declaredTeams ? " (the others have config errors, below)" : ""}${where.length > 0 ? `; ${where.join("; ")}` : ""}`,
        ),
    );
    if (source.duration) lines.push(...renderDuration(source.duration));
    for (const shape of shapes(teams)) lines.push(...renderShape(shape, standardStacks));
    return lines;
}

const CLOUDS: readonly Cloud[] = ["Azure", "Entra ID", "GitHub", "Pulumi"];

/** Every planned team's resources counted by cloud and readable kind, most numerous first. */
function renderKinds(report: PlanReport): string[] {
    const counts = new Map<Cloud, Map<string, number>>(CLOUDS.map((c) => [c, new Map()]));
    for (const team of report.sources.flatMap((s) => s.teams))
        for (const resource of resourcesOf(team.components)) {
            const kinds = counts.get(cloudOf(resource.type)) as Map<string, number>;
            const kind = kindOf(resource);
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
    const teams = report.totals.teams;
    const lines = [
        `== Resources by kind (${plural(report.totals.teams, "team")}, ${report.totals.resources} in all)`,
    ];
    if (teams === 0) return [...lines, `${INDENT}(no team could be planned)`];
    for (const [cloud, kinds] of counts) {
        if (kinds.size === 0) continue;
        const total = [...kinds.values()].reduce((a, b) => a + b, 0);
        const sorted = [...kinds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        // Kinds every team has once are named once, not each followed by the number of teams.
        const once = (n: number): boolean => n === teams && teams > 1;
        const list = [
            ...sorted.filter(([, n]) => !once(n)).map(([kind, n]) => `${kind} ${n}`),
            ...sorted
                .filter(([, n]) => once(n))
                .map(([kind], i) => (i === 0 ? `one per team: ${kind}` : kind)),
        ];
        lines.push(...listed(`${cloud} ${total}: `, list));
    }
    return lines;
}

/** At most this many subscription and region pairs; the full report has them all. */
const QUOTA_PLACES = 4;

function renderQuota(report: PlanReport): string[] {
    const q = report.quota;
    const lines = [
        `== Azure ML quota needed (vCPUs of "<family> Cluster Dedicated vCPUs"), every team at its most`,
    ];
    if (q.rows.length === 0) return [...lines, `${INDENT}(no team could be planned)`];
    // The full report's "the rows below sum these maxima" is said by the heading here.
    lines.push(
        ...said(`Fair share: ${q.guarantee.replace(/; the rows below sum these maxima$/, "")}`),
        // The guarantee's limit is said here too: the brief view must not overstate it.
        ...said(
            "Not capped: serverless jobs (no compute target) share this quota; docs/fair-share.md",
        ),
    );
    const places = [...new Set(q.rows.map((r) => `${r.subscription}\n${r.region}`))];
    for (const place of places.slice(0, QUOTA_PLACES)) {
        const [subscription, region] = place.split("\n");
        const here = (r: { subscription: string; region: string }): boolean =>
            r.subscription === subscription && r.region === region;
        const families = q.rows.filter(here).map((r) => `${r.family} ${r.total}`);
        const regional = q.regional.find(here);
        lines.push(
            ...said(
                `${subscriptionLabel(subscription)}, ${region}: ${families.join(", ")}${regional ? `; ${regional.total} in all` : ""}`,
            ),
        );
    }
    if (places.length > QUOTA_PLACES)
        lines.push(`${INDENT}and ${places.length - QUOTA_PLACES} more subscriptions or regions`);
    return lines;
}

function renderCost(cost: CostReport | null): string[] {
    if (cost === null) return ["== Cost estimate", `${INDENT}(no team could be planned)`];
    const lines = said(
        `== Cost: an ESTIMATE in ${cost.currency} from dated prices (${cost.pricesAsOf.join(", ") || "-"}): verify them`,
        "",
        MORE,
    );
    for (const event of cost.events) {
        lines.push(
            ...said(
                `${event.event}, ${plural(event.teams, "team")}, ${plural(event.assumptions.days, "day")}: ${money(event.total)} in all, ${money(event.perTeam)} per team, ${money(event.hourly)} an hour with everything running`,
            ),
        );
        const largest = [...event.lines]
            .sort((a, b) => b.cost - a.cost)
            .slice(0, 3)
            .map((l) => `${l.item} ${money(l.cost)}`);
        if (largest.length > 0) lines.push(...listed("largest: ", largest));
    }
    if (cost.events.length > 1)
        lines.push(
            ...said(
                `All events: ${money(cost.total)} ${cost.currency}, ${money(cost.hourly)} an hour`,
            ),
        );
    return lines;
}

function renderProblems(problems: readonly Problem[], errors: number, warnings: number): string[] {
    if (problems.length === 0) return ["== Problems: none"];
    return [
        `== Problems: ${plural(errors, "error")}, ${plural(warnings, "warning")}`,
        ...problems.flatMap((p) =>
            said(
                p.message,
                `${INDENT}${p.severity === "error" ? "ERROR  " : "WARNING"}  `,
                " ".repeat(12),
            ),
        ),
    ];
}

export function renderBrief(report: PlanReport): string {
    const lines = headLines(report);
    for (const source of report.sources) lines.push(...renderSource(source), "");
    lines.push(...renderKinds(report), "");
    lines.push(...renderQuota(report), "");
    lines.push(...renderCost(report.cost), "");
    lines.push(
        ...renderProblems(report.problems, report.summary.errors, report.summary.warnings),
        "",
    );
    lines.push(
        "Without --brief: every resource of every team, the quota table, the cost's sources.",
        resultLine(report),
    );
    return `${lines.join("\n")}\n`;
}
