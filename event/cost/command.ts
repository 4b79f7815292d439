/**
 * `npm run event -- cost stacks/<event>.yaml [--team ...] [--json]`: what each team's resource group
 * has cost so far in the event's days, beside the plan's per-team estimate and the per-team budget.
 *
 * One Cost Management query per subscription (event/cost/query.ts: ActualCost, Custom period,
 * PreTaxCost summed per resource group), each team read from its group's row. Cost Management lags
 * actual usage, so the report says so instead of presenting the figure as current (FRESHNESS_NOTE).
 *
 * Every error is a failure (a 404 is a mistyped subscription, SubscriptionNotFound, not "no data":
 * a deleted group's cost is still in the subscription's answer). A group without a row has no cost
 * recorded in the period (0). A 204 is Cost Management's documented "No Content" (the spec's
 * responses of Query_Usage, and the SDK's usageOperationSpec): no cost data for the subscription.
 * When signing in fails (no network to Entra ID, or a refused secret), the first failure is said
 * once and no further subscription is queried.
 */
import type { CostManagementClient, QueryResult } from "@azure/arm-costmanagement";
import type { Roster } from "../roster";
import { causeOf, statusOf } from "../preflight/cause";
import { pickTeams, UsageError, type Shard } from "../select";
import {
    clampWait,
    MAX_WAIT_SECONDS,
    MIN_WAIT_SECONDS,
    costByGroup,
    eventPeriod,
    isTransient,
    usageQuery,
    waitOf,
} from "./query";

export {
    eventPeriod,
    RETRY_AFTER_HEADERS,
    usageQuery,
    waitOf,
    costManagementClient,
} from "./query";

export interface CostOptions {
    /** Team names; empty for every team of the roster. */
    readonly teams: readonly string[];
    /** `status --shard i/n --cost`: only that shard's teams. */
    readonly shard?: Shard;
    readonly json: boolean;
    readonly now: Date;
}

export interface CostDeps {
    /** The Cost Management client: costManagementClient() of ./query (the SDK's retry off). */
    readonly costManagement: CostManagementClient;
    /** The subscription of teams that name none (AZURE_SUBSCRIPTION_ID / ARM_SUBSCRIPTION_ID). */
    readonly defaultSubscriptionId?: string;
    /** The offline plan's estimate for one team over the whole event, if it could be computed. */
    readonly estimatePerTeam?: { readonly amount: number; readonly currency: string };
    /** Why the plan gave no estimate (its errors), shown instead of a partial figure. */
    readonly estimateProblem?: string;
    readonly sleep: (ms: number) => Promise<void>;
    readonly out: (text: string) => void;
    /** Waits after a 429 (or a 5xx/408/reset connection) before giving up on a subscription; defaults to 3. */
    readonly retries?: number;
}

export type CostOutcome = "ok" | "no-data" | "failed";

export interface TeamCost {
    readonly team: string;
    readonly resourceGroup: string;
    readonly outcome: CostOutcome;
    /** Actual cost so far (null when unknown). */
    readonly actual: number | null;
    readonly currency: string | null;
    readonly detail: string;
}

/**
 * Microsoft Learn, "Understand Cost Management data", section "Cost and usage data updates and
 * retention": "For EA and MCA subscriptions, cost and usage data is typically available in Cost
 * Management within 8-24 hours. For pay-as-you-go subscriptions, it could take up to 72 hours", and
 * estimated charges of the open billing period change until the invoice. "Manage costs with
 * automation": data "is refreshed every four hours". (Text as on branch s6-fairshare.)
 */
export const FRESHNESS_NOTE =
    "Cost Management lags actual usage: typically 8-24 hours for EA and MCA subscriptions, up to 72 hours for pay-as-you-go (refreshed every four hours); recent use is missing and the open month's figures are estimates.";

/** Said with every report: the period is in UTC days, not in the roster's time zone. */
export const timeZoneNote = (timeZone: string): string =>
    `Days are UTC days (Cost Management dates usage per day; the period is sent in UTC), not the event's time zone (${timeZone}).`;

const firstLine = (error: unknown): string =>
    (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 200);

/** What one subscription's query gave: a page of rows, "no content" (204), or a failure. */
type Answer =
    | { readonly kind: "rows"; readonly result: QueryResult }
    | { readonly kind: "no-content" }
    | { readonly kind: "failed"; readonly detail: string; readonly signIn: boolean };

async function querySubscription(
    deps: CostDeps,
    subscription: string,
    query: ReturnType<typeof usageQuery>,
): Promise<Answer> {
    const retries = deps.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
        let status: number | undefined;
        try {
            const result = await deps.costManagement.query.usage(
                `subscriptions/${subscription}`,
                query,
                { onResponse: (raw) => void (status = raw.status) },
            );
            return status === 204 ? { kind: "no-content" } : { kind: "rows", result };
        } catch (error) {
            // The SDK's RestError (of @azure/core-rest-pipeline, not a dependency of ours).
            const rest = error as {
                response?: { headers?: { get(name: string): string | undefined } };
            };
            const code = statusOf(error);
            const headers = rest.response?.headers ?? { get: () => undefined };
            if (code === 429 && attempt < retries) {
                const asked = waitOf(headers);
                const seconds = clampWait(asked);
                deps.out(
                    `cost: Cost Management throttled subscription ${subscription} (429): waiting ${seconds}s${seconds === asked ? " as it asks" : ` (it asks ${asked}s; waits are kept within ${MIN_WAIT_SECONDS}-${MAX_WAIT_SECONDS}s)`} (retry ${attempt + 1} of ${retries})\n`,
                );
                await deps.sleep(seconds * 1000);
                continue;
            }
            if (code === 429)
                return {
                    kind: "failed",
                    detail: `still throttled after ${retries} retries`,
                    signIn: false,
                };
            const systemCode = (error as { code?: unknown }).code;
            if (isTransient(code, systemCode) && attempt < retries) {
                // A backoff of 5 s doubling, or the Retry-After a 503 names (clamped alike).
                const retryAfter = Number(headers.get("retry-after"));
                const seconds = clampWait(
                    Number.isFinite(retryAfter) && retryAfter >= 0
                        ? retryAfter
                        : MIN_WAIT_SECONDS * 2 ** attempt,
                );
                deps.out(
                    `cost: Cost Management answered ${code ?? String(systemCode)} for subscription ${subscription}: retrying in ${seconds}s (retry ${attempt + 1} of ${retries})\n`,
                );
                await deps.sleep(seconds * 1000);
                continue;
            }
            const cause = causeOf(error, 0, false);
            // Signing in failed (Entra ID unreachable, refusing, or no sign-in at all) or ARM was
            // unreachable: no answer of Cost Management, and the next subscription would fail alike.
            // (@azure/identity reports MSAL's network_error with status 400: causeOf sees through it.)
            const stop = cause.kind !== "other" || cause.reason.startsWith("no usable sign-in");
            return {
                kind: "failed",
                detail:
                    cause.kind === "other" && cause.status !== undefined
                        ? `${cause.status}: ${firstLine(error)}`
                        : cause.reason,
                signIn: stop,
            };
        }
    }
}

/** The teams' lines of one subscription's answer. */
function linesOf(answer: Answer, teams: readonly { team: string; group: string }[]): TeamCost[] {
    const line = (
        t: { team: string; group: string },
        outcome: CostOutcome,
        actual: number | null,
        currency: string | null,
        detail: string,
    ): TeamCost => ({ team: t.team, resourceGroup: t.group, outcome, actual, currency, detail });
    if (answer.kind === "failed")
        return teams.map((t) => line(t, "failed", null, null, answer.detail));
    if (answer.kind === "no-content")
        return teams.map((t) =>
            line(
                t,
                "no-data",
                null,
                null,
                "no cost data for the subscription (Cost Management answered 204 No Content)",
            ),
        );
    if (answer.result.nextLink)
        // One page is read: summing part of the groups would understate spend without saying so.
        return teams.map((t) =>
            line(
                t,
                "failed",
                null,
                null,
                "Cost Management paged its answer (nextLink): not summed, as the next pages are not read",
            ),
        );
    let groups;
    try {
        groups = costByGroup(answer.result);
    } catch (error) {
        return teams.map((t) => line(t, "failed", null, null, firstLine(error)));
    }
    return teams.map((t) => {
        const cost = groups.get(t.group.toLowerCase());
        if (cost === undefined) return line(t, "ok", 0, null, "no cost recorded in the period");
        if (cost.currencies.length > 1)
            return line(
                t,
                "failed",
                null,
                null,
                `rows in several currencies (${cost.currencies.join(", ")}): not added`,
            );
        return line(t, "ok", cost.amount, cost.currencies[0] ?? null, "");
    });
}

/** Spend so far per chosen team, one query per subscription; the period is undefined before the event. */
export async function teamCosts(
    roster: Roster,
    options: { readonly teams: readonly string[]; readonly shard?: Shard; readonly now: Date },
    deps: Pick<CostDeps, "costManagement" | "defaultSubscriptionId" | "sleep" | "out" | "retries">,
): Promise<{ period: { from: Date; to: Date } | undefined; lines: TeamCost[] }> {
    const teams = pickTeams(roster.teams, { teams: options.teams, shard: options.shard });
    const event = roster.event;
    const period = eventPeriod(event, options.now);
    if (period === undefined) return { period, lines: [] };
    const bySubscription = new Map<string, { team: string; group: string }[]>();
    const lines: TeamCost[] = [];
    for (const team of teams) {
        const group = `rg-${event.name}-${team.name}`;
        const subscription = team.subscriptionId || deps.defaultSubscriptionId;
        if (subscription === undefined) {
            lines.push({
                team: team.name,
                resourceGroup: group,
                outcome: "failed",
                actual: null,
                currency: null,
                detail: "no subscriptionId and no AZURE_SUBSCRIPTION_ID/ARM_SUBSCRIPTION_ID",
            });
            continue;
        }
        bySubscription.set(subscription, [
            ...(bySubscription.get(subscription) ?? []),
            { team: team.name, group },
        ]);
    }
    const query = usageQuery(period);
    let signInFailure: string | undefined;
    for (const [subscription, subTeams] of bySubscription) {
        if (signInFailure !== undefined) {
            lines.push(
                ...linesOf(
                    { kind: "failed", detail: `not queried: ${signInFailure}`, signIn: true },
                    subTeams,
                ),
            );
            continue;
        }
        const answer = await querySubscription(deps, subscription, query);
        if (answer.kind === "failed" && answer.signIn) signInFailure = answer.detail;
        lines.push(...linesOf(answer, subTeams));
    }
    const order = new Map(teams.map((t, i) => [t.name, i]));
    lines.sort((a, b) => (order.get(a.team) ?? 0) - (order.get(b.team) ?? 0));
    return { period, lines };
}

const money = (n: number | null): string => (n === null ? "-" : n.toFixed(2));

function renderTable(
    lines: readonly TeamCost[],
    budget: number,
    deps: CostDeps,
    period: { from: Date; to: Date },
    now: Date,
    timeZone: string,
): string {
    const estimate = deps.estimatePerTeam;
    const header = ["team", "resource group", "actual so far", "plan estimate", "budget", "note"];
    const rows = lines.map((l) => [
        l.team,
        l.resourceGroup,
        l.actual === null ? "-" : `${money(l.actual)} ${l.currency ?? ""}`.trim(),
        estimate ? `${money(estimate.amount)} ${estimate.currency}` : "-",
        money(budget),
        l.outcome === "ok"
            ? l.actual !== null && l.actual > budget
                ? ["OVER BUDGET", l.detail].filter(Boolean).join("; ")
                : l.detail
            : l.detail,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (r: string[]): string =>
        r
            .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [
        `Spend so far, ${period.from.toISOString()} to ${period.to.toISOString()} (queried ${now.toISOString()})`,
        fmt(header),
        ...rows.map(fmt),
        ...(deps.estimateProblem ? [`plan estimate: - (${deps.estimateProblem})`] : []),
        FRESHNESS_NOTE,
        timeZoneNote(timeZone),
        "",
    ].join("\n");
}

/** Runs the cost report; returns the exit code (0 every team answered, 1 a query failed, 2 bad arguments). */
export async function spendSoFar(
    roster: Roster,
    options: CostOptions,
    deps: CostDeps,
): Promise<number> {
    let report;
    try {
        report = await teamCosts(roster, options, deps);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        deps.out(`cost: ${error.message}\n`);
        return 2;
    }
    const event = roster.event;
    const { period, lines } = report;
    if (period === undefined) {
        const reason = `the event starts on ${event.startsOn ?? event.endsOn}: nothing to query before then`;
        // --json stays JSON: the report's shape, no teams, and why (a parser gets an object).
        deps.out(
            options.json
                ? `${JSON.stringify(
                      {
                          event: event.name,
                          from: null,
                          to: null,
                          queriedAt: options.now.toISOString(),
                          reason,
                          teams: [],
                      },
                      null,
                      2,
                  )}\n`
                : `cost: ${reason}\n`,
        );
        return 0;
    }
    const budget = event.budget.amount;
    if (options.json)
        deps.out(
            `${JSON.stringify(
                {
                    event: event.name,
                    from: period.from.toISOString(),
                    to: period.to.toISOString(),
                    queriedAt: options.now.toISOString(),
                    freshness: FRESHNESS_NOTE,
                    timeZone: timeZoneNote(event.timeZone),
                    budgetPerTeam: budget,
                    estimatePerTeam: deps.estimatePerTeam ?? null,
                    ...(deps.estimateProblem ? { estimateProblem: deps.estimateProblem } : {}),
                    teams: lines,
                },
                null,
                2,
            )}\n`,
        );
    else deps.out(renderTable(lines, budget, deps, period, options.now, event.timeZone));
    return lines.some((l) => l.outcome === "failed") ? 1 : 0;
}
