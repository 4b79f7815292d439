/** `verify-teardown`: only the verification of destroy, any time after it; needs no Pulumi. */
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const verifyTeardownCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(
        ctx,
        "verify-teardown",
        "only the verification: what of each team is still there, with the command that removes it (needs no Pulumi; any time after destroy)",
        [
            fleetOption.team(),
            fleetOption.parallel(ctx.totalMemoryBytes),
            fleetOption.shard(),
            fleetOption.deleteRepos(),
            fleetOption.json(),
        ],
        undefined,
        "Exit codes: 0 nothing is left (a resource group still deleting counts as gone), 1 something is left\nor could not be checked, 2 bad arguments or roster.",
    );
