/**
 * `cost <roster> [--team ...] [--json]`: spend so far per team from Cost Management beside the
 * plan's estimate and the budget (event/cost/).
 */
import { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetOption, ROSTER_ARGUMENT } from "./fleetOptions";

interface CostFlags {
    readonly team?: string[];
    readonly json?: boolean;
}

export const costCommand = (ctx: EventCli): CliCommand =>
    new CliCommand("cost")
        .description(
            "actual cost so far of each team's resource group (Cost Management, hours behind) beside the plan's estimate and the budget",
        )
        .argument(...ROSTER_ARGUMENT)
        .addOption(fleetOption.team())
        .option("--json", "print the report as JSON")
        .addHelpText(
            "after",
            '\nExit codes: 0 every team answered (a missing group is "no data"), 1 a query failed, 2 bad arguments or roster.',
        )
        .runs(async (rosterFile: string, flags: CostFlags) =>
            (await import("../cost/main")).costMain(
                { rosterFile, teams: flags.team ?? [], json: flags.json === true, now: new Date() },
                { out: ctx.out, err: ctx.err },
            ),
        );
