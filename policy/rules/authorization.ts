/**
 * Role assignments: every principal a team stack grants a role to (members, the team's service
 * principal, the coaches group) belongs to that team's event, so none of them may manage access
 * (Owner, User Access Administrator, RBAC Administrator: each can grant itself anything), and no
 * assignment may reach above the team's resource group.
 */
import { teamResourceGroupName } from "../context";
import { show } from "../props";
import type { PolicyContext, PolicyResource, ResourceRule } from "../types";
import type * as authorization from "@pulumi/azure-native/authorization";
import { propsOf } from "../typedProps";

const roleAssignment = propsOf<authorization.RoleAssignmentArgs>();

export const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";

/** Built-in roles that can change role assignments, by role definition GUID. */
export const ACCESS_MANAGING_ROLES: Readonly<Record<string, string>> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};

/** Values ARM accepts for principalType. Set, it avoids PrincipalNotFound while a new principal replicates. */
const PRINCIPAL_TYPES = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"];
/** A scope at or below a resource group; captures the group's name. */
const RESOURCE_GROUP_SCOPE = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)(?:\/.*)?$/i;

/** The resource group a scope lies in, or undefined when the scope is above any group. */
export function scopeResourceGroup(scope: unknown): string | undefined {
    return typeof scope === "string" ? RESOURCE_GROUP_SCOPE.exec(scope)?.[1] : undefined;
}

export function checkRoleAssignmentSafe(r: PolicyResource): string[] {
    const problems: string[] = [];
    const principalType = roleAssignment(r, "principalType");
    if (typeof principalType !== "string" || !PRINCIPAL_TYPES.includes(principalType)) {
        problems.push(
            `principalType must be one of ${PRINCIPAL_TYPES.join(", ")} (is ${show(principalType)})`,
        );
    }
    const role = roleAssignment(r, "roleDefinitionId");
    const guid = typeof role === "string" ? role.split("/").pop()?.toLowerCase() : undefined;
    const forbidden = guid === undefined ? undefined : ACCESS_MANAGING_ROLES[guid];
    if (forbidden !== undefined)
        problems.push(
            `roleDefinitionId must not be ${forbidden}, which can grant any role (is ${show(role)})`,
        );
    const scope = roleAssignment(r, "scope");
    if (scopeResourceGroup(scope) === undefined) {
        problems.push(
            `scope must be a resource group or a resource inside one (is ${show(scope)})`,
        );
    }
    return problems;
}

export function checkRoleAssignmentTeamScope(r: PolicyResource, ctx: PolicyContext): string[] {
    if (ctx.event === undefined || ctx.team === undefined) {
        return [
            "cannot tell the team's resource group: no event and team in the context (tags event and team on the resource group)",
        ];
    }
    const expected = teamResourceGroupName(ctx.event, ctx.team);
    const scope = roleAssignment(r, "scope");
    const group = scopeResourceGroup(scope);
    // Resource group names are case-insensitive in ARM ids.
    return group !== undefined && group.toLowerCase() === expected.toLowerCase()
        ? []
        : [`scope must be inside the team's resource group ${expected} (is ${show(scope)})`];
}

export const authorizationRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "role-assignment-safe",
        description:
            "Role assignments set principalType, stay at or below a resource group and never grant Owner or access administration.",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "critical",
        types: [ROLE_ASSIGNMENT],
        check: checkRoleAssignmentSafe,
    },
    {
        kind: "resource",
        name: "role-assignment-team-scope",
        description:
            "Role assignments are scoped to the team's own resource group (rg-<event>-<team>) or below.",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "critical",
        types: [ROLE_ASSIGNMENT],
        needsContext: ["event", "team"],
        check: checkRoleAssignmentTeamScope,
    },
];
