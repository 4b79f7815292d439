/**
 * Checks that need the whole stack: a resource that must exist next to another (a budget for the
 * team's resource group, blob service properties for each storage account, Dependabot alerts for
 * each repository) and the resource group that carries the team's context for every other policy.
 *
 * Links between resources are recognized by value (a budget's `scope` names the group, blob service
 * properties name their `accountName`) and, where CrossGuard reports them, by property dependencies:
 * in a stack policy props are outputs, and path parameters like `accountName` are not among them.
 */
import { ISO_DATE, RESOURCE_GROUP_TYPE, resourceGroupName, teamResourceGroupName } from "./context";
import { isNonEmptyString, isRecord, show } from "./props";
import { scopeResourceGroup } from "./rules/authorization";
import { REPOSITORY, VULNERABILITY_ALERTS } from "./rules/github";
import { BLOB_SERVICE_PROPERTIES, STORAGE_ACCOUNT } from "./rules/storage";
import { checkComputesPassFairShare } from "./fairShareStackRule";
import type { PolicyContext, PolicyResource, StackFinding, StackRule } from "./types";
import type * as consumption from "@pulumi/azure-native/consumption";
import type * as storage from "@pulumi/azure-native/storage";
import type * as github from "@pulumi/github";
import { propsOf } from "./typedProps";

// Stack policies see outputs; these properties are inputs echoed as outputs under the same name.
const budgetProps = propsOf<consumption.BudgetArgs>();
const accountProps = propsOf<storage.StorageAccountArgs>();
const repositoryProps = propsOf<github.RepositoryArgs>();
const alertsProps = propsOf<github.RepositoryVulnerabilityAlertsArgs>();

export const BUDGET = "azure-native:consumption:Budget";

const sameText = (a: unknown, b: unknown): boolean =>
    typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/** Whether `child.props[key]` refers to `parent`, by dependency or by one of the parent's names. */
function refersTo(
    child: PolicyResource,
    key: string,
    parent: PolicyResource,
    parentNames: readonly (string | undefined)[],
): boolean {
    if (child.propertyDependencies?.[key]?.includes(parent.urn) === true) return true;
    return parentNames.some((name) => name !== undefined && sameText(child.props[key], name));
}

export function checkTeamResourceGroup(
    resources: readonly PolicyResource[],
    ctx: PolicyContext,
): StackFinding[] {
    const groups = resources.filter((r) => r.type === RESOURCE_GROUP_TYPE);
    if (groups.length === 0) {
        return [
            {
                urn: "",
                message: `the stack has no ${RESOURCE_GROUP_TYPE}: a team stack creates rg-<event>-<team>, tagged with event, team and endsOn`,
            },
        ];
    }
    return groups.flatMap((group) => {
        const problems: string[] = [];
        const tags = isRecord(group.props.tags) ? group.props.tags : {};
        for (const key of ["event", "team"] as const) {
            const value = tags[key];
            const expected = ctx[key];
            if (!isNonEmptyString(value))
                problems.push(
                    `tags.${key} must be ${expected === undefined ? "set" : show(expected)} (is ${show(value)})`,
                );
            else if (expected !== undefined && value !== expected)
                problems.push(`tags.${key} must be ${show(expected)} (is ${show(value)})`);
        }
        const endsOn = tags.endsOn;
        if (typeof endsOn !== "string" || !ISO_DATE.test(endsOn))
            problems.push(
                `tags.endsOn must be the event's last day as YYYY-MM-DD (is ${show(endsOn)})`,
            );
        else if (ctx.endsOn !== undefined && endsOn !== ctx.endsOn)
            problems.push(`tags.endsOn must be ${show(ctx.endsOn)} (is ${show(endsOn)})`);
        if (isNonEmptyString(tags.event) && isNonEmptyString(tags.team)) {
            const expected = teamResourceGroupName(tags.event, tags.team);
            const name = resourceGroupName(group);
            if (name !== undefined && name !== expected)
                problems.push(
                    `resourceGroupName must be ${show(expected)}, from its event and team tags (is ${show(name)})`,
                );
        }
        return problems.map((message) => ({ urn: group.urn, message }));
    });
}

export function checkBudgetPerResourceGroup(resources: readonly PolicyResource[]): StackFinding[] {
    const budgets = resources.filter((r) => r.type === BUDGET);
    return resources
        .filter((r) => r.type === RESOURCE_GROUP_TYPE)
        .filter(
            (group) =>
                !budgets.some((budget) => {
                    // Dependencies first: in a preview the scope (the group's id) may not be known yet.
                    if (budget.propertyDependencies?.scope?.includes(group.urn) === true)
                        return true;
                    const scope = budgetProps(budget, "scope");
                    if (group.id !== undefined && sameText(scope, group.id)) return true;
                    // An ARM id that ends at the group: the group itself, not a resource inside it.
                    const atGroup =
                        typeof scope === "string" && !/\/resourceGroups\/[^/]+\/./i.test(scope);
                    return atGroup && sameText(scopeResourceGroup(scope), resourceGroupName(group));
                }),
        )
        .map((group) => ({
            urn: group.urn,
            message: `resource group ${show(resourceGroupName(group) ?? group.name)} has no ${BUDGET} scoped to it`,
        }));
}

export function checkBlobSoftDeletePresent(resources: readonly PolicyResource[]): StackFinding[] {
    const services = resources.filter((r) => r.type === BLOB_SERVICE_PROPERTIES);
    return resources
        .filter((r) => r.type === STORAGE_ACCOUNT)
        .filter((account) => {
            const names = [accountProps(account, "accountName"), account.props.name].map((n) =>
                typeof n === "string" ? n : undefined,
            );
            return !services.some((service) => refersTo(service, "accountName", account, names));
        })
        .map((account) => ({
            urn: account.urn,
            message: `storage account ${show(accountProps(account, "accountName") ?? account.props.name ?? account.name)} has no ${BLOB_SERVICE_PROPERTIES}, so blob soft delete is off`,
        }));
}

/**
 * Dependabot alerts on every repository: a RepositoryVulnerabilityAlerts resource for it that is not
 * disabled, or, without one, the deprecated `vulnerabilityAlerts: true` on the repository itself.
 * The repository's own flag is not read when an alerts resource exists: in a stack policy props
 * are outputs, and the provider records the flag as GitHub reported it when the repository was
 * created, before the alerts resource turned them on (often `false`).
 */
export function checkVulnerabilityAlerts(resources: readonly PolicyResource[]): StackFinding[] {
    const alerts = resources.filter((r) => r.type === VULNERABILITY_ALERTS);
    return resources
        .filter((r) => r.type === REPOSITORY)
        .flatMap((repo): StackFinding[] => {
            const nameProp = repositoryProps(repo, "name");
            const repoName = typeof nameProp === "string" ? nameProp : undefined;
            const name = show(repoName ?? repo.name);
            const mine = alerts.filter((a) => refersTo(a, "repository", repo, [repoName]));
            if (mine.length > 0)
                return mine
                    .filter((a) => alertsProps(a, "enabled") === false)
                    .map((a) => ({
                        urn: a.urn,
                        message: `enabled must not be false: Dependabot alerts of repository ${name} would be off`,
                    }));
            if (repositoryProps(repo, "vulnerabilityAlerts") === true) return [];
            return [
                {
                    urn: repo.urn,
                    message: `repository ${name} has no ${VULNERABILITY_ALERTS} enabled for it, so Dependabot alerts are off`,
                },
            ];
        });
}

export const STACK_RULES: readonly StackRule[] = [
    {
        kind: "stack",
        name: "team-resource-group",
        description:
            "The stack's resource group is rg-<event>-<team>, tagged with event, team and endsOn (the context of the other policies).",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "medium",
        usesContext: ["event", "team", "endsOn"],
        check: checkTeamResourceGroup,
    },
    {
        kind: "stack",
        name: "budget-per-resource-group",
        description: "Every resource group of the stack has a consumption budget scoped to it.",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "medium",
        check: checkBudgetPerResourceGroup,
    },
    {
        kind: "stack",
        name: "storage-blob-soft-delete-present",
        description:
            "Every storage account has blob service properties (which carry the soft delete policy).",
        rules: ["CKV2_AZURE_38", "AVD-AZU-0056", "Azure.Storage.SoftDelete"],
        enforcementLevel: "mandatory",
        severity: "medium",
        check: checkBlobSoftDeletePresent,
    },
    {
        kind: "stack",
        name: "github-vulnerability-alerts",
        description:
            "Every GitHub repository has Dependabot vulnerability alerts enabled (RepositoryVulnerabilityAlerts).",
        rules: ["CKV_GIT_3", "AVD-GIT-0003"],
        enforcementLevel: "mandatory",
        severity: "medium",
        check: checkVulnerabilityAlerts,
    },
    {
        kind: "stack",
        name: "fair-share-own-computes",
        description:
            "The stack assigns its fair-share Azure Policy to its resource group, and every compute and online endpoint it creates passes that policy.",
        rules: [],
        enforcementLevel: "mandatory",
        severity: "high",
        check: checkComputesPassFairShare,
    },
];
