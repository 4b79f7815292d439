/**
 * `stop-compute <roster> [--team ...] [--shard i/n] [--restore]`: the emergency stop
 * (event/stopCompute/): stops running compute instances and sets clusters to 0 nodes (reporting
 * what Azure then says), deletes nothing. `--restore` puts each team's cluster back to the
 * roster's scale settings with the same PATCH (event/stopCompute/restore.ts), starting no instance.
 */
import { CliCommand } from "../commandLine";
import type { Shard } from "../select";
import type { EventCli } from "./context";
import { fleetOption, ROSTER_ARGUMENT } from "./fleetOptions";

interface StopFlags {
    readonly team?: string[];
    readonly shard?: Shard;
    readonly restore?: boolean;
}

export const stopComputeCommand = (ctx: EventCli): CliCommand =>
    new CliCommand("stop-compute")
        .description(
            "stop every running compute instance and set every cluster of the chosen teams to 0 nodes (deletes nothing; safe to run again)",
        )
        .argument(...ROSTER_ARGUMENT)
        .addOption(fleetOption.team())
        .addOption(fleetOption.shard())
        .option(
            "--restore",
            "put each team's cluster back to the roster's min, max and idle time (the same PATCH; starts no instance)",
        )
        .addHelpText(
            "after",
            "\nExit codes: 0 every compute stopped, set to 0 nodes, idle or in a state that cannot be stopped (counted), 1 a compute could not be stopped or is still being created (run again), 2 bad arguments or roster.\nWith --restore: 0 every team's cluster restored, already so or absent, 1 a restore failed.\nRestore with --restore, never with refresh then up: a refresh would replace the computes (their replaceOnChanges) and up alone sees no change.",
        )
        .runs(async (rosterFile: string, flags: StopFlags) =>
            (await import("../stopCompute/main")).stopComputeMain(
                {
                    rosterFile,
                    teams: flags.team ?? [],
                    shard: flags.shard,
                    restore: flags.restore ?? false,
                },
                { out: ctx.out, err: ctx.err },
            ),
        );
