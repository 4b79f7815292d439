/**
 * Azure ML: a workspace with a managed identity and workspace-based App Insights; computes that cost
 * nothing idle, expose no public SSH and accept only Entra ID auth; personal compute instances that
 * shut down when idle; online endpoints that always require auth.
 *
 * `Compute.properties` is a union discriminated by `computeType`: the outer object holds
 * `disableLocalAuth`, the inner `properties` the cluster or instance settings.
 */
import { durationSeconds, get, isNonEmptyString, show } from "../props";
import type { PolicyResource, ResourceRule } from "../types";
import type * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import type * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { propsOf } from "../typedProps";

const workspace = propsOf<machinelearningservices.WorkspaceArgs>();
const compute = propsOf<machinelearningservices.ComputeArgs>();
const endpoint = propsOf<machinelearningservices.OnlineEndpointArgs>();
const insights = propsOf<applicationinsights.ComponentArgs>();

export const WORKSPACE = "azure-native:machinelearningservices:Workspace";
export const COMPUTE = "azure-native:machinelearningservices:Compute";
export const ONLINE_ENDPOINT = "azure-native:machinelearningservices:OnlineEndpoint";
export const APP_INSIGHTS = "azure-native:applicationinsights:Component";

const MANAGED_IDENTITY_TYPES = ["SystemAssigned", "UserAssigned", "SystemAssigned,UserAssigned"];
const ENDPOINT_AUTH_MODES = ["Key", "AMLToken", "AADToken"];
/** Azure ML's bounds for a compute instance's idle shutdown: 15 minutes to 3 days. */
const IDLE_SHUTDOWN_SECONDS = { min: 15 * 60, max: 3 * 24 * 3600 };

const computeType = (r: PolicyResource): unknown => compute(r, "properties.computeType");
const isCluster = (r: PolicyResource): boolean => computeType(r) === "AmlCompute";
const isInstance = (r: PolicyResource): boolean => computeType(r) === "ComputeInstance";

export function checkWorkspaceIdentity(r: PolicyResource): string[] {
    const type = workspace(r, "identity.type");
    if (typeof type !== "string" || !MANAGED_IDENTITY_TYPES.includes(type)) {
        return [
            `identity.type must be "SystemAssigned", "UserAssigned" or "SystemAssigned,UserAssigned" (is ${show(type)})`,
        ];
    }
    const assigned = workspace(r, "identity.userAssignedIdentities");
    if (type.includes("UserAssigned") && !(Array.isArray(assigned) && assigned.length > 0)) {
        return [
            `identity.userAssignedIdentities must list the user-assigned identity (is ${show(assigned)})`,
        ];
    }
    return [];
}

export function checkAppInsightsWorkspace(r: PolicyResource): string[] {
    const problems: string[] = [];
    const workspaceId = insights(r, "workspaceResourceId");
    if (!isNonEmptyString(workspaceId))
        problems.push(
            `workspaceResourceId must be the Log Analytics workspace id (is ${show(workspaceId)})`,
        );
    const mode = insights(r, "ingestionMode");
    if (mode !== undefined && mode !== "LogAnalytics")
        problems.push(`ingestionMode must be "LogAnalytics" or not set (is ${show(mode)})`);
    return problems;
}

export function checkClusterScaleToZero(r: PolicyResource): string[] {
    if (!isCluster(r)) return [];
    const problems: string[] = [];
    // Unset is the API default, 0.
    const min = compute(r, "properties.properties.scaleSettings.minNodeCount");
    if (min !== undefined && min !== 0)
        problems.push(
            `properties.properties.scaleSettings.minNodeCount must be 0 (is ${show(min)})`,
        );
    const idle = compute(r, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown");
    const seconds = durationSeconds(idle);
    if (seconds === undefined || seconds <= 0) {
        problems.push(
            `properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown must be an ISO 8601 duration such as "PT120S" (is ${show(idle)})`,
        );
    }
    return problems;
}

export function checkNoPublicSsh(r: PolicyResource): string[] {
    if (isCluster(r)) {
        // NotSpecified (the default) opens the port as soon as an admin user has SSH credentials.
        const v = compute(r, "properties.properties.remoteLoginPortPublicAccess");
        return v === "Disabled"
            ? []
            : [
                  `properties.properties.remoteLoginPortPublicAccess must be "Disabled" (is ${show(v)})`,
              ];
    }
    if (isInstance(r)) {
        const v = compute(r, "properties.properties.sshSettings.sshPublicAccess");
        return v === undefined || v === "Disabled"
            ? []
            : [
                  `properties.properties.sshSettings.sshPublicAccess must be "Disabled" or not set (is ${show(v)})`,
              ];
    }
    return [];
}

export function checkLocalAuthDisabled(r: PolicyResource): string[] {
    if (!isCluster(r) && !isInstance(r)) return [];
    const v = compute(r, "properties.disableLocalAuth");
    return v === true ? [] : [`properties.disableLocalAuth must be true (is ${show(v)})`];
}

export function checkInstanceAssignedUser(r: PolicyResource): string[] {
    if (!isInstance(r)) return [];
    // Without an assigned user the instance belongs to whoever deployed it, not to a team member.
    const user = compute(r, "properties.properties.personalComputeInstanceSettings.assignedUser");
    const objectId = get(user, "objectId");
    const tenantId = get(user, "tenantId");
    return isNonEmptyString(objectId) && isNonEmptyString(tenantId)
        ? []
        : [
              `properties.properties.personalComputeInstanceSettings.assignedUser must name the member (objectId and tenantId) (is ${show(user)})`,
          ];
}

export function checkInstanceIdleShutdown(r: PolicyResource): string[] {
    if (!isInstance(r)) return [];
    const idle = compute(r, "properties.properties.idleTimeBeforeShutdown");
    const seconds = durationSeconds(idle);
    return seconds !== undefined &&
        seconds >= IDLE_SHUTDOWN_SECONDS.min &&
        seconds <= IDLE_SHUTDOWN_SECONDS.max
        ? []
        : [
              `properties.properties.idleTimeBeforeShutdown must be an ISO 8601 duration from PT15M to P3D (is ${show(idle)})`,
          ];
}

export function checkEndpointAuth(r: PolicyResource): string[] {
    const mode = endpoint(r, "properties.authMode");
    return typeof mode === "string" && ENDPOINT_AUTH_MODES.includes(mode)
        ? []
        : [`properties.authMode must be "Key", "AMLToken" or "AADToken" (is ${show(mode)})`];
}

export const mlRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "workspace-managed-identity",
        description: "Azure ML workspaces run with a system- or user-assigned managed identity.",
        // Azure.ML.UserManagedIdentity is stricter (user-assigned only): see policy/README.md.
        rules: [],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [WORKSPACE],
        check: checkWorkspaceIdentity,
    },
    {
        kind: "resource",
        name: "appinsights-workspace-based",
        description:
            "Application Insights stores its data in a Log Analytics workspace (workspaceResourceId).",
        rules: ["Azure.AppInsights.Workspace"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [APP_INSIGHTS],
        check: checkAppInsightsWorkspace,
    },
    {
        kind: "resource",
        name: "compute-cluster-scale-to-zero",
        description: "Compute clusters scale to 0 nodes and release idle nodes after a set time.",
        rules: ["CKV_AZURE_150"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [COMPUTE],
        check: checkClusterScaleToZero,
    },
    {
        kind: "resource",
        name: "compute-no-public-ssh",
        description: "Compute clusters and instances expose no public SSH port.",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [COMPUTE],
        check: checkNoPublicSsh,
    },
    {
        kind: "resource",
        name: "compute-local-auth-disabled",
        description:
            "Compute clusters and instances accept Entra ID authentication only (local auth off).",
        rules: ["CKV_AZURE_142", "Azure.ML.DisableLocalAuth"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [COMPUTE],
        check: checkLocalAuthDisabled,
    },
    {
        kind: "resource",
        name: "compute-instance-assigned-user",
        description: "Compute instances are created for a named member (personal assigned user).",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [COMPUTE],
        check: checkInstanceAssignedUser,
    },
    {
        kind: "resource",
        name: "compute-instance-idle-shutdown",
        description: "Compute instances shut down after 15 minutes to 3 days of inactivity.",
        rules: ["Azure.ML.ComputeIdleShutdown"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [COMPUTE],
        check: checkInstanceIdleShutdown,
    },
    {
        kind: "resource",
        name: "endpoint-auth-required",
        description:
            "Online endpoints require a key or a token (authMode Key, AMLToken or AADToken).",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [ONLINE_ENDPOINT],
        check: checkEndpointAuth,
    },
];
