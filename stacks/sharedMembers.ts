/**
 * People listed in more than one team of an event. Not an error: a coach may sit in two teams on
 * purpose. But every listing gives that person a compute instance billed by the hour, a
 * collaborator seat on the team's repository and a role in the team's resource group, so a copied
 * member line is worth a warning before anything is created.
 */
import type { TeamConfig } from "./schema";

/** The fields that identify a person: GitHub logins and Entra ids compare case-insensitively. */
const IDENTITY_FIELDS = ["github", "objectId", "userPrincipalName"] as const;
type IdentityField = (typeof IDENTITY_FIELDS)[number];

export interface SharedMember {
    readonly field: IdentityField;
    /** The value as first written in the roster. */
    readonly value: string;
    /** Names of the teams that list it, in roster order. */
    readonly teams: readonly string[];
}

/** Every login or Entra identity that more than one of `teams` lists, in the order first seen. */
export function sharedMembers(teams: readonly TeamConfig[]): SharedMember[] {
    const seen = new Map<string, { field: IdentityField; value: string; teams: string[] }>();
    for (const team of teams) {
        for (const member of team.members) {
            for (const field of IDENTITY_FIELDS) {
                const value = member[field];
                if (value === undefined || value === "") continue;
                const key = `${field}:${value.toLowerCase()}`;
                const entry = seen.get(key) ?? { field, value, teams: [] };
                // Twice in one team is a config error reported elsewhere, not a second team.
                if (!entry.teams.includes(team.name)) entry.teams.push(team.name);
                seen.set(key, entry);
            }
        }
    }
    return [...seen.values()].filter((entry) => entry.teams.length > 1);
}

export interface SharedMemberWarning {
    /** The config field, as a path pattern over all teams (`teams[].members[].github`). */
    readonly path: string;
    /** The warning, starting with `path`. */
    readonly message: string;
}

/** One warning per shared member. `root` is where the teams are: `teams` in a roster. */
export function sharedMemberWarnings(
    teams: readonly TeamConfig[],
    root = "teams",
): SharedMemberWarning[] {
    return sharedMembers(teams).map((shared) => {
        const path = `${root}[].members[].${shared.field}`;
        return {
            path,
            message:
                `${path}: ${JSON.stringify(shared.value)} is listed in ${shared.teams.length} teams ` +
                `(${shared.teams.join(", ")}); each listing gets its own compute instance, repository ` +
                `access and role, so remove the copies unless they are intended (a coach, say)`,
        };
    });
}
