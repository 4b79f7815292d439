/**
 * GitHub repositories: private unless the event config asks otherwise (`github.visibility`).
 * GitHub creates a repository public when neither `visibility` nor the deprecated `private` flag
 * says otherwise, so an unset visibility is a violation. (Dependabot alerts live in their own
 * resource, so their check is a stack rule: policy/stackRules.ts.)
 */
import { show } from "../props";
import type { PolicyContext, PolicyResource, ResourceRule } from "../types";
import type * as github from "@pulumi/github";
import { propsOf } from "../typedProps";

const repository = propsOf<github.RepositoryArgs>();

export const REPOSITORY = "github:index/repository:Repository";
export const VULNERABILITY_ALERTS =
    "github:index/repositoryVulnerabilityAlerts:RepositoryVulnerabilityAlerts";

export function checkRepositoryVisibility(r: PolicyResource, ctx: PolicyContext): string[] {
    const allowed = ctx.githubVisibility ?? "private";
    const visibility = repository(r, "visibility");
    const legacyPrivate = repository(r, "private");
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
];
