/**
 * The fair-share Azure Policy of one team: a custom definition (components/fairShareRule.ts) in the
 * team's subscription, assigned to the team's resource group with the event's limits. The team is
 * Contributor on its group, and Contributor's NotActions include `Microsoft.Authorization/*\/Write`
 * (Azure built-in roles), so a team cannot remove or change its own assignment.
 *
 * Teardown is not blocked by it: the `deny` effect evaluates create and update requests; refusing a
 * DELETE is the separate `denyAction` effect ("The only supported action today is DELETE",
 * https://learn.microsoft.com/azure/governance/policy/concepts/effect-deny-action), which this
 * definition does not use. Pulumi deletes the assignment before the definition it depends on.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import {
    FAIR_SHARE_PARAMETERS,
    FAIR_SHARE_RULE,
    fairShareMessage,
    fairShareParameterValues,
    type GuardEffect,
} from "./fairShareRule";

export interface FairShareArgs {
    /** `fair-share-<event>-<team>`: definitions live in the subscription, so the name carries the team. */
    readonly definitionName: string;
    /** ARM id of the team's resource group: the assignment's scope. */
    readonly resourceGroupId: pulumi.Input<string>;
    readonly effect: GuardEffect;
    /** The cluster's name and every member's instance name. */
    readonly computeNames: pulumi.Input<pulumi.Input<string>[]>;
    readonly instanceVmSize: string;
    readonly clusterVmSize: string;
    readonly clusterMaxNodes: number;
    readonly deploymentInstanceType: string;
    readonly deploymentMaxInstances: number;
    /** The stack's online endpoint: the only one the team may have. */
    readonly endpointNames: pulumi.Input<pulumi.Input<string>[]>;
    /** The only names an online deployment may have. */
    readonly deploymentNames: readonly string[];
    /** The stack's Azure ML workspace: known from the names, without waiting for the workspace. */
    readonly workspaceNames: pulumi.Input<pulumi.Input<string>[]>;
}

/** The assignment's name in the team's group (unique there; 64 characters at most). */
export const FAIR_SHARE_ASSIGNMENT = "openhack-fair-share";

export class FairShare extends pulumi.ComponentResource {
    public readonly definitionId: pulumi.Output<string>;
    public readonly assignmentId: pulumi.Output<string>;
    /** What a compute waits for, so that it is never sent before the team's policy exists (teamStack.ts). */
    public readonly assignment: authorization.PolicyAssignment;

    constructor(name: string, args: FairShareArgs, opts?: pulumi.ComponentResourceOptions) {
        super("openhack:policy:FairShare", name, {}, opts);
        const definition = new authorization.PolicyDefinition(
            `${name}-definition`,
            {
                policyDefinitionName: args.definitionName,
                displayName: `OpenHack fair share (${args.definitionName})`,
                description:
                    "Azure ML computes and online deployments of one team only within the event's limits, so that the event's quota plan holds.",
                policyType: "Custom",
                // Computes and deployments are child resources: `All` evaluates every type.
                mode: "All",
                metadata: { category: "Machine Learning" },
                parameters: FAIR_SHARE_PARAMETERS,
                policyRule: FAIR_SHARE_RULE,
            },
            { parent: this },
        );
        const limits = {
            instanceVmSize: args.instanceVmSize,
            clusterVmSize: args.clusterVmSize,
            clusterMaxNodes: args.clusterMaxNodes,
            deploymentInstanceType: args.deploymentInstanceType,
            deploymentMaxInstances: args.deploymentMaxInstances,
            deploymentNames: args.deploymentNames,
        };
        const assignment = new authorization.PolicyAssignment(
            `${name}-assignment`,
            {
                policyAssignmentName: FAIR_SHARE_ASSIGNMENT,
                displayName: "OpenHack fair share",
                scope: args.resourceGroupId,
                policyDefinitionId: definition.id,
                enforcementMode: "Default",
                parameters: pulumi
                    .all([args.computeNames, args.endpointNames, args.workspaceNames])
                    .apply(([computeNames, endpointNames, workspaceNames]) =>
                        fairShareParameterValues({
                            ...limits,
                            effect: args.effect,
                            computeNames,
                            endpointNames,
                            workspaceNames,
                        }),
                    ),
                // Azure returns this text with every refusal: the team reads its limits there.
                nonComplianceMessages: [{ message: fairShareMessage(limits) }],
            },
            { parent: this },
        );
        this.definitionId = definition.id;
        this.assignmentId = assignment.id;
        this.assignment = assignment;
        this.registerOutputs({ definitionId: this.definitionId, assignmentId: this.assignmentId });
    }
}
