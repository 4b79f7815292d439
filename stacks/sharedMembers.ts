/**
 * People listed in more than one team of an event. Not an error (someone may really belong to two
 * teams), but every listing gives that person push access to the team's repository, roles in the
 * team's resource group and, by default, a compute instance billed by the hour. A copied member
 * line is the usual cause, and coaches belong in `event.coachesGroupObjectId` (Reader on every
 * team) instead, so it is worth a warning before anything is created.
 */
import type { MemberConfig, TeamConfig } from "./schema";

/** The fields that identify a person: GitHub logins and Entra ids compare case-insensitively. */
const IDENTITY_FIELDS = ["github", "objectId", "userPrincipalName", "email"] as const;
type IdentityField = (typeof IDENTITY_FIELDS)[number];

export interface SharedMember {
    /** How the person is first written in the roster, by field. */
    readonly identity: Readonly<Partial<Record<IdentityField, string>>>;
    /** The fields by which two of the listings match. */
    readonly matchedBy: readonly IdentityField[];
    /** Names of the teams that list the person, in roster order. */
    readonly teams: readonly string[];
}

/** `field:value` keys of a member's identifiers, lowercased. */
const keysOf = (member: MemberConfig): Map<IdentityField, string> =>
    new Map(
        IDENTITY_FIELDS.flatMap((field): [IdentityField, string][] => {
            const value = member[field];
            return value === undefined || value === ""
                ? []
                : [[field, `${field}:${value.toLowerCase()}`]];
        }),
    );

interface Person {
    keys: Set<string>;
    identity: Partial<Record<IdentityField, string>>;
    matchedBy: Set<IdentityField>;
    teams: string[];
}

/**
 * Every person more than one of `teams` lists, in the order first seen. Two listings are the same
 * person when any identifier matches (the same login under two UPNs is still one person).
 */
export function sharedMembers(teams: readonly TeamConfig[]): SharedMember[] {
    const people: Person[] = [];
    for (const team of teams) {
        for (const member of team.members) {
            const keys = keysOf(member);
            const matches = people.filter((p) => [...keys.values()].some((k) => p.keys.has(k)));
            const person: Person = matches[0] ?? {
                keys: new Set(),
                identity: {},
                matchedBy: new Set(),
                teams: [],
            };
            if (matches.length === 0) people.push(person);
            // A member that links two people seen so far (one's login, the other's UPN) joins them.
            for (const other of matches.slice(1)) {
                other.keys.forEach((k) => person.keys.add(k));
                other.matchedBy.forEach((f) => person.matchedBy.add(f));
                for (const t of other.teams) if (!person.teams.includes(t)) person.teams.push(t);
                people.splice(people.indexOf(other), 1);
            }
            for (const [field, key] of keys) {
                if (matches.some((p) => p.keys.has(key))) person.matchedBy.add(field);
                person.keys.add(key);
                person.identity[field] ??= member[field];
            }
            // Twice in one team is a config error reported elsewhere, not a second team.
            if (!person.teams.includes(team.name)) person.teams.push(team.name);
        }
    }
    return people
        .filter((p) => p.teams.length > 1)
        .map((p) => ({
            identity: p.identity,
            matchedBy: IDENTITY_FIELDS.filter((f) => p.matchedBy.has(f)),
            teams: p.teams,
        }));
}

export interface SharedMemberWarning {
    /** The config path the warning is about (`teams[].members[]` in a roster). */
    readonly path: string;
    /** The warning, starting with `path`. */
    readonly message: string;
}

export interface SharedMemberOptions {
    /** Where the members are: `teams[].members[]` in a roster, `openhack-mlops:team.members[]` in a stack. */
    readonly path?: string;
    /** `event.compute.instancePerMember`: whether each listing also gets a compute instance. */
    readonly instancePerMember: boolean;
}

/** One warning per person listed in more than one team. */
export function sharedMemberWarnings(
    teams: readonly TeamConfig[],
    options: SharedMemberOptions,
): SharedMemberWarning[] {
    const path = options.path ?? "teams[].members[]";
    const gets = [
        "push access to the team's repository",
        "roles in its resource group",
        ...(options.instancePerMember ? ["a compute instance billed by the hour"] : []),
    ];
    return sharedMembers(teams).map((shared) => {
        const who = shared.matchedBy
            .map((field) => `${field} ${JSON.stringify(shared.identity[field])}`)
            .join(" and ");
        return {
            path,
            message:
                `${path}: the same person (${who}) is listed in ${shared.teams.length} teams ` +
                `(${shared.teams.join(", ")}); each listing gets ${gets.join(", ")}. Remove the copies, ` +
                `or, for a coach, use event.coachesGroupObjectId instead (Reader on every team)`,
        };
    });
}
