/**
 * vCPUs and Azure ML quota family of the VM sizes the config can select (event.compute.clusterVmSize,
 * event.compute.instanceVmSize, event.endpoint.instanceType).
 *
 * Deliberately small and explicit: a size that is not listed is a plan ERROR naming the config
 * field, never a guess, because a wrong vCPU count is exactly the quota mistake the plan exists to
 * prevent. Add a row (with its source) when an event needs another size.
 *
 * Family names are those of Azure ML's quotas ("Usage + quotas", provider Machine Learning, or
 * `az ml compute list-usage`): "<family> Cluster Dedicated vCPUs". Compute clusters, compute
 * instances and managed online endpoint deployments all draw on that workspace/regional AML quota,
 * not on the "Virtual Machines" (Microsoft.Compute) quota of the same family.
 */

export interface VmSize {
    readonly vcpus: number;
    readonly memoryGiB: number;
    /** Quota family as Azure ML names it, e.g. "Standard Dv2 Family". */
    readonly family: string;
    /** Public page that documents the size's vCPUs and memory. */
    readonly source: string;
}

const DV2 = "https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dv2-series";
const DSV2 = "https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dsv2-series";
// D11-D14 v2 are the memory-optimized members of the same Dv2/DSv2 quota families.
const DV2_MEMORY = "https://learn.microsoft.com/azure/virtual-machines/dv2-dsv2-series-memory";
const DV3 = "https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dv3-series";
const DSV3 = "https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dsv3-series";
const DASV4 =
    "https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dasv4-series";
const DSV5 = "https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dsv5-series";
const ESV3 =
    "https://learn.microsoft.com/azure/virtual-machines/sizes/memory-optimized/esv3-series";
const FSV2 =
    "https://learn.microsoft.com/azure/virtual-machines/sizes/compute-optimized/fsv2-series";

export const VM_SIZES: Readonly<Record<string, VmSize>> = {
    Standard_D1_v2: { vcpus: 1, memoryGiB: 3.5, family: "Standard Dv2 Family", source: DV2 },
    Standard_D2_v2: { vcpus: 2, memoryGiB: 7, family: "Standard Dv2 Family", source: DV2 },
    Standard_D3_v2: { vcpus: 4, memoryGiB: 14, family: "Standard Dv2 Family", source: DV2 },
    Standard_D4_v2: { vcpus: 8, memoryGiB: 28, family: "Standard Dv2 Family", source: DV2 },
    Standard_D11_v2: { vcpus: 2, memoryGiB: 14, family: "Standard Dv2 Family", source: DV2_MEMORY },
    Standard_D12_v2: { vcpus: 4, memoryGiB: 28, family: "Standard Dv2 Family", source: DV2_MEMORY },
    Standard_DS1_v2: { vcpus: 1, memoryGiB: 3.5, family: "Standard DSv2 Family", source: DSV2 },
    Standard_DS2_v2: { vcpus: 2, memoryGiB: 7, family: "Standard DSv2 Family", source: DSV2 },
    Standard_DS3_v2: { vcpus: 4, memoryGiB: 14, family: "Standard DSv2 Family", source: DSV2 },
    Standard_DS4_v2: { vcpus: 8, memoryGiB: 28, family: "Standard DSv2 Family", source: DSV2 },
    Standard_DS11_v2: {
        vcpus: 2,
        memoryGiB: 14,
        family: "Standard DSv2 Family",
        source: DV2_MEMORY,
    },
    Standard_DS12_v2: {
        vcpus: 4,
        memoryGiB: 28,
        family: "Standard DSv2 Family",
        source: DV2_MEMORY,
    },
    Standard_D2_v3: { vcpus: 2, memoryGiB: 8, family: "Standard Dv3 Family", source: DV3 },
    Standard_D4_v3: { vcpus: 4, memoryGiB: 16, family: "Standard Dv3 Family", source: DV3 },
    Standard_D2s_v3: { vcpus: 2, memoryGiB: 8, family: "Standard DSv3 Family", source: DSV3 },
    Standard_D4s_v3: { vcpus: 4, memoryGiB: 16, family: "Standard DSv3 Family", source: DSV3 },
    Standard_D2as_v4: { vcpus: 2, memoryGiB: 8, family: "Standard DASv4 Family", source: DASV4 },
    Standard_D4as_v4: { vcpus: 4, memoryGiB: 16, family: "Standard DASv4 Family", source: DASV4 },
    Standard_D2s_v5: { vcpus: 2, memoryGiB: 8, family: "Standard DSv5 Family", source: DSV5 },
    Standard_D4s_v5: { vcpus: 4, memoryGiB: 16, family: "Standard DSv5 Family", source: DSV5 },
    Standard_E4s_v3: { vcpus: 4, memoryGiB: 32, family: "Standard ESv3 Family", source: ESV3 },
    Standard_F4s_v2: { vcpus: 4, memoryGiB: 8, family: "Standard FSv2 Family", source: FSV2 },
};

/** The size's row, or undefined for a size this table does not know (never a guess). */
export function vmSize(name: string): VmSize | undefined {
    return Object.prototype.hasOwnProperty.call(VM_SIZES, name) ? VM_SIZES[name] : undefined;
}

/**
 * Azure ML names each quota two ways, and a usage row may carry either in `name.value`: the display
 * text ("Standard Dv2 Family Cluster Dedicated vCPUs", the published Usages_List example) and the
 * family id ("standardDv2Family", what live subscriptions answer, with the display text only in
 * `name.localizedValue`). Preflight matches both; the plan carries both. Sources in
 * docs/azure-facts.md ("Azure ML quota names").
 */

/** Azure ML's display name of the per-family dedicated quota a size draws on. */
export const amlQuotaName = (family: string): string => `${family} Cluster Dedicated vCPUs`;

/**
 * The family id of the same quota: "Standard Dv2 Family" -> "standardDv2Family", as Azure's quota
 * APIs spell it (Microsoft.Quota's Machine Learning examples: "standardDv2Family" for "Standard Dv2
 * Family vCPUs"; compute usages: "standardDSv3Family", "standardDDv4Family").
 */
export const amlFamilyId = (family: string): string => {
    const compact = family.replace(/\s+/g, "");
    return compact.charAt(0).toLowerCase() + compact.slice(1);
};

/** Azure ML's regional total over all families: display text and id. */
export const AML_REGIONAL_QUOTA = "Total Cluster Dedicated Regional vCPUs";
export const AML_REGIONAL_QUOTA_ID = "TotalDedicatedCores";
