/** `status`: one row per team, and the orphaned stacks of the event. */
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const statusCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(
        ctx,
        "status",
        "one row per team: stack exists, last update, result, resources; lists orphaned stacks",
        [fleetOption.team(), fleetOption.parallel(ctx.totalMemoryBytes), fleetOption.shard()],
    );
