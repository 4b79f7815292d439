/**
 * `npm run event -- cost stacks/<event>.yaml [--team ...] [--json]`: what each team's resource group
 * has cost so far in the event's days, beside the plan's per-team estimate and the per-team budget.
 *
 * One Cost Management `Query_Usage` per team group (POST {scope}/providers/Microsoft.CostManagement/
 * query, api-version 2022-10-01 of @azure/arm-costmanagement; request shape from Azure/
 * azure-rest-api-specs specification/cost-management/.../stable/2022-10-01/examples/
 * ResourceGroupQuery.json): type ActualCost, timeframe Custom over startsOn..endsOn clipped to `now`,
 * granularity None, the sum of PreTaxCost. Cost Management lags actual usage, so the report says so
 * instead of presenting the figure as current (FRESHNESS_NOTE, with its sources).
 *
 * Throttling, per Microsoft Learn "Manage costs with automation", section "Data latency and rate
 * limits" (https://learn.microsoft.com/azure/cost-management-billing/costs/manage-automation):
 * besides ARM's own limits, the Query API charges query processing units (one QPU per month of data
 * queried; quotas per tenant: 12 QPU per 10 s, 60 per minute, 600 per hour) and, "when a request is
 * throttled with 429, back off for the time specified in" `x-ms-ratelimit-microsoft.costmanagement-
 * qpu-retry-after` (seconds). The SDK pipeline's retry policy does not read that header (it reads
 * Retry-After, retry-after-ms, x-ms-retry-after-ms), so this module waits as it asks.
 * The docs also advise querying at most once a day (data is refreshed every four hours).
 * A 404 means the group is gone (torn down, or never created): "no data", not a failure.
 */
import type { CostManagementClient, QueryDefinition } from "@azure/arm-costmanagement";
import type { Roster } from "../roster";
import { pickTeams, UsageError, type Shard } from "../select";

export interface CostOptions {
    /** Team names; empty for every team of the roster. */
    readonly teams: readonly string[];
    /** `status --shard i/n --cost`: only that shard's teams. */
    readonly shard?: Shard;
    readonly json: boolean;
    readonly now: Date;
}

export interface CostDeps {
    /** The Cost Management client (event/cloud/clients.ts's credential in the CLI). */
    readonly costManagement: CostManagementClient;
    /** The subscription of teams that name none (AZURE_SUBSCRIPTION_ID / ARM_SUBSCRIPTION_ID). */
    readonly defaultSubscriptionId?: string;
    /** The offline plan's estimate for one team over the whole event, if it could be computed. */
    readonly estimatePerTeam?: { readonly amount: number; readonly currency: string };
    readonly sleep: (ms: number) => Promise<void>;
    readonly out: (text: string) => void;
    /** Waits after a 429 before giving up on a team; defaults to 3. */
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
 * Headers a 429 may name its wait in, seconds; the longest wins.
 * - `...costmanagement-qpu-retry-after`: the one Microsoft documents for the Query API ("Manage
 *   costs with automation", "Response headers").
 * - `retry-after`: ARM's throttling header (Microsoft Learn, "Understand how Azure Resource Manager
 *   throttles requests"), for ARM's own limits in front of the Query API.
 * - `...costmanagement-entity-/tenant-/clienttype-retry-after`: NOT in Microsoft's docs; other
 *   clients of the Query API read them because live 429s carry them (public third-party code, not
 *   verified here). Reading them costs nothing, and waiting less than a 429 asks is throttled again.
 */
export const RETRY_AFTER_HEADERS = [
    "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
    "retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after",
];
/** Wait when a 429 names none. */
const DEFAULT_WAIT_SECONDS = 60;
/**
 * Microsoft Learn, "Understand Cost Management data", section "Cost and usage data updates and
 * retention" (https://learn.microsoft.com/azure/cost-management-billing/costs/understand-cost-mgt-data):
 * "For EA and MCA subscriptions, cost and usage data is typically available in Cost Management
 * within 8-24 hours. For pay-as-you-go subscriptions, it could take up to 72 hours", and estimated
 * charges of the open billing period change until the invoice. "Manage costs with automation":
 * data "is refreshed every four hours".
 */
export const FRESHNESS_NOTE =
    "Cost Management lags actual usage: typically 8-24 hours for EA and MCA subscriptions, up to 72 hours for pay-as-you-go (refreshed every four hours); recent use is missing and the open month's figures are estimates.";

/** The longest wait any Cost Management header asks for, in seconds. */
export function waitOf(headers: { get(name: string): string | undefined }): number {
    const waits = RETRY_AFTER_HEADERS.map((h) => Number(headers.get(h))).filter(
        (n) => Number.isFinite(n) && n >= 0,
    );
    return waits.length > 0 ? Math.max(...waits) : DEFAULT_WAIT_SECONDS;
}

const MS_PER_DAY = 86_400_000;
const utcDay = (iso: string): number => {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
};

/** The event's days, startsOn (or endsOn) 00:00 UTC to the end of endsOn, clipped to `now`. */
export function eventPeriod(
    event: { readonly startsOn?: string; readonly endsOn: string },
    now: Date,
): { from: Date; to: Date } | undefined {
    const from = utcDay(event.startsOn ?? event.endsOn);
    const to = Math.min(utcDay(event.endsOn) + MS_PER_DAY - 1000, now.getTime());
    return to <= from ? undefined : { from: new Date(from), to: new Date(to) };
}

export function usageQuery(period: { from: Date; to: Date }): QueryDefinition {
    return {
        type: "ActualCost",
        timeframe: "Custom",
        timePeriod: { from: period.from, to: period.to },
        dataset: {
            granularity: "None",
            aggregation: { totalCost: { name: "PreTaxCost", function: "Sum" } },
        },
    };
}

const COST_COLUMNS = ["totalcost", "pretaxcost", "cost"];
const message = (error: unknown): string =>
    (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 200);

/** Sums the cost column of a query answer; rows are [cost, ..., currency] in the order of `columns`. */
export function sumCost(
    columns: readonly { name?: string }[],
    rows: readonly unknown[][],
): { amount: number; currency: string | null } {
    const at = columns.findIndex((c) => COST_COLUMNS.includes((c.name ?? "").toLowerCase()));
    if (at < 0)
        throw new Error(
            `Cost Management answered without a cost column (columns: ${columns.map((c) => c.name).join(", ")})`,
        );
    const cur = columns.findIndex((c) => (c.name ?? "").toLowerCase() === "currency");
    let amount = 0;
    for (const row of rows) amount += Number(row[at]);
    const currency = cur >= 0 && rows.length > 0 ? String(rows[0][cur]) : null;
    return { amount, currency };
}

async function queryTeam(
    deps: CostDeps,
    team: string,
    scope: string,
    group: string,
    query: QueryDefinition,
): Promise<TeamCost> {
    const retries = deps.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
        try {
            const result = await deps.costManagement.query.usage(scope, query);
            const { amount, currency } = sumCost(result.columns ?? [], result.rows ?? []);
            return {
                team,
                resourceGroup: group,
                outcome: "ok",
                actual: amount,
                currency,
                detail: "",
            };
        } catch (error) {
            // The SDK's RestError (of @azure/core-rest-pipeline, not a dependency of ours): its
            // statusCode and the response's headers.
            const rest = error as {
                statusCode?: number;
                response?: { headers?: { get(name: string): string | undefined } };
            };
            const status = rest.statusCode;
            if (status === 404)
                return {
                    team,
                    resourceGroup: group,
                    outcome: "no-data",
                    actual: null,
                    currency: null,
                    detail: "no data: the resource group does not exist (torn down or never created)",
                };
            if (status === 429 && attempt < retries) {
                const seconds = waitOf(rest.response?.headers ?? { get: () => undefined });
                deps.out(
                    `cost: Cost Management throttled ${group} (429): waiting ${seconds}s as it asks (retry ${attempt + 1} of ${retries})\n`,
                );
                await deps.sleep(seconds * 1000);
                continue;
            }
            return {
                team,
                resourceGroup: group,
                outcome: "failed",
                actual: null,
                currency: null,
                detail:
                    status === 429 ? `still throttled after ${retries} retries` : message(error),
            };
        }
    }
}

const money = (n: number | null): string => (n === null ? "-" : n.toFixed(2));

function renderTable(
    lines: readonly TeamCost[],
    budget: number,
    estimate: CostDeps["estimatePerTeam"],
    period: { from: Date; to: Date },
    now: Date,
): string {
    const header = ["team", "resource group", "actual so far", "plan estimate", "budget", "note"];
    const rows = lines.map((l) => [
        l.team,
        l.resourceGroup,
        l.actual === null ? "-" : `${money(l.actual)} ${l.currency ?? ""}`.trim(),
        estimate ? `${money(estimate.amount)} ${estimate.currency}` : "-",
        money(budget),
        l.outcome === "ok"
            ? l.actual !== null && l.actual > budget
                ? "OVER BUDGET"
                : ""
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
        FRESHNESS_NOTE,
        "",
    ].join("\n");
}

/** Runs the cost report; returns the exit code (0 every team answered, 1 a query failed, 2 bad arguments). */
export async function spendSoFar(
    roster: Roster,
    options: CostOptions,
    deps: CostDeps,
): Promise<number> {
    let teams;
    try {
        teams = pickTeams(roster.teams, { teams: options.teams, shard: options.shard });
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        deps.out(`cost: ${error.message}\n`);
        return 2;
    }
    const event = roster.event;
    const period = eventPeriod(event, options.now);
    if (period === undefined) {
        deps.out(
            `cost: the event starts on ${event.startsOn ?? event.endsOn}: nothing to query before then\n`,
        );
        return 0;
    }
    const query = usageQuery(period);
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
        const scope = `subscriptions/${subscription}/resourceGroups/${group}`;
        lines.push(await queryTeam(deps, team.name, scope, group, query));
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
                    budgetPerTeam: budget,
                    estimatePerTeam: deps.estimatePerTeam ?? null,
                    teams: lines,
                },
                null,
                2,
            )}\n`,
        );
    else deps.out(renderTable(lines, budget, deps.estimatePerTeam, period, options.now));
    return lines.some((l) => l.outcome === "failed") ? 1 : 0;
}
