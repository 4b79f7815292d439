/**
 * An hourly and whole-event cost ESTIMATE for one event, from the compute and fixed-cost resources
 * its team programs registered and a dated price table. Every assumption is a named parameter and
 * is printed with the result: the number is only as good as they are.
 */
import type { EventConfig } from "../../stacks/schema";
import type { Problem, TeamFootprint } from "./model";
import { FIXED_SKUS, findPrice, type PriceEntry, type PriceTable } from "./prices";
import type { ComputeDemand, DemandRole } from "./quota";
import { vmSize } from "./vmSizes";

/** Hours in Azure's billing month (730): monthly prices are prorated by days / (730 / 24). */
export const HOURS_PER_MONTH = 730;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface CostAssumptions {
    /** Days the environment exists and is used. */
    readonly days: number;
    /** Where `days` comes from, for the printed assumptions. */
    readonly daysBasis: string;
    /** Local time compute instances are assumed started each event day (they stop at event.compute.dailyStopTime). */
    readonly dayStart: string;
    /** Node-hours each team's cluster runs per day (training jobs, pipelines). */
    readonly clusterNodeHoursPerTeamPerDay: number;
    /** Hours each team's endpoint deployment runs over the whole event. */
    readonly endpointHoursPerTeam: number;
    /** Data kept in each team storage account (datasets, snapshots, models, logs). */
    readonly storageGbPerAccount: number;
    /** Logs ingested per Log Analytics workspace per day. */
    readonly logGbPerWorkspacePerDay: number;
}

export const DEFAULT_DAY_START = "09:00";
export const DEFAULT_CLUSTER_NODE_HOURS = 2;
export const DEFAULT_STORAGE_GB = 10;
export const DEFAULT_LOG_GB_PER_DAY = 0.1;

const MS_PER_DAY = 86_400_000;

/**
 * Event days still to come, both ends included: from the later of the plan's today and `startsOn`
 * (when the event config gives it) to `endsOn`; 0 when the event has ended.
 */
export function daysUntilEnd(now: Date, endsOn: string, startsOn?: string): number {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const utc = (iso: string): number => {
        const [y, m, d] = iso.split("-").map(Number);
        return Date.UTC(y, m - 1, d);
    };
    const from = startsOn !== undefined ? Math.max(today, utc(startsOn)) : today;
    return Math.max(0, Math.round((utc(endsOn) - from) / MS_PER_DAY) + 1);
}

/**
 * The endpoint deployment is made in challenge 3, assumed reached by the end of the first day,
 * and then runs around the clock until teardown: 24 h for every day after the first (at least one).
 */
export const endpointHoursFor = (days: number): number =>
    days <= 0 ? 0 : 24 * Math.max(1, days - 1);

export interface AssumptionOverrides {
    readonly days?: number;
    readonly clusterNodeHoursPerTeamPerDay?: number;
}

export function defaultAssumptions(
    event: EventConfig,
    now: Date,
    overrides: AssumptionOverrides = {},
): CostAssumptions {
    const days = overrides.days ?? daysUntilEnd(now, event.endsOn, event.startsOn);
    const from =
        event.startsOn !== undefined && event.startsOn > now.toISOString().slice(0, 10)
            ? `startsOn ${event.startsOn}`
            : `the plan date ${now.toISOString().slice(0, 10)}`;
    return {
        days,
        daysBasis:
            overrides.days !== undefined
                ? "as given with --days"
                : days === 0
                  ? `the event ended on ${event.endsOn}, before the plan date ${now.toISOString().slice(0, 10)}: pass --days N for an estimate`
                  : `from ${from} to endsOn ${event.endsOn}, both included (${event.startsOn === undefined ? "set event.startsOn or pass --days N for the event's real length" : "--days N overrides"})`,
        dayStart: DEFAULT_DAY_START,
        clusterNodeHoursPerTeamPerDay:
            overrides.clusterNodeHoursPerTeamPerDay ?? DEFAULT_CLUSTER_NODE_HOURS,
        endpointHoursPerTeam: endpointHoursFor(days),
        storageGbPerAccount: DEFAULT_STORAGE_GB,
        logGbPerWorkspacePerDay: DEFAULT_LOG_GB_PER_DAY,
    };
}

const minutesOf = (hhmm: string): number => {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
};

/** Hours from `start` to `stop` on one day (wrapping past midnight; equal times = 24 h). */
export function hoursBetween(start: string, stop: string): number {
    const minutes = (minutesOf(stop) - minutesOf(start) + 1440) % 1440;
    return (minutes === 0 ? 1440 : minutes) / 60;
}

export interface CostLine {
    readonly item: string;
    readonly sku: string;
    readonly region: string;
    /** Billed quantity over the event, in `unit`s. */
    readonly quantity: number;
    readonly unit: string;
    readonly unitPrice: number;
    readonly cost: number;
    /** Cost per hour while everything this line covers runs at once. */
    readonly hourly: number;
    readonly asOf: string;
    readonly source: string;
    /** The stored capture the price was read from, if not `source` itself. */
    readonly readFrom: string | null;
    /** The price table's caveat for this price, if any. */
    readonly note: string | null;
}

export interface EventCost {
    readonly event: string;
    readonly teams: number;
    readonly currency: string;
    readonly assumptions: CostAssumptions;
    /** Hours a compute instance runs per event day (dayStart to dailyStopTime). */
    readonly instanceHoursPerDay: number;
    readonly lines: readonly CostLine[];
    readonly total: number;
    /** Cost per hour with every instance running, every cluster at max nodes and every endpoint deployed. */
    readonly hourly: number;
    readonly perTeam: number;
    readonly problems: readonly Problem[];
}

const ROLE_ITEM: Readonly<Record<DemandRole, string>> = {
    instance: "compute instances",
    cluster: "compute cluster nodes",
    endpoint: "endpoint deployments",
};

/** Estimates one event's cost; `footprints` and `demands` are that event's teams only. */
export function estimateEventCost(
    event: EventConfig,
    footprints: readonly TeamFootprint[],
    demands: readonly ComputeDemand[],
    prices: PriceTable,
    assumptions: CostAssumptions,
): EventCost {
    const problems: Problem[] = [];
    const missing = new Set<string>();
    // `field`: the config field that chose a VM size. Such a size is an error when unpriced: the
    // fair-share guarantee and the budget comparison would otherwise silently leave it out.
    const priceOf = (sku: string, region: string, field?: string): PriceEntry | undefined => {
        const entry = findPrice(prices, sku, region);
        // A VM size the size table does not know is already an error (quota); say it once.
        if (
            entry === undefined &&
            !missing.has(`${sku}@${region}`) &&
            (vmSize(sku) !== undefined || sku.includes("/"))
        ) {
            missing.add(`${sku}@${region}`);
            problems.push(
                field === undefined
                    ? {
                          severity: "warning",
                          code: "price-missing",
                          message: `no ${prices.currency} price for ${sku} in ${region}: left out of the cost estimate (add it with --prices <file.json>)`,
                      }
                    : {
                          severity: "error",
                          code: "price-missing",
                          path: field,
                          message: `${field}: the plan has no ${prices.currency} price for ${sku} in ${region}; choose a priced size or add it with --prices <file.json>`,
                      },
            );
        }
        return entry;
    };

    const instanceHoursPerDay = hoursBetween(assumptions.dayStart, event.compute.dailyStopTime);
    const lines = new Map<string, { -readonly [K in keyof CostLine]: CostLine[K] }>();
    const add = (item: string, entry: PriceEntry, quantity: number, hourly: number): void => {
        const k = `${item}\u0000${entry.sku}\u0000${entry.region}`;
        const line = lines.get(k) ?? {
            item,
            sku: entry.sku,
            region: entry.region,
            quantity: 0,
            unit: entry.unit,
            unitPrice: entry.price,
            cost: 0,
            hourly: 0,
            asOf: entry.asOf,
            source: entry.source,
            readFrom: entry.readFrom ?? null,
            note: entry.note ?? null,
        };
        line.quantity += quantity;
        line.cost += quantity * entry.price;
        line.hourly += hourly;
        lines.set(k, line);
    };

    for (const demand of demands) {
        const entry = priceOf(demand.vmSize, demand.region, demand.field);
        if (entry === undefined) continue;
        const hours =
            demand.role === "instance"
                ? instanceHoursPerDay * assumptions.days * demand.vms
                : demand.role === "cluster"
                  ? assumptions.clusterNodeHoursPerTeamPerDay * assumptions.days
                  : assumptions.endpointHoursPerTeam * demand.vms;
        add(ROLE_ITEM[demand.role], entry, hours, entry.price * demand.vms);
    }

    for (const footprint of footprints) {
        const region = footprint.location;
        for (const registry of footprint.registries) {
            const entry = priceOf(
                registry.sku === "Basic"
                    ? FIXED_SKUS.containerRegistry.sku
                    : `ContainerRegistry/${registry.sku}`,
                region,
            );
            if (entry !== undefined)
                add("container registry", entry, assumptions.days, entry.price / 24);
        }
        const storage =
            footprint.storageAccounts > 0 ? priceOf(FIXED_SKUS.storage.sku, region) : undefined;
        if (storage !== undefined) {
            const gb = footprint.storageAccounts * assumptions.storageGbPerAccount;
            add(
                "storage (prorated)",
                storage,
                (gb * assumptions.days) / DAYS_PER_MONTH,
                (gb * storage.price) / HOURS_PER_MONTH,
            );
        }
        const logs =
            footprint.logAnalyticsWorkspaces > 0
                ? priceOf(FIXED_SKUS.logAnalytics.sku, region)
                : undefined;
        if (logs !== undefined) {
            const gbPerDay = footprint.logAnalyticsWorkspaces * assumptions.logGbPerWorkspacePerDay;
            add("log ingestion", logs, gbPerDay * assumptions.days, (gbPerDay * logs.price) / 24);
        }
    }

    const sorted = [...lines.values()].sort(
        (a, b) => b.cost - a.cost || a.item.localeCompare(b.item),
    );
    const total = sorted.reduce((sum, l) => sum + l.cost, 0);
    const hourly = sorted.reduce((sum, l) => sum + l.hourly, 0);
    return {
        event: event.name,
        teams: footprints.length,
        currency: prices.currency,
        assumptions,
        instanceHoursPerDay,
        lines: sorted,
        total,
        hourly,
        perTeam: footprints.length === 0 ? 0 : total / footprints.length,
        problems,
    };
}

/** The assumptions in words, as the report prints them. */
export function describeAssumptions(
    cost: Pick<EventCost, "assumptions" | "instanceHoursPerDay">,
    event: EventConfig,
): string[] {
    const a = cost.assumptions;
    return [
        `${a.days} day(s): ${a.daysBasis}.`,
        `Compute instances run ${cost.instanceHoursPerDay} h on each day: started ${a.dayStart}, stopped by their schedule at ${event.compute.dailyStopTime} (${event.timeZone}); idle shutdown may stop them earlier.`,
        `Each team's cluster runs ${a.clusterNodeHoursPerTeamPerDay} node-hour(s) a day (override with --cluster-hours N); it scales to 0 nodes when idle.`,
        `Each team's endpoint deployment (${event.endpoint.instanceType}) runs around the clock from challenge 3, assumed reached by the end of day 1: ${a.endpointHoursPerTeam} h. The quota headroom Azure ML reserves is not billed.`,
        `Fixed costs prorated to ${a.days} day(s): container registry Basic per day, ${a.storageGbPerAccount} GB per storage account (${DAYS_PER_MONTH.toFixed(2)}-day month), ${a.logGbPerWorkspacePerDay} GB of logs per workspace per day (Log Analytics' monthly free allowance not deducted). Key vault operations and the workspace itself are not charged.`,
    ];
}
