/**
 * Key vault: RBAC instead of access policies, soft delete on, and purge protection never on: it
 * cannot be turned off again and keeps a deleted vault (and its globally unique name) unpurgeable for
 * the retention period, which breaks the teardown and re-creation of a team (docs/azure-facts.md, "Resource notes").
 */
import { show } from "../props";
import type { PolicyResource, ResourceRule } from "../types";
import type * as keyvault from "@pulumi/azure-native/keyvault";
import { propsOf } from "../typedProps";

const vault = propsOf<keyvault.VaultArgs>();

export const KEY_VAULT = "azure-native:keyvault:Vault";

export function checkRbacAuthorization(r: PolicyResource): string[] {
    const v = vault(r, "properties.enableRbacAuthorization");
    return v === true ? [] : [`properties.enableRbacAuthorization must be true (is ${show(v)})`];
}

export function checkSoftDelete(r: PolicyResource): string[] {
    const v = vault(r, "properties.enableSoftDelete");
    return v === true ? [] : [`properties.enableSoftDelete must be true (is ${show(v)})`];
}

export function checkNoPurgeProtection(r: PolicyResource): string[] {
    const v = vault(r, "properties.enablePurgeProtection");
    return v === undefined || v === null || v === false
        ? []
        : [
              `properties.enablePurgeProtection must be false or not set (is ${show(v)}): it cannot be undone and blocks purging the vault at teardown`,
          ];
}

export const keyVaultRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "keyvault-rbac-authorization",
        description: "Key vaults authorize data access with Azure RBAC, not access policies.",
        rules: ["Azure.KeyVault.RBAC"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [KEY_VAULT],
        check: checkRbacAuthorization,
    },
    {
        kind: "resource",
        name: "keyvault-soft-delete",
        description: "Key vaults have soft delete enabled.",
        rules: ["CKV_AZURE_111", "Azure.KeyVault.SoftDelete"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [KEY_VAULT],
        check: checkSoftDelete,
    },
    {
        kind: "resource",
        name: "keyvault-no-purge-protection",
        description:
            "Key vaults never enable purge protection, which would block teardown and name reuse.",
        rules: [],
        waives: ["CKV_AZURE_110", "CKV_AZURE_42", "AVD-AZU-0016", "Azure.KeyVault.PurgeProtect"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [KEY_VAULT],
        check: checkNoPurgeProtection,
    },
];
