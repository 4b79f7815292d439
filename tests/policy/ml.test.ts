import { evaluate } from "../../policy/evaluate";
import { TENANT, TYPES, stackWith, violation } from "./helpers";

const cluster = (policy: string, message: string) =>
    violation(policy, TYPES.compute, "alpha-cluster", message);
const instance = (policy: string, message: string) =>
    violation(policy, TYPES.compute, "alpha-instance", message);
const OBJECT_ID = "11111111-1111-1111-1111-111111111111";

describe("workspace-managed-identity", () => {
    const workspace = (message: string) =>
        violation("workspace-managed-identity", TYPES.workspace, "alpha-workspace", message);
    test("compliant: user-assigned identity with its id", () => {
        expect(
            evaluate(
                stackWith("alpha-workspace", "identity", {
                    type: "UserAssigned",
                    userAssignedIdentities: ["/subscriptions/s/id"],
                }),
            ),
        ).toEqual([]);
    });
    test.each([
        [
            { type: "None" },
            'identity.type must be "SystemAssigned", "UserAssigned" or "SystemAssigned,UserAssigned" (is "None")',
        ],
        [
            undefined,
            'identity.type must be "SystemAssigned", "UserAssigned" or "SystemAssigned,UserAssigned" (is not set)',
        ],
        [
            { type: "SystemAssigned,UserAssigned" },
            "identity.userAssignedIdentities must list the user-assigned identity (is not set)",
        ],
    ])("violated by identity %j", (identity, message) => {
        expect(evaluate(stackWith("alpha-workspace", "identity", identity))).toEqual([
            workspace(message),
        ]);
    });
});

describe("appinsights-workspace-based", () => {
    const insights = (message: string) =>
        violation("appinsights-workspace-based", TYPES.insights, "alpha-insights", message);
    test("compliant: ingestionMode not set", () =>
        expect(evaluate(stackWith("alpha-insights", "ingestionMode", undefined))).toEqual([]));
    test.each([
        [
            "workspaceResourceId",
            undefined,
            "workspaceResourceId must be the Log Analytics workspace id (is not set)",
        ],
        [
            "workspaceResourceId",
            "",
            'workspaceResourceId must be the Log Analytics workspace id (is "")',
        ],
        [
            "ingestionMode",
            "ApplicationInsights",
            'ingestionMode must be "LogAnalytics" or not set (is "ApplicationInsights")',
        ],
    ])("violated by %s = %p", (path, value, message) => {
        expect(evaluate(stackWith("alpha-insights", path, value))).toEqual([insights(message)]);
    });
});

describe("compute-cluster-scale-to-zero", () => {
    const scale = "properties.properties.scaleSettings";
    test("compliant: minNodeCount not set (API default 0)", () =>
        expect(evaluate(stackWith("alpha-cluster", `${scale}.minNodeCount`, undefined))).toEqual(
            [],
        ));
    test.each([
        [
            `${scale}.minNodeCount`,
            1,
            "properties.properties.scaleSettings.minNodeCount must be 0 (is 1)",
        ],
        [
            `${scale}.nodeIdleTimeBeforeScaleDown`,
            undefined,
            'properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown must be an ISO 8601 duration such as "PT120S" (is not set)',
        ],
        [
            `${scale}.nodeIdleTimeBeforeScaleDown`,
            "120",
            'properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown must be an ISO 8601 duration such as "PT120S" (is "120")',
        ],
        [
            `${scale}.nodeIdleTimeBeforeScaleDown`,
            "PT0S",
            'properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown must be an ISO 8601 duration such as "PT120S" (is "PT0S")',
        ],
    ])("violated by %s = %p", (path, value, message) => {
        expect(evaluate(stackWith("alpha-cluster", path, value))).toEqual([
            cluster("compute-cluster-scale-to-zero", message),
        ]);
    });
    test("does not apply to compute instances", () => {
        expect(evaluate(stackWith("alpha-instance", `${scale}`, { minNodeCount: 3 }))).toEqual([]);
    });
});

describe("compute-no-public-ssh", () => {
    test("compliant: instance without sshSettings", () =>
        expect(
            evaluate(stackWith("alpha-instance", "properties.properties.sshSettings", undefined)),
        ).toEqual([]));
    test.each([
        [
            "NotSpecified",
            'properties.properties.remoteLoginPortPublicAccess must be "Disabled" (is "NotSpecified")',
        ],
        [
            "Enabled",
            'properties.properties.remoteLoginPortPublicAccess must be "Disabled" (is "Enabled")',
        ],
        [
            undefined,
            'properties.properties.remoteLoginPortPublicAccess must be "Disabled" (is not set)',
        ],
    ])("violated by a cluster with remoteLoginPortPublicAccess %p", (value, message) => {
        expect(
            evaluate(
                stackWith(
                    "alpha-cluster",
                    "properties.properties.remoteLoginPortPublicAccess",
                    value,
                ),
            ),
        ).toEqual([cluster("compute-no-public-ssh", message)]);
    });
    test("violated by an instance with public SSH", () => {
        expect(
            evaluate(
                stackWith(
                    "alpha-instance",
                    "properties.properties.sshSettings.sshPublicAccess",
                    "Enabled",
                ),
            ),
        ).toEqual([
            instance(
                "compute-no-public-ssh",
                'properties.properties.sshSettings.sshPublicAccess must be "Disabled" or not set (is "Enabled")',
            ),
        ]);
    });
});

describe("compute-local-auth-disabled", () => {
    test("compliant: both computes with disableLocalAuth true", () =>
        expect(evaluate(stackWith("alpha-cluster", "properties.disableLocalAuth", true))).toEqual(
            [],
        ));
    test("violated by a cluster with local auth", () => {
        expect(evaluate(stackWith("alpha-cluster", "properties.disableLocalAuth", false))).toEqual([
            cluster(
                "compute-local-auth-disabled",
                "properties.disableLocalAuth must be true (is false)",
            ),
        ]);
    });
    test("violated by an instance that does not disable it", () => {
        expect(
            evaluate(stackWith("alpha-instance", "properties.disableLocalAuth", undefined)),
        ).toEqual([
            instance(
                "compute-local-auth-disabled",
                "properties.disableLocalAuth must be true (is not set)",
            ),
        ]);
    });
});

describe("compute-instance-assigned-user", () => {
    const path = "properties.properties.personalComputeInstanceSettings";
    test("compliant: assigned to a member", () => {
        expect(
            evaluate(
                stackWith("alpha-instance", `${path}.assignedUser`, {
                    objectId: OBJECT_ID,
                    tenantId: TENANT,
                }),
            ),
        ).toEqual([]);
    });
    test.each([
        [
            undefined,
            "properties.properties.personalComputeInstanceSettings.assignedUser must name the member (objectId and tenantId) (is not set)",
        ],
        [
            { assignedUser: { objectId: OBJECT_ID, tenantId: "" } },
            `properties.properties.personalComputeInstanceSettings.assignedUser must name the member (objectId and tenantId) (is {"objectId":"${OBJECT_ID}","tenantId":""})`,
        ],
    ])("violated by personalComputeInstanceSettings %j", (value, message) => {
        expect(evaluate(stackWith("alpha-instance", path, value))).toEqual([
            instance("compute-instance-assigned-user", message),
        ]);
    });
});

describe("compute-instance-idle-shutdown", () => {
    const path = "properties.properties.idleTimeBeforeShutdown";
    test.each(["PT15M", "PT1H30M", "P3D", "P1DT12H"])("compliant: %s", (value) =>
        expect(evaluate(stackWith("alpha-instance", path, value))).toEqual([]),
    );
    test.each([
        [
            "PT10M",
            'properties.properties.idleTimeBeforeShutdown must be an ISO 8601 duration from PT15M to P3D (is "PT10M")',
        ],
        [
            "P4D",
            'properties.properties.idleTimeBeforeShutdown must be an ISO 8601 duration from PT15M to P3D (is "P4D")',
        ],
        [
            "60",
            'properties.properties.idleTimeBeforeShutdown must be an ISO 8601 duration from PT15M to P3D (is "60")',
        ],
        [
            undefined,
            "properties.properties.idleTimeBeforeShutdown must be an ISO 8601 duration from PT15M to P3D (is not set)",
        ],
    ])("violated by %p", (value, message) => {
        expect(evaluate(stackWith("alpha-instance", path, value))).toEqual([
            instance("compute-instance-idle-shutdown", message),
        ]);
    });
});

describe("endpoint-auth-required", () => {
    test.each(["Key", "AMLToken", "AADToken"])("compliant: %s", (mode) =>
        expect(evaluate(stackWith("alpha-endpoint", "properties.authMode", mode))).toEqual([]),
    );
    test.each([
        ["None", 'properties.authMode must be "Key", "AMLToken" or "AADToken" (is "None")'],
        ["key", 'properties.authMode must be "Key", "AMLToken" or "AADToken" (is "key")'],
        [undefined, 'properties.authMode must be "Key", "AMLToken" or "AADToken" (is not set)'],
    ])("violated by %p", (mode, message) => {
        expect(evaluate(stackWith("alpha-endpoint", "properties.authMode", mode))).toEqual([
            violation("endpoint-auth-required", TYPES.endpoint, "alpha-endpoint", message),
        ]);
    });
});
