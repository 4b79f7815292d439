/** `refresh`: re-read the real state of existing team stacks. */
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const refreshCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(ctx, "refresh", "re-read the real state of existing team stacks", [
        fleetOption.team(),
        fleetOption.parallel(ctx.totalMemoryBytes),
        fleetOption.shard(),
        fleetOption.retries(),
    ]);
