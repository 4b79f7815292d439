/**
 * `stop-compute <roster> [--team ...] [--shard i/n]`: the emergency stop (event/stopCompute/):
 * stops running compute instances and sets clusters to 0 nodes (reporting what Azure then says), deletes nothing.
 */
import { CliCommand } from "../commandLine";
import type { Shard } from "../select";
import type { EventCli } from "./context";
import { fleetOption, ROSTER_ARGUMENT } from "./fleetOptions";

interface StopFlags {
    readonly team?: string[];
    readonly shard?: Shard;
}

export const stopComputeCommand = (ctx: EventCli): CliCommand =>
    new CliCommand("stop-compute")
        .description(
            "stop every running compute instance and set every cluster of the chosen teams to 0 nodes (deletes nothing; safe to run again)",
        )
        .argument(...ROSTER_ARGUMENT)
        .addOption(fleetOption.team())
        .addOption(fleetOption.shard())
        .addHelpText(
            "after",
            "\nExit codes: 0 every compute stopped, set to 0 nodes, idle or in a state that cannot be stopped (counted), 1 a compute could not be stopped or is still being created (run again), 2 bad arguments or roster.",
        )
        .runs(async (rosterFile: string, flags: StopFlags) =>
            (await import("../stopCompute/main")).stopComputeMain(
                { rosterFile, teams: flags.team ?? [], shard: flags.shard },
                { out: ctx.out, err: ctx.err },
            ),
        );
