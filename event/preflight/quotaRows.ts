/**
 * Which rows of Azure ML's Usages_List answer are the subscription's dedicated quotas, and under
 * which names. The answer comes in two shapes (sources in docs/azure-facts.md, "Azure ML quota
 * names"):
 * - the published example (azure-rest-api-specs, machinelearningservices Usage/list.json): family
 *   rows typed `.../vmFamily/usages`, `name.value` = the display text ("Standard Dv2 Family Cluster
 *   Dedicated vCPUs"), low-priority rows told apart only by their name ("... Cluster LowPriority
 *   vCPUs");
 * - what live subscriptions answer: `name.value` = the family id ("standardDv2Family"), the display
 *   text only in `name.localizedValue`, and the kind in the type
 *   (`.../vmFamily/dedicatedCores/usages` beside `.../vmFamily/lowPriorityCores/usages`, both with
 *   the same `name.value`); the regional total is `TotalDedicatedCores`.
 * Both shapes also list per-workspace and per-compute rows with the same names: never counted here.
 */
import type { Usage } from "@azure/arm-machinelearning";

/** Per-workspace or per-compute rows (`workspaces/usages`, `workspace/computes/usages`, ...). */
function isPerWorkspace(usage: Usage): boolean {
    const type = (usage.type ?? "").toLowerCase();
    const id = (usage.id ?? "").toLowerCase();
    return /\/workspaces?\//.test(type) || id.includes("/workspaces/");
}

/** Low-priority rows: by type in the live shape, by name in the published example. */
function isLowPriority(usage: Usage): boolean {
    const type = (usage.type ?? "").toLowerCase();
    const names = [usage.name?.value, usage.name?.localizedValue].map((n) =>
        (n ?? "").toLowerCase().replace(/[\s-]/g, ""),
    );
    return type.includes("lowprioritycores") || names.some((n) => n.includes("lowpriority"));
}

const key = (name: string): string => name.trim().toLowerCase();

/**
 * The subscription-level dedicated rows, reachable by either name (case-insensitive). A row found
 * under both of its names is one row.
 */
export function dedicatedQuotaRows(usages: readonly Usage[]): Map<string, Usage> {
    const byName = new Map<string, Usage>();
    for (const usage of usages) {
        if (isPerWorkspace(usage) || isLowPriority(usage)) continue;
        for (const name of [usage.name?.value, usage.name?.localizedValue])
            if (name !== undefined && name.trim() !== "") byName.set(key(name), usage);
    }
    return byName;
}

/** The row of a quota the plan names by display text and id, whichever form Azure used. */
export function findQuota(
    rows: ReadonlyMap<string, Usage>,
    quota: { readonly quotaName: string; readonly quotaId: string },
): Usage | undefined {
    return rows.get(key(quota.quotaId)) ?? rows.get(key(quota.quotaName));
}
