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
            "actual cost so far of each team's resource group (one Cost Management query per subscription, hours behind, UTC days) beside the plan's estimate and the budget",
        )
        .argument(...ROSTER_ARGUMENT)
        .addOption(fleetOption.team())
        .option("--json", "print the report as JSON")
        .addHelpText(
            "after",
            "\nExit codes: 0 every team's figure was read (a group with no row costs 0; Cost Management's 204 is said as no data), 1 a query failed (a 404, a sign-in that failed, mixed currencies, a paged answer), 2 bad arguments or roster.",
        )
        .runs(async (rosterFile: string, flags: CostFlags) =>
            (await import("../cost/main")).costMain(
                { rosterFile, teams: flags.team ?? [], json: flags.json === true, now: new Date() },
                { out: ctx.out, err: ctx.err },
            ),
        );
