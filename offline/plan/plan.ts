/**
 * The offline plan: simulates every team of the given sources and assembles one report (the text
 * and the JSON output are two renderings of it). `now` comes from the caller; nothing here reads
 * the clock, so a plan with the same inputs and `now` is the same plan.
 */
import { invitationProblems } from "./invitations";
import { estimateEventCost, defaultAssumptions, describeAssumptions, type EventCost } from "./cost";
import { totalsByType } from "./inventory";
import {
    OFFLINE_NOTICE,
    type PlanJob,
    type PlannedComponent,
    type Problem,
    type TeamFailure,
    type TeamFootprint,
} from "./model";
import type { PriceTable } from "./prices";
import { formatPath } from "./timing";
import { estimateSourceDuration, type DurationReport } from "./eventDuration";
import {
    demandsOf,
    worstCaseDraw,
    type TeamDraw,
    summarizeQuota,
    ENDPOINT_HEADROOM,
    type ComputeDemand,
    type QuotaRow,
    type RegionalQuotaRow,
} from "./quota";
import { simulateJobs, type RunOptions, type RunStats } from "./runner";
import type { PlanSource } from "./sources";
import { estimateActionsMinutes } from "./actionsMinutes";
import {
    actionsMinutesProblems,
    adviceProblems,
    sharedMemberProblems,
    budgetProblems,
    collisionProblems,
    materialsProblems,
    nameRuleProblems,
} from "./warnings";

export interface PlanOptions {
    readonly now: Date;
    readonly prices: PriceTable;
    /** Event length in days, instead of plan date -> endsOn. */
    readonly days?: number;
    readonly clusterNodeHoursPerTeamPerDay?: number;
    readonly run?: RunOptions;
}

export interface TeamReport {
    readonly name: string;
    readonly stackName: string;
    /** "" = the azure-native provider's default subscription. */
    readonly subscription: string;
    readonly resourceCount: number;
    /** When the team's client secret ends, RFC 3339 (stacks/credentialLifetime.ts); null if none. */
    readonly credentialsEnd: string | null;
    readonly components: readonly PlannedComponent[];
    /** Expected durations along the dependency graph (durations.json), and the GitHub writes. */
    readonly timing: {
        readonly upSeconds: number;
        readonly destroySeconds: number;
        /** The longest path of `up`, as printed. */
        readonly upPath: string;
        readonly destroyPath: string;
        readonly githubWrites: number;
        /** The team's github provider waits this long after each write (stacks/githubPacing.ts). */
        readonly githubWriteDelayMs: number;
        /** When its last GitHub write is done, in seconds from the start of `up`. */
        readonly githubDoneSeconds: number;
        /** Types without an entry in the duration table (counted as no time). */
        readonly unknownTypes: readonly string[];
    };
}

export interface SourceReport {
    readonly kind: "stack" | "roster";
    readonly file: string;
    readonly stackName: string | null;
    readonly event: string | null;
    readonly location: string | null;
    readonly endsOn: string | null;
    readonly declaredTeams: number;
    readonly teams: readonly TeamReport[];
    /** How long the event's `up` takes, simulated (rosters only). */
    readonly duration: DurationReport | null;
}

export interface CostReport {
    readonly estimate: true;
    readonly disclaimer: string;
    readonly currency: string;
    /** Dates of the prices used. */
    readonly pricesAsOf: readonly string[];
    readonly total: number;
    readonly hourly: number;
    readonly events: readonly (Omit<EventCost, "problems"> & {
        readonly assumptionsText: readonly string[];
    })[];
}

export interface PlanReport {
    /** Always true: the plan is computed without any cloud. */
    readonly offline: true;
    readonly notice: string;
    /** The plan's "today" (YYYY-MM-DD). */
    readonly now: string;
    readonly sources: readonly SourceReport[];
    readonly totals: {
        readonly teams: number;
        readonly resources: number;
        readonly byType: readonly { type: string; count: number }[];
    };
    readonly quota: {
        readonly comparedWith: string;
        readonly endpointHeadroom: string;
        readonly coachMinimum: string;
        /** "worst case any team can draw: ...": the fair-share policy's bound, which the rows sum. */
        readonly guarantee: string;
        /** What the fair-share policy does not cap, said plainly next to the guarantee. */
        readonly notCapped: string;
        readonly rows: readonly QuotaRow[];
        readonly regional: readonly RegionalQuotaRow[];
    };
    readonly cost: CostReport | null;
    readonly problems: readonly Problem[];
    readonly summary: {
        readonly errors: number;
        readonly warnings: number;
        readonly exitCode: 0 | 1;
    };
}

export const QUOTA_COMPARED_WITH =
    'Azure ML quota "<family> Cluster Dedicated vCPUs" per subscription and region (portal: Subscription > Usage + quotas, provider Machine Learning; CLI: az ml compute list-usage). ' +
    "Compute instances, compute clusters and managed online endpoint deployments all draw on it, not on the Virtual Machines (Microsoft.Compute) quota.";

export const COST_DISCLAIMER =
    "An ESTIMATE from a small dated price table (verify the prices at their sources), assuming compute instances stop on schedule and the usage stated in the assumptions. Azure bills actual usage.";

/** The jobs of every simulable team, in source and team order. */
export function planJobs(sources: readonly PlanSource[], now: Date): PlanJob[] {
    return sources.flatMap((source, s) => {
        const { event, location } = source;
        if (event === undefined || location === undefined) return [];
        return source.teams.map((team, t) => ({
            source: s,
            teamIndex: t,
            event,
            team: team.config,
            location,
            now: now.toISOString(),
            stackName: team.stackName,
        }));
    });
}

const ORDER: Readonly<Record<Problem["severity"], number>> = { error: 0, warning: 1 };

/** Assembles the report from the sources and their simulations (pure). */
export function buildReport(
    sources: readonly PlanSource[],
    footprints: readonly TeamFootprint[],
    failures: readonly TeamFailure[],
    options: PlanOptions,
    durations: ReadonlyMap<number, DurationReport> = new Map(),
): PlanReport {
    const problems: Problem[] = sources.flatMap((s) => s.problems);
    for (const f of failures) {
        problems.push({
            severity: "error",
            code: "simulation",
            team: f.team,
            message: `team ${f.team} (${sources[f.source]?.file ?? "?"}): the team program failed under simulation: ${f.error}`,
        });
    }

    const demands: ComputeDemand[] = [];
    const eventCosts: { cost: EventCost; assumptionsText: string[] }[] = [];
    sources.forEach((source, s) => {
        const mine = footprints.filter((f) => f.source === s);
        if (source.event === undefined) return;
        const event = source.event;
        const sourceDemands = mine.flatMap((f) => demandsOf(f, event, source.eventRoot));
        demands.push(...sourceDemands);
        problems.push(
            ...adviceProblems(event, source.eventRoot),
            ...materialsProblems(event, source.eventRoot),
            ...invitationProblems(event, source.eventRoot, mine),
        );
        if (mine.length === 0) return;
        const cost = estimateEventCost(
            event,
            mine,
            sourceDemands,
            options.prices,
            defaultAssumptions(event, options.now, {
                days: options.days,
                clusterNodeHoursPerTeamPerDay: options.clusterNodeHoursPerTeamPerDay,
            }),
        );
        eventCosts.push({ cost, assumptionsText: describeAssumptions(cost, event) });
        problems.push(
            ...cost.problems,
            ...budgetProblems(event, source.eventRoot, cost.perTeam, cost.currency),
            ...actionsMinutesProblems(
                event,
                source.eventRoot,
                estimateActionsMinutes(event, mine.length, cost.assumptions.days),
            ),
        );
    });

    const quota = summarizeQuota(
        demands,
        footprints.map((f) => ({ subscription: f.subscription, region: f.location })),
    );
    problems.push(...quota.problems);
    for (const f of footprints) problems.push(...nameRuleProblems(f));
    problems.push(
        ...collisionProblems(
            footprints.map((f) => ({
                footprint: f,
                githubOwner: sources[f.source].event?.github.owner ?? "",
                label: `${sources[f.source].event?.name ?? "?"}/${f.team}`,
            })),
        ),
    );
    problems.push(
        ...sharedMemberProblems(
            sources.flatMap((source) =>
                source.event === undefined
                    ? []
                    : [
                          {
                              event: source.event,
                              membersPath:
                                  source.kind === "roster"
                                      ? "teams[].members[]"
                                      : "openhack-mlops:team.members[]",
                              teams: source.teams.map((team) => team.config),
                          },
                      ],
            ),
        ),
    );
    problems.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);

    const errors = problems.filter((p) => p.severity === "error").length;
    const sourceReports: SourceReport[] = sources.map((source, s) => ({
        kind: source.kind,
        file: source.file,
        stackName: source.stackName ?? null,
        event: source.event?.name ?? null,
        location: source.location ?? null,
        endsOn: source.event?.endsOn ?? null,
        declaredTeams: source.declaredTeams,
        duration: durations.get(s) ?? null,
        teams: footprints
            .filter((f) => f.source === s)
            .map((f) => ({
                name: f.team,
                stackName: f.stackName,
                subscription: f.subscription,
                resourceCount: f.resourceCount,
                credentialsEnd: f.credentialsEnd,
                components: f.components,
                timing: {
                    upSeconds: f.timing.up.seconds,
                    destroySeconds: f.timing.destroy.seconds,
                    upPath: formatPath(f.timing.up),
                    destroyPath: formatPath(f.timing.destroy),
                    githubWrites: f.githubWrites,
                    githubWriteDelayMs: f.timing.githubWriteDelayMs,
                    githubDoneSeconds: f.timing.githubDoneSeconds,
                    unknownTypes: f.timing.unknownTypes,
                },
            })),
    }));

    return {
        offline: true,
        notice: OFFLINE_NOTICE,
        now: options.now.toISOString().slice(0, 10),
        sources: sourceReports,
        totals: {
            teams: footprints.length,
            resources: footprints.reduce((n, f) => n + f.resourceCount, 0),
            byType: totalsByType(footprints),
        },
        quota: {
            comparedWith: QUOTA_COMPARED_WITH,
            endpointHeadroom: `each team's endpoint deployment (endpoint.maxInstances, the most its fair-share policy allows) counts ceil(${ENDPOINT_HEADROOM} x instances) x vCPUs: Azure ML reserves 20% extra for managed online deployments`,
            guarantee: guaranteeLine(
                worstCaseDraw(demands),
                sources.flatMap((s) => (s.event === undefined ? [] : [s.event.guard.effect])),
            ),
            notCapped: NOT_CAPPED,
            coachMinimum:
                "coach guide minimum of free quota: Standard Dv2 Family >= 2 and Standard DSv2 Family >= 1 vCPUs per team",
            rows: quota.rows,
            regional: quota.regional,
        },
        cost: costReport(eventCosts),
        problems,
        summary: { errors, warnings: problems.length - errors, exitCode: errors > 0 ? 1 : 0 },
    };
}

/**
 * Serverless jobs (a job with no compute target runs on Azure ML serverless compute) draw on the
 * same quota ("Serverless jobs consume the same quota as Azure Machine Learning compute quota",
 * https://learn.microsoft.com/azure/machine-learning/how-to-use-serverless-compute), but no
 * published alias reads a job's compute or size, so the fair-share policy cannot cap them
 * (docs/fair-share.md). Said next to the guarantee so that nobody reads it as covering them.
 */
export const NOT_CAPPED =
    "not capped: Azure ML serverless jobs (a job without a compute target) draw on the same quota and no published policy alias can limit them; docs/fair-share.md";

/** The plan's guarantee: what the fair-share policy holds every team to, and whether it enforces it. */
export function guaranteeLine(draw: TeamDraw | undefined, effects: readonly string[]): string {
    if (draw === undefined) return "no team's compute could be counted";
    const parts = draw.byFamily.map((f) => `${f.vcpus} ${f.family} vCPUs`).join(" + ");
    const enforced = effects.every((e) => e === "deny")
        ? "Azure Policy denies more (event.guard.effect: deny)"
        : "NOT enforced: event.guard.effect is audit, so Azure Policy only reports more";
    return `worst case any team can draw: ${parts} (${draw.total} vCPUs, e.g. team ${draw.team}); ${enforced}; the rows below sum these maxima`;
}

function costReport(
    costs: readonly { cost: EventCost; assumptionsText: string[] }[],
): CostReport | null {
    if (costs.length === 0) return null;
    const asOf = new Set(costs.flatMap(({ cost }) => cost.lines.map((l) => l.asOf)));
    return {
        estimate: true,
        disclaimer: COST_DISCLAIMER,
        currency: costs[0].cost.currency,
        pricesAsOf: [...asOf].sort(),
        total: costs.reduce((sum, { cost }) => sum + cost.total, 0),
        hourly: costs.reduce((sum, { cost }) => sum + cost.hourly, 0),
        // The problems are already in the report's list.
        events: costs.map(({ cost: { problems: _problems, ...cost }, assumptionsText }) => ({
            ...cost,
            assumptionsText,
        })),
    };
}

/** Simulates every team of `sources` and builds the report; `stats` are for the benchmark. */
export async function runPlan(
    sources: readonly PlanSource[],
    options: PlanOptions,
): Promise<{
    report: PlanReport;
    stats: RunStats & { reportMs: number };
    footprints: readonly TeamFootprint[];
}> {
    const { footprints, failures, stats } = await simulateJobs(
        planJobs(sources, options.now),
        options.run,
    );
    const started = performance.now();
    const durations = new Map<number, DurationReport>();
    for (const [s, source] of sources.entries()) {
        const duration = await estimateSourceDuration(
            source,
            footprints.filter((f) => f.source === s),
            options.now,
        );
        if (duration) durations.set(s, duration);
    }
    const report = buildReport(sources, footprints, failures, options, durations);
    return { report, stats: { ...stats, reportMs: performance.now() - started }, footprints };
}
