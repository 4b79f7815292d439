/**
 * An event roster (`stacks/<event>.yaml`) is the single source of truth for every team stack of an
 * event: the driver re-derives each stack's config from it on every run, so editing the roster and
 * re-running `up` is the only way config changes. Validation is `validateRoster`, the same code the
 * team program uses, so a roster that passes here cannot be rejected by a stack later.
 */
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { parse, YAMLError } from "yaml";
import {
    configWarnings,
    validateRoster,
    type ValidRoster,
    type ValidateOptions,
} from "../stacks/validate";
import type { TeamConfig } from "../stacks/schema";
import { sharedMemberWarnings } from "../stacks/sharedMembers";
import type { TeamStackConfig } from "./engine";

export interface Roster extends ValidRoster {
    /** The roster file, as given on the command line. */
    readonly file: string;
    /**
     * `stacks/<event>/` as an absolute path: generated stack settings and logs of this event (see
     * automation.ts). Absolute because the Pulumi CLI runs with this directory as its working
     * directory and resolves every relative path it is given against it, not against ours.
     */
    readonly eventDir: string;
    /** The same directory relative to where the command was started, for messages and log paths. */
    readonly eventDirShown: string;
}

/** A roster file that cannot be read as YAML (validation problems are `ConfigError`s instead). */
export class RosterFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RosterFileError";
    }
}

/**
 * Parses and validates roster text. `options.now` enables the date rule (the event must not have
 * ended): pass it for `up`/`preview` only, so teardown after the event is never blocked.
 */
export function parseRoster(text: string, file: string, options: ValidateOptions = {}): Roster {
    let raw: unknown;
    try {
        raw = parse(text);
    } catch (error) {
        // The yaml message's first line already says where ("... at line 2, column 1:").
        if (error instanceof YAMLError)
            throw new RosterFileError(`${file}: ${error.message.split("\n")[0]}`);
        throw error;
    }
    if (raw === null || raw === undefined) throw new RosterFileError(`${file}: the file is empty`);
    const roster = validateRoster(raw, options);
    const eventDirShown = path.join(path.dirname(file), roster.event.name);
    return { ...roster, file, eventDir: path.resolve(eventDirShown), eventDirShown };
}

export async function loadRoster(file: string, options: ValidateOptions = {}): Promise<Roster> {
    let text: string;
    try {
        text = await readFile(file, "utf8");
    } catch (error) {
        throw new RosterFileError(
            `${file}: cannot read the roster (${error instanceof Error ? error.message : String(error)})`,
        );
    }
    return parseRoster(text, file, options);
}

/** Event names have no hyphen (EVENT_NAME), so `<event>-` never matches another event's stacks. */
export const stackPrefix = (event: string): string => `${event}-`;
export const teamStackName = (event: string, team: string): string =>
    `${stackPrefix(event)}${team}`;

/** The team part of `<event>-<team>`, or undefined for a stack of another event. */
export function teamOfStack(event: string, stackName: string): string | undefined {
    const prefix = stackPrefix(event);
    return stackName.startsWith(prefix) && stackName.length > prefix.length
        ? stackName.slice(prefix.length)
        : undefined;
}

/** The complete config of one team stack, derived from the roster alone. */
export function teamStackConfig(roster: ValidRoster, team: TeamConfig): TeamStackConfig {
    return {
        "openhack-mlops:event": roster.event,
        "openhack-mlops:team": team,
        "azure-native:location": roster.location,
    };
}

/** Advice about a valid roster, shown before `up`/`preview`. */
export const rosterWarnings = (roster: ValidRoster): string[] => [
    ...configWarnings(roster.event, "event"),
    ...sharedMemberWarnings(roster.teams, {
        instancePerMember: roster.event.compute.instancePerMember,
    }).map((w) => w.message),
];

/**
 * The roster for a command that cannot go on without it: a file or config problem is said on `err`
 * (undefined: the caller exits with a usage error); anything else is thrown.
 */
export async function loadRosterOrSay(
    file: string,
    err: { write(text: string): unknown },
): Promise<Roster | undefined> {
    try {
        return await loadRoster(file);
    } catch (error) {
        if (!(error instanceof RosterFileError)) throw error;
        err.write(`${error.message}\n`);
        return undefined;
    }
}
