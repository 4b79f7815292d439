import { simulateJob } from "../../offline/plan/simulateJob";
import {
    demandsOf,
    demandVcpus,
    summarizeQuota,
    type ComputeDemand,
} from "../../offline/plan/quota";
import { validSample } from "../helpers/fixtures";
import { cluster, event, footprint, instances } from "./helpers";

const row = (
    summary: ReturnType<typeof summarizeQuota>,
    family: string,
    subscription = "",
    region = "japaneast",
) =>
    summary.rows.find(
        (r) => r.family === family && r.subscription === subscription && r.region === region,
    );

describe("vCPUs of one demand", () => {
    test.each([
        // [role, size, vms, expected]: instances and clusters count their VMs, endpoints add 20% rounded up.
        ["instance", "Standard_D2_v2", 1, 2],
        ["cluster", "Standard_D3_v2", 3, 12],
        ["endpoint", "Standard_DS2_v2", 1, 4], // ceil(1.2 * 1) = 2 instances x 2 vCPUs
        ["endpoint", "Standard_DS3_v2", 10, 48], // the Azure ML docs' example: 12 instances x 4 cores
        ["endpoint", "Standard_F4s_v2", 5, 24], // ceil(6.0) = 6 x 4
    ] as const)("%s %s x%d needs %d vCPUs", (role, vmSize, vms, expected) => {
        expect(demandVcpus({ role, vmSize, vms })).toBe(expected);
    });

    test("an unknown size has no vCPU count (never a guess)", () => {
        expect(demandVcpus({ role: "instance", vmSize: "Standard_Z9_v9", vms: 1 })).toBeUndefined();
    });
});

describe("quota per subscription, region and family", () => {
    const ev = event();

    test("instances x members + cluster max nodes x vCPUs + endpoint with headroom, for 2 teams of 5", () => {
        const teams = ["team01", "team02"].map((t) =>
            footprint(t, {
                computes: [...instances(5, "Standard_D2_v2"), cluster("Standard_D2_v2", 2)],
            }),
        );
        const summary = summarizeQuota(
            teams.flatMap((f) => demandsOf(f, ev, "event")),
            teams.map((f) => ({ subscription: f.subscription, region: f.location })),
        );
        // Dv2: 2 teams x 5 instances x 2 vCPUs = 20; clusters 2 x 2 nodes x 2 vCPUs = 8.
        expect(row(summary, "Standard Dv2 Family")).toMatchObject({
            instances: 20,
            clusters: 8,
            endpoints: 0,
            total: 28,
            teams: 2,
            coachMinimum: 4,
            quotaName: "Standard Dv2 Family Cluster Dedicated vCPUs",
            // The family id live usage rows carry in name.value (preflight matches either form).
            quotaId: "standardDv2Family",
        });
        // DSv2: 2 teams x ceil(1.2 x 1) x 2 vCPUs = 8.
        expect(row(summary, "Standard DSv2 Family")).toMatchObject({
            instances: 0,
            clusters: 0,
            endpoints: 8,
            total: 8,
            coachMinimum: 2,
            quotaName: "Standard DSv2 Family Cluster Dedicated vCPUs",
            quotaId: "standardDSv2Family",
        });
        expect(summary.regional).toEqual([
            {
                subscription: "",
                region: "japaneast",
                quotaName: "Total Cluster Dedicated Regional vCPUs",
                quotaId: "TotalDedicatedCores",
                total: 36,
            },
        ]);
        expect(summary.problems).toEqual([]);
    });

    test("instancePerMember false: only the cluster and the endpoint", () => {
        const team = footprint("team01", { computes: [cluster("Standard_D2_v2", 3)] });
        const summary = summarizeQuota(demandsOf(team, ev, "event"), [
            { subscription: "", region: "japaneast" },
        ]);
        expect(row(summary, "Standard Dv2 Family")).toMatchObject({
            instances: 0,
            clusters: 6,
            total: 6,
        });
        expect(row(summary, "Standard DSv2 Family")).toMatchObject({ endpoints: 4, total: 4 });
    });

    test("one endpoint deployment per allowed name (endpoint.deploymentNames), as the policy allows", () => {
        const team = footprint("team01", { computes: [] });
        const one = summarizeQuota(demandsOf(team, ev, "event"), []);
        const two = summarizeQuota(
            demandsOf(
                team,
                event({ endpoint: { deploymentNames: ["blue", "green"], maxInstances: 2 } }),
                "event",
            ),
            [],
        );
        // Standard_DS2_v2 has 2 vCPUs: ceil(1.2 x 1) x 2 = 4 for blue alone; 2 x ceil(1.2 x 2) x 2 = 12.
        expect(row(one, "Standard DSv2 Family")).toMatchObject({ endpoints: 4 });
        expect(row(two, "Standard DSv2 Family")).toMatchObject({ endpoints: 12 });
    });

    test("teams in other regions or subscriptions are counted apart, each with the coach minimums", () => {
        const sub = "11111111-2222-4333-8444-555555555555";
        const teams = [
            footprint("team01", { computes: instances(1, "Standard_D2_v2") }),
            footprint("team02", { computes: instances(2, "Standard_D2_v2"), location: "eastus" }),
            footprint("team03", { computes: instances(3, "Standard_D2_v2"), subscription: sub }),
        ];
        const summary = summarizeQuota(
            teams.flatMap((f) => demandsOf(f, ev, "event")),
            teams.map((f) => ({ subscription: f.subscription, region: f.location })),
        );
        expect(row(summary, "Standard Dv2 Family")).toMatchObject({
            instances: 2,
            coachMinimum: 2,
        });
        expect(row(summary, "Standard Dv2 Family", "", "eastus")).toMatchObject({
            instances: 4,
            coachMinimum: 2,
        });
        expect(row(summary, "Standard Dv2 Family", sub)).toMatchObject({
            instances: 6,
            coachMinimum: 2,
        });
        expect(row(summary, "Standard DSv2 Family", "", "eastus")).toMatchObject({
            endpoints: 4,
            coachMinimum: 1,
        });
        expect(summary.regional.map((r) => [r.subscription, r.region, r.total])).toEqual([
            ["", "eastus", 8],
            ["", "japaneast", 6],
            [sub, "japaneast", 10],
        ]);
    });

    test("an unknown VM size is an error naming the config field, reported once for all teams", () => {
        const demands: ComputeDemand[] = ["team01", "team02"].flatMap((t) =>
            demandsOf(
                footprint(t, {
                    computes: [cluster("Standard_Z9_v9", 2), ...instances(1, "Standard_D2_v2")],
                }),
                ev,
                "event",
            ),
        );
        const summary = summarizeQuota(demands, [{ subscription: "", region: "japaneast" }]);
        expect(summary.problems).toHaveLength(1);
        expect(summary.problems[0]).toMatchObject({
            severity: "error",
            code: "vm-size",
            path: "event.compute.clusterVmSize",
        });
        expect(summary.problems[0].message).toContain(
            'event.compute.clusterVmSize: "Standard_Z9_v9" is not in the plan\'s VM size table',
        );
        // What is known is still counted.
        expect(row(summary, "Standard Dv2 Family")).toMatchObject({ instances: 4, clusters: 0 });
    });

    test("the endpoint's size comes from event.endpoint.instanceType, under the stack's config path", () => {
        const demands = demandsOf(
            footprint("team01"),
            event({ endpoint: { authMode: "key", instanceType: "Standard_Q1_v1" } }),
            "openhack-mlops:event",
        );
        expect(summarizeQuota(demands, []).problems[0].path).toBe(
            "openhack-mlops:event.endpoint.instanceType",
        );
    });

    test("demands read from the real program's registered computes", async () => {
        const sample = validSample(3, {
            compute: {
                clusterName: "demo-cpucluster1",
                clusterVmSize: "Standard_DS3_v2",
                clusterMaxNodes: 3,
                instanceVmSize: "Standard_D3_v2",
                instancePerMember: true,
                idleShutdownMinutes: 60,
            },
            endpoint: { authMode: "key", instanceType: "Standard_D2s_v3" },
        });
        const fp = await simulateJob({
            source: 0,
            teamIndex: 0,
            event: sample.event,
            team: sample.team,
            location: "japaneast",
            now: sample.now.toISOString(),
            stackName: "t",
        });
        const summary = summarizeQuota(demandsOf(fp, sample.event, "event"), [
            { subscription: "", region: "japaneast" },
        ]);
        expect(row(summary, "Standard Dv2 Family")).toMatchObject({ instances: 12, clusters: 0 }); // 3 x D3_v2 (4)
        expect(row(summary, "Standard DSv2 Family")).toMatchObject({ clusters: 12, endpoints: 0 }); // 3 nodes x DS3_v2 (4)
        expect(row(summary, "Standard DSv3 Family")).toMatchObject({
            endpoints: 4,
            coachMinimum: 0,
        }); // ceil(1.2) x 2
    });
});
