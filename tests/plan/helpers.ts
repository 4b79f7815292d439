/**
 * Hand-made plan inputs: footprints, events and price tables whose numbers a test can compute
 * by hand, so that expectations never come from the code under test.
 */
import { teamNames } from "../../stacks/names";
import type { EventConfig, EventInput } from "../../stacks/schema";
import { validateTeamStack } from "../../stacks/validate";
import type { PlannedCompute, TeamFootprint } from "../../offline/plan/model";
import type { PriceEntry, PriceTable } from "../../offline/plan/prices";
import { NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";

export function event(overrides: Partial<EventInput> = {}): EventConfig {
    return validateTeamStack(sampleEvent(overrides), sampleTeam(1), { now: NOW }).event;
}

export const instances = (n: number, vmSize: string, tag = "abc123"): PlannedCompute[] =>
    Array.from({ length: n }, (_, i) => ({
        role: "instance" as const,
        computeName: `ci-member${i}-${tag}`,
        vmSize,
        nodes: 1,
    }));

export const cluster = (vmSize: string, nodes: number): PlannedCompute => ({
    role: "cluster",
    computeName: "demo-cpucluster1",
    vmSize,
    nodes,
});

let nextTeamIndex = 0;

/** One team's footprint with valid names and, by default, no compute; each call is another roster entry. */
export function footprint(team: string, overrides: Partial<TeamFootprint> = {}): TeamFootprint {
    const names = teamNames("oh4mltest", team, "abc123");
    const computes = overrides.computes ?? [];
    return {
        source: 0,
        teamIndex: nextTeamIndex++,
        team,
        stackName: `oh4mltest-${team}`,
        location: "japaneast",
        subscription: "",
        resourceCount: 0,
        credentialsEnd: null,
        components: [],
        computes,
        endpoints: 1,
        registries: [{ sku: "Basic" }],
        storageAccounts: 1,
        logAnalyticsWorkspaces: 1,
        names,
        computeInstanceNames: computes
            .filter((c) => c.role === "instance")
            .map((c) => c.computeName),
        clusterNames: computes.filter((c) => c.role === "cluster").map((c) => c.computeName),
        timing: {
            up: { seconds: 600, path: [] },
            destroy: { seconds: 300, path: [] },
            githubWritesAt: [0, 0, 5],
            githubDoneSeconds: 7,
            githubWriteDelayMs: 1000,
            armWrites: 30,
            unknownTypes: [],
        },
        githubWrites: 3,
        simulationMs: 0,
        ...overrides,
    };
}

const entry = (
    sku: string,
    region: string,
    unit: PriceEntry["unit"],
    price: number,
): PriceEntry => ({
    sku,
    region,
    unit,
    price,
    asOf: "2026-01",
    source: "https://example.com/prices",
});

/** Round prices: VM_A = Standard_D2_v2 at 0.10/h, VM_B = Standard_DS2_v2 at 0.20/h, in japaneast. */
export const TEST_PRICES: PriceTable = {
    currency: "USD",
    entries: [
        entry("Standard_D2_v2", "japaneast", "hour", 0.1),
        entry("Standard_DS2_v2", "japaneast", "hour", 0.2),
        entry("ContainerRegistry/Basic", "japaneast", "day", 0.5),
        entry("Storage/Standard_LRS/Hot", "japaneast", "GB-month", 0.02),
        entry("LogAnalytics/PerGB2018", "japaneast", "GB", 3),
    ],
};

/**
 * A Retail Prices API page in the envelope Microsoft documents ("Azure Retail Prices overview",
 * https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices).
 */
export const retailPage = <T>(items: T[], next: string | null) => ({
    BillingCurrency: "USD",
    CustomerEntityId: "Default",
    CustomerEntityType: "Retail",
    Items: items,
    NextPageLink: next,
    Count: items.length,
});
