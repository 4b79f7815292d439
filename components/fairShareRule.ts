/**
 * The fair-share Azure Policy rule, as data: what a team may create in its resource group so that
 * the plan's quota (offline/plan/quota.ts) is an upper bound no team can exceed. The aliases it
 * reads, and where each is published: policy/mlAliases.ts.
 */
import type * as azureNativeTypes from "@pulumi/azure-native/types";
import {
    COMPUTE_TYPE,
    DEPLOYMENT_TYPE,
    ENDPOINT_TYPE,
    FAIR_SHARE_ALIASES,
    WORKSPACE_TYPE,
} from "../policy/mlAliases";

const A = FAIR_SHARE_ALIASES;
const param = (name: string): string => `[parameters('${name}')]`;

/**
 * Parameters of the definition; the assignment gives each a value (fairShareParameterValues).
 * `endpointNames` and `deploymentNames` came after the first events: a parameter added to a
 * definition that is already assigned must have a `defaultValue` ("Adding or removing parameters",
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters),
 * and the assignment, updated right after the definition, gives the real values.
 */
export const FAIR_SHARE_PARAMETERS = {
    effect: { type: "String", allowedValues: ["Deny", "Audit"], defaultValue: "Deny" },
    computeNames: { type: "Array" },
    instanceVmSize: { type: "String" },
    clusterVmSize: { type: "String" },
    clusterMaxNodes: { type: "Integer" },
    deploymentInstanceType: { type: "String" },
    deploymentMaxInstances: { type: "Integer" },
    endpointNames: { type: "Array", defaultValue: [] },
    deploymentNames: { type: "Array", defaultValue: ["blue"] },
    // Empty by default: between the definition's update and the assignment's (right after it) no
    // workspace may be created or updated; Deny never applies to a DELETE, and existing
    // workspaces are only reported, not removed.
    workspaceNames: { type: "Array", defaultValue: [] },
} satisfies Record<string, azureNativeTypes.input.authorization.ParameterDefinitionsValueArgs>;

/**
 * Matches (so the effect applies to) a compute, an online endpoint or an online deployment beyond
 * the team's share: a compute under another name or of another kind than a cluster or an instance,
 * an instance or a cluster of another size, a cluster of more nodes; an online endpoint other than
 * the stack's; a deployment under another name than the allowed ones (`blue`, the materials'), of
 * another size or more instances. Without the last two a team could multiply the capped deployment
 * by making more of them or more endpoints, and the plan's bound would not hold. And an Azure ML
 * workspace other than the stack's (hubs and projects are the same type): the compute branch reads
 * only a compute's own `name`, so without this a team (Contributor on its group) could create a
 * second workspace and in it the allowed cluster name at the allowed maximum, again and again.
 * A cluster without scale settings is refused too: `greater` on a missing field is false, and
 * Azure would then give it its default maximum.
 *
 * `name` and `type` are fields of every resource, not aliases ("Fields",
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule):
 * `name` is the resource's own name, so for a deployment the part after its endpoint's name.
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
                                        { field: A.maxNodeCount.alias, exists: false },
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
                { field: "type", equals: ENDPOINT_TYPE },
                { field: "name", notIn: param("endpointNames") },
            ],
        },
        {
            allOf: [
                { field: "type", equals: DEPLOYMENT_TYPE },
                {
                    anyOf: [
                        { field: "name", notIn: param("deploymentNames") },
                        { field: A.instanceType.alias, notEquals: param("deploymentInstanceType") },
                        { field: A.capacity.alias, greater: param("deploymentMaxInstances") },
                    ],
                },
            ],
        },
        {
            allOf: [
                { field: "type", equals: WORKSPACE_TYPE },
                { field: "name", notIn: param("workspaceNames") },
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
    /** The stack's online endpoint(s): no other endpoint may be created. */
    readonly endpointNames: readonly string[];
    /** The only names an online deployment may have (`endpoint.deploymentNames`). */
    readonly deploymentNames: readonly string[];
    /** The stack's Azure ML workspace: no other workspace (hub, project) may be created. */
    readonly workspaceNames: readonly string[];
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
        endpointNames: { value: [...limits.endpointNames] },
        deploymentNames: { value: [...limits.deploymentNames] },
        workspaceNames: { value: [...limits.workspaceNames] },
    };
}

/** What Azure shows with a refusal (the assignment's non-compliance message): the limits, plainly. */
export function fairShareMessage(
    limits: Omit<FairShareLimits, "computeNames" | "effect" | "endpointNames" | "workspaceNames">,
): string {
    return (
        `OpenHack fair share: only the workspace, the cluster and your instances the event created; ` +
        `instances ${limits.instanceVmSize}; cluster ${limits.clusterVmSize}, at most ${limits.clusterMaxNodes} nodes ` +
        `(az ml compute create ... --max-instances ${limits.clusterMaxNodes}); ` +
        `only the online endpoint the event created; ` +
        `online deployments named ${limits.deploymentNames.join(", ")}, ${limits.deploymentInstanceType}, at most ${limits.deploymentMaxInstances} instance(s) each. ` +
        `Ask your coach to lift a limit.`
    );
}
