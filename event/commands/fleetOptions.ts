/**
 * The options the commands over team stacks share, each declared once here and added by the
 * commands that take it, and their translation into the driver's `EventOptions`.
 */
import { InvalidArgumentError, Option } from "commander";
import { CliCommand, teamOption, wholeNumber } from "../commandLine";
import { MAX_PARALLEL, RESERVED_MEMORY_MIB, TEAM_MEMORY_MIB, defaultParallel } from "../capacity";
import type { EventCommand } from "../engine";
import type { EventOptions } from "../options";
import { parseShard, UsageError, type Shard } from "../select";
import type { EventCli } from "./context";

/** The parsed options of any fleet command (commander's `opts()`); absent ones are not taken. */
export interface FleetFlags {
    readonly team?: readonly string[];
    readonly parallel: number;
    readonly shard?: Shard;
    readonly retries?: number;
    readonly orphans?: boolean;
    readonly deleteRepos?: boolean;
    readonly json?: boolean;
    /** commander's `--no-purge`: false when given. */
    readonly purge?: boolean;
    readonly skipPreflight?: boolean;
    /** `status --cost`: the spend so far of the same teams after the table. */
    readonly cost?: boolean;
}

export const RETRIES_DEFAULT = 3;

export const fleetOption = {
    team: () => teamOption("only this team; repeat it or give several (--team a b, --team a,b)"),
    parallel: (totalMemoryBytes: number) =>
        new Option(
            "--parallel <n>",
            `at most n teams at once, 1 to ${MAX_PARALLEL}; the default is what this machine's memory holds, about ${TEAM_MEMORY_MIB} MiB a team after ${RESERVED_MEMORY_MIB} MiB for the system`,
        )
            .argParser(wholeNumber(1, MAX_PARALLEL))
            .default(
                defaultParallel(totalMemoryBytes),
                `${defaultParallel(totalMemoryBytes)} here`,
            ),
    shard: () =>
        new Option(
            "--shard <i/n>",
            "only the teams of shard i of n (stable hash of the team name)",
        ).argParser((text): Shard => {
            try {
                return parseShard(text);
            } catch (error) {
                if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
                throw error;
            }
        }),
    retries: () =>
        new Option("--retries <n>", "retries of a transient failure per team")
            .argParser(wholeNumber(0, 10))
            .default(RETRIES_DEFAULT),
    deleteRepos: () =>
        new Option("--delete-repos", "the team repositories end deleted, not archived"),
    json: () => new Option("--json", "the verification report as JSON on stdout"),
    cost: () =>
        new Option(
            "--cost",
            "then each team's actual cost so far (Cost Management, hours behind) beside the plan's estimate and the budget, as the cost command prints it",
        ),
};

/** The driver's options from a fleet command's parsed options. */
export function eventOptions(
    command: EventCommand,
    rosterFile: string,
    flags: FleetFlags,
): EventOptions {
    return {
        command,
        rosterFile,
        teams: [...(flags.team ?? [])],
        parallel: flags.parallel,
        shard: flags.shard,
        orphans: flags.orphans ?? false,
        retries: flags.retries ?? RETRIES_DEFAULT,
        // Only when given, so the options of the other commands stay as they were.
        ...(flags.deleteRepos ? { deleteRepos: true } : {}),
        ...(flags.json ? { json: true } : {}),
        ...(flags.purge === false ? { purge: false } : {}),
        ...(flags.skipPreflight ? { skipPreflight: true } : {}),
    };
}

/** The roster argument every fleet command takes first. */
export const ROSTER_ARGUMENT = [
    "<roster>",
    "the event's roster, e.g. stacks/example.yaml",
] as const;

export const FLEET_EXIT_CODES = `Exit codes: 0 all done, 1 a team failed, 2 bad arguments or roster or Pulumi not usable
(nothing ran), 130 stopped with Ctrl-C before every team had started.`;

/**
 * A command over team stacks: `<name> <roster> [options]`, its options, and an action that turns
 * them into the driver's options. `run` defaults to the fleet runner.
 */
export function fleetCommand(
    ctx: EventCli,
    name: EventCommand,
    description: string,
    options: readonly Option[],
    run: (options: EventOptions, flags: FleetFlags) => Promise<number> = (o) => ctx.runFleet(o),
    exitCodes: string = FLEET_EXIT_CODES,
): CliCommand {
    const command = new CliCommand(name)
        .description(description)
        .argument(...ROSTER_ARGUMENT)
        .addHelpText("after", `\n${exitCodes}`);
    for (const option of options) command.addOption(option);
    return command.runs(async (rosterFile: string, flags: FleetFlags) =>
        run(eventOptions(name, rosterFile, flags), flags),
    );
}
