/**
 * The Cost Management query of `cost` (and `status --cost`): one `Query_Usage` per subscription
 * (POST subscriptions/{id}/providers/Microsoft.CostManagement/query, api-version 2022-10-01 of
 * @azure/arm-costmanagement), the sum of PreTaxCost with granularity None grouped by the
 * ResourceGroup dimension: the request shape of Azure/azure-rest-api-specs specification/
 * cost-management/resource-manager/Microsoft.CostManagement/stable/2022-10-01/examples/
 * SubscriptionQueryGrouping.json (and BillingAccountQueryGrouping.json), whose answer has one row
 * [PreTaxCost, ResourceGroup, Currency] per group. Our type is ActualCost over a Custom period
 * (the examples use Usage over TheLastMonth).
 *
 * Why the subscription and not each group: cost data "is historical and includes resources,
 * resource groups, and subscriptions that have been stopped, deleted, or canceled" (Microsoft
 * Learn, "Understand Cost Management data",
 * https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/cost-management-billing/costs/understand-cost-mgt-data.md), so a torn-down group still has its cost, which a
 * group scope can no longer be asked for (404); and one query costs 1 QPU of the tenant's quota
 * instead of one per team.
 */
import {
    CostManagementClient,
    type QueryDefinition,
    type QueryResult,
} from "@azure/arm-costmanagement";
import type { TokenCredential } from "@azure/identity";

/**
 * Where Cost Management names its wait after a 429, in seconds. The documented ones: the QPU header
 * (Microsoft Learn, "Manage costs with automation",
 * https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/cost-management-billing/costs/manage-automation.md,
 * "Data latency and rate limits": quotas of 12 QPU per 10 s, 60 per minute, 600 per hour per
 * tenant; a query costs 1 QPU per month of data); `x-ms-ratelimit-microsoft.consumption-retry-after`,
 * which Cost Management's own ErrorResponse names for 429 (Azure/azure-rest-api-specs
 * specification/cost-management/.../2022-10-01/costmanagement.json, ErrorResponse, as the SDK's
 * models/index.d.ts ErrorResponse repeats it); and the qpu/entity/tenant names listed by
 * Microsoft's https://github.com/microsoft/azure-skills/blob/main/skills/azure-cost/cost-query/error-handling.md. The
 * clienttype name is seen by public clients only. Retry-After is ARM's standard header. The
 * longest wait wins.
 */
export const QPU_RETRY_AFTER = "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after";
export const RETRY_AFTER_HEADERS = [
    QPU_RETRY_AFTER,
    "x-ms-ratelimit-microsoft.consumption-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
    "x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after",
    "retry-after",
];
/** Wait when a 429 names none. */
const DEFAULT_WAIT_SECONDS = 60;
/**
 * The bounds of one wait: at least 5 s (a 0 would spend the tenant's QPU at once again), at most
 * 300 s (a header asking for an hour would hold the command for hours over `retries` waits; the
 * report says the query is still throttled instead). The output says when a wait was clamped.
 */
export const MIN_WAIT_SECONDS = 5;
export const MAX_WAIT_SECONDS = 300;

/** The longest wait any of the headers asks for, in seconds, as the headers say it (unclamped). */
export function waitOf(headers: { get(name: string): string | undefined }): number {
    const waits = RETRY_AFTER_HEADERS.map((h) => Number(headers.get(h))).filter(
        (n) => Number.isFinite(n) && n >= 0,
    );
    return waits.length > 0 ? Math.max(...waits) : DEFAULT_WAIT_SECONDS;
}

/** A wait kept within MIN_WAIT_SECONDS..MAX_WAIT_SECONDS. */
export const clampWait = (seconds: number): number =>
    Math.min(MAX_WAIT_SECONDS, Math.max(MIN_WAIT_SECONDS, seconds));

/**
 * The Cost Management client the commands use. The SDK's own retry is off: @azure/core-rest-
 * pipeline's throttling strategy reads only Retry-After (and retry-after-ms, x-ms-retry-after-ms)
 * and retries a 429 up to 3 times at once when Retry-After is 0, ignoring a longer QPU wait (a
 * probe with Retry-After 0 and QPU 30 sent 16 requests for one query), and `maxRetries` caps every
 * strategy at once (ts-http-runtime retryPolicy: `retryCount >= options.maxRetries`). So the caller
 * retries both itself: a 429 after the longest header (waitOf), and what the SDK would have retried
 * (5xx but 501/505, 408, and connections reset or timed out: isTransient) after Retry-After or a
 * growing backoff; Cost Management's ErrorResponse says of 503 "Retry after waiting for the time
 * specified in the Retry-After header".
 */
export function costManagementClient(credential: TokenCredential): CostManagementClient {
    return new CostManagementClient(credential, { retryOptions: { maxRetries: 0 } });
}

/** Node's codes for a request that got no answer, as ts-http-runtime's isSystemError lists them. */
const SYSTEM_ERRORS = ["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "ECONNRESET"];

/** Whether the SDK's exponential strategy would have retried this failure (status, or system code). */
export function isTransient(status: number | undefined, code: unknown): boolean {
    if (status !== undefined)
        return (status >= 500 && status !== 501 && status !== 505) || status === 408;
    return typeof code === "string" && SYSTEM_ERRORS.includes(code);
}

const MS_PER_DAY = 86_400_000;
const utcDay = (iso: string): number => {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
};

/**
 * The event's days in UTC, startsOn (or endsOn) 00:00 to the end of endsOn, clipped to `now`.
 * UTC, not the roster's time zone: Cost Management dates usage per day (UsageDate, as its daily
 * examples show), and the SDK sends the period as UTC datetimes; the report says so.
 */
export function eventPeriod(
    event: { readonly startsOn?: string; readonly endsOn: string },
    now: Date,
): { from: Date; to: Date } | undefined {
    const from = utcDay(event.startsOn ?? event.endsOn);
    const to = Math.min(utcDay(event.endsOn) + MS_PER_DAY - 1000, now.getTime());
    return to <= from ? undefined : { from: new Date(from), to: new Date(to) };
}

/** ActualCost over the period, summed per resource group (SubscriptionQueryGrouping.json's dataset). */
export function usageQuery(period: { from: Date; to: Date }): QueryDefinition {
    return {
        type: "ActualCost",
        timeframe: "Custom",
        timePeriod: { from: period.from, to: period.to },
        dataset: {
            granularity: "None",
            aggregation: { totalCost: { name: "PreTaxCost", function: "Sum" } },
            grouping: [{ type: "Dimension", name: "ResourceGroup" }],
        },
    };
}

export interface GroupCost {
    readonly amount: number;
    /** Every currency the group's rows are in (more than one: the rows cannot be added). */
    readonly currencies: readonly string[];
}

const COST_COLUMNS = ["totalcost", "pretaxcost", "cost"];
const columnAt = (columns: QueryResult["columns"], names: readonly string[]): number =>
    (columns ?? []).findIndex((c) => names.includes((c.name ?? "").toLowerCase()));

/**
 * Cost per resource group (names lower-cased: Cost Management does not promise the case the group
 * was created with) from one page of a grouped answer.
 */
export function costByGroup(result: QueryResult): Map<string, GroupCost> {
    const columns = result.columns ?? [];
    const cost = columnAt(columns, COST_COLUMNS);
    const group = columnAt(columns, ["resourcegroup", "resourcegroupname"]);
    const currency = columnAt(columns, ["currency"]);
    if (cost < 0 || group < 0)
        throw new Error(
            `Cost Management answered without a cost and a resource group column (columns: ${columns.map((c) => c.name).join(", ") || "none"})`,
        );
    const sums = new Map<string, { amount: number; currencies: Set<string> }>();
    for (const row of result.rows ?? []) {
        const name = String(row[group]).toLowerCase();
        const entry = sums.get(name) ?? { amount: 0, currencies: new Set<string>() };
        entry.amount += Number(row[cost]);
        if (currency >= 0) entry.currencies.add(String(row[currency]));
        sums.set(name, entry);
    }
    return new Map(
        [...sums].map(([name, e]) => [
            name,
            { amount: e.amount, currencies: [...e.currencies].sort() },
        ]),
    );
}
