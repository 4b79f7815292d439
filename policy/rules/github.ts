/**
 * GitHub repositories: private unless the event config asks otherwise (`github.visibility`), and
 * Dependabot vulnerability alerts on. GitHub creates a repository public when neither `visibility`
 * nor the deprecated `private` flag says otherwise, so an unset visibility is a violation.
 */
import { show } from "../props";
import type { PolicyContext, PolicyResource, ResourceRule } from "../types";

export const REPOSITORY = "github:index/repository:Repository";

export function checkRepositoryVisibility(r: PolicyResource, ctx: PolicyContext): string[] {
    const allowed = ctx.githubVisibility ?? "private";
    const visibility = r.props.visibility;
    const legacyPrivate = r.props.private;
    const effective =
        visibility ??
        (legacyPrivate === true ? "private" : legacyPrivate === false ? "public" : undefined);
    if (effective === "private" || effective === allowed) return [];
    const expected = allowed === "private" ? `"private"` : `"private" or "${allowed}"`;
    const actual =
        visibility !== undefined
            ? show(visibility)
            : legacyPrivate === false
              ? "not set, and private is false"
              : "not set, so GitHub creates the repository public";
    return [`visibility must be ${expected} (is ${actual})`];
}

export function checkVulnerabilityAlerts(r: PolicyResource): string[] {
    const v = r.props.vulnerabilityAlerts;
    return v === true ? [] : [`vulnerabilityAlerts must be true (is ${show(v)})`];
}

export const githubRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "github-repository-private",
        description:
            "GitHub repositories are private unless the event config sets github.visibility otherwise.",
        rules: ["CKV_GIT_1", "AVD-GIT-0001"],
        enforcementLevel: "mandatory",
        severity: "high",
        types: [REPOSITORY],
        usesContext: ["githubVisibility"],
        check: checkRepositoryVisibility,
    },
    {
        kind: "resource",
        name: "github-vulnerability-alerts",
        description: "GitHub repositories have Dependabot vulnerability alerts enabled.",
        rules: ["CKV_GIT_3", "AVD-GIT-0003"],
        enforcementLevel: "mandatory",
        severity: "medium",
        types: [REPOSITORY],
        check: checkVulnerabilityAlerts,
    },
];
