/** `preview`: show what up would change. */
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const previewCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(ctx, "preview", "show what up would change", [
        fleetOption.team(),
        fleetOption.parallel(ctx.totalMemoryBytes),
        fleetOption.shard(),
        fleetOption.retries(),
    ]);
