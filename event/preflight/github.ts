/**
 * GitHub checks through Octokit: the token is valid and may create what a team stack writes, the
 * owner's real plan matches `github.plan` (which decides environments and reviewers), every login
 * exists, no team repository name is taken, and a private event on a paid organization plan has a
 * free seat for every outside collaborator it adds (GitHub answers 422 when none is left).
 */
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { repositoryCollaborators } from "../../stacks/githubFootprint";
import type { GitHubClient } from "../cloud/clients";
import { ask, mapLimited, type Answer, type AskOptions } from "./guard";
import { checksOf, type Check } from "./model";

export interface GitHubCheckOptions {
    readonly octokit: GitHubClient;
    readonly ask: AskOptions;
    readonly concurrency?: number;
}

const check = checksOf("github");

/** The repository of a team, as the program names it (stacks/names.ts `repository`). */
export const repositoryName = (event: EventConfig, team: TeamConfig): string =>
    `${event.name}-${team.name}`;

/**
 * The description the program gives a team repository (stacks/teamStack.ts; a test keeps the two
 * equal). A repository with it was most likely made by this event's stack: a re-run, not a clash.
 */
export const repositoryDescription = (event: EventConfig, team: TeamConfig): string =>
    `OpenHack for MLOps ${event.name}: team ${team.name}`;

type Plan = EventConfig["github"]["plan"];
const PLAN_RANK: Readonly<Record<Plan, number>> = { free: 0, pro: 1, team: 2, enterprise: 3 };

/** GitHub's plan names (`plan.name`) as the roster spells them; undefined for names not known here. */
export function rosterPlanOf(name: string): Plan | undefined {
    const n = name.toLowerCase();
    if (n === "free" || n === "pro" || n === "team" || n === "enterprise") return n;
    if (n === "business") return "team";
    if (n === "business_plus" || n === "enterprise_cloud") return "enterprise";
    return undefined;
}

/** Classic token scopes the program needs; `repo` covers repositories, secrets, variables, environments, collaborators. */
export function missingScopes(scopes: readonly string[], event: EventConfig): string[] {
    const needed = ["repo", ...(event.github.archiveOnDestroy ? [] : ["delete_repo"])];
    return needed.filter((s) => !scopes.includes(s));
}

/**
 * Classic scopes preflight's owner-level checks need beyond what the program needs: for an
 * organization, `admin:org` reads (and with --fix sets) the Actions policy, `GET|PUT
 * /orgs/{org}/actions/permissions` ("OAuth tokens and personal access tokens (classic) need the
 * `admin:org` scope", @octokit/openapi-types), and the billing usage report. Missing, preflight
 * still runs, but those lines stay UNKNOWN: a WARN, not a FAIL.
 */
export function missingOwnerScopes(scopes: readonly string[], event: EventConfig): string[] {
    return event.github.ownerType === "organization" && !scopes.includes("admin:org")
        ? ["admin:org"]
        : [];
}

function call<T>(
    options: GitHubCheckOptions,
    run: (signal: AbortSignal) => Promise<T>,
): Promise<Answer<T>> {
    return ask(options.ask, run);
}

interface Token {
    readonly login: string;
    readonly scopes: readonly string[] | undefined;
    /** The token owner's own plan: GitHub shows a user's plan only to that user. */
    readonly plan?: Owner["plan"];
}

async function tokenCheck(
    options: GitHubCheckOptions,
    event: EventConfig,
): Promise<{ check: Check; token?: Token }> {
    const answer = await call(options, (signal) =>
        options.octokit.rest.users.getAuthenticated({ request: { signal } }),
    );
    if (!answer.ok)
        return {
            check: check(
                "github.token",
                "GITHUB_TOKEN",
                answer.status === 401 ? "fail" : "unknown",
                answer.reason,
                `create a token (classic: scope repo${event.github.ownerType === "organization" ? ", and admin:org for the organization's Actions policy and billing" : ""}; fine-grained: Administration, Secrets, Variables, Environments read/write on the owner's repositories${event.github.ownerType === "organization" ? ", and Administration read/write on the organization" : ""}) and export GITHUB_TOKEN`,
            ),
        };
    const header = answer.value.headers["x-oauth-scopes"];
    const scopes =
        typeof header === "string"
            ? header
                  .split(",")
                  .map((s) => s.trim())
                  .filter((s) => s !== "")
            : undefined;
    const token: Token = {
        login: answer.value.data.login,
        scopes,
        plan: (answer.value.data as { plan?: Owner["plan"] }).plan,
    };
    const subject = `GITHUB_TOKEN (${token.login})`;
    if (scopes === undefined)
        return {
            token,
            check: check(
                "github.token",
                subject,
                "unknown",
                "a fine-grained or app token: GitHub does not list its permissions",
                `check the token grants Administration, Secrets, Variables, Environments: read and write on ${event.github.owner}'s repositories${event.github.ownerType === "organization" ? ", and Administration: read and write on the organization (its Actions policy and billing usage)" : ""} (https://github.com/settings/tokens)`,
            ),
        };
    const missing = missingScopes(scopes, event);
    const advised = missingOwnerScopes(scopes, event);
    if (missing.length === 0 && advised.length > 0)
        return {
            token,
            check: check(
                "github.token",
                subject,
                "warn",
                `scopes: ${scopes.join(", ")}; missing ${advised.join(", ")}: preflight cannot read (or --fix) the organization's Actions policy nor read its billing usage`,
                `an organization owner's token with ${advised.join(", ")} (https://github.com/settings/tokens), exported as GITHUB_TOKEN`,
            ),
        };
    return {
        token,
        check:
            missing.length === 0
                ? check("github.token", subject, "pass", `scopes: ${scopes.join(", ")}`)
                : check(
                      "github.token",
                      subject,
                      "fail",
                      `scopes: ${scopes.join(", ") || "(none)"}; missing ${missing.join(", ")}`,
                      `https://github.com/settings/tokens: add ${missing.join(", ")} to the token (or make a new one) and export GITHUB_TOKEN`,
                  ),
    };
}

/**
 * Whether the token may read, comment on and close issues of the team repositories, as `requests`
 * does (docs/team-teardown.md). Read-only: nothing is written to find out.
 * - A classic token lists its scopes in `X-OAuth-Scopes`: `repo` "grants full access to public
 *   and private repositories", issues included ("Scopes for OAuth apps",
 *   docs.github.com/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps). `public_repo`
 *   reaches public repositories only (issues included), and the team repositories are private or
 *   internal by default; the program needs `repo` anyway (the token check asks for it): without
 *   it, FAIL.
 * - A fine-grained token or an App has no endpoint listing what it was granted: the
 *   `X-Accepted-GitHub-Permissions` header names what an endpoint needs, not what the token has
 *   (github.blog/changelog/2023-08-10-x-accepted-github-permissions-header-for-fine-grained-permission-actors),
 *   and the team repositories do not exist yet to try a read on. So: a manual check, never a PASS.
 */
function issuesCheck(event: EventConfig, token: Token): Check {
    const subject = `GITHUB_TOKEN (${token.login}) Issues on ${event.github.owner}'s team repositories`;
    const use = "requests reads the teams' teardown requests, comments on them and closes them";
    if (token.scopes === undefined)
        return check(
            "github.issues",
            subject,
            "warn",
            `manual check: GitHub does not list a fine-grained or app token's permissions; ${use}`,
            `https://github.com/settings/personal-access-tokens: the token's Repository permissions -> Issues: Read and write, on all repositories of ${event.github.owner} (a GitHub App: its Issues permission, read and write)`,
        );
    const scopes = token.scopes;
    if (scopes.includes("repo"))
        return check("github.issues", subject, "pass", "scope repo (issues included)");
    return check(
        "github.issues",
        subject,
        "fail",
        `scopes: ${scopes.join(", ") || "(none)"}; no repo, the scope that covers issues: ${use}`,
        "https://github.com/settings/tokens: add repo to the token (or make a new one) and export GITHUB_TOKEN",
    );
}

interface Owner {
    readonly kind: "Organization" | "User";
    readonly plan?: {
        readonly name?: string;
        readonly seats?: number;
        readonly filled_seats?: number;
    };
}

async function readOwner(
    options: GitHubCheckOptions,
    owner: string,
    token: Token | undefined,
): Promise<Answer<Owner>> {
    const org = await call(options, (signal) =>
        options.octokit.rest.orgs.get({ org: owner, request: { signal } }),
    );
    if (org.ok) return { ok: true, value: { kind: "Organization", plan: org.value.data.plan } };
    if (org.status !== 404) return org;
    const user = await call(options, (signal) =>
        options.octokit.rest.users.getByUsername({ username: owner, request: { signal } }),
    );
    if (!user.ok) return user;
    const data = user.value.data as { plan?: Owner["plan"] };
    const own = token !== undefined && token.login.toLowerCase() === owner.toLowerCase();
    return { ok: true, value: { kind: "User", plan: data.plan ?? (own ? token.plan : undefined) } };
}

function planChecks(event: EventConfig, owner: Owner, token: Token | undefined): Check[] {
    const { owner: login, plan: configured, visibility } = event.github;
    const subject = `owner ${login} (${owner.kind})`;
    const checks: Check[] = [];
    if (
        owner.kind === "User" &&
        token !== undefined &&
        token.login.toLowerCase() !== login.toLowerCase()
    )
        checks.push(
            check(
                "github.owner",
                subject,
                "fail",
                `a user account, and the token belongs to ${token.login}: only ${login} can create repositories there`,
                `use ${login}'s token, or an organization as github.owner`,
            ),
        );
    const realName = owner.plan?.name;
    if (realName === undefined) {
        checks.push(
            check(
                "github.plan",
                subject,
                "unknown",
                `the plan is not visible to this token (only to ${owner.kind === "User" ? "the user" : "organization owners"}); roster says ${configured}`,
                `https://github.com/${owner.kind === "User" ? "settings" : `organizations/${login}/settings`}/billing`,
            ),
        );
        return checks;
    }
    const real = rosterPlanOf(realName);
    if (real === undefined)
        checks.push(
            check(
                "github.plan",
                subject,
                "unknown",
                `GitHub says plan "${realName}", which preflight cannot map to free/pro/team/enterprise; roster says ${configured}`,
                `compare with https://github.com/organizations/${login}/settings/billing and set event.github.plan`,
            ),
        );
    else if (real === configured)
        checks.push(check("github.plan", subject, "pass", `${realName} (roster: ${configured})`));
    else if (PLAN_RANK[configured] > PLAN_RANK[real])
        checks.push(
            check(
                "github.plan",
                subject,
                "fail",
                `${realName}, but the roster says ${configured}: GitHub will refuse what ${configured} allows (environments or reviewers on private repositories, 422)`,
                `set event.github.plan: ${real} in the roster`,
            ),
        );
    else
        checks.push(
            check(
                "github.plan",
                subject,
                "warn",
                `${realName}, the roster says ${configured}: the program withholds what ${real} would allow`,
                `set event.github.plan: ${real} in the roster`,
            ),
        );
    if (visibility === "internal" && real !== "enterprise")
        checks.push(
            check(
                "github.visibility",
                subject,
                "fail",
                `internal repositories need GitHub Enterprise (plan ${realName})`,
                "set event.github.visibility: private",
            ),
        );
    return checks;
}

async function loginCheck(
    options: GitHubCheckOptions,
    login: string,
    roles: string,
): Promise<Check> {
    const subject = `login ${login} (${roles})`;
    const user = await call(options, (signal) =>
        options.octokit.rest.users.getByUsername({ username: login, request: { signal } }),
    );
    if (user.ok)
        return check(
            "github.login",
            subject,
            "pass",
            `${user.value.data.type} ${user.value.data.id}`,
        );
    if (user.status === 404)
        return check(
            "github.login",
            subject,
            "fail",
            "no such GitHub account",
            `correct the login in the roster (https://github.com/${login} is not found)`,
        );
    return check("github.login", subject, "unknown", user.reason, `gh api users/${login}`);
}

async function repositoryCheck(
    options: GitHubCheckOptions,
    event: EventConfig,
    team: TeamConfig,
): Promise<Check> {
    const owner = event.github.owner;
    const name = repositoryName(event, team);
    const subject = `repository ${owner}/${name} (team ${team.name})`;
    const repo = await call(options, (signal) =>
        options.octokit.rest.repos.get({ owner, repo: name, request: { signal } }),
    );
    if (!repo.ok && repo.status === 404)
        return check("github.repository", subject, "pass", "name is free");
    if (!repo.ok)
        return check(
            "github.repository",
            subject,
            "unknown",
            repo.reason,
            `gh repo view ${owner}/${name}`,
        );
    // Stack state is not read here: the description the program sets is the best sign of ownership.
    if (repo.value.data.description === repositoryDescription(event, team))
        return check(
            "github.repository",
            subject,
            "warn",
            "exists with this event's description: fine if the team stack already exists (a re-run); otherwise `up` fails with 422 name already exists",
            `"npm run event -- status <roster>" shows whether the stack exists; if not, delete or rename ${owner}/${name}`,
        );
    return check(
        "github.repository",
        subject,
        "fail",
        `taken by a repository this event did not create (description: ${JSON.stringify(repo.value.data.description ?? "")})`,
        `rename or delete https://github.com/${owner}/${name}, or rename the team (or event) in the roster`,
    );
}

async function seatsCheck(
    options: GitHubCheckOptions,
    event: EventConfig,
    teams: readonly TeamConfig[],
    owner: Owner,
    concurrency: number,
): Promise<Check | undefined> {
    const plan = owner.plan;
    const real = plan?.name === undefined ? undefined : rosterPlanOf(plan.name);
    if (event.github.visibility === "public" || owner.kind !== "Organization" || real === "free")
        return undefined;
    const subject = `owner ${event.github.owner} seats`;
    const logins = [
        ...new Map(
            teams
                .flatMap((t) => repositoryCollaborators(event, t))
                .map((c) => [c.login.toLowerCase(), c.login]),
        ).values(),
    ];
    if (plan?.seats === undefined || plan.filled_seats === undefined)
        return check(
            "github.seats",
            subject,
            "unknown",
            "seats are visible to organization owners only",
            `https://github.com/organizations/${event.github.owner}/settings/billing`,
        );
    const memberships = await mapLimited(logins, concurrency, (username) =>
        call(options, (signal) =>
            options.octokit.rest.orgs.checkMembershipForUser({
                org: event.github.owner,
                username,
                request: { signal },
            }),
        ),
    );
    // 204: a member (no new seat); 404: not a member, so an outside collaborator who takes a seat.
    const unknown = memberships.filter((m) => !m.ok && m.status !== 404);
    const outside = memberships.filter((m) => !m.ok && m.status === 404).length;
    const free = plan.seats - plan.filled_seats;
    const value = `${free} free (${plan.filled_seats} of ${plan.seats} filled); the event adds ${outside} outside collaborator(s) to private repositories`;
    if (unknown.length > 0)
        return check(
            "github.seats",
            subject,
            "unknown",
            `${value}; membership of ${unknown.length} login(s) unread: ${unknown[0].ok ? "" : unknown[0].reason}`,
        );
    return free >= outside
        ? check("github.seats", subject, "pass", value)
        : check(
              "github.seats",
              subject,
              "fail",
              value,
              `buy ${outside - free} seat(s) (https://github.com/organizations/${event.github.owner}/settings/billing), make the event's repositories public, or add the people as organization members`,
          );
}

export async function githubChecks(
    event: EventConfig,
    teams: readonly TeamConfig[],
    options: GitHubCheckOptions,
): Promise<Check[]> {
    const concurrency = options.concurrency ?? 8;
    const token = await tokenCheck(options, event);
    const checks: Check[] = [
        token.check,
        ...(token.token ? [issuesCheck(event, token.token)] : []),
    ];
    const owner = await readOwner(options, event.github.owner, token.token);
    let seats: Check | undefined;
    if (owner.ok) {
        checks.push(...planChecks(event, owner.value, token.token));
        seats = await seatsCheck(options, event, teams, owner.value, concurrency);
    } else
        checks.push(
            check(
                "github.owner",
                `owner ${event.github.owner}`,
                owner.status === 404 ? "fail" : "unknown",
                owner.status === 404 ? "no such user or organization" : owner.reason,
                `check event.github.owner (https://github.com/${event.github.owner})`,
            ),
        );
    const roles = new Map<string, { login: string; roles: Set<string> }>();
    const add = (login: string, role: string): void => {
        const entry = roles.get(login.toLowerCase()) ?? { login, roles: new Set<string>() };
        entry.roles.add(role);
        roles.set(login.toLowerCase(), entry);
    };
    for (const t of teams) for (const m of t.members) add(m.github, `team ${t.name}`);
    for (const r of event.github.reviewers) add(r, "reviewer");
    checks.push(
        ...(await mapLimited([...roles.values()], concurrency, (e) =>
            loginCheck(options, e.login, [...e.roles].join(", ")),
        )),
    );
    checks.push(
        ...(await mapLimited(teams, concurrency, (t) => repositoryCheck(options, event, t))),
    );
    if (seats !== undefined) checks.push(seats);
    return checks;
}
