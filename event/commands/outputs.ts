/** `outputs`: every selected team's stack outputs as JSON, secrets redacted. */
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const outputsCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(
        ctx,
        "outputs",
        'every team\'s stack outputs as JSON (secret outputs shown as "[secret]")',
        [fleetOption.team(), fleetOption.parallel(ctx.totalMemoryBytes), fleetOption.shard()],
    );
