/**
 * What the plan reads: a team stack's config file (`Pulumi.<stack>.yaml`) or an event roster
 * (`stacks/<event>.yaml`), validated by the same code the team program and the event driver use.
 *
 * The plan must still show what it can when the config is wrong: an event that has ended is
 * reported and the teams are planned anyway; a roster with one bad team still plans the others.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { eventSchema, rosterSchema, type EventConfig, type TeamConfig } from "../../stacks/schema";
import {
    ConfigError,
    formatIssue,
    validateRoster,
    validateTeamStack,
    type ConfigIssue,
} from "../../stacks/validate";
import type { Problem } from "./model";

export const STACK_EVENT_ROOT = "openhack-mlops:event";
export const STACK_TEAM_ROOT = "openhack-mlops:team";
export const ROSTER_EVENT_ROOT = "event";

export interface PlanTeam {
    readonly config: TeamConfig;
    readonly stackName: string;
}

export interface PlanSource {
    readonly kind: "stack" | "roster";
    readonly file: string;
    /** The stack of a stack file (`dev` for Pulumi.dev.yaml). */
    readonly stackName?: string;
    /** Prefix of event config paths in messages: `openhack-mlops:event` or `event`. */
    readonly eventRoot: string;
    readonly location?: string;
    /** Undefined when the event config itself is invalid (then nothing is simulated). */
    readonly event?: EventConfig;
    /** Teams valid enough to simulate. */
    readonly teams: readonly PlanTeam[];
    /** Teams the file declares, valid or not. */
    readonly declaredTeams: number;
    readonly problems: readonly Problem[];
}

/** The stack name of a roster's team, as the event driver names it (`<event>-<team>`). */
export const rosterStackName = (event: string, team: string): string => `${event}-${team}`;

const isPastEndIssue = (issue: ConfigIssue): boolean =>
    issue.path.endsWith(".endsOn") && issue.rule.startsWith("must not be in the past");

/** Validation issues as plan errors; an ended event says why the plan refuses it too. */
export function issueProblems(issues: readonly ConfigIssue[]): Problem[] {
    return issues.map((issue) =>
        isPastEndIssue(issue)
            ? {
                  severity: "error",
                  code: "event-ended",
                  path: issue.path,
                  message: `${formatIssue(issue)}: a team stack's \`pulumi up\` rejects an event that has ended, so the plan reports it as an error (the rest of the plan is still computed)`,
              }
            : { severity: "error", code: "config", path: issue.path, message: formatIssue(issue) },
    );
}

/** Runs `validate`, returning its issues instead of throwing them. */
function attempt<T>(validate: () => T): { value?: T; issues: readonly ConfigIssue[] } {
    try {
        return { value: validate(), issues: [] };
    } catch (error) {
        if (error instanceof ConfigError) return { issues: error.issues };
        throw error;
    }
}

/** A team stack's config values (the `config:` map of `Pulumi.<stack>.yaml`). */
export function stackSource(
    config: Record<string, unknown>,
    file: string,
    stackName: string,
    now: Date,
): PlanSource {
    const location = config["azure-native:location"];
    const rawEvent = config[`${STACK_EVENT_ROOT}`];
    const rawTeam = config[`${STACK_TEAM_ROOT}`];
    const problems: Problem[] = [];
    if (typeof location !== "string" || location === "") {
        problems.push({
            severity: "error",
            code: "config",
            path: "azure-native:location",
            message:
                "azure-native:location: is required (the Azure region of the team, e.g. japaneast)",
        });
    }
    const strict = attempt(() => validateTeamStack(rawEvent, rawTeam, { now }));
    problems.push(...issueProblems(strict.issues));
    // Without the date rule: an ended event is still worth planning (and says so above).
    const valid = strict.value ?? attempt(() => validateTeamStack(rawEvent, rawTeam)).value;
    const ok = valid !== undefined && typeof location === "string" && location !== "";
    return {
        kind: "stack",
        file,
        stackName,
        eventRoot: STACK_EVENT_ROOT,
        location: typeof location === "string" && location !== "" ? location : undefined,
        event: valid?.event ?? eventSchema.safeParse(rawEvent).data,
        teams: ok ? [{ config: valid.team, stackName }] : [],
        declaredTeams: 1,
        problems,
    };
}

/** An event roster: `location`, `event`, `teams`. */
export function rosterSource(raw: unknown, file: string, now: Date): PlanSource {
    const strict = attempt(() => validateRoster(raw, { now }));
    const problems = issueProblems(strict.issues);
    const relaxed = strict.value ?? attempt(() => validateRoster(raw)).value;
    const shape = rosterSchema.safeParse(raw);
    const declaredTeams = shape.success ? shape.data.teams.length : 0;
    const base = {
        kind: "roster" as const,
        file,
        eventRoot: ROSTER_EVENT_ROOT,
        declaredTeams,
        problems,
    };
    if (relaxed !== undefined) {
        return {
            ...base,
            location: relaxed.location,
            event: relaxed.event,
            teams: relaxed.teams.map((t) => ({
                config: t,
                stackName: rosterStackName(relaxed.event.name, t.name),
            })),
        };
    }
    // Salvage: plan every team that is valid on its own (the issues above still fail the plan).
    if (!shape.success) return { ...base, teams: [] };
    const event = eventSchema.safeParse(shape.data.event);
    if (!event.success) return { ...base, location: shape.data.location, teams: [] };
    const teams: PlanTeam[] = [];
    for (const rawTeam of shape.data.teams) {
        const one = attempt(() => validateTeamStack(shape.data.event, rawTeam)).value;
        if (one !== undefined)
            teams.push({
                config: one.team,
                stackName: rosterStackName(one.event.name, one.team.name),
            });
    }
    return { ...base, location: shape.data.location, event: event.data, teams };
}

/** `Pulumi.dev.yaml` -> `dev`; undefined for any other file name. */
export function stackNameOfFile(file: string): string | undefined {
    return /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads a stack file or a roster (told apart by the stack file's top-level `config:` map).
 * `shownAs` is how messages and the report name the file (as the user typed it).
 */
export function loadSource(file: string, now: Date, shownAs: string = file): PlanSource {
    const failed = (message: string): PlanSource => ({
        kind: "roster",
        file: shownAs,
        eventRoot: ROSTER_EVENT_ROOT,
        teams: [],
        declaredTeams: 0,
        problems: [{ severity: "error", code: "file", message: `${shownAs}: ${message}` }],
    });
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        // A missing file is not a YAML problem: say so plainly, with the path as typed.
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        return {
            ...failed(""),
            problems: [
                {
                    severity: "error",
                    code: "file",
                    message: missing
                        ? `not found: ${shownAs}`
                        : `${shownAs}: cannot be read (${error instanceof Error ? error.message : String(error)})`,
                },
            ],
        };
    }
    let raw: unknown;
    try {
        raw = parse(text);
    } catch (error) {
        // The yaml message's first line already says where ("... at line 2, column 1:").
        return failed(
            `cannot be read as YAML (${(error instanceof Error ? error.message : String(error)).split("\n")[0]})`,
        );
    }
    if (isRecord(raw) && isRecord(raw.config)) {
        return stackSource(
            raw.config,
            shownAs,
            stackNameOfFile(file) ?? path.basename(file).replace(/\.ya?ml$/, ""),
            now,
        );
    }
    if (raw === null || raw === undefined) return failed("the file is empty");
    return rosterSource(raw, shownAs, now);
}
