/**
 * What the event asks of the subscription, tenant and GitHub owner, derived from the offline plan
 * (the same simulation of the real team program `npm run plan` runs), never from a hand list: the
 * resource providers are the namespaces of the resource types the program registers, and the quota
 * rows are the plan's own (offline/plan/quota.ts).
 */
import type { PlanReport } from "../../offline/plan/plan";
import type { QuotaRow, RegionalQuotaRow } from "../../offline/plan/quota";
import type { PlanSource } from "../../offline/plan/sources";
import type { EventConfig, TeamConfig } from "../../stacks/schema";

/**
 * Challenge 6 (event-driven retraining) has the teams create Event Grid subscriptions, Logic Apps
 * and Functions themselves: the program does not register them, the teams need them registered.
 */
export const CHALLENGE_NAMESPACES = ["Microsoft.EventGrid", "Microsoft.Logic", "Microsoft.Web"];

export interface SubscriptionNeeds {
    /** "" = the azure-native provider's default subscription. */
    readonly id: string;
    readonly teams: readonly string[];
    readonly regions: readonly string[];
    readonly quota: readonly QuotaRow[];
    readonly regional: readonly RegionalQuotaRow[];
    /** Every configured VM size, with the Azure ML compute type that must offer it in the region. */
    readonly sizes: readonly SizeNeed[];
}

/** `MIR` is managed inference (online deployments), as `virtualMachineSizes.list` names it. */
export type AmlComputeType = "ComputeInstance" | "AmlCompute" | "MIR";

export interface SizeNeed {
    readonly region: string;
    readonly vmSize: string;
    readonly computeType: AmlComputeType;
    /** The config field that chose the size. */
    readonly field: string;
}

/** The sizes the event configures, per region its teams deploy to. */
export function sizeNeedsOf(event: EventConfig, regions: readonly string[]): SizeNeed[] {
    const sizes: Omit<SizeNeed, "region">[] = [
        ...(event.compute.instancePerMember
            ? [
                  {
                      vmSize: event.compute.instanceVmSize,
                      computeType: "ComputeInstance" as const,
                      field: "event.compute.instanceVmSize",
                  },
              ]
            : []),
        {
            vmSize: event.compute.clusterVmSize,
            computeType: "AmlCompute",
            field: "event.compute.clusterVmSize",
        },
        {
            vmSize: event.endpoint.instanceType,
            computeType: "MIR",
            field: "event.endpoint.instanceType",
        },
    ];
    return regions.flatMap((region) => sizes.map((s) => ({ ...s, region })));
}

export interface PreflightNeeds {
    readonly file: string;
    readonly event: EventConfig;
    readonly teams: readonly TeamConfig[];
    /** Resource provider namespaces, program's first (sorted), then challenge 6's. */
    readonly namespaces: readonly string[];
    readonly subscriptions: readonly SubscriptionNeeds[];
}

/**
 * azure-native modules whose ARM namespace is not simply `Microsoft.<module>`, or whose spelling
 * needs capitals (ARM compares namespaces case-insensitively; people read them capitalized).
 */
const MODULE_NAMESPACES: Readonly<Record<string, string>> = {
    applicationinsights: "Microsoft.Insights",
    authorization: "Microsoft.Authorization",
    consumption: "Microsoft.Consumption",
    containerregistry: "Microsoft.ContainerRegistry",
    insights: "Microsoft.Insights",
    keyvault: "Microsoft.KeyVault",
    machinelearningservices: "Microsoft.MachineLearningServices",
    operationalinsights: "Microsoft.OperationalInsights",
    resources: "Microsoft.Resources",
    storage: "Microsoft.Storage",
};

/** `azure-native:machinelearningservices:Workspace` -> `Microsoft.MachineLearningServices`. */
export function namespaceOfType(type: string): string | undefined {
    const match = /^azure-native:([a-z0-9]+):/i.exec(type);
    if (match === null) return undefined;
    return MODULE_NAMESPACES[match[1].toLowerCase()] ?? `Microsoft.${match[1]}`;
}

/** Namespaces of the registered types (ARM treats namespaces case-insensitively) plus challenge 6's. */
export function namespacesOf(types: readonly string[]): string[] {
    const seen = new Map<string, string>();
    for (const type of types) {
        const ns = namespaceOfType(type);
        if (ns !== undefined && !seen.has(ns.toLowerCase())) seen.set(ns.toLowerCase(), ns);
    }
    const program = [...seen.values()].sort((a, b) => a.localeCompare(b));
    const extra = CHALLENGE_NAMESPACES.filter((ns) => !seen.has(ns.toLowerCase()));
    return [...program, ...extra];
}

/** Needs from a valid plan source and its plan report. */
export function needsOf(source: PlanSource, report: PlanReport): PreflightNeeds {
    if (source.event === undefined) throw new Error(`${source.file}: the event config is invalid`);
    const teams = source.teams.map((t) => t.config);
    const ids = [...new Set(teams.map((t) => t.subscriptionId))].sort();
    return {
        file: source.file,
        event: source.event,
        teams,
        namespaces: namespacesOf(report.totals.byType.map((t) => t.type)),
        subscriptions: ids.map((id) => {
            const regions = [
                ...new Set(
                    report.quota.rows.filter((r) => r.subscription === id).map((r) => r.region),
                ),
            ];
            return {
                id,
                teams: teams.filter((t) => t.subscriptionId === id).map((t) => t.name),
                regions,
                quota: report.quota.rows.filter((r) => r.subscription === id),
                regional: report.quota.regional.filter((r) => r.subscription === id),
                sizes: sizeNeedsOf(source.event!, regions),
            };
        }),
    };
}
