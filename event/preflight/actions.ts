/**
 * What challenges 6 and 8 need from the GitHub owner beyond the repositories: an Actions policy that
 * runs the materials' actions, Actions minutes that last the event (private repositories), and an
 * OAuth-app policy that lets challenge 6's Logic Apps GitHub connector sign in.
 *
 * Organization policy: `GET /orgs/{org}/actions/permissions` and, when `allowed_actions` is
 * `selected`, `GET /orgs/{org}/actions/permissions/selected-actions` (GitHub REST "Actions
 * permissions"). `--fix` changes only the allowed actions, at the owner's level: one write when the
 * owner already allows selected actions (PUT selected-actions), two when it allows only its own
 * (PUT permissions to `selected`, then PUT selected-actions). It never turns Actions on for the
 * whole organization nor turns SHA pinning off: those are the owner's security decisions, and the
 * check says what to change by hand.
 *
 * A personal account has no account-wide Actions policy in the REST API (only per repository,
 * `GET /repos/{owner}/{repo}/actions/permissions`, and the repositories do not exist before `up`),
 * and GitHub's REST API shows no OAuth-app restriction of an organization at all: both are manual
 * checklist lines, never a pass.
 */
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { MATERIALS_ACTIONS, splitUses } from "../../stacks/materialsGitHub";
import {
    describeMinutes,
    estimateActionsMinutes,
    minutesChoices,
    type MinutesEstimate,
} from "../../offline/plan/actionsMinutes";
import { daysUntilEnd } from "../../offline/plan/cost";
import type { GitHubClient } from "../cloud/clients";
import { ask, type AskOptions } from "./guard";
import { checksOf, type Check } from "./model";

export interface ActionsCheckOptions {
    readonly octokit: GitHubClient;
    readonly ask: AskOptions;
    readonly fix: boolean;
    /** Today, for the billing month and the event days left. */
    readonly now: Date;
}

const check = checksOf("github");

/** The allowed-actions setting of `GET /orgs/{org}/actions/permissions/selected-actions`. */
export interface SelectedActions {
    readonly github_owned_allowed?: boolean;
    readonly verified_allowed?: boolean;
    readonly patterns_allowed?: readonly string[];
}

/**
 * Whether a `patterns_allowed` entry admits `owner/repo@ref`. GitHub's patterns: `owner/*`,
 * `owner/repo@*`, `owner/repo@ref` (REST "Set allowed actions", patterns_allowed). Owner and
 * repository names are case-insensitive on GitHub; refs are compared as written.
 */
export function patternAdmits(pattern: string, uses: string): boolean {
    const a = splitUses(uses);
    const p = pattern.trim();
    const owner = a.owner.toLowerCase();
    const repo = `${owner}/${a.repo.toLowerCase()}`;
    const lower = p.toLowerCase();
    if (lower === `${owner}/*`) return true;
    const at = p.lastIndexOf("@");
    if (at < 0) return lower === repo;
    if (p.slice(0, at).toLowerCase() !== repo) return false;
    const ref = p.slice(at + 1);
    return ref === "*" || ref === a.ref;
}

/**
 * The materials' actions a `selected` policy refuses. GitHub-owned means the `actions` and `github`
 * owners (REST "Set allowed actions", github_owned_allowed). Marketplace "verified creator" status
 * is not readable here, so `verified_allowed` is never counted as admitting an action.
 */
export function refusedActions(selected: SelectedActions): string[] {
    return MATERIALS_ACTIONS.map((a) => a.uses).filter((uses) => {
        const { owner } = splitUses(uses);
        if (selected.github_owned_allowed === true && ["actions", "github"].includes(owner))
            return false;
        return !(selected.patterns_allowed ?? []).some((p) => patternAdmits(p, uses));
    });
}

/** The selected-actions body that adds what is refused and keeps everything already allowed. */
export function widenedSelection(selected: SelectedActions, refused: readonly string[]) {
    const patterns = [...(selected.patterns_allowed ?? [])];
    let githubOwned = selected.github_owned_allowed ?? false;
    for (const uses of refused) {
        const { owner, repo } = splitUses(uses);
        if (owner === "actions" || owner === "github") githubOwned = true;
        // Every version: teams may move to a newer tag in challenge 8.
        else patterns.push(`${owner}/${repo}@*`);
    }
    return {
        github_owned_allowed: githubOwned,
        verified_allowed: selected.verified_allowed ?? false,
        patterns_allowed: patterns,
    };
}

const ACTIONS_LIST = MATERIALS_ACTIONS.map((a) => `${a.uses} (${a.file})`).join(", ");

async function policyChecks(event: EventConfig, options: ActionsCheckOptions): Promise<Check[]> {
    const org = event.github.owner;
    const subject = `owner ${org} Actions policy`;
    const settings = `https://github.com/organizations/${org}/settings/actions`;
    const permissions = await ask(options.ask, (signal) =>
        options.octokit.rest.actions.getGithubActionsPermissionsOrganization({
            org,
            request: { signal },
        }),
    );
    if (!permissions.ok)
        return [
            check(
                "github.actions",
                subject,
                "unknown",
                permissions.status === 403 || permissions.status === 404
                    ? `${permissions.reason} (reading it needs an organization owner's token: classic scope admin:org, or fine-grained Administration: read on the organization)`
                    : permissions.reason,
                `check ${settings} admits ${ACTIONS_LIST}`,
            ),
        ];
    const policy = permissions.value.data as typeof permissions.value.data & {
        readonly sha_pinning_required?: boolean;
    };
    const checks: Check[] = [];
    if (policy.enabled_repositories === "none")
        checks.push(
            check(
                "github.actions",
                subject,
                "fail",
                "Actions is disabled for every repository of the organization: challenges 6 and 8 cannot run",
                `${settings}: allow all repositories (or selected ones, then add the event's repositories after up)`,
            ),
        );
    else if (policy.enabled_repositories === "selected")
        checks.push(
            check(
                "github.actions",
                subject,
                "warn",
                "Actions runs only in selected repositories: the event's repositories are not on the list until someone adds them",
                `after up, add the event's repositories at ${settings} (or allow all repositories)`,
            ),
        );
    if (policy.sha_pinning_required === true)
        checks.push(
            check(
                "github.actions",
                subject,
                "fail",
                `actions must be pinned to a full commit SHA, but the materials use tags: ${ACTIONS_LIST}`,
                `${settings}: turn off "Require actions to be pinned to a full-length commit SHA" for the event, or tell the teams to pin each action to its SHA`,
            ),
        );
    checks.push(await allowedActionsCheck(org, policy, options));
    return checks;
}

async function allowedActionsCheck(
    org: string,
    policy: { enabled_repositories: "all" | "none" | "selected"; allowed_actions?: string },
    options: ActionsCheckOptions,
): Promise<Check> {
    const subject = `owner ${org} allowed actions`;
    const settings = `https://github.com/organizations/${org}/settings/actions`;
    const allowed = policy.allowed_actions;
    if (allowed === undefined || allowed === "all")
        return check(
            "github.actions.allowed",
            subject,
            "pass",
            `all actions allowed: ${ACTIONS_LIST}`,
        );
    let selected: SelectedActions = {};
    if (allowed === "selected") {
        const answer = await ask(options.ask, (signal) =>
            options.octokit.rest.actions.getAllowedActionsOrganization({
                org,
                request: { signal },
            }),
        );
        if (!answer.ok)
            return check(
                "github.actions.allowed",
                subject,
                "unknown",
                answer.reason,
                `check ${settings} admits ${ACTIONS_LIST}`,
            );
        selected = answer.value.data;
    }
    // local_only: only the organization's own actions run, which is none of the materials'.
    const refused =
        allowed === "local_only" ? MATERIALS_ACTIONS.map((a) => a.uses) : refusedActions(selected);
    if (refused.length === 0)
        return check(
            "github.actions.allowed",
            subject,
            "pass",
            `selected actions admit ${ACTIONS_LIST}`,
        );
    const body = widenedSelection(selected, refused);
    const value = `allowed_actions ${allowed} refuses ${refused.join(", ")} (used by ${MATERIALS_ACTIONS.filter(
        (a) => refused.includes(a.uses),
    )
        .map((a) => a.file)
        .join(", ")})`;
    if (!options.fix)
        return check(
            "github.actions.allowed",
            subject,
            "fail",
            value,
            `npm run event -- preflight <roster> --fix (allows ${describeBody(body)} for the whole organization), or do it at ${settings}`,
        );
    let writes = 0;
    if (allowed !== "selected") {
        const put = await ask(options.ask, (signal) =>
            options.octokit.rest.actions.setGithubActionsPermissionsOrganization({
                org,
                enabled_repositories: policy.enabled_repositories,
                allowed_actions: "selected",
                request: { signal },
            }),
        );
        if (!put.ok)
            return check(
                "github.actions.allowed",
                subject,
                "fail",
                `${value}; --fix could not set allowed_actions to selected: ${put.reason}`,
                `do it at ${settings}`,
            );
        writes++;
    }
    const set = await ask(options.ask, (signal) =>
        options.octokit.rest.actions.setAllowedActionsOrganization({
            org,
            ...body,
            request: { signal },
        }),
    );
    if (!set.ok)
        return check(
            "github.actions.allowed",
            subject,
            "fail",
            `${value}; --fix made ${writes} write(s), then could not set the selected actions: ${set.reason}`,
            `do it at ${settings}`,
        );
    writes++;
    return check(
        "github.actions.allowed",
        subject,
        "pass",
        `fixed with ${writes} write(s) to the organization's policy (one for the event, not per team): now allows ${describeBody(body)}`,
    );
}

function describeBody(body: ReturnType<typeof widenedSelection>): string {
    const parts = [
        ...(body.github_owned_allowed ? ["GitHub-owned actions"] : []),
        ...body.patterns_allowed,
    ];
    return parts.join(", ");
}

function personalAccountPolicy(event: EventConfig): Check {
    return check(
        "github.actions",
        `owner ${event.github.owner} Actions policy`,
        "warn",
        "a personal account: GitHub's REST API sets Actions permissions per repository only, and the repositories do not exist before up, so preflight cannot read it (manual check)",
        `https://github.com/settings/actions: Actions enabled and ${ACTIONS_LIST} allowed (after up, each repository's Settings > Actions shows the same)`,
    );
}

/** Actions minutes reported by the billing usage report this month (product Actions, unit minutes). */
export function actionsMinutesUsed(
    items: readonly { product?: string; unitType?: string; quantity?: number }[],
): number {
    return items
        .filter(
            (i) =>
                i.product?.toLowerCase() === "actions" && i.unitType?.toLowerCase() === "minutes",
        )
        .reduce((sum, i) => sum + (i.quantity ?? 0), 0);
}

async function minutesCheck(
    event: EventConfig,
    teams: readonly TeamConfig[],
    options: ActionsCheckOptions,
): Promise<Check | undefined> {
    const days = daysUntilEnd(options.now, event.endsOn, event.startsOn);
    const estimate: MinutesEstimate = estimateActionsMinutes(event, teams.length, days);
    if (!estimate.counted) return undefined;
    const owner = event.github.owner;
    const subject = `owner ${owner} Actions minutes`;
    const base = `${describeMinutes(estimate)}; the ${event.github.plan} plan includes ${estimate.included} per month`;
    if (event.github.ownerType === "user")
        return check(
            "github.actions.minutes",
            subject,
            "warn",
            `${base}; a personal account's usage is not read here (manual check)`,
            `https://github.com/settings/billing: compare the minutes used this month; ${minutesChoices(owner)}`,
        );
    const year = options.now.getUTCFullYear();
    const month = options.now.getUTCMonth() + 1;
    const usage = await ask(options.ask, (signal) =>
        options.octokit.rest.billing.getGithubBillingUsageReportOrg({
            org: owner,
            year,
            month,
            request: { signal },
        }),
    );
    if (!usage.ok)
        return check(
            "github.actions.minutes",
            subject,
            estimate.total > estimate.included ? "warn" : "unknown",
            `${base}; the usage this month could not be read: ${usage.reason}${usage.status === 403 || usage.status === 404 ? " (the billing usage report needs an organization owner or billing manager)" : ""}`,
            `https://github.com/organizations/${owner}/settings/billing; ${minutesChoices(owner)}`,
        );
    const used = actionsMinutesUsed(usage.value.data.usageItems ?? []);
    const left = Math.max(0, estimate.included - used);
    const value = `${base}, ${used} used in ${year}-${String(month).padStart(2, "0")} (billing usage report; it lists public repositories' free minutes too, so this may overstate), ${left} left`;
    return estimate.total <= left
        ? check("github.actions.minutes", subject, "pass", value)
        : check("github.actions.minutes", subject, "warn", value, minutesChoices(owner));
}

/**
 * Challenge 6's Logic App calls the GitHub connector's "Create a repository dispatch event"; the
 * connector signs in through an OAuth app. An organization with OAuth app access restrictions (the
 * default for organizations) keeps that sign-in from reaching its repositories until an owner
 * approves the app. The REST API does not show the restriction, so this is a manual line.
 */
function connectorCheck(event: EventConfig): Check {
    const owner = event.github.owner;
    const subject = `owner ${owner} OAuth apps (challenge 6 Logic Apps GitHub connector)`;
    if (event.github.ownerType === "user")
        return check(
            "github.oauthApps",
            subject,
            "pass",
            "a personal account has no OAuth app access restrictions: each member authorizes the connector for their own account",
        );
    return check(
        "github.oauthApps",
        subject,
        "warn",
        "GitHub's REST API does not show whether the organization restricts OAuth apps (manual check): with restrictions on, the Logic Apps GitHub connector cannot create the repository_dispatch event until an owner approves it",
        `https://github.com/organizations/${owner}/settings/oauth_application_policy: approve the connector's app when a team requests it (or remove the restrictions for the event); docs/github-for-challenges.md`,
    );
}

export async function actionsChecks(
    event: EventConfig,
    teams: readonly TeamConfig[],
    options: ActionsCheckOptions,
): Promise<Check[]> {
    const checks =
        event.github.ownerType === "user"
            ? [personalAccountPolicy(event)]
            : await policyChecks(event, options);
    const minutes = await minutesCheck(event, teams, options);
    if (minutes !== undefined) checks.push(minutes);
    checks.push(connectorCheck(event));
    return checks;
}
