/**
 * `status`: one row per team, and the orphaned stacks of the event; with `--cost`, then the spend so
 * far of the same teams, by the `cost` command's own code (event/cost/), so both always agree.
 */
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const statusCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(
        ctx,
        "status",
        "one row per team: stack exists, last update, result, resources; lists orphaned stacks; --cost adds the spend so far",
        [
            fleetOption.team(),
            fleetOption.parallel(ctx.totalMemoryBytes),
            fleetOption.shard(),
            fleetOption.cost(),
        ],
        async (options, flags) => {
            const code = await ctx.runFleet(options);
            if (flags.cost !== true) return code;
            const { clock } = ctx.deps();
            const costCode = await (
                await import("../cost/main")
            ).costMain(
                {
                    rosterFile: options.rosterFile,
                    teams: options.teams,
                    shard: options.shard,
                    json: false,
                    now: new Date(clock.now()),
                },
                { out: ctx.out, err: ctx.err, sleep: (ms) => clock.sleep(ms) },
            );
            // The fleet's own failure (or a usage error) comes first; else whether every query answered.
            return code !== 0 ? code : costCode;
        },
    );
