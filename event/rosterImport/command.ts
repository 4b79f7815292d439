/**
 * `npm run event -- roster import <registrations.csv> --event <name> [--team-size N]`: adds the
 * people of a registration export to `stacks/<name>.yaml`.
 *
 * The roster must exist already, with its event settings: region, dates, GitHub owner and budget
 * are the organizers' decisions, which a registration form does not hold, and a roster with guessed
 * settings would deploy as readily as a real one. A new event starts from a copy of
 * stacks/example.yaml with `teams: []`. The result passes validateRoster, the same rules as a
 * hand-written roster; nothing is written unless it does, and every problem is reported at once.
 */
import { readFile } from "node:fs/promises";
import { writePrivateFile } from "../privateFiles";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { ConfigError, validateRoster, type ConfigIssue } from "../../stacks/validate";
import { mergeRegistrations, IDENTITY_FIELDS, type MergeResult, type RosterTeam } from "./merge";
import {
    readRegistrations,
    type ImportProblem,
    type RegistrationField,
    type RegistrationTable,
} from "./registrations";
import { tenantEmailWarnings } from "./tenantDomains";

export interface ImportArgs {
    readonly csvFile: string;
    readonly event: string;
    readonly teamSize?: number;
}

/** Where an event's roster lives, relative to the repository root like every documented path. */
export const rosterFileOf = (event: string): string => path.join("stacks", `${event}.yaml`);

export type ImportOutcome =
    | {
          readonly ok: true;
          readonly text: string;
          readonly summary: string;
          /** Rows written but worth a second look (an e-mail in a tenant domain), by row. */
          readonly warnings: readonly string[];
      }
    | { readonly ok: false; readonly problems: readonly string[] };

const where = (file: string, p: ImportProblem): string =>
    p.row === undefined
        ? `${file}: `
        : `${file} row ${p.row}${p.column !== undefined ? `, column ${JSON.stringify(p.column)}` : ""}: `;

const shown = (value: unknown): string =>
    value === undefined ? " (missing)" : ` (got ${JSON.stringify(value)})`;

/** A validation issue of the merged roster, pointed back to its row when a CSV row caused it. */
function locate(
    issue: ConfigIssue,
    table: RegistrationTable,
    result: { readonly origin: ReadonlyMap<string, number>; readonly teams: readonly RosterTeam[] },
    rosterFile: string,
): { row?: number; text: (csvFile: string) => string } {
    const { origin } = result;
    const merged = (index: string): string => result.teams[Number(index)]?.name ?? "?";
    const member = /^teams\[(\d+)\]\.members\[(\d+)\](?:\.(\w+))?$/.exec(issue.path);
    const row = member ? origin.get(`${member[1]}.${member[2]}`) : undefined;
    if (member && row !== undefined) {
        const field = member[3] as RegistrationField | undefined;
        const column =
            field !== undefined
                ? table.columns[field]
                : IDENTITY_FIELDS.flatMap((f) => table.columns[f] ?? []).join(", ");
        return {
            row,
            text: (csv) =>
                `${where(csv, { row, column, message: "" })}${issue.rule}${shown(issue.value)}`,
        };
    }
    const team = /^teams\[(\d+)\]\.(name|members)$/.exec(issue.path);
    const rows = team
        ? [...origin.entries()].filter(([k]) => k.startsWith(`${team[1]}.`)).map(([, r]) => r)
        : [];
    if (team && rows.length > 0) {
        const label = rows.length === 1 ? `row ${rows[0]}` : `rows ${rows.join(", ")}`;
        const column = table.columns.team ? `, column ${JSON.stringify(table.columns.team)}` : "";
        const name = merged(team[1]);
        return {
            row: rows[0],
            text: (csv) =>
                team[2] === "name"
                    ? `${csv} ${label}${column}: team name ${issue.rule}${shown(issue.value)}`
                    : `${csv} ${label}${column}: team ${JSON.stringify(name)}: ${issue.rule}`,
        };
    }
    return {
        text: () => `${rosterFile}: ${issue.path}: ${issue.rule}${shown(issue.value)}`,
    };
}

/**
 * The pure import: registrations text into roster text. `rosterText` undefined means the roster
 * file does not exist.
 */
export function importRegistrations(
    csv: { readonly file: string; readonly text: string },
    roster: { readonly file: string; readonly text: string | undefined },
    args: Pick<ImportArgs, "event" | "teamSize">,
): ImportOutcome {
    if (roster.text === undefined)
        return {
            ok: false,
            problems: [
                `${roster.file}: does not exist. Import adds people to an event's roster; its settings (region, dates, ` +
                    `GitHub owner, budget) are not in a registration form. Create it first: copy stacks/example.yaml, ` +
                    `set event.name: ${args.event} and the settings, and set teams: []`,
            ],
        };
    const doc = parseDocument(roster.text);
    if (doc.errors.length > 0)
        return { ok: false, problems: [`${roster.file}: ${doc.errors[0].message.split("\n")[0]}`] };
    const raw: unknown = doc.toJS();
    const record = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const event = record.event as Record<string, unknown> | undefined;
    if (event?.name !== args.event)
        return {
            ok: false,
            problems: [
                `${roster.file}: event.name is ${JSON.stringify(event?.name)}, not the --event given (${JSON.stringify(args.event)})`,
            ],
        };
    const rawTeams = record.teams ?? [];
    const existing: RosterTeam[] = [];
    const shapeProblems: string[] = [];
    if (!Array.isArray(rawTeams)) shapeProblems.push(`${roster.file}: teams: must be a list`);
    else
        rawTeams.forEach((t: unknown, i) => {
            const team = t as Record<string, unknown> | null;
            if (team && typeof team.name === "string" && Array.isArray(team.members))
                existing.push(team as unknown as RosterTeam);
            else
                shapeProblems.push(
                    `${roster.file}: teams[${i}]: must have a name and a list of members`,
                );
        });
    if (shapeProblems.length > 0) return { ok: false, problems: shapeProblems };

    const table = readRegistrations(csv.text);
    const located: { row?: number; text: string }[] = table.problems.map((p) => ({
        row: p.row,
        text: `${where(csv.file, p)}${p.message}`,
    }));
    // Rows are read only when the file and its header could be: otherwise every row would fail too.
    if (located.length > 0) return { ok: false, problems: located.map((p) => p.text) };
    const merged = mergeRegistrations(existing, table, {
        teamSize: args.teamSize,
        rosterFile: roster.file,
    });
    located.push(
        ...merged.problems.map((p) => ({ row: p.row, text: `${where(csv.file, p)}${p.message}` })),
    );
    let tenantDomains: readonly string[] = [];
    try {
        tenantDomains =
            validateRoster({ ...record, teams: merged.teams }).event.invitation.tenantDomains ?? [];
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        for (const issue of error.issues) {
            // "needs at least 1 team" when every row was refused: the rows' problems say why.
            if (issue.path === "teams" && merged.problems.length > 0) continue;
            const found = locate(issue, table, merged, roster.file);
            located.push({ row: found.row, text: found.text(csv.file) });
        }
    }
    located.push(...recheckKnownRows(record, merged.rechecked, table, csv.file));
    if (located.length > 0) {
        // File-wide problems first, then by row: the order an organizer fixes a spreadsheet in.
        const problems = located
            .map((p, i) => ({ ...p, i }))
            .sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || a.i - b.i)
            .map((p) => p.text);
        return { ok: false, problems };
    }
    const added = [...merged.origin].map(([at, row]) => {
        const [i, j] = at.split(".").map(Number);
        return { row, member: merged.teams[i].members[j] };
    });
    const warnings = tenantEmailWarnings(added, tenantDomains, csv.file, table.columns.email);
    doc.set("teams", doc.createNode(merged.teams));
    const members = merged.teams.reduce((n, t) => n + t.members.length, 0);
    return {
        ok: true,
        text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
        summary:
            `${roster.file}: ${merged.teams.length} teams, ${members} members: ${merged.added} added from ${csv.file}, ` +
            `${merged.kept} already in the roster` +
            (merged.newTeams.length > 0 ? `; new teams: ${merged.newTeams.join(", ")}` : ""),
        warnings: warnings.map((w) => w.text),
    };
}

/**
 * The rows of people already in the roster, checked as the member each describes would be: a row that
 * is malformed is reported by row as for a newcomer, although the roster's own entry is kept as is.
 * Each member is checked alone in a scratch team of the roster, so only its own values can fail.
 */
function recheckKnownRows(
    record: Record<string, unknown>,
    rows: MergeResult["rechecked"],
    table: RegistrationTable,
    csvFile: string,
): { row: number; text: string }[] {
    return rows.flatMap(({ row, member }) => {
        const scratch: RosterTeam = { name: "recheck", members: [member] };
        try {
            validateRoster({ ...record, teams: [scratch] });
            return [];
        } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            const origin = new Map([["0.0", row]]);
            return error.issues
                .filter((issue) => issue.path.startsWith("teams[0].members[0]"))
                .map((issue) => ({
                    row,
                    text: locate(issue, table, { origin, teams: [scratch] }, "").text(csvFile),
                }));
        }
    });
}

export interface ImportIo {
    readonly out: { write(text: string): unknown };
    readonly err: { write(text: string): unknown };
    readonly readText?: (file: string) => Promise<string>;
    readonly writeText?: (file: string, text: string) => Promise<void>;
}

/**
 * `roster import` on parsed arguments (event/commands/roster.ts). Exit codes as the event CLI's:
 * 0 written, 2 bad input (nothing written).
 */
export async function runRosterImport(args: ImportArgs, io: ImportIo): Promise<number> {
    const read = io.readText ?? ((f: string) => readFile(f, "utf8"));
    // The roster lists people's e-mail addresses: owner-only (privateFiles.ts).
    const write =
        io.writeText ?? ((f: string, t: string) => writePrivateFile(f, t, { shareDir: true }));
    let csvText: string;
    try {
        csvText = await read(args.csvFile);
    } catch (error) {
        io.err.write(`${args.csvFile}: cannot read (${errorMessage(error)})\n`);
        return 2;
    }
    const rosterFile = rosterFileOf(args.event);
    let rosterText: string | undefined;
    try {
        rosterText = await read(rosterFile);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
            io.err.write(`${rosterFile}: cannot read (${errorMessage(error)})\n`);
            return 2;
        }
    }
    const outcome = importRegistrations(
        { file: args.csvFile, text: csvText },
        { file: rosterFile, text: rosterText },
        args,
    );
    if (!outcome.ok) {
        io.err.write(
            `nothing written: ${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"}\n` +
                outcome.problems.map((p) => `  - ${p}\n`).join(""),
        );
        return 2;
    }
    await write(rosterFile, outcome.text);
    io.out.write(`${outcome.summary}\n`);
    for (const warning of outcome.warnings) io.err.write(`warning: ${warning}\n`);
    return 0;
}

const errorMessage = (error: unknown): string =>
    error instanceof Error ? error.message : String(error);
