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
 * Whether an allowed-actions pattern admits `owner/repo@ref`. GitHub matches the pattern against the
 * whole `owner/repo@ref` with its workflow filter-pattern glob: `*` is any run of characters except
 * `/`, `**` any run including `/` (github/docs https://github.com/github/docs/blob/main/data/reusables/actions/allow-specific-actions-intro.md:
 * "`space-org*\/*`" allows every action of the organizations starting with space-org, "`*\/octocat*@*`"
 * every action of the repositories starting with octocat; its link goes to the "Filter pattern cheat
 * sheet" of the workflow syntax). A pattern without `@` is therefore matched like any other: `azure/*`
 * and `azure/log*` admit `azure/login@v1` because `*` runs over `@v1`, but a bare `azure/login` does
 * not (nothing in it matches `@v1`). GitHub's docs never show a bare `owner/repo`, so preflight takes
 * the strict reading: at worst a FAIL that `azure/login@*` resolves, never a false PASS.
 * Owner and repository names are case-insensitive on GitHub; the ref is compared as written.
 */
export function patternAdmits(pattern: string, uses: string): boolean {
    const { owner, repo, ref } = splitUses(uses);
    const p = pattern.trim();
    const at = p.indexOf("@");
    const head = (at < 0 ? p : p.slice(0, at)).toLowerCase();
    const glob = at < 0 ? head : `${head}${p.slice(at)}`;
    return globRegExp(glob).test(`${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`);
}

function globRegExp(glob: string): RegExp {
    let source = "";
    for (let i = 0; i < glob.length; i++) {
        if (glob[i] !== "*") source += glob[i].replace(/[.+?^${}()|[\]\\]/g, "\\$&");
        else if (glob[i + 1] === "*") {
            source += ".*";
            i++;
        } else source += "[^/]*";
    }
    return new RegExp(`^${source}$`);
}

/** `!` entries block (GitHub changelog 2025-08-15, "GitHub Actions policy now supports blocking and SHA pinning actions"). */
const isBlock = (pattern: string): boolean => pattern.trim().startsWith("!");

/**
 * Whether the owner's `patterns_allowed` applies to the event's repositories. @octokit/openapi-types
 * (selected-actions.patterns_allowed): "The `patterns_allowed` setting only applies to public
 * repositories"; github/docs https://github.com/github/docs/blob/main/data/reusables/actions/allow-specific-actions-intro.md: on the Free,
 * Pro and Team plans "Allow specified actions" is available only in public repositories. Enterprise
 * is the plan where it applies to private ones.
 */
export function patternsApply(event: EventConfig): boolean {
    return event.github.visibility === "public" || event.github.plan === "enterprise";
}

export interface Verdict {
    /** Actions nothing allows (or only a pattern that does not apply to these repositories). */
    readonly refused: string[];
    /** Actions a `!` entry blocks: evaluated last, they override every allow. */
    readonly blocked: string[];
    /** Of `refused`, those only a pattern could admit, where patterns do not apply. */
    readonly patternOnly: string[];
}

/**
 * How a `selected` policy treats the materials' actions. GitHub-owned means the `actions` and
 * `github` owners (REST "Set allowed actions", github_owned_allowed). Marketplace "verified creator"
 * status is not readable here, so `verified_allowed` is never counted as admitting an action. Allows
 * first, then blocks, which override them (changelog 2025-08-15: "The blocklist is evaluated last").
 */
export function judgeSelection(selected: SelectedActions, patternsCount = true): Verdict {
    const patterns = selected.patterns_allowed ?? [];
    const allows = patterns.filter((p) => !isBlock(p));
    const blocks = patterns.filter(isBlock).map((p) => p.trim().slice(1));
    const refused: string[] = [];
    const patternOnly: string[] = [];
    const blocked: string[] = [];
    for (const { uses } of MATERIALS_ACTIONS) {
        const { owner } = splitUses(uses);
        const githubOwned =
            selected.github_owned_allowed === true && ["actions", "github"].includes(owner);
        const byPattern = allows.some((p) => patternAdmits(p, uses));
        if (blocks.some((p) => patternAdmits(p, uses))) blocked.push(uses);
        else if (!githubOwned && !(byPattern && patternsCount)) {
            refused.push(uses);
            if (!["actions", "github"].includes(owner) && !patternsCount) patternOnly.push(uses);
        }
    }
    return { refused, blocked, patternOnly };
}

/** The materials' actions a `selected` policy refuses or blocks (patterns counted). */
export function refusedActions(selected: SelectedActions): string[] {
    const { refused, blocked } = judgeSelection(selected);
    return [...refused, ...blocked];
}

/** The selected-actions body that adds what is refused and keeps everything already allowed (blocks too). */
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

/** `GET /orgs/{org}/actions/permissions` as preflight reads it. */
interface Policy {
    readonly enabled_repositories: "all" | "none" | "selected";
    readonly allowed_actions?: "all" | "local_only" | "selected";
    readonly sha_pinning_required?: boolean;
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
                    ? `${permissions.reason} (reading it needs an organization owner's token: classic scope admin:org, or fine-grained Administration: read on the organization; --fix needs read and write)`
                    : permissions.reason,
                `check ${settings} admits ${ACTIONS_LIST}`,
            ),
        ];
    // sha_pinning_required is newer than the @octokit/openapi-types in use (GitHub changelog 2025-08-15).
    const policy: Policy = permissions.value.data;
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
    checks.push(await allowedActionsCheck(event, policy, options));
    return checks;
}

async function allowedActionsCheck(
    event: EventConfig,
    policy: Policy,
    options: ActionsCheckOptions,
): Promise<Check> {
    const org = event.github.owner;
    const subject = `owner ${org} allowed actions`;
    const settings = `https://github.com/organizations/${org}/settings/actions`;
    const allowed = policy.allowed_actions;
    // GitHub leaves allowed_actions out when Actions is disabled (enabled_repositories none).
    if (allowed === undefined)
        return check(
            "github.actions.allowed",
            subject,
            policy.enabled_repositories === "none" ? "fail" : "unknown",
            `GitHub returned no allowed_actions${policy.enabled_repositories === "none" ? " (Actions is disabled): no action runs" : ""}, so ${ACTIONS_LIST} are not known to be allowed`,
            `check ${settings} admits ${ACTIONS_LIST}`,
        );
    if (allowed === "all")
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
    const patternsCount = patternsApply(event);
    // local_only: only the organization's own actions run, which is none of the materials'.
    const verdict: Verdict =
        allowed === "local_only"
            ? {
                  refused: MATERIALS_ACTIONS.map((a) => a.uses),
                  blocked: [],
                  patternOnly: patternsCount
                      ? []
                      : MATERIALS_ACTIONS.map((a) => a.uses).filter(
                            (u) => !["actions", "github"].includes(splitUses(u).owner),
                        ),
              }
            : judgeSelection(selected, patternsCount);
    const { refused, blocked, patternOnly } = verdict;
    if (refused.length === 0 && blocked.length === 0)
        return check(
            "github.actions.allowed",
            subject,
            "pass",
            `selected actions admit ${ACTIONS_LIST}`,
        );
    const usedBy = (list: readonly string[]) =>
        MATERIALS_ACTIONS.filter((a) => list.includes(a.uses))
            .map((a) => a.file)
            .join(", ");
    const noFix = options.fix ? "; --fix changes nothing here" : "";
    // A block is the owner's decision against that action: only the owner lifts it.
    if (blocked.length > 0)
        return check(
            "github.actions.allowed",
            subject,
            "fail",
            `allowed_actions ${allowed} blocks ${blocked.join(", ")} with a "!" entry (used by ${usedBy(blocked)})${refused.length > 0 ? ` and refuses ${refused.join(", ")}` : ""}${noFix}`,
            `an owner removes the block (the "!" entry) at ${settings}, if the event may use the action; preflight never removes a block`,
        );
    if (patternOnly.length > 0)
        return check(
            "github.actions.allowed",
            subject,
            "fail",
            `allowed_actions ${allowed} refuses ${refused.join(", ")} (used by ${usedBy(refused)}): on the ${event.github.plan} plan, allowed patterns apply only to public repositories, and the event's are ${event.github.visibility}${noFix}`,
            `an owner sets "Allow all actions" (allowed_actions: all) at ${settings}, or make the event's repositories public (event.github.visibility: public), or use GitHub Enterprise`,
        );
    const body = widenedSelection(selected, refused);
    const value = `allowed_actions ${allowed} refuses ${refused.join(", ")} (used by ${usedBy(refused)})`;
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
                // The PUT sets the whole policy: send the owner's SHA pinning back as it is, so the
                // change of allowed_actions never turns pinning off.
                ...(policy.sha_pinning_required !== undefined
                    ? { sha_pinning_required: policy.sha_pinning_required }
                    : {}),
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
    const thisMonth = `${year}-${String(month).padStart(2, "0")}`;
    const eventMonth = firstEventMonth(event, options.now);
    // Included minutes reset each calendar month (GitHub Docs, "About billing for GitHub Actions"):
    // this month's usage says nothing about a month the event has not reached yet.
    if (eventMonth !== thisMonth) {
        const value = `${base}; the event starts in ${eventMonth}, not this month (${thisMonth}), so this month's usage is not compared: the estimate is against the full ${estimate.included}`;
        return estimate.total <= estimate.included
            ? check("github.actions.minutes", subject, "pass", value)
            : check("github.actions.minutes", subject, "warn", value, minutesChoices(owner));
    }
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
            `${base}; the usage this month could not be read: ${usage.reason}${usage.status === 403 || usage.status === 404 ? " (the billing usage report needs an organization owner or billing manager; classic token: admin:org, fine-grained: Administration: read on the organization; a 404 can also mean the organization is not on GitHub's enhanced billing platform, the only one this endpoint serves)" : ""}`,
            `https://github.com/organizations/${owner}/settings/billing; ${minutesChoices(owner)}`,
        );
    const used = actionsMinutesUsed(usage.value.data.usageItems ?? []);
    const left = Math.max(0, estimate.included - used);
    const value = `${base}, ${used} used in ${thisMonth} (billing usage report; it lists public repositories' free minutes too, so this may overstate), ${left} left`;
    return estimate.total <= left
        ? check("github.actions.minutes", subject, "pass", value)
        : check("github.actions.minutes", subject, "warn", value, minutesChoices(owner));
}

/** The UTC month (YYYY-MM) of the event's first day still to come: today once it has started. */
export function firstEventMonth(event: EventConfig, now: Date): string {
    const today = now.toISOString().slice(0, 10);
    const first = event.startsOn !== undefined && event.startsOn > today ? event.startsOn : today;
    return first.slice(0, 7);
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
