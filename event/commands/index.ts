/**
 * Every command of `npm run event`, in the order the help lists them. A new command is a module of
 * this folder exporting `(ctx: EventCli) => CliCommand` (its options declared there, its logic in
 * a module of its own with typed options and injected dependencies), added to COMMANDS below.
 */
import { program, type CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { costCommand } from "./cost";
import { destroyCommand } from "./destroy";
import { handoutsCommand } from "./handouts";
import { outputsCommand } from "./outputs";
import { preflightCommand } from "./preflight";
import { previewCommand } from "./preview";
import { refreshCommand } from "./refresh";
import { requestsCommand } from "./requests";
import { rosterCommand } from "./roster";
import { statusCommand } from "./status";
import { stopComputeCommand } from "./stopCompute";
import { upCommand } from "./up";
import { verifyTeardownCommand } from "./verifyTeardown";

export const COMMANDS: readonly ((ctx: EventCli) => CliCommand)[] = [
    upCommand,
    previewCommand,
    refreshCommand,
    destroyCommand,
    verifyTeardownCommand,
    statusCommand,
    outputsCommand,
    handoutsCommand,
    rosterCommand,
    (ctx) => preflightCommand(ctx.preflightIo),
    requestsCommand,
    stopComputeCommand,
    costCommand,
];

export const EVENT_HELP = `
Run "npm run event -- <command> --help" for a command's arguments and options.

Exit codes: 0 all done, 1 a team failed, 2 bad arguments or roster or Pulumi not usable
(nothing ran), 130 stopped with Ctrl-C before every team had started.`;

/** The `npm run event` command line. */
export function eventProgram(ctx: EventCli): CliCommand {
    const root = program(
        "npm run event --",
        "<command> <roster.yaml> [options]",
        "The event driver: runs the team program on every team stack of an event roster (stacks/<event>.yaml).",
    );
    for (const command of COMMANDS) root.addCommand(command(ctx));
    return root.addHelpText("after", EVENT_HELP);
}
