/**
 * The stack's own computes, online endpoints and Azure ML workspace pass the fair-share policy it assigns
 * (components/fairShare.ts): each one the stack registers is evaluated, the way Azure would evaluate its PUT, against the `if`
 * of every policy definition the stack assigns, with the assignment's parameter values. A compute
 * that matches would be refused by the stack's own policy (or reported, with `audit`), so `up`
 * would fail halfway; this catches it before anything is created. And a stack with computes must
 * assign such a policy to its resource group at all.
 */
import { evaluateCondition, type ParameterValues } from "./azurePolicyRule";
import { RESOURCE_GROUP_TYPE, resourceGroupName } from "./context";
import { COMPUTE_TYPE, ENDPOINT_TYPE, FAIR_SHARE_ALIAS_LIST, WORKSPACE_TYPE } from "./mlAliases";
import { isRecord, show } from "./props";
import { COMPUTE, ONLINE_ENDPOINT, WORKSPACE } from "./rules/ml";
import type { PolicyResource, StackFinding } from "./types";
import type * as authorization from "@pulumi/azure-native/authorization";
import type * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import { propsOf } from "./typedProps";

export const POLICY_DEFINITION = "azure-native:authorization:PolicyDefinition";
export const POLICY_ASSIGNMENT = "azure-native:authorization:PolicyAssignment";

const definitionProps = propsOf<authorization.PolicyDefinitionArgs>();
const assignmentProps = propsOf<authorization.PolicyAssignmentArgs>();
const computeProps = propsOf<machinelearningservices.ComputeArgs>();
const endpointProps = propsOf<machinelearningservices.OnlineEndpointArgs>();
const workspaceProps = propsOf<machinelearningservices.WorkspaceArgs>();

/** What the rule judges: the ARM type and the input naming the resource, per Pulumi type. */
const JUDGED: Readonly<
    Record<string, { armType: string; noun: string; name: (r: PolicyResource) => unknown }>
> = {
    [COMPUTE]: {
        armType: COMPUTE_TYPE,
        noun: "compute",
        name: (r) => computeProps(r, "computeName"),
    },
    [ONLINE_ENDPOINT]: {
        armType: ENDPOINT_TYPE,
        noun: "online endpoint",
        name: (r) => endpointProps(r, "endpointName"),
    },
    [WORKSPACE]: {
        armType: WORKSPACE_TYPE,
        noun: "workspace",
        name: (r) => workspaceProps(r, "workspaceName"),
    },
};

const sameText = (a: unknown, b: unknown): boolean =>
    typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/** The definition an assignment assigns: by dependency, or by the definition's id. */
function definitionOf(
    assignment: PolicyResource,
    definitions: readonly PolicyResource[],
): PolicyResource | undefined {
    const byDependency = assignment.propertyDependencies?.policyDefinitionId;
    const id = assignmentProps(assignment, "policyDefinitionId");
    // Stack policies may see no ids: an id ends with `/policyDefinitions/<name>`.
    const leaf =
        typeof id === "string" ? /\/policyDefinitions\/([^/]+)$/i.exec(id)?.[1] : undefined;
    return definitions.find((d) => {
        if (byDependency?.includes(d.urn) === true) return true;
        if (d.id !== undefined && sameText(id, d.id)) return true;
        const name = definitionProps(d, "policyDefinitionName") ?? d.props.name;
        return leaf !== undefined && sameText(leaf, name);
    });
}

/** Whether an assignment is scoped to a group: by dependency, by the group's id, or by its name. */
function assignedTo(assignment: PolicyResource, group: PolicyResource): boolean {
    if (assignment.propertyDependencies?.scope?.includes(group.urn) === true) return true;
    const scope = assignmentProps(assignment, "scope");
    if (group.id !== undefined && sameText(scope, group.id)) return true;
    const name = resourceGroupName(group);
    return (
        typeof scope === "string" &&
        name !== undefined &&
        new RegExp(`/resourceGroups/${name.replace(/[.()]/g, "\\$&")}$`, "i").test(scope)
    );
}

/** A judged resource as ARM receives its PUT: the name and the body the alias paths read. */
function armResource(resource: PolicyResource) {
    const judged = JUDGED[resource.type];
    const name = judged.name(resource) ?? resource.props.name;
    return {
        type: judged.armType,
        name: typeof name === "string" ? name : resource.name,
        // Computes and endpoints carry `properties` as an input; a workspace's inputs are its
        // properties, flattened (the rule reads only its name and type).
        body: { properties: resource.props.properties },
    };
}

export function checkComputesPassFairShare(resources: readonly PolicyResource[]): StackFinding[] {
    const computes = resources.filter((r) => r.type === COMPUTE || r.type === ONLINE_ENDPOINT);
    if (computes.length === 0) return [];
    const judged = resources.filter((r) => r.type in JUDGED);
    const definitions = resources.filter((r) => r.type === POLICY_DEFINITION);
    const assignments = resources.filter((r) => r.type === POLICY_ASSIGNMENT);
    const findings: StackFinding[] = [];

    for (const group of resources.filter((r) => r.type === RESOURCE_GROUP_TYPE)) {
        if (!assignments.some((a) => assignedTo(a, group) && definitionOf(a, definitions)))
            findings.push({
                urn: group.urn,
                message: `resource group ${show(resourceGroupName(group) ?? group.name)} has computes but no fair-share ${POLICY_ASSIGNMENT} of a ${POLICY_DEFINITION} of the stack`,
            });
    }
    for (const assignment of assignments) {
        const definition = definitionOf(assignment, definitions);
        const rule = definition && definitionProps(definition, "policyRule");
        if (!isRecord(rule) || !isRecord(assignment.props.parameters)) continue;
        const parameters = assignment.props.parameters as ParameterValues;
        for (const compute of judged) {
            const arm = armResource(compute);
            let matched: boolean;
            try {
                matched = evaluateCondition(rule.if, arm, parameters, FAIR_SHARE_ALIAS_LIST);
            } catch (e) {
                findings.push({
                    urn: assignment.urn,
                    message: `cannot evaluate the assigned policy rule: ${e instanceof Error ? e.message : String(e)}`,
                });
                return findings;
            }
            if (matched)
                findings.push({
                    urn: compute.urn,
                    message: `${JUDGED[compute.type].noun} ${show(arm.name)} breaks the stack's own fair-share policy ${show(assignment.name)}: Azure would refuse it (or report it, with effect audit)`,
                });
        }
    }
    return findings;
}
