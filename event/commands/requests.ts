/**
 * `requests <roster.yaml> [--apply] [--json]` and `requests --print-form`: teams' teardown requests
 * from their repositories (event/requests/, docs/team-teardown.md).
 */
import { Option } from "commander";
import { CliCommand, USAGE_EXIT } from "../commandLine";
import type { EventCli } from "./context";
import { fleetOption } from "./fleetOptions";

interface RequestsFlags {
    readonly apply?: boolean;
    readonly json?: boolean;
    readonly printForm?: boolean;
    readonly parallel: number;
    readonly retries?: number;
}

export const requestsCommand = (ctx: EventCli): CliCommand =>
    new CliCommand("requests")
        .description(
            "teams' teardown requests from their repositories: lists what it would do; --apply answers them and runs destroy -> purge -> verify for the teams that asked",
        )
        .argument("[roster.yaml]", "the event roster, e.g. stacks/example.yaml")
        .addOption(
            new Option(
                "--apply",
                "carry it out (needs GITHUB_TOKEN, Azure sign-in and the state backend, as destroy)",
            ),
        )
        .addOption(new Option("--json", "the plan and what was done as JSON on stdout"))
        .addOption(
            new Option(
                "--print-form",
                "print the issue form to ship once in <owner>/.github (.github/ISSUE_TEMPLATE/)",
            ),
        )
        .addOption(fleetOption.parallel(ctx.totalMemoryBytes))
        .addOption(fleetOption.retries())
        .addHelpText(
            "after",
            "\nExit codes: 0 everything handled, 1 something failed or is left for the next run, 2 bad\narguments, roster, token or Pulumi (nothing changed).",
        )
        .runs(async (rosterFile: string | undefined, flags: RequestsFlags) => {
            if (flags.printForm) {
                ctx.out.write((await import("../requests/form")).issueFormYaml());
                return 0;
            }
            if (rosterFile === undefined) {
                ctx.err.write("requests needs the roster file, e.g. stacks/example.yaml\n");
                return USAGE_EXIT;
            }
            return (await import("../requests/command")).runRequests(
                {
                    rosterFile,
                    apply: flags.apply ?? false,
                    json: flags.json ?? false,
                    parallel: flags.parallel,
                    retries: flags.retries ?? 3,
                },
                ctx.deps(),
            );
        });
