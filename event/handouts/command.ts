/**
 * What `npm run event -- handouts stacks/<event>.yaml` runs (its options: event/commands/handouts.ts).
 *
 * Reads every selected team stack's outputs (or a file saved by `npm run event -- outputs`), builds
 * each team's handout and the coaches' index, and writes them. Read-only towards the stacks; the
 * event's date is not checked (handouts are also printed again mid-event).
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type { OutputValue, StackEngine } from "../engine";
import { errorText } from "../retry";
import { parseRoster, RosterFileError, stackPrefix, teamStackName, type Roster } from "../roster";
import { UsageError } from "../select";
import { EXIT, firstErrorLine } from "../summary";
import { ConfigError } from "../../stacks/validate";
import { handoutDocuments } from "./documents";
import type { MissingTeam } from "./coachIndex";
import { buildTeamHandout, secretStrings, type Lang, type TeamHandout } from "./model";
import { writeHandouts } from "./writer";

export interface HandoutsOptions {
    readonly rosterFile: string;
    readonly out?: string;
    readonly langs: readonly Lang[];
    readonly from?: string;
    readonly teams: readonly string[];
}

export interface HandoutsDeps {
    /** Only called without --from. */
    readonly createEngine: (roster: Roster) => Promise<StackEngine>;
    readonly out: { write(text: string): unknown };
    readonly err: { write(text: string): unknown };
    /** Milliseconds since the epoch: the date printed on the pages. */
    readonly now: () => number;
    readonly readText?: (file: string) => Promise<string>;
}

/** A file written by `npm run event -- outputs`: team -> outputs with secrets as "[secret]", or null. */
export function parseSavedOutputs(
    text: string,
    file: string,
): Map<string, Record<string, OutputValue> | null> {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (error) {
        throw new RosterFileError(`${file}: not JSON (${errorText(error)})`);
    }
    if (json === null || typeof json !== "object" || Array.isArray(json))
        throw new RosterFileError(
            `${file}: must be an object of team -> outputs, as \`npm run -s event -- outputs\` writes it`,
        );
    const teams = new Map<string, Record<string, OutputValue> | null>();
    for (const [team, outputs] of Object.entries(json)) {
        if (outputs === null) {
            teams.set(team, null);
            continue;
        }
        if (typeof outputs !== "object" || Array.isArray(outputs))
            throw new RosterFileError(`${file}: ${team}: must be an object of outputs or null`);
        teams.set(
            team,
            Object.fromEntries(
                Object.entries(outputs as Record<string, unknown>).map(([key, value]) => [
                    key,
                    // The marker `redactOutputs` writes in place of a secret value.
                    value === "[secret]"
                        ? { value: undefined, secret: true }
                        : { value, secret: false },
                ]),
            ),
        );
    }
    return teams;
}

type TeamOutputs = { outputs: Record<string, OutputValue> } | { problem: string };

async function outputsFromStacks(
    roster: Roster,
    teams: readonly string[],
    deps: HandoutsDeps,
): Promise<Map<string, TeamOutputs>> {
    const engine = await deps.createEngine(roster);
    const existing = new Set(
        (await engine.listStacks(stackPrefix(roster.event.name))).map((s) => s.name),
    );
    const result = new Map<string, TeamOutputs>();
    for (const team of teams) {
        const stack = teamStackName(roster.event.name, team);
        if (!existing.has(stack)) {
            result.set(team, { problem: `no stack ${stack} (run up first)` });
            continue;
        }
        try {
            result.set(team, { outputs: await engine.outputs(stack) });
        } catch (error) {
            result.set(team, {
                problem: `cannot read the outputs of ${stack}: ${firstErrorLine(errorText(error))}`,
            });
        }
    }
    return result;
}

/** The handouts of parsed options (event/commands/handouts.ts); resolves to the exit code. */
export async function runHandouts(options: HandoutsOptions, deps: HandoutsDeps): Promise<number> {
    let roster: Roster;
    let saved: Map<string, Record<string, OutputValue> | null> | undefined;
    const readText = deps.readText ?? ((file: string) => readFile(file, "utf8"));
    try {
        const file = options.rosterFile;
        const text = await readText(file).catch((e: unknown) => {
            throw new RosterFileError(`${file}: cannot read the roster (${errorText(e)})`);
        });
        roster = parseRoster(text, file);
        const known = new Set(roster.teams.map((t) => t.name));
        const unknown = options.teams.filter((t) => !known.has(t));
        if (unknown.length > 0)
            throw new UsageError(`--team: not in the roster: ${unknown.join(", ")}`);
        if (options.from !== undefined) {
            const from = options.from;
            const savedText = await readText(from).catch((e: unknown) => {
                throw new RosterFileError(
                    `${from}: cannot read the outputs file (${errorText(e)})`,
                );
            });
            saved = parseSavedOutputs(savedText, from);
        }
    } catch (error) {
        if (
            error instanceof UsageError ||
            error instanceof RosterFileError ||
            error instanceof ConfigError
        ) {
            deps.err.write(`${error.message}\n`);
            return EXIT.usage;
        }
        throw error;
    }

    const teams = roster.teams.filter(
        (t) => options.teams.length === 0 || options.teams.includes(t.name),
    );
    let outputs: Map<string, TeamOutputs>;
    if (saved !== undefined) {
        const from = options.from ?? "";
        outputs = new Map(
            teams.map((t): [string, TeamOutputs] => {
                const o = saved.get(t.name);
                return [
                    t.name,
                    o === undefined
                        ? { problem: `not in ${from}` }
                        : o === null
                          ? {
                                problem: `${from} has no outputs for it (no stack when it was saved)`,
                            }
                          : { outputs: o },
                ];
            }),
        );
    } else {
        try {
            outputs = await outputsFromStacks(
                roster,
                teams.map((t) => t.name),
                deps,
            );
        } catch (error) {
            deps.err.write(
                `cannot reach Pulumi (CLI on PATH? logged in to the state backend?): ${firstErrorLine(errorText(error))}\n`,
            );
            return EXIT.usage;
        }
    }

    const handouts: TeamHandout[] = [];
    const missing: MissingTeam[] = [];
    const secrets: string[] = [];
    for (const team of teams) {
        const got = outputs.get(team.name);
        if (got === undefined || "problem" in got) {
            missing.push({ team: team.name, problems: [got?.problem ?? "no outputs"] });
            continue;
        }
        secrets.push(...secretStrings(got.outputs));
        const result = buildTeamHandout({
            event: roster.event,
            location: roster.location,
            team,
            stackName: teamStackName(roster.event.name, team.name),
            outputs: got.outputs,
        });
        if (result.ok) handouts.push(result.handout);
        else missing.push({ team: team.name, problems: result.problems });
    }

    const dir = options.out ?? path.join(roster.eventDir, "handouts");
    const files = handoutDocuments({
        event: roster.event.name,
        location: roster.location,
        handouts,
        missing,
        langs: options.langs,
        sample: false,
        generated: new Date(deps.now()).toISOString().slice(0, 10),
    });
    const written = await writeHandouts(dir, files, secrets);
    for (const m of missing) deps.err.write(`${m.team}: no handout: ${m.problems.join("; ")}\n`);
    deps.out.write(
        `wrote ${written.length} files for ${handouts.length} of ${teams.length} teams to ${dir}\n` +
            `coaches' index: ${path.join(dir, "index.html")}\n`,
    );
    return missing.length > 0 ? EXIT.teamFailed : EXIT.ok;
}
