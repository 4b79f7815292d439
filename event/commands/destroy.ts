/**
 * `destroy`: tear down the selected team stacks, then purge and verify. Safe by default: the whole
 * event (no --team, no --orphans) goes only once the event's name is typed on a terminal, or with
 * --yes where there is no terminal (CI); otherwise nothing is touched and the exit code is 2.
 */
import { readFile } from "node:fs/promises";
import { Option } from "commander";
import type { CliCommand } from "../commandLine";
import type { EventOptions } from "../options";
import { parseRoster } from "../roster";
import { EXIT } from "../summary";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption, type FleetFlags } from "./fleetOptions";

interface DestroyFlags extends FleetFlags {
    readonly yes?: boolean;
}

/** What a destroy takes, said before it is confirmed: the invited guests go too, and first. */
const WHAT_GOES = "stacks, resources, repositories, invited guests";

/** The event's name, or undefined when the roster cannot be read (the driver then says why). */
async function eventNameOf(ctx: EventCli, file: string): Promise<string | undefined> {
    try {
        const text = await (ctx.deps().readText ?? ((f: string) => readFile(f, "utf8")))(file);
        return parseRoster(text, file).event.name;
    } catch {
        return undefined;
    }
}

/**
 * Whether this destroy may go on: a part of the event always may; the whole event needs --yes or
 * the event's name typed on the terminal.
 */
export async function confirmDestroy(
    ctx: EventCli,
    options: EventOptions,
    yes: boolean,
): Promise<boolean> {
    if (options.teams.length > 0 || options.orphans || yes) return true;
    const event = await eventNameOf(ctx, options.rosterFile);
    // A roster that does not read touches nothing either: the driver reports it and exits 2.
    if (event === undefined) return true;
    const scope = options.shard
        ? `shard ${options.shard.index}/${options.shard.count} of every team of event ${event}`
        : `every team of event ${event}`;
    if (!ctx.terminal.interactive) {
        ctx.err.write(
            `destroy: this tears down ${scope} (${WHAT_GOES}); without a terminal to confirm on, it needs --yes. Nothing was touched. (Some teams only: --team <name>.)\n`,
        );
        return false;
    }
    const answer = await ctx.terminal.ask(
        `destroy: this tears down ${scope} (${WHAT_GOES}).\nType the event name (${event}) to go on: `,
    );
    if (answer.trim() === event) return true;
    ctx.err.write(`destroy: the answer was not "${event}": nothing was touched.\n`);
    return false;
}

export const destroyCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(
        ctx,
        "destroy",
        "tear down the selected team stacks (teams only, or --orphans), then purge what Azure, Entra ID and GitHub keep and verify nothing is left; the whole event asks for its name to be typed (or --yes)",
        [
            fleetOption.team(),
            fleetOption.parallel(ctx.totalMemoryBytes),
            fleetOption.shard(),
            fleetOption.retries(),
            new Option(
                "--orphans",
                "the stacks of this event that are no longer in the roster (status always lists them)",
            ),
            fleetOption.deleteRepos(),
            fleetOption.json(),
            new Option(
                "--no-purge",
                "only pulumi destroy: no guest removal, no purge and no verification (when Azure, Graph or GitHub cannot be reached with enough rights); run verify-teardown later",
            ),
            new Option(
                "-y, --yes",
                "destroy the whole event without typing its name (for CI; without a terminal the whole event needs it)",
            ),
        ],
        async (options, flags: DestroyFlags) =>
            (await confirmDestroy(ctx, options, flags.yes === true))
                ? ctx.runFleet(options)
                : EXIT.usage,
    );
