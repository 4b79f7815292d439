/**
 * The data the offline plan passes around. Everything here is plain JSON (no Dates, no classes),
 * because team footprints cross a process or thread boundary and the report is printed as JSON.
 */
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import type { TeamTiming } from "./timing";

export const OFFLINE_NOTICE =
    "OFFLINE PLAN — simulated with Pulumi mocks; nothing was sent to Azure, Entra ID or GitHub";

/** One team program to simulate. */
export interface PlanJob {
    /** Index of the source (stack file or roster) and of the team within it. */
    readonly source: number;
    readonly teamIndex: number;
    readonly event: EventConfig;
    readonly team: TeamConfig;
    readonly location: string;
    /** The plan's "today", ISO 8601 (the team program takes it as a Date). */
    readonly now: string;
    readonly stackName: string;
}

/** One registered resource, reduced to what the plan shows. */
export interface PlannedResource {
    readonly type: string;
    /** Pulumi logical name. */
    readonly name: string;
    /** The name Azure, Entra ID or GitHub will know it by; null when the service generates it. */
    readonly azureName: string | null;
}

/** A component resource and the resources registered directly under it. */
export interface PlannedComponent {
    readonly type: string;
    readonly name: string;
    readonly resources: readonly PlannedResource[];
}

/** A VM the team's compute will run, read from the registered compute resources. */
export interface PlannedCompute {
    readonly role: "instance" | "cluster";
    readonly computeName: string;
    readonly vmSize: string;
    /** 1 for an instance, maxNodeCount for a cluster. */
    readonly nodes: number;
}

/** The names Azure checks rules and uniqueness on, as the program registered them. */
export interface RegisteredNames {
    readonly resourceGroup?: string;
    readonly logAnalytics?: string;
    readonly appInsights?: string;
    readonly storageAccount?: string;
    readonly keyVault?: string;
    readonly containerRegistry?: string;
    readonly workspace?: string;
    readonly endpoint?: string;
    readonly dataContainer?: string;
    readonly datastore?: string;
    readonly repository?: string;
    readonly application?: string;
    readonly budget?: string;
}

/** What one team stack would create, as the real program registered it under mocks. */
export interface TeamFootprint {
    readonly source: number;
    readonly teamIndex: number;
    readonly team: string;
    readonly stackName: string;
    readonly location: string;
    /** The team's own subscription, or "" for the azure-native provider's default one. */
    readonly subscription: string;
    readonly resourceCount: number;
    /** Components in registration order; the team stack's root component first. */
    readonly components: readonly PlannedComponent[];
    readonly computes: readonly PlannedCompute[];
    /** Online endpoints registered (the team deploys into each one). */
    readonly endpoints: number;
    readonly registries: readonly { readonly sku: string }[];
    readonly storageAccounts: number;
    readonly logAnalyticsWorkspaces: number;
    readonly names: RegisteredNames;
    readonly computeInstanceNames: readonly string[];
    readonly clusterNames: readonly string[];
    /** Expected up/destroy durations along the dependency graph, and when GitHub is written. */
    readonly timing: TeamTiming;
    /** GitHub objects the team stack writes (stacks/githubFootprint.ts). */
    readonly githubWrites: number;
    /** When the team's client secret ends (its endDate input), RFC 3339; null if the team has none. */
    readonly credentialsEnd: string | null;
    /** Milliseconds the simulation took (for the benchmark; not part of the report). */
    readonly simulationMs: number;
    /** The simulated stack outputs with their secret flag (for `--handouts`; not part of the report). */
    readonly outputs?: Readonly<
        Record<string, { readonly value: unknown; readonly secret: boolean }>
    >;
}

/** A team whose program threw under simulation. */
export interface TeamFailure {
    readonly source: number;
    readonly teamIndex: number;
    readonly team: string;
    readonly error: string;
}

export type Severity = "error" | "warning";

export type ProblemCode =
    | "file"
    | "config"
    | "event-ended"
    | "simulation"
    | "vm-size"
    | "name-rule"
    | "name-collision"
    | "config-advice"
    | "shared-member"
    | "materials"
    | "price-missing"
    | "budget"
    | "actions-minutes";

export interface Problem {
    readonly severity: Severity;
    readonly code: ProblemCode;
    readonly message: string;
    /** Config path the problem is about, when there is one (`event.compute.clusterVmSize`). */
    readonly path?: string;
    readonly team?: string;
}
