/**
 * The first steps every event command over team stacks shares: read and validate the roster and
 * check the team selection (before anything else is touched), then open the event's stacks. Each
 * step says what went wrong on stderr and returns undefined, so the caller exits with EXIT.usage.
 */
import { readFile } from "node:fs/promises";
import { ConfigError } from "../stacks/validate";
import { PulumiSetupError } from "./backend";
import type { StackEngine, StackSummary } from "./engine";
import type { DriverDeps, EventOptions } from "./options";
import { errorText } from "./retry";
import { parseRoster, RosterFileError, stackPrefix, type Roster } from "./roster";
import { UsageError, findOrphans, pickTeams } from "./select";
import { firstErrorLine } from "./summary";

/** The validated roster, or undefined once the problem has been said. */
export async function readEventRoster(
    options: EventOptions,
    deps: Pick<DriverDeps, "readText" | "clock" | "err">,
): Promise<Roster | undefined> {
    const { command } = options;
    try {
        if (options.orphans && command !== "destroy")
            throw new UsageError(
                "--orphans only goes with destroy (status always lists orphaned stacks)",
            );
        const text = await (deps.readText ?? ((f: string) => readFile(f, "utf8")))(
            options.rosterFile,
        ).catch((e: unknown) => {
            throw new RosterFileError(
                (e as NodeJS.ErrnoException).code === "ENOENT"
                    ? `not found: ${options.rosterFile}`
                    : `${options.rosterFile}: cannot read the roster (${errorText(e)})`,
            );
        });
        // The date rule only guards new deployments: teardown and inspection after the event must never be blocked.
        const dated = command === "up" || command === "preview";
        const roster = parseRoster(
            text,
            options.rosterFile,
            dated ? { now: new Date(deps.clock.now()) } : {},
        );
        if (!options.orphans) pickTeams(roster.teams, options);
        return roster;
    } catch (error) {
        if (error instanceof ConfigError) {
            deps.err.write(`${options.rosterFile}: ${error.message}\n`);
            return undefined;
        }
        if (error instanceof RosterFileError || error instanceof UsageError) {
            deps.err.write(`${error.message}\n`);
            return undefined;
        }
        throw error;
    }
}

/** The event's stacks as the state backend lists them. */
export interface EventStacks {
    readonly engine: StackEngine;
    readonly summaries: readonly StackSummary[];
    /** Teams with a stack of this event that the roster no longer has. */
    readonly orphans: readonly string[];
}

/** Creates the engine and lists the event's stacks, or says why Pulumi cannot be used. */
export async function openEventStacks(
    roster: Roster,
    deps: Pick<DriverDeps, "createEngine" | "err">,
): Promise<EventStacks | undefined> {
    let engine: StackEngine;
    let summaries: StackSummary[];
    try {
        engine = await deps.createEngine(roster);
        summaries = await engine.listStacks(stackPrefix(roster.event.name));
    } catch (error) {
        deps.err.write(
            error instanceof PulumiSetupError
                ? `${error.message}\n`
                : `cannot reach Pulumi (CLI on PATH? logged in to the state backend?): ${firstErrorLine(errorText(error))}\n`,
        );
        return undefined;
    }
    const orphans = findOrphans(
        roster.event.name,
        roster.teams,
        summaries.map((s) => s.name),
    );
    return { engine, summaries, orphans };
}
