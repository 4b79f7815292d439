/**
 * Azure Policy aliases of Azure ML that the fair-share policy reads (components/fairShareRule.ts),
 * with the property of the ARM request body each one reads. Kept in the policy pack so that its
 * stack rule (policy/rules/fairShare.ts) evaluates the deployed rule the way Azure would.
 *
 * Aliases, and where each is published:
 * - `computes/computeType`: Microsoft Learn, "Audit and manage Azure Machine Learning"
 *   (https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy (source: MicrosoftDocs/azure-ai-docs), example
 *   "Configure no public IP for managed computes"), and the built-in definition 679ddf89
 *   (Azure/azure-policy built-in-policies/policyDefinitions/Machine Learning/MachineLearningServices_IdleShutdown_Audit.json).
 * - `computes/vmSize`: Azure/Enterprise-Scale (Microsoft's Azure landing zones)
 *   src/resources/Microsoft.Authorization/policyDefinitions/Deny-MachineLearning-Compute-VmSize.json.
 * - `computes/scaleSettings.maxNodeCount`: Azure/Enterprise-Scale
 *   src/resources/Microsoft.Authorization/policyDefinitions/Deny-MachineLearning-ComputeCluster-Scale.json.
 * - `onlineEndpoints/deployments/instanceType` and `.../sku.capacity`: found only in third-party
 *   custom definitions, not in a Microsoft-published definition nor in the alias list (which is
 *   served only live: `az provider show --namespace Microsoft.MachineLearningServices --expand
 *   "resourceTypes/aliases"`). UNVERIFIED here: docs/fair-share.md asks the organizer to run that
 *   command once; Azure refuses a definition that names an unknown alias (InvalidPolicyAlias), so
 *   a wrong alias fails `up` loudly, never silently.
 * The `path` of each alias is the property in the ARM request body it reads (the Compute and
 * OnlineDeployment schemas of azure-rest-api-specs, machinelearningservices stable 2024-04-01).
 */
import type { PolicyAlias } from "./azurePolicyRule";

export const WORKSPACE_TYPE = "Microsoft.MachineLearningServices/workspaces";
export const COMPUTE_TYPE = "Microsoft.MachineLearningServices/workspaces/computes";
export const ENDPOINT_TYPE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
export const DEPLOYMENT_TYPE =
    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";

const ML = "Microsoft.MachineLearningServices/workspaces";
const ALZ = "Azure/Enterprise-Scale src/resources/Microsoft.Authorization/policyDefinitions/";

export const FAIR_SHARE_ALIASES = {
    computeType: {
        alias: `${ML}/computes/computeType`,
        path: "properties.computeType",
        source: "https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy; Azure/azure-policy MachineLearningServices_IdleShutdown_Audit.json",
    },
    vmSize: {
        alias: `${ML}/computes/vmSize`,
        path: "properties.properties.vmSize",
        source: `${ALZ}Deny-MachineLearning-Compute-VmSize.json`,
    },
    maxNodeCount: {
        alias: `${ML}/computes/scaleSettings.maxNodeCount`,
        path: "properties.properties.scaleSettings.maxNodeCount",
        source: `${ALZ}Deny-MachineLearning-ComputeCluster-Scale.json`,
    },
    instanceType: {
        alias: `${ML}/onlineEndpoints/deployments/instanceType`,
        path: "properties.instanceType",
        source: "UNVERIFIED: third-party custom definitions only (see docs/fair-share.md)",
    },
    capacity: {
        alias: `${ML}/onlineEndpoints/deployments/sku.capacity`,
        path: "sku.capacity",
        source: "UNVERIFIED: third-party custom definitions only (see docs/fair-share.md)",
    },
} as const satisfies Record<string, PolicyAlias>;

export const FAIR_SHARE_ALIAS_LIST: readonly PolicyAlias[] = Object.values(FAIR_SHARE_ALIASES);
