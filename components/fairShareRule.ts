/**
 * The fair-share Azure Policy rule, as data: what a team may create in its resource group so that
 * the plan's quota (offline/plan/quota.ts) is an upper bound no team can exceed. The aliases it
 * reads, and where each is published: policy/mlAliases.ts.
 */
import type * as azureNativeTypes from "@pulumi/azure-native/types";
import { COMPUTE_TYPE, DEPLOYMENT_TYPE, FAIR_SHARE_ALIASES } from "../policy/mlAliases";

const A = FAIR_SHARE_ALIASES;
const param = (name: string): string => `[parameters('${name}')]`;

/** Parameters of the definition; the assignment gives each a value (fairShareParameterValues). */
export const FAIR_SHARE_PARAMETERS = {
    effect: { type: "String", allowedValues: ["Deny", "Audit"], defaultValue: "Deny" },
    computeNames: { type: "Array" },
    instanceVmSize: { type: "String" },
    clusterVmSize: { type: "String" },
    clusterMaxNodes: { type: "Integer" },
    deploymentInstanceType: { type: "String" },
    deploymentMaxInstances: { type: "Integer" },
} satisfies Record<string, azureNativeTypes.input.authorization.ParameterDefinitionsValueArgs>;

/**
 * Matches (so the effect applies to) a compute or an online deployment beyond the team's share:
 * a compute under another name or of another kind than a cluster or an instance, an instance or a
 * cluster of another size, a cluster of more nodes, a deployment of another size or more instances.
 */
export const FAIR_SHARE_IF = {
    anyOf: [
        {
            allOf: [
                { field: "type", equals: COMPUTE_TYPE },
                {
                    anyOf: [
                        { field: "name", notIn: param("computeNames") },
                        { field: A.computeType.alias, notIn: ["AmlCompute", "ComputeInstance"] },
                        {
                            allOf: [
                                { field: A.computeType.alias, equals: "ComputeInstance" },
                                { field: A.vmSize.alias, notEquals: param("instanceVmSize") },
                            ],
                        },
                        {
                            allOf: [
                                { field: A.computeType.alias, equals: "AmlCompute" },
                                {
                                    anyOf: [
                                        {
                                            field: A.vmSize.alias,
                                            notEquals: param("clusterVmSize"),
                                        },
                                        {
                                            field: A.maxNodeCount.alias,
                                            greater: param("clusterMaxNodes"),
                                        },
                                    ],
                                },
                            ],
                        },
                    ],
                },
            ],
        },
        {
            allOf: [
                { field: "type", equals: DEPLOYMENT_TYPE },
                {
                    anyOf: [
                        { field: A.instanceType.alias, notEquals: param("deploymentInstanceType") },
                        { field: A.capacity.alias, greater: param("deploymentMaxInstances") },
                    ],
                },
            ],
        },
    ],
};

export const FAIR_SHARE_RULE = {
    if: FAIR_SHARE_IF,
    then: { effect: param("effect") },
};

export type GuardEffect = "deny" | "audit";

export interface FairShareLimits {
    readonly effect: GuardEffect;
    /** Every compute name the team may use: the cluster's and the members' instances'. */
    readonly computeNames: readonly string[];
    readonly instanceVmSize: string;
    readonly clusterVmSize: string;
    readonly clusterMaxNodes: number;
    readonly deploymentInstanceType: string;
    readonly deploymentMaxInstances: number;
}

/** The assignment's parameter values for these limits. */
export function fairShareParameterValues(
    limits: FairShareLimits,
): Record<keyof typeof FAIR_SHARE_PARAMETERS, { value: unknown }> {
    return {
        effect: { value: limits.effect === "deny" ? "Deny" : "Audit" },
        computeNames: { value: [...limits.computeNames] },
        instanceVmSize: { value: limits.instanceVmSize },
        clusterVmSize: { value: limits.clusterVmSize },
        clusterMaxNodes: { value: limits.clusterMaxNodes },
        deploymentInstanceType: { value: limits.deploymentInstanceType },
        deploymentMaxInstances: { value: limits.deploymentMaxInstances },
    };
}

/** What Azure shows with a refusal (the assignment's non-compliance message): the limits, plainly. */
export function fairShareMessage(limits: Omit<FairShareLimits, "computeNames" | "effect">): string {
    return (
        `OpenHack fair share: only the cluster and your instances the event created; ` +
        `instances ${limits.instanceVmSize}; cluster ${limits.clusterVmSize}, at most ${limits.clusterMaxNodes} nodes ` +
        `(az ml compute create ... --max-instances ${limits.clusterMaxNodes}); ` +
        `online deployments ${limits.deploymentInstanceType}, at most ${limits.deploymentMaxInstances} instance(s). ` +
        `Ask your coach to lift a limit.`
    );
}
