/**
 * Registrations merged into an event roster's teams. People already in the roster stay exactly
 * where they are (they may already have a compute instance, roles and repository access, which a
 * move would re-create), new people join the team their row names, or, with a team size, the
 * automatic teams (`team01`, `team02`, ...) that have the fewest members. The merge only appends:
 * no existing member or team is changed or reordered.
 */
import type { ImportProblem, Registration, RegistrationTable } from "./registrations";

/** A roster team as read from YAML: only `name` and `members` are touched, other keys are kept. */
export interface RosterTeam {
    readonly name: string;
    readonly members: Record<string, unknown>[];
    readonly [key: string]: unknown;
}

/** The identity fields, in the order one is chosen when a row fills several. */
export const IDENTITY_FIELDS = ["objectId", "userPrincipalName", "email"] as const;
type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** Names of automatically formed teams; only these receive people without a team. */
export const AUTO_TEAM = /^team\d{2,}$/;
export const autoTeamName = (n: number): string => `team${String(n).padStart(2, "0")}`;

export interface MergeOptions {
    /** Members per automatic team; undefined: every row must name its team. */
    readonly teamSize?: number;
    /** How the roster is named in messages (`stacks/oh4mlreg.yaml`). */
    readonly rosterFile: string;
}

export interface MergeResult {
    readonly teams: RosterTeam[];
    readonly problems: ImportProblem[];
    /** `i.j` (teams[i].members[j]) -> spreadsheet row, for members added from the file. */
    readonly origin: ReadonlyMap<string, number>;
    readonly added: number;
    readonly kept: number;
    /**
     * The rows of people already in the roster, as the member each row describes: checked like new
     * people's rows (a malformed row is reported even though the roster already has that person).
     */
    readonly rechecked: readonly {
        readonly row: number;
        readonly member: Record<string, unknown>;
    }[];
    readonly newTeams: readonly string[];
}

const text = (value: unknown): string | undefined =>
    typeof value === "string" && value !== "" ? value : undefined;

/** Lowercased identifiers of a person: GitHub login and any Entra identifier. */
function keysOf(person: Partial<Record<"github" | IdentityField, string | undefined>>): string[] {
    return [
        ...(person.github !== undefined ? [`github:${person.github.toLowerCase()}`] : []),
        ...IDENTITY_FIELDS.flatMap((f) => {
            const v = person[f];
            return v !== undefined ? [`id:${v.toLowerCase()}`] : [];
        }),
    ];
}

const describe = (github: string): string => `github ${JSON.stringify(github)}`;

export function mergeRegistrations(
    existing: readonly RosterTeam[],
    table: RegistrationTable,
    options: MergeOptions,
): MergeResult {
    const { columns } = table;
    const problems: ImportProblem[] = [];
    const teams: RosterTeam[] = existing.map((t) => ({ ...t, members: [...t.members] }));
    const rowsOf = new Map<RosterTeam, Map<Record<string, unknown>, number>>();
    const teamOfKey = new Map<string, string>();
    const memberOfKey = new Map<string, Record<string, unknown>>();
    for (const team of teams)
        for (const member of team.members)
            for (const key of keysOf({
                github: text(member.github),
                objectId: text(member.objectId),
                userPrincipalName: text(member.userPrincipalName),
                email: text(member.email),
            }))
                if (!teamOfKey.has(key)) {
                    teamOfKey.set(key, team.name);
                    memberOfKey.set(key, member);
                }

    const newTeams: string[] = [];
    const teamNamed = (name: string): RosterTeam => {
        let team = teams.find((t) => t.name === name);
        if (team === undefined) {
            team = { name, members: [] };
            teams.push(team);
            newTeams.push(name);
        }
        return team;
    };
    const add = (team: RosterTeam, member: Record<string, unknown>, row: number): void => {
        team.members.push(member);
        const rows = rowsOf.get(team) ?? new Map<Record<string, unknown>, number>();
        rows.set(member, row);
        rowsOf.set(team, rows);
    };
    const identityColumns = IDENTITY_FIELDS.flatMap((f) => columns[f] ?? []).join(", ");
    const seen = new Map<string, { row: number; team?: string; github: string }>();
    const waiting: { member: Record<string, unknown>; row: number }[] = [];
    let kept = 0;
    const rechecked: { row: number; member: Record<string, unknown> }[] = [];

    for (const { row, values } of table.registrations) {
        const github = values.github;
        if (github === undefined) {
            problems.push({
                row,
                column: columns.github,
                message: "is empty: every participant needs a GitHub login",
            });
            continue;
        }
        const field: IdentityField | undefined = IDENTITY_FIELDS.find(
            (f) => values[f] !== undefined,
        );
        if (field === undefined) {
            problems.push({
                row,
                column: identityColumns || undefined,
                message: `${describe(github)} has no user principal name, object id or e-mail: one of them says who gets the roles and the compute instance`,
            });
            continue;
        }
        const team = values.team?.toLowerCase();
        const keys = keysOf({ github, [field]: values[field] });
        const twin = keys.map((k) => seen.get(k)).find((s) => s !== undefined);
        if (twin !== undefined) {
            const otherTeam = twin.team !== undefined && team !== undefined && twin.team !== team;
            problems.push({
                row,
                column: otherTeam
                    ? columns.team
                    : twin.github.toLowerCase() === github.toLowerCase()
                      ? columns.github
                      : columns[field],
                message: otherTeam
                    ? `is the same person as row ${twin.row} (${describe(twin.github)}), who is in team ${JSON.stringify(twin.team)}: one row per person, in one team (coaches belong in event.coachesGroupObjectId)`
                    : `is the same person as row ${twin.row} (${describe(twin.github)}): one row per person, remove one of them`,
            });
            continue;
        }
        for (const k of keys) seen.set(k, { row, team, github });

        const member: Record<string, unknown> = { github, [field]: values[field] };
        // Only a guest's invitation uses a display name.
        if (field === "email" && values.displayName !== undefined)
            member.displayName = values.displayName;
        const current = keys.map((k) => teamOfKey.get(k)).find((t) => t !== undefined);
        if (current !== undefined) {
            const known = keys.map((k) => memberOfKey.get(k)).find((m) => m !== undefined) ?? {};
            const disagreements = [
                ...(team !== undefined && team !== current
                    ? [
                          {
                              row,
                              column: columns.team,
                              message: `${describe(github)} is already in team ${JSON.stringify(current)} in ${options.rosterFile}; import never moves people (their compute instance, roles and repository access would be re-created): edit the roster to move them`,
                          },
                      ]
                    : []),
                ...disagreementsWith(known, current, row, github, values, columns, options),
            ];
            problems.push(...disagreements);
            if (disagreements.length === 0) {
                kept++;
                rechecked.push({ row, member });
            }
            continue;
        }
        if (team !== undefined) add(teamNamed(team), member, row);
        else if (options.teamSize !== undefined) waiting.push({ member, row });
        else
            problems.push({
                row,
                column: columns.team,
                message: `${describe(github)} has no team: fill in the team${columns.team ? "" : " (add a team column)"}, or pass --team-size N to form teams automatically`,
            });
    }

    if (options.teamSize !== undefined && waiting.length > 0) {
        const size = options.teamSize;
        const auto = teams.filter((t) => AUTO_TEAM.test(t.name));
        const people = auto.reduce((n, t) => n + t.members.length, 0) + waiting.length;
        const wanted = Math.max(auto.length, Math.ceil(people / size));
        for (let n = 1; auto.length < wanted; n++) {
            const name = autoTeamName(n);
            if (!teams.some((t) => t.name === name)) auto.push(teamNamed(name));
        }
        for (const { member, row } of waiting) {
            // The emptiest team first; the first in roster order on a tie: deterministic and balanced.
            const target = auto.reduce((a, b) => (b.members.length < a.members.length ? b : a));
            add(target, member, row);
        }
    }

    const origin = new Map<string, number>();
    teams.forEach((team, i) => {
        const rows = rowsOf.get(team);
        team.members.forEach((member, j) => {
            const row = rows?.get(member);
            if (row !== undefined) origin.set(`${i}.${j}`, row);
        });
    });
    return {
        teams,
        problems,
        origin,
        added: origin.size,
        kept,
        rechecked,
        newTeams,
    };
}

/**
 * Where a row of someone already in the roster says something else than the roster: another login
 * for the same Entra identity, or another value of an identity field both give. A roster member with
 * a UPN whose row gives only an e-mail agrees (organizers replace e-mails by UPNs by hand).
 */
function disagreementsWith(
    known: Record<string, unknown>,
    team: string,
    row: number,
    github: string,
    values: Registration["values"],
    columns: RegistrationTable["columns"],
    options: MergeOptions,
): ImportProblem[] {
    const inRoster = `in team ${JSON.stringify(team)} in ${options.rosterFile}`;
    const edit = `import never changes people already in the roster: correct the row, or edit the roster`;
    const knownLogin = text(known.github);
    const problems: ImportProblem[] = [];
    if (knownLogin !== undefined && knownLogin.toLowerCase() !== github.toLowerCase())
        problems.push({
            row,
            column: columns.github,
            message: `${describe(github)}: the roster has this person (${IDENTITY_FIELDS.filter((f) => values[f] !== undefined && text(known[f])?.toLowerCase() === values[f]?.toLowerCase()).join(", ")}) as ${describe(knownLogin)} ${inRoster}; ${edit}`,
        });
    for (const f of IDENTITY_FIELDS) {
        const given = values[f];
        const kept = text(known[f]);
        if (given !== undefined && kept !== undefined && given.toLowerCase() !== kept.toLowerCase())
            problems.push({
                row,
                column: columns[f],
                message: `${describe(github)} is ${inRoster} with ${f} ${JSON.stringify(kept)}, not ${JSON.stringify(given)}; ${edit}`,
            });
    }
    return problems;
}
