/**
 * Repository invitations of the team repositories. A collaborator who is not a member of the
 * owning organization (every participant from another company, every read-only reviewer) only
 * gets access after accepting an e-mailed invitation, and GitHub expires invitations after 7 days.
 * An environment reviewer without access is refused or silently dropped by GitHub, so reviewers
 * are reported alongside members. Read through Octokit (event/cloud/clients.ts), never guessed:
 * a repository that cannot be read is reported as unknown.
 */
import type { GitHubClient } from "../cloud/clients";
import { teamNames } from "../../stacks/names";
import type { EventConfig, TeamConfig } from "../../stacks/schema";
import { environmentReviewers } from "../../stacks/githubFootprint";

/** GitHub expires a repository invitation this many days after it was sent. */
export const INVITATION_LIFETIME_DAYS = 7;

export interface OpenInvitation {
    readonly id: number;
    readonly login: string;
    /** ISO time GitHub sent it. */
    readonly createdAt: string;
    readonly expired: boolean;
}

/** How GitHub answered for one team's repository. */
export type TeamInvitations =
    | {
          readonly team: string;
          readonly repository: string;
          readonly kind: "read";
          /** People of the roster (members and reviewers) with an open invitation. */
          readonly waiting: readonly WaitingPerson[];
      }
    | { readonly team: string; readonly repository: string; readonly kind: "no repository" }
    | {
          readonly team: string;
          readonly repository: string;
          readonly kind: "unknown";
          readonly error: string;
      };

export interface WaitingPerson {
    readonly login: string;
    /** Why the person needs access: a team member, a `production` reviewer, or both. */
    readonly roles: readonly ("member" | "reviewer")[];
    readonly state: "pending" | "expired";
    readonly invitedAt: string;
    readonly invitationId: number;
}

const statusOf = (error: unknown): number | undefined =>
    error !== null && typeof error === "object" && "status" in error
        ? Number(error.status)
        : undefined;

/**
 * Open invitations of one repository (every page), or undefined when the repository does not
 * exist. `expired` is GitHub's own flag when present; the published example of this endpoint
 * omits it, so without it the 7 days are counted from `created_at` against `now`.
 */
export async function listOpenInvitations(
    client: GitHubClient,
    owner: string,
    repo: string,
    now: Date,
): Promise<OpenInvitation[] | undefined> {
    let items;
    try {
        items = await client.paginate(client.rest.repos.listInvitations, {
            owner,
            repo,
            per_page: 100,
        });
    } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
    }
    const lifetimeMs = INVITATION_LIFETIME_DAYS * 86_400_000;
    return items.flatMap((item) =>
        item.invitee === null
            ? []
            : [
                  {
                      id: item.id,
                      login: item.invitee.login,
                      createdAt: new Date(item.created_at).toISOString(),
                      expired:
                          item.expired ??
                          now.getTime() - new Date(item.created_at).getTime() >= lifetimeMs,
                  },
              ],
    );
}

/** The repository name the team stack gives the team (stacks/teamStack.ts: no suffix). */
export const teamRepositoryName = (event: string, team: string): string =>
    teamNames(event, team, "000000").repository;

/** Roster people with an open invitation, in roster order: members, then reviewers. */
export function waitingPeople(
    event: EventConfig,
    team: TeamConfig,
    invitations: readonly OpenInvitation[],
): WaitingPerson[] {
    const byLogin = new Map(invitations.map((i) => [i.login.toLowerCase(), i]));
    const people = new Map<string, { login: string; roles: ("member" | "reviewer")[] }>();
    for (const m of team.members)
        people.set(m.github.toLowerCase(), { login: m.github, roles: ["member"] });
    for (const r of environmentReviewers(event)) {
        const known = people.get(r.toLowerCase());
        if (known) known.roles.push("reviewer");
        else people.set(r.toLowerCase(), { login: r, roles: ["reviewer"] });
    }
    return [...people.entries()].flatMap(([key, person]) => {
        const invitation = byLogin.get(key);
        return invitation === undefined
            ? []
            : [
                  {
                      login: person.login,
                      roles: person.roles,
                      state: invitation.expired ? ("expired" as const) : ("pending" as const),
                      invitedAt: invitation.createdAt,
                      invitationId: invitation.id,
                  },
              ];
    });
}

/** Every selected team's invitations; one team's failure is that team's `unknown`, not a crash. */
export async function invitationStatus(
    client: GitHubClient,
    event: EventConfig,
    teams: readonly TeamConfig[],
    now: Date,
): Promise<TeamInvitations[]> {
    return Promise.all(
        teams.map(async (team): Promise<TeamInvitations> => {
            const repository = teamRepositoryName(event.name, team.name);
            try {
                const open = await listOpenInvitations(client, event.github.owner, repository, now);
                return open === undefined
                    ? { team: team.name, repository, kind: "no repository" }
                    : {
                          team: team.name,
                          repository,
                          kind: "read",
                          waiting: waitingPeople(event, team, open),
                      };
            } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                return { team: team.name, repository, kind: "unknown", error: message };
            }
        }),
    );
}

/** The `status` section: one row per waiting person, plus teams whose answer is unknown. */
export function formatInvitationStatus(
    statuses: readonly TeamInvitations[],
    formatTable: (header: string[], rows: string[][]) => string,
): string {
    const rows: string[][] = [];
    for (const s of statuses) {
        if (s.kind === "unknown") rows.push([s.team, "?", "-", "unknown", s.error]);
        else if (s.kind === "read")
            for (const p of s.waiting)
                rows.push([
                    s.team,
                    p.login,
                    p.roles.join(", "),
                    p.state,
                    `invited ${p.invitedAt.slice(0, 10)}${p.state === "expired" ? "; up re-invites" : ""}${p.roles.includes("reviewer") ? "; cannot approve production until accepted" : ""}`,
                ]);
    }
    const title = `GitHub invitations not accepted (they expire after ${INVITATION_LIFETIME_DAYS} days):`;
    return rows.length === 0
        ? `${title} none`
        : `${title}\n${formatTable(["TEAM", "LOGIN", "ROLE", "STATE", "NOTE"], rows)}`;
}

/** GitHub logins per team whose invitation has expired: the collaborators `up` must re-invite. */
export function expiredLogins(statuses: readonly TeamInvitations[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const s of statuses) {
        if (s.kind !== "read") continue;
        const logins = s.waiting.filter((p) => p.state === "expired").map((p) => p.login);
        if (logins.length > 0) out.set(s.team, logins);
    }
    return out;
}

/** Where the driver gets its GitHub client: undefined when no token is set (GITHUB_TOKEN). */
export type GitHubClientSource = () => Promise<GitHubClient | undefined>;

/** The `status` section, and whether GitHub's answer is unknown for a team. */
export async function invitationSection(
    source: GitHubClientSource,
    event: EventConfig,
    teams: readonly TeamConfig[],
    now: Date,
    formatTable: (header: string[], rows: string[][]) => string,
): Promise<{ text: string; failed: boolean }> {
    const client = await source();
    if (client === undefined)
        return {
            text: "GitHub invitations: unknown (set GITHUB_TOKEN to read the team repositories' invitations)",
            failed: false,
        };
    const statuses = await invitationStatus(client, event, teams, now);
    return {
        text: formatInvitationStatus(statuses, formatTable),
        failed: statuses.some((s) => s.kind === "unknown"),
    };
}

/**
 * Before `up`: the teams' expired invitations, as GitHub logins per team, and notes for the
 * progress output. A team GitHub cannot answer for is noted and gets no re-invitation.
 */
export async function expiredBeforeUp(
    source: GitHubClientSource,
    event: EventConfig,
    teams: readonly TeamConfig[],
    now: Date,
): Promise<{ expired: Map<string, string[]>; notes: string[] }> {
    const client = await source();
    if (client === undefined) return { expired: new Map(), notes: [] };
    const statuses = await invitationStatus(client, event, teams, now);
    const expired = expiredLogins(statuses);
    const notes = [
        ...[...expired.entries()].map(
            ([team, logins]) =>
                `note: ${team}: GitHub invitation expired for ${logins.join(", ")}; up invites them again`,
        ),
        ...statuses.flatMap((s) =>
            s.kind === "unknown"
                ? [
                      `note: ${s.team}: GitHub invitations unknown (${s.error}); expired ones are not renewed`,
                  ]
                : [],
        ),
    ];
    return { expired, notes };
}
