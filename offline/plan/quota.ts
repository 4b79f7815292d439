/**
 * Azure ML vCPU quota an event needs, per subscription, region and VM family: every compute
 * instance running, every cluster at its max nodes, and the endpoint deployments each team may make
 * (one per name in `endpoint.deploymentNames`, by default the materials' `blue` of challenge 3,
 * docs/hack-contract.md), each at `endpoint.maxInstances`. Each of these is the most
 * the team's fair-share policy lets it create (components/fairShare.ts), so the sums are upper bounds.
 * Quota is per subscription, so teams with their own subscription are counted apart.
 */
import type { EventConfig } from "../../stacks/schema";
import type { Problem, TeamFootprint } from "./model";
import {
    AML_REGIONAL_QUOTA,
    AML_REGIONAL_QUOTA_ID,
    amlFamilyId,
    amlQuotaName,
    vmSize,
} from "./vmSizes";

/**
 * Azure ML reserves 20% more instances for managed online deployments (OS upgrades, VM recovery):
 * a deployment needs quota for ceil(1.2 * instances) * vCPUs of its SKU. Source:
 * https://learn.microsoft.com/azure/machine-learning/how-to-deploy-online-endpoints#virtual-machine-quota-allocation-for-deployment
 * (a few SKUs are exempt; the plan does not assume an exemption).
 */
export const ENDPOINT_HEADROOM = 1.2;

/**
 * The coach guide's per-team minimum of free quota, for comparison (docs/hack-contract.md, "The
 * organizers' pre-event checklist"): Dv2 >= 2 and DSv2 >= 1 free vCPUs per team.
 */
export const COACH_MINIMUM_PER_TEAM: Readonly<Record<string, number>> = {
    "Standard Dv2 Family": 2,
    "Standard DSv2 Family": 1,
};

export type DemandRole = "instance" | "cluster" | "endpoint";

/** VMs of one size one team may run at once, and the config field that chose the size. */
export interface ComputeDemand {
    readonly team: string;
    readonly subscription: string;
    readonly region: string;
    readonly role: DemandRole;
    readonly vmSize: string;
    /** Instances: 1 each; cluster: max nodes; endpoint: deployment instances. */
    readonly vms: number;
    readonly field: string;
}

/** A team's demands: from the computes it registered, plus the endpoint deployment it will make. */
export function demandsOf(
    footprint: TeamFootprint,
    event: EventConfig,
    eventRoot: string,
): ComputeDemand[] {
    const base = {
        team: footprint.team,
        subscription: footprint.subscription,
        region: footprint.location,
    };
    const demands: ComputeDemand[] = footprint.computes.map((c) => ({
        ...base,
        role: c.role,
        vmSize: c.vmSize,
        vms: c.nodes,
        field: `${eventRoot}.compute.${c.role === "instance" ? "instanceVmSize" : "clusterVmSize"}`,
    }));
    // The fair-share policy allows the stack's endpoint only, and in it only the deployments named
    // in `endpoint.deploymentNames` (components/fairShareRule.ts): one deployment per name.
    for (let i = 0; i < footprint.endpoints * event.endpoint.deploymentNames.length; i++) {
        demands.push({
            ...base,
            role: "endpoint",
            vmSize: event.endpoint.instanceType,
            // The fair-share policy refuses more (components/fairShare.ts): the guarded maximum.
            vms: event.endpoint.maxInstances,
            field: `${eventRoot}.endpoint.instanceType`,
        });
    }
    return demands;
}

/** vCPUs of quota a demand takes, or undefined for a size the table does not know. */
export function demandVcpus(
    demand: Pick<ComputeDemand, "role" | "vmSize" | "vms">,
): number | undefined {
    const size = vmSize(demand.vmSize);
    if (size === undefined) return undefined;
    const vms = demand.role === "endpoint" ? Math.ceil(ENDPOINT_HEADROOM * demand.vms) : demand.vms;
    return vms * size.vcpus;
}

export interface QuotaRow {
    /** "" = the azure-native provider's default subscription. */
    readonly subscription: string;
    readonly region: string;
    readonly family: string;
    /** The Azure ML quota the total is to be compared with (display text). */
    readonly quotaName: string;
    /** The same quota's family id ("standardDv2Family"): live usage rows carry this form. */
    readonly quotaId: string;
    readonly instances: number;
    readonly clusters: number;
    /** Endpoint deployments, headroom included. */
    readonly endpoints: number;
    readonly total: number;
    /** Teams in this subscription and region. */
    readonly teams: number;
    /** The coach guide's minimum for this many teams (0 for families it does not mention). */
    readonly coachMinimum: number;
}

export interface RegionalQuotaRow {
    readonly subscription: string;
    readonly region: string;
    readonly quotaName: string;
    /** "TotalDedicatedCores", the id live usage rows carry. */
    readonly quotaId: string;
    readonly total: number;
}

export interface QuotaSummary {
    readonly rows: readonly QuotaRow[];
    readonly regional: readonly RegionalQuotaRow[];
    readonly problems: readonly Problem[];
}

const groupKey = (subscription: string, region: string): string => `${subscription}\u0000${region}`;

/**
 * Sums demands per subscription, region and family. `teams` lists every planned team's
 * subscription and region, so the coach guide's minimums appear even for a family no config uses.
 */
export function summarizeQuota(
    demands: readonly ComputeDemand[],
    teams: readonly { subscription: string; region: string }[],
): QuotaSummary {
    const problems: Problem[] = [];
    const unknown = new Set<string>();
    const teamCounts = new Map<string, number>();
    for (const t of teams)
        teamCounts.set(
            groupKey(t.subscription, t.region),
            (teamCounts.get(groupKey(t.subscription, t.region)) ?? 0) + 1,
        );

    type Mutable = { -readonly [K in keyof QuotaRow]: QuotaRow[K] };
    const rows = new Map<string, Mutable>();
    const row = (subscription: string, region: string, family: string): Mutable => {
        const k = `${groupKey(subscription, region)}\u0000${family}`;
        let r = rows.get(k);
        if (r === undefined) {
            const n = teamCounts.get(groupKey(subscription, region)) ?? 0;
            r = {
                subscription,
                region,
                family,
                quotaName: amlQuotaName(family),
                quotaId: amlFamilyId(family),
                instances: 0,
                clusters: 0,
                endpoints: 0,
                total: 0,
                teams: n,
                coachMinimum: (COACH_MINIMUM_PER_TEAM[family] ?? 0) * n,
            };
            rows.set(k, r);
        }
        return r;
    };

    for (const t of teamCounts.keys()) {
        const [subscription, region] = t.split("\u0000");
        for (const family of Object.keys(COACH_MINIMUM_PER_TEAM)) row(subscription, region, family);
    }
    for (const demand of demands) {
        const vcpus = demandVcpus(demand);
        const size = vmSize(demand.vmSize);
        if (vcpus === undefined || size === undefined) {
            const k = `${demand.field}\u0000${demand.vmSize}`;
            if (!unknown.has(k)) {
                unknown.add(k);
                problems.push({
                    severity: "error",
                    code: "vm-size",
                    path: demand.field,
                    message: `${demand.field}: ${JSON.stringify(demand.vmSize)} is not in the plan's VM size table (offline/plan/vmSizes.ts), so its vCPUs and quota family are unknown; add it with its source, or choose a listed size`,
                });
            }
            continue;
        }
        const r = row(demand.subscription, demand.region, size.family);
        if (demand.role === "instance") r.instances += vcpus;
        else if (demand.role === "cluster") r.clusters += vcpus;
        else r.endpoints += vcpus;
        r.total += vcpus;
    }

    const sorted = [...rows.values()].sort(
        (a, b) =>
            a.subscription.localeCompare(b.subscription) ||
            a.region.localeCompare(b.region) ||
            a.family.localeCompare(b.family),
    );
    const regional = new Map<string, RegionalQuotaRow>();
    for (const r of sorted) {
        const k = groupKey(r.subscription, r.region);
        const previous = regional.get(k);
        regional.set(k, {
            subscription: r.subscription,
            region: r.region,
            quotaName: AML_REGIONAL_QUOTA,
            quotaId: AML_REGIONAL_QUOTA_ID,
            total: (previous?.total ?? 0) + r.total,
        });
    }
    return { rows: sorted, regional: [...regional.values()], problems };
}

export interface TeamDraw {
    readonly team: string;
    readonly byFamily: readonly { family: string; vcpus: number }[];
    readonly total: number;
}

/**
 * The most vCPUs one team can hold at once: its demands are the maxima its fair-share policy lets
 * it create (components/fairShare.ts), so no team can draw more than this. The team with the most;
 * undefined when no demand has a known size.
 */
export function worstCaseDraw(demands: readonly ComputeDemand[]): TeamDraw | undefined {
    const byTeam = new Map<string, Map<string, number>>();
    for (const demand of demands) {
        const vcpus = demandVcpus(demand);
        const size = vmSize(demand.vmSize);
        if (vcpus === undefined || size === undefined) continue;
        const families = byTeam.get(demand.team) ?? new Map<string, number>();
        families.set(size.family, (families.get(size.family) ?? 0) + vcpus);
        byTeam.set(demand.team, families);
    }
    const draws: TeamDraw[] = [...byTeam.entries()].map(([team, families]) => {
        const byFamily = [...families.entries()]
            .map(([family, vcpus]) => ({ family, vcpus }))
            .sort((a, b) => a.family.localeCompare(b.family));
        return { team, byFamily, total: byFamily.reduce((n, f) => n + f.vcpus, 0) };
    });
    draws.sort((a, b) => b.total - a.total || a.team.localeCompare(b.team));
    return draws[0];
}
