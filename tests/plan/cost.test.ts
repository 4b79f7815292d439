import {
    daysUntilEnd,
    defaultAssumptions,
    endpointHoursFor,
    estimateEventCost,
    hoursBetween,
    type CostAssumptions,
} from "../../offline/plan/cost";
import { demandsOf } from "../../offline/plan/quota";
import { cluster, event, footprint, instances, TEST_PRICES } from "./helpers";

/** Every assumption explicit: the expectations below are computed by hand from these. */
const ASSUME: CostAssumptions = {
    days: 3,
    daysBasis: "test",
    dayStart: "09:00",
    clusterNodeHoursPerTeamPerDay: 2,
    endpointHoursPerTeam: 48,
    storageGbPerAccount: 10,
    logGbPerWorkspacePerDay: 0.1,
};

describe("the calendar behind the estimate", () => {
    test.each([
        ["2026-11-27T23:30:00Z", "2026-11-29", 3],
        ["2026-11-27T00:00:00Z", "2026-11-27", 1],
        ["2026-11-27T09:00:00Z", "2026-12-18", 22],
        ["2026-11-27T09:00:00Z", "2026-11-26", 0], // ended
    ])("from %s to endsOn %s: %d day(s), both included", (now, endsOn, days) => {
        expect(daysUntilEnd(new Date(now), endsOn)).toBe(days);
    });

    test.each([
        ["09:00", "20:00", 11],
        ["09:00", "18:30", 9.5],
        ["09:00", "02:00", 17], // a stop after midnight
        ["09:00", "09:00", 24],
    ])("instances started %s and stopped %s run %d h", (start, stop, hours) => {
        expect(hoursBetween(start, stop)).toBe(hours);
    });

    test("the endpoint runs 24 h a day after day 1, at least one day", () => {
        expect([0, 1, 2, 3].map(endpointHoursFor)).toEqual([0, 24, 24, 48]);
    });

    test("--days and --cluster-hours override the defaults", () => {
        const a = defaultAssumptions(event(), new Date("2026-11-27T09:00:00Z"), {
            days: 2,
            clusterNodeHoursPerTeamPerDay: 5,
        });
        expect(a).toMatchObject({
            days: 2,
            daysBasis: "as given with --days",
            clusterNodeHoursPerTeamPerDay: 5,
            endpointHoursPerTeam: 24,
        });
        expect(defaultAssumptions(event(), new Date("2027-01-01T00:00:00Z")).days).toBe(0);
    });
});

describe("one event's cost", () => {
    // Instances stop at 18:00: 9 h a day from 09:00.
    const ev = event({
        compute: {
            clusterName: "demo-cpucluster1",
            clusterVmSize: "Standard_D2_v2",
            clusterMaxNodes: 4,
            instanceVmSize: "Standard_D2_v2",
            instancePerMember: true,
            idleShutdownMinutes: 60,
            dailyStopTime: "18:00",
        },
    });
    const team = footprint("team01", {
        computes: [...instances(3, "Standard_D2_v2"), cluster("Standard_D2_v2", 4)],
    });

    test("hand-computed total, hourly rate and lines from a test price table", () => {
        const cost = estimateEventCost(
            ev,
            [team],
            demandsOf(team, ev, "event"),
            TEST_PRICES,
            ASSUME,
        );
        const line = (item: string) => cost.lines.find((l) => l.item === item);
        // instances: 3 x 9 h x 3 days = 81 h x 0.10
        expect(line("compute instances")).toMatchObject({
            sku: "Standard_D2_v2",
            quantity: 81,
            unit: "hour",
        });
        expect(line("compute instances")?.cost).toBeCloseTo(8.1, 10);
        // cluster: 2 node-hours x 3 days = 6 h x 0.10
        expect(line("compute cluster nodes")?.cost).toBeCloseTo(0.6, 10);
        // endpoint: 1 x Standard_DS2_v2 for 48 h x 0.20
        expect(line("endpoint deployments")).toMatchObject({
            sku: "Standard_DS2_v2",
            quantity: 48,
        });
        expect(line("endpoint deployments")?.cost).toBeCloseTo(9.6, 10);
        // registry: 3 days x 0.50
        expect(line("container registry")?.cost).toBeCloseTo(1.5, 10);
        // storage: 10 GB x 3 / (730 / 24) months x 0.02
        expect(line("storage (prorated)")?.cost).toBeCloseTo((10 * 3 * 24 * 0.02) / 730, 10);
        // logs: 0.1 GB x 3 days x 3.00
        expect(line("log ingestion")?.cost).toBeCloseTo(0.9, 10);
        expect(cost.total).toBeCloseTo(8.1 + 0.6 + 9.6 + 1.5 + 0.0197260274 + 0.9, 6);
        expect(cost.perTeam).toBeCloseTo(cost.total, 10);
        expect(cost.instanceHoursPerDay).toBe(9);
        // Everything on at once: 3 instances + 4 cluster nodes at 0.10, the endpoint at 0.20, fixed costs per hour.
        expect(cost.hourly).toBeCloseTo(
            0.3 + 0.4 + 0.2 + 0.5 / 24 + (10 * 0.02) / 730 + (0.1 * 3) / 24,
            10,
        );
        expect(cost.problems).toEqual([]);
        expect(cost.currency).toBe("USD");
    });

    test("two teams cost twice one team", () => {
        const other = footprint("team02", {
            computes: [...instances(3, "Standard_D2_v2"), cluster("Standard_D2_v2", 4)],
        });
        const one = estimateEventCost(
            ev,
            [team],
            demandsOf(team, ev, "event"),
            TEST_PRICES,
            ASSUME,
        );
        const two = estimateEventCost(
            ev,
            [team, other],
            [team, other].flatMap((f) => demandsOf(f, ev, "event")),
            TEST_PRICES,
            ASSUME,
        );
        expect(two.total).toBeCloseTo(2 * one.total, 10);
        expect(two.perTeam).toBeCloseTo(one.total, 10);
        expect(two.lines.find((l) => l.item === "compute instances")?.quantity).toBe(162);
    });

    test("a configured VM size without a price is an error naming its field, never guessed", () => {
        const elsewhere = footprint("team01", {
            computes: instances(1, "Standard_D2_v2"),
            location: "westeurope",
            endpoints: 0,
            registries: [],
            storageAccounts: 0,
            logAnalyticsWorkspaces: 0,
        });
        const cost = estimateEventCost(
            ev,
            [elsewhere],
            demandsOf(elsewhere, ev, "event"),
            TEST_PRICES,
            ASSUME,
        );
        expect(cost.total).toBe(0);
        expect(cost.problems).toEqual([
            {
                severity: "error",
                code: "price-missing",
                path: "event.compute.instanceVmSize",
                message:
                    "event.compute.instanceVmSize: the plan has no USD price for Standard_D2_v2 in westeurope; choose a priced size or add it with --prices <file.json>",
            },
        ]);
    });

    test("a Standard registry is priced as its own SKU", () => {
        const premium = footprint("team01", {
            registries: [{ sku: "Standard" }],
            endpoints: 0,
            storageAccounts: 0,
            logAnalyticsWorkspaces: 0,
        });
        const cost = estimateEventCost(ev, [premium], [], TEST_PRICES, ASSUME);
        expect(cost.problems.map((p) => p.message)).toEqual([
            expect.stringContaining("ContainerRegistry/Standard in japaneast"),
        ]);
    });
});

describe("event days with startsOn", () => {
    test.each([
        // [today, startsOn, endsOn, days]: counted by hand, both ends included
        ["2026-11-27T09:00:00Z", "2026-12-16", "2026-12-18", 3],
        ["2026-12-17T09:00:00Z", "2026-12-16", "2026-12-18", 2],
        ["2026-12-19T09:00:00Z", "2026-12-16", "2026-12-18", 0],
        ["2026-12-18T23:00:00Z", "2026-12-18", "2026-12-18", 1],
    ])("today %s, %s..%s -> %i days", (now, startsOn, endsOn, days) => {
        expect(daysUntilEnd(new Date(now), endsOn, startsOn)).toBe(days);
    });
});
