/**
 * `handouts <roster>`: a page per team (Japanese and English, Markdown and HTML) and an index for
 * coaches, from the team stacks' outputs or a saved outputs file. The pages: event/handouts/.
 */
import { Option } from "commander";
import { CliCommand, notAnOption, oneOf, teamOption } from "../commandLine";
import { LANGS, type Lang } from "../handouts/model";
import type { EventCli } from "./context";
import { ROSTER_ARGUMENT } from "./fleetOptions";

interface HandoutsFlags {
    readonly out?: string;
    readonly lang: Lang | "both";
    readonly from?: string;
    readonly team?: readonly string[];
}

export const handoutsCommand = (ctx: EventCli): CliCommand =>
    new CliCommand("handouts")
        .description(
            "a page per team (ja/en, Markdown + HTML) and an index for coaches, from the team stacks' outputs; no secret value is ever written",
        )
        .argument(...ROSTER_ARGUMENT)
        .addOption(
            new Option(
                "--out <dir>",
                "where to write (default: stacks/<event>/handouts)",
            ).argParser(notAnOption),
        )
        .addOption(
            new Option("--lang <lang>", "languages of the team pages")
                .argParser(oneOf(["ja", "en", "both"] as const))
                .default("both"),
        )
        .addOption(
            new Option(
                "--from <file>",
                "read the outputs from a file saved by `npm run -s event -- outputs <roster.yaml> > file` instead of the stacks (no Pulumi needed)",
            ).argParser(notAnOption),
        )
        .addOption(teamOption("only these teams (repeat or comma-separate)"))
        .addHelpText(
            "after",
            "\nExit codes: 0 every team has a handout, 1 a team has none (listed in the index and on stderr),\n2 bad arguments, roster or outputs file.",
        )
        .runs(async (rosterFile: string, flags: HandoutsFlags) => {
            const { runHandouts } = await import("../handouts/command");
            return runHandouts(
                {
                    rosterFile,
                    out: flags.out,
                    langs: flags.lang === "both" ? LANGS : [flags.lang],
                    from: flags.from,
                    teams: [...(flags.team ?? [])],
                },
                { ...ctx.handouts(), out: ctx.out, err: ctx.err },
            );
        });
