/**
 * Container registry: no shared admin credentials and no anonymous pulls. An ACR that AML creates by
 * itself has the admin user on, which is why the program creates its own (docs/azure-facts.md, "Resource notes").
 */
import { show } from "../props";
import type { PolicyResource, ResourceRule } from "../types";
import type * as containerregistry from "@pulumi/azure-native/containerregistry";
import { propsOf } from "../typedProps";

const registry = propsOf<containerregistry.RegistryArgs>();

export const CONTAINER_REGISTRY = "azure-native:containerregistry:Registry";

// Both default to false in the API and in the SDK, so only an explicit true is a violation.
export function checkAdminUserDisabled(r: PolicyResource): string[] {
    const v = registry(r, "adminUserEnabled");
    return v === true ? [`adminUserEnabled must be false (is ${show(v)})`] : [];
}

export function checkAnonymousPullDisabled(r: PolicyResource): string[] {
    const v = registry(r, "anonymousPullEnabled");
    return v === true ? [`anonymousPullEnabled must be false (is ${show(v)})`] : [];
}

export const registryRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "registry-admin-user-disabled",
        description: "Container registries have the shared admin user disabled.",
        rules: ["CKV_AZURE_137", "Azure.ACR.AdminUser"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [CONTAINER_REGISTRY],
        check: checkAdminUserDisabled,
    },
    {
        kind: "resource",
        name: "registry-anonymous-pull-disabled",
        description: "Container registries do not allow anonymous pulls.",
        rules: ["CKV_AZURE_138", "Azure.ACR.AnonymousAccess"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [CONTAINER_REGISTRY],
        check: checkAnonymousPullDisabled,
    },
];
