/**
 * `roster import <registrations.csv> --event <name> [--team-size N]`: adds the people of a
 * registration export to stacks/<name>.yaml (event/rosterImport/).
 */
import { InvalidArgumentError, Option } from "commander";
import { CliCommand, wholeNumber } from "../commandLine";
import { EVENT_NAME } from "../../stacks/schema";
import type { EventCli } from "./context";

interface ImportFlags {
    readonly event: string;
    readonly teamSize?: number;
}

const eventName = (value: string): string => {
    if (!EVENT_NAME.test(value))
        throw new InvalidArgumentError(
            "It needs the event's name: 3-10 characters, a lowercase letter then lowercase letters or digits.",
        );
    return value;
};

export const rosterCommand = (ctx: EventCli): CliCommand => {
    const roster = new CliCommand("roster").description(
        "roster files: import adds a registration export's people to stacks/<event>.yaml",
    );
    roster.addCommand(
        new CliCommand("import")
            .description(
                "add the participants of a registration export (CSV, UTF-8 with or without BOM, English or Japanese headers) to stacks/<event>.yaml, which must exist with its event settings (copy stacks/example.yaml, set event.name and the settings, teams: []); people already in the roster keep their team",
            )
            .argument(
                "<registrations.csv>",
                "columns: GitHub login, and a user principal name, object id or e-mail; optional team and name",
            )
            .addOption(
                new Option("--event <name>", "the event: its roster is stacks/<name>.yaml")
                    .argParser(eventName)
                    .makeOptionMandatory(),
            )
            .addOption(
                new Option(
                    "--team-size <n>",
                    "form teams of at most n (1-8, a team's limit) for rows without a team (team01, team02, ...)",
                ).argParser(wholeNumber(1, 8)),
            )
            .addHelpText(
                "after",
                "\nExit codes: 0 written, 2 bad arguments or input (nothing written).",
            )
            .runs(async (csvFile: string, flags: ImportFlags) =>
                (await import("../rosterImport/command")).runRosterImport(
                    { csvFile, event: flags.event, teamSize: flags.teamSize },
                    { out: ctx.out, err: ctx.err },
                ),
            ),
    );
    return roster;
};
