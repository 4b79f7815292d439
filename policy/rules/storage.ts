/**
 * Storage account hardening (docs/azure-facts.md, "Resource notes"): HTTPS only, TLS 1.2, no anonymous
 * blob access, private containers, blob soft delete. Shared-key access stays allowed on purpose: AML's
 * system datastores and `storage.Blob` uploads use account keys (see policy/README.md).
 */
import type * as storage from "@pulumi/azure-native/storage";
import { show } from "../props";
import { propsOf } from "../typedProps";
import type { PolicyResource, ResourceRule } from "../types";

const storageAccount = propsOf<storage.StorageAccountArgs>();
const blobContainer = propsOf<storage.BlobContainerArgs>();
const blobService = propsOf<storage.BlobServicePropertiesArgs>();

export const STORAGE_ACCOUNT = "azure-native:storage:StorageAccount";
export const BLOB_CONTAINER = "azure-native:storage:BlobContainer";
export const BLOB_SERVICE_PROPERTIES = "azure-native:storage:BlobServiceProperties";

const ALLOWED_TLS = ["TLS1_2", "TLS1_3"];
/** Azure's bounds for blob soft delete retention. */
const RETENTION_DAYS = { min: 1, max: 365 };

export function checkHttpsOnly(r: PolicyResource): string[] {
    const v = storageAccount(r, "enableHttpsTrafficOnly");
    return v === true ? [] : [`enableHttpsTrafficOnly must be true (is ${show(v)})`];
}

export function checkMinTls(r: PolicyResource): string[] {
    const v = storageAccount(r, "minimumTlsVersion");
    return typeof v === "string" && ALLOWED_TLS.includes(v)
        ? []
        : [`minimumTlsVersion must be "TLS1_2" or "TLS1_3" (is ${show(v)})`];
}

export function checkNoAnonymousBlobAccess(r: PolicyResource): string[] {
    // Explicit false: the API default has changed over versions, and an unset value depends on it.
    const v = storageAccount(r, "allowBlobPublicAccess");
    return v === false ? [] : [`allowBlobPublicAccess must be false (is ${show(v)})`];
}

export function checkContainerPrivate(r: PolicyResource): string[] {
    // Unset means None for the API; anything else would only work if the account allowed public access.
    const v = blobContainer(r, "publicAccess");
    return v === undefined || v === "None"
        ? []
        : [`publicAccess must be "None" or not set (is ${show(v)})`];
}

export function checkBlobSoftDelete(r: PolicyResource): string[] {
    const enabled = blobService(r, "deleteRetentionPolicy.enabled");
    if (enabled !== true)
        return [`deleteRetentionPolicy.enabled must be true (is ${show(enabled)})`];
    const days = blobService(r, "deleteRetentionPolicy.days");
    const valid =
        typeof days === "number" &&
        Number.isInteger(days) &&
        days >= RETENTION_DAYS.min &&
        days <= RETENTION_DAYS.max;
    return valid
        ? []
        : [
              `deleteRetentionPolicy.days must be a whole number from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} (is ${show(days)})`,
          ];
}

export const storageRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "storage-https-only",
        description: "Storage accounts accept HTTPS traffic only.",
        rules: ["CKV_AZURE_3", "AVD-AZU-0008", "Azure.Storage.SecureTransfer"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [STORAGE_ACCOUNT],
        check: checkHttpsOnly,
    },
    {
        kind: "resource",
        name: "storage-min-tls-1-2",
        description: "Storage accounts refuse TLS versions older than 1.2.",
        rules: ["CKV_AZURE_44", "AVD-AZU-0011", "Azure.Storage.MinTLS"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [STORAGE_ACCOUNT],
        check: checkMinTls,
    },
    {
        kind: "resource",
        name: "storage-no-anonymous-blob-access",
        description: "Storage accounts forbid anonymous (public) blob access.",
        rules: ["CKV_AZURE_190", "CKV2_AZURE_47", "Azure.Storage.BlobPublicAccess"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [STORAGE_ACCOUNT],
        check: checkNoAnonymousBlobAccess,
    },
    {
        kind: "resource",
        name: "storage-container-private",
        description: "Blob containers are private (public access None).",
        rules: ["CKV_AZURE_34", "AVD-AZU-0007", "Azure.Storage.BlobAccessType"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [BLOB_CONTAINER],
        check: checkContainerPrivate,
    },
    {
        kind: "resource",
        name: "storage-blob-soft-delete",
        description: "Blob service properties keep deleted blobs for 1-365 days (soft delete).",
        rules: ["CKV2_AZURE_38", "AVD-AZU-0056", "Azure.Storage.SoftDelete"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [BLOB_SERVICE_PROPERTIES],
        check: checkBlobSoftDelete,
    },
];
