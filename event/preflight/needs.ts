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
        subscriptions: ids.map((id) => ({
            id,
            teams: teams.filter((t) => t.subscriptionId === id).map((t) => t.name),
            regions: [
                ...new Set(
                    report.quota.rows.filter((r) => r.subscription === id).map((r) => r.region),
                ),
            ],
            quota: report.quota.rows.filter((r) => r.subscription === id),
            regional: report.quota.regional.filter((r) => r.subscription === id),
        })),
    };
}
