/**
 * Azure checks through the real SDK clients, answered by nock with the services' published example
 * bodies (tests/fixtures/preflight).
 */
import nock from "nock";
import {
    actionMatches,
    allows,
    azureChecks,
    POLICY_WRITES,
    ROLE_ASSIGNMENT_WRITE,
    type AzureCheckOptions,
} from "../../event/preflight/azure";
import type { SizeNeed, SubscriptionNeeds } from "../../event/preflight/needs";
import {
    AML_REGIONAL_QUOTA,
    AML_REGIONAL_QUOTA_ID,
    amlFamilyId,
    amlQuotaName,
} from "../../offline/plan/vmSizes";
import { ARM, body, expired, FakeCredential, patient, SUB, VirtualClock, useNock } from "./helpers";

useNock();

/** One team's quota needs in japaneast, named as the plan names them (numbers chosen by hand). */
function needs(overrides: Partial<SubscriptionNeeds> = {}): SubscriptionNeeds {
    const row = (family: string, total: number, coachMinimum: number) => ({
        subscription: SUB,
        region: "japaneast",
        family,
        quotaName: amlQuotaName(family),
        quotaId: amlFamilyId(family),
        instances: 0,
        clusters: total,
        endpoints: 0,
        total,
        teams: 1,
        coachMinimum,
    });
    return {
        id: SUB,
        teams: ["team01"],
        regions: ["japaneast"],
        quota: [row("Standard DSv2 Family", 4, 1), row("Standard Dv2 Family", 10, 2)],
        regional: [
            {
                subscription: SUB,
                region: "japaneast",
                quotaName: AML_REGIONAL_QUOTA,
                quotaId: AML_REGIONAL_QUOTA_ID,
                total: 10,
            },
        ],
        sizes: [],
        ...overrides,
    };
}

function options(overrides: Partial<AzureCheckOptions> = {}): AzureCheckOptions {
    return {
        credential: new FakeCredential(),
        ask: patient,
        clock: new VirtualClock(),
        fix: false,
        fixTimeoutMs: 60_000,
        pollMs: 10_000,
        ...overrides,
    };
}

const arm = () => nock(ARM);
const permissions = (fixture: string) =>
    arm()
        .get(`/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions`)
        .query({ "api-version": "2022-04-01" })
        .reply(200, body(fixture));
const provider = (namespace: string, state: string) =>
    arm()
        .get(`/subscriptions/${SUB}/providers/${namespace}`)
        .query(true)
        .reply(
            200,
            body<Record<string, unknown>>("provider-registering", (b) => {
                b.id = `/subscriptions/${SUB}/providers/${namespace}`;
                b.namespace = namespace;
                b.registrationState = state;
            }),
        );
/** The published example (display text in name.value) or the live shape (family id in name.value). */
type UsageShape = "ml-usages" | "ml-usages-live";
const usages = (shape: UsageShape = "ml-usages") =>
    arm()
        .get(
            `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/japaneast/usages`,
        )
        .query({ "api-version": "2022-10-01" })
        .reply(200, body(shape));
const SHAPES: UsageShape[] = ["ml-usages", "ml-usages-live"];

describe("role assignment rights (permissions API, actions minus notActions)", () => {
    test.each([
        ["*", ROLE_ASSIGNMENT_WRITE, true],
        ["Microsoft.Authorization/*", ROLE_ASSIGNMENT_WRITE, true],
        ["microsoft.authorization/roleassignments/WRITE", ROLE_ASSIGNMENT_WRITE, true],
        ["*/read", ROLE_ASSIGNMENT_WRITE, false],
        ["Microsoft.Authorization/*/Write", ROLE_ASSIGNMENT_WRITE, true],
        ["Microsoft.Authorization/roleAssignments", ROLE_ASSIGNMENT_WRITE, false],
        ["Microsoft.Authorization.roleAssignments/write", ROLE_ASSIGNMENT_WRITE, false],
    ])("pattern %s matches %s: %s", (pattern, action, expected) => {
        expect(actionMatches(pattern, action)).toBe(expected);
    });

    test("a notAction removes the action only within its own permission", () => {
        const contributor = body<{ value: { actions: string[]; notActions: string[] }[] }>(
            "permissions-contributor",
        ).value;
        expect(allows(contributor, ROLE_ASSIGNMENT_WRITE)).toBe(false);
        expect(allows(contributor, "Microsoft.Storage/storageAccounts/write")).toBe(true);
        // User Access Administrator's grant in a second role restores it.
        expect(
            allows(
                [...contributor, { actions: ["Microsoft.Authorization/*"], notActions: [] }],
                ROLE_ASSIGNMENT_WRITE,
            ),
        ).toBe(true);
    });
});

describe("azureChecks", () => {
    const namespaces = ["Microsoft.MachineLearningServices", "Microsoft.Web"];

    test.each(SHAPES)(
        "everything in place: role write allowed, providers registered, quota enough (%s)",
        async (shape) => {
            const calls = [
                permissions("permissions-owner"),
                provider("Microsoft.MachineLearningServices", "Registered"),
                provider("Microsoft.Web", "Registered"),
                usages(shape),
            ];
            const checks = await azureChecks(needs(), namespaces, options());
            expect(checks[0].value).toBe(`${ROLE_ASSIGNMENT_WRITE} allowed`);
            expect(calls.every((c) => c.isDone())).toBe(true);
            expect(checks.map((c) => [c.id, c.status])).toEqual([
                ["azure.role-assignment-write", "pass"],
                ["azure.provider", "pass"],
                ["azure.provider", "pass"],
                ["azure.quota", "pass"],
                ["azure.quota", "pass"],
                ["azure.quota", "pass"],
                ["azure.policy-write", "pass"],
            ]);
            // The example: DSv2 limit 24, in use 2 at subscription level (the per-workspace row is not counted again).
            expect(checks[3].value).toBe(
                "free 22 of 24 (in use 2); event needs 4; coach guide minimum 1 (1 team(s))",
            );
            expect(checks[5].value).toBe("free 10 of 24 (in use 14); event needs 10");
        },
    );

    test.each(SHAPES)(
        "contributor: role write refused; provider missing; quota short; family unknown (%s)",
        async (shape) => {
            permissions("permissions-contributor");
            provider("Microsoft.MachineLearningServices", "NotRegistered");
            provider("Microsoft.Web", "Registering");
            usages(shape);
            const short = needs({
                quota: [
                    { ...needs().quota[1], total: 25 },
                    {
                        ...needs().quota[1],
                        family: "Standard NCv3 Family",
                        quotaName: amlQuotaName("Standard NCv3 Family"),
                        quotaId: amlFamilyId("Standard NCv3 Family"),
                        total: 6,
                        coachMinimum: 0,
                    },
                ],
                regional: [],
            });
            const checks = await azureChecks(short, namespaces, options());
            expect(checks.map((c) => [c.id, c.status])).toEqual([
                ["azure.role-assignment-write", "fail"],
                ["azure.provider", "fail"],
                ["azure.provider", "warn"],
                ["azure.quota", "fail"],
                ["azure.quota", "unknown"],
                ["azure.policy-write", "fail"],
            ]);
            // Contributor's NotActions include Microsoft.Authorization/*/Write.
            expect(checks[5].value).toBe(
                `${POLICY_WRITES.join(", ")} not allowed: the teams' fair-share policy cannot be created`,
            );
            expect(checks[5].remedy).toContain('--role "Resource Policy Contributor"');
            expect(checks[1].remedy).toBe(
                `az provider register -n Microsoft.MachineLearningServices --subscription ${SUB} --wait (or run preflight with --fix)`,
            );
            expect(checks[3].value).toBe(
                "free 24 of 24 (in use 0); event needs 25; coach guide minimum 2 (1 team(s))",
            );
            expect(checks[4].value).toBe(
                'Azure lists no dedicated quota "Standard NCv3 Family Cluster Dedicated vCPUs" (standardNCv3Family) in japaneast',
            );
        },
    );

    test("live shape: a family with no free dedicated quota is a FAIL, not UNKNOWN; low-priority and per-workspace rows are not counted", async () => {
        permissions("permissions-owner");
        arm()
            .get(
                `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/japaneast/usages`,
            )
            .query(true)
            .reply(
                200,
                body<{ value: { type: string; name: { value: string }; currentValue: number }[] }>(
                    "ml-usages-live",
                    // The subscription's dedicated Dv2 quota is all in use (24 of 24).
                    (b) => {
                        for (const row of b.value)
                            if (
                                row.name.value === "standardDv2Family" &&
                                row.type.includes("dedicatedCores")
                            )
                                row.currentValue = 24;
                    },
                ),
            );
        const checks = await azureChecks(needs(), [], options());
        expect(
            checks
                .filter((c) => c.id === "azure.quota")
                .map((c) => [c.subject.split(" / ").pop(), c.status, c.value]),
        ).toEqual([
            [
                "Standard DSv2 Family Cluster Dedicated vCPUs",
                "pass",
                "free 22 of 24 (in use 2); event needs 4; coach guide minimum 1 (1 team(s))",
            ],
            [
                "Standard Dv2 Family Cluster Dedicated vCPUs",
                "fail",
                "free 0 of 24 (in use 24); event needs 10; coach guide minimum 2 (1 team(s))",
            ],
            [
                "Total Cluster Dedicated Regional vCPUs",
                "pass",
                "free 10 of 24 (in use 14); event needs 10",
            ],
        ]);
    });

    test("free quota above the need but below the coach guide's minimum is a warning", async () => {
        permissions("permissions-owner");
        usages();
        const coach = needs({
            quota: [{ ...needs().quota[1], total: 10, coachMinimum: 30 }],
            regional: [],
        });
        const checks = await azureChecks(coach, [], options());
        expect(checks[1].status).toBe("warn");
        expect(checks[1].value).toContain("below the coach guide's minimum");
    });

    test("--fix registers a missing provider and polls until Registered, with exactly those calls", async () => {
        permissions("permissions-owner");
        provider("Microsoft.Web", "NotRegistered");
        const register = arm()
            .post(`/subscriptions/${SUB}/providers/Microsoft.Web/register`)
            .query(true)
            .reply(200, body("provider-register"));
        provider("Microsoft.Web", "Registering");
        provider("Microsoft.Web", "Registered");
        const clock = new VirtualClock();
        const checks = await azureChecks(
            needs({ regions: [], quota: [], regional: [] }),
            ["Microsoft.Web"],
            options({ fix: true, clock }),
        );
        expect(register.isDone()).toBe(true);
        expect(nock.pendingMocks()).toEqual([]);
        expect(clock.sleeps).toEqual([10_000, 10_000]);
        expect(checks[1]).toMatchObject({
            status: "pass",
            value: "Registered by --fix (was NotRegistered, took 20s)",
        });
    });

    test("--fix gives up after its timeout with a warning, not a pass", async () => {
        permissions("permissions-owner");
        provider("Microsoft.Web", "Registering");
        for (let i = 0; i < 3; i++) provider("Microsoft.Web", "Registering");
        const checks = await azureChecks(
            needs({ regions: [], quota: [], regional: [] }),
            ["Microsoft.Web"],
            options({ fix: true, fixTimeoutMs: 30_000 }),
        );
        expect(checks[1]).toMatchObject({ status: "warn" });
        expect(checks[1].value).toBe(
            "still Registering after 30s (registration was requested by --fix)",
        );
    });

    test("403 on the permissions API and a refused register are unknown and fail, with the reason", async () => {
        arm()
            .get(`/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions`)
            .query(true)
            .reply(403, {
                error: {
                    code: "AuthorizationFailed",
                    message: "The client does not have authorization",
                },
            });
        provider("Microsoft.Web", "NotRegistered");
        arm()
            .post(`/subscriptions/${SUB}/providers/Microsoft.Web/register`)
            .query(true)
            .reply(403, { error: { code: "AuthorizationFailed", message: "no register action" } });
        const checks = await azureChecks(
            needs({ regions: [], quota: [], regional: [] }),
            ["Microsoft.Web"],
            options({ fix: true }),
        );
        expect(checks[0]).toMatchObject({ status: "unknown" });
        expect(checks[0].value).toMatch(/^permission too narrow to read this \(403: /);
        expect(checks[1]).toMatchObject({ status: "fail" });
        expect(checks[1].value).toMatch(
            /^NotRegistered; --fix could not register it: permission too narrow/,
        );
    });

    test("a service that never answers makes every check unknown (timeout), never a pass", async () => {
        const checks = await azureChecks(needs(), namespaces, options({ ask: expired }));
        expect(checks.length).toBe(7);
        expect(new Set(checks.map((c) => c.status))).toEqual(new Set(["unknown"]));
        expect(checks[0].value).toBe("no answer within 30s");
    });

    test("teams without a subscription id and no ARM_SUBSCRIPTION_ID: one unknown line, no call", async () => {
        const checks = await azureChecks(needs({ id: "" }), namespaces, options());
        expect(checks).toHaveLength(1);
        expect(checks[0]).toMatchObject({ id: "azure.subscription", status: "unknown" });
        expect(checks[0].remedy).toContain("ARM_SUBSCRIPTION_ID");
    });
});

describe("configured sizes offered for Azure ML in the region (virtualMachineSizes.list)", () => {
    const vmSizes = () =>
        arm()
            .get(
                `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/japaneast/vmSizes`,
            )
            .query({ "api-version": "2022-10-01" });
    const need = (
        vmSize: string,
        computeType: SizeNeed["computeType"],
        field: string,
    ): SizeNeed => ({
        region: "japaneast",
        vmSize,
        computeType,
        field,
    });
    const sized = (sizes: SizeNeed[]) => needs({ quota: [], regional: [], sizes });

    test("offered for the right compute type passes; not offered, or not for that type, fails with the fix", async () => {
        permissions("permissions-owner");
        usages();
        const call = vmSizes().reply(200, body("ml-vm-sizes"));
        const checks = await azureChecks(
            sized([
                need("Standard_DS2_v2", "ComputeInstance", "event.compute.instanceVmSize"),
                need("Standard_D2_v2", "AmlCompute", "event.compute.clusterVmSize"),
                need("Standard_DS11_v2", "MIR", "event.endpoint.instanceType"),
                need("standard_ds2_v2", "MIR", "event.endpoint.instanceType"),
            ]),
            [],
            options(),
        );
        expect(call.isDone()).toBe(true);
        const sizes = checks.filter((c) => c.id === "azure.vm-size");
        expect(sizes.map((c) => [c.subject, c.status, c.value])).toEqual([
            [
                `subscription ${SUB} / japaneast / event.compute.instanceVmSize Standard_DS2_v2`,
                "pass",
                "offered for compute instances",
            ],
            [
                `subscription ${SUB} / japaneast / event.compute.clusterVmSize Standard_D2_v2`,
                "fail",
                "Azure ML does not offer Standard_D2_v2 in japaneast",
            ],
            [
                `subscription ${SUB} / japaneast / event.endpoint.instanceType Standard_DS11_v2`,
                "fail",
                "Standard_DS11_v2 is offered in japaneast for AmlCompute, ComputeInstance, not for managed online deployments",
            ],
            [
                `subscription ${SUB} / japaneast / event.endpoint.instanceType standard_ds2_v2`,
                "pass",
                "offered for managed online deployments",
            ],
        ]);
        expect(sizes[1].remedy).toBe(
            `set event.compute.clusterVmSize to a size that az ml compute list-sizes --location japaneast --subscription ${SUB} -o table shows for AmlCompute (and that offline/plan/vmSizes.ts prices), or deploy to another location`,
        );
    });

    test("429 then the answer: the SDK's retry policy reads Retry-After and the check passes", async () => {
        permissions("permissions-owner");
        usages();
        const throttled = vmSizes().reply(429, {}, { "Retry-After": "0" });
        const answered = vmSizes().reply(200, body("ml-vm-sizes"));
        const checks = await azureChecks(
            sized([need("Standard_DS2_v2", "MIR", "event.endpoint.instanceType")]),
            [],
            options(),
        );
        expect(throttled.isDone() && answered.isDone()).toBe(true);
        expect(checks.at(-1)).toMatchObject({ id: "azure.vm-size", status: "pass" });
    });

    test("404 (a region Azure ML does not know): unknown with the reason, never a pass", async () => {
        permissions("permissions-owner");
        usages();
        vmSizes().reply(404, {
            error: { code: "LocationNotFound", message: "The location japaneast was not found." },
        });
        const checks = await azureChecks(
            sized([need("Standard_DS2_v2", "MIR", "event.endpoint.instanceType")]),
            [],
            options(),
        );
        expect(checks.at(-1)).toMatchObject({ id: "azure.vm-size", status: "unknown" });
        expect(checks.at(-1)?.value).toMatch(/^the service answered 404/);
    });
});
