/** `up`: create or update every selected team stack, after the preflight checks. */
import { Option } from "commander";
import type { CliCommand } from "../commandLine";
import type { EventCli } from "./context";
import { fleetCommand, fleetOption } from "./fleetOptions";

export const UP_EXIT_CODES = `Exit codes: 0 every team is up, 1 a team failed, 2 bad arguments or roster, Pulumi not usable,
or preflight found a FAIL (no team was started), 130 stopped with Ctrl-C before every team had
started. Preflight's own codes are not up's: an UNKNOWN in its report (a fact it could not read)
is said on stderr and up goes on, so up's exit code is the teams' alone.`;

export const upCommand = (ctx: EventCli): CliCommand =>
    fleetCommand(
        ctx,
        "up",
        "create or update every selected team stack (preflight checks first)",
        [
            fleetOption.team(),
            fleetOption.parallel(ctx.totalMemoryBytes),
            fleetOption.shard(),
            fleetOption.retries(),
            new Option(
                "--skip-preflight",
                "do not run the preflight checks first (they run by default and a FAIL stops up before any team starts; see preflight --help)",
            ),
        ],
        undefined,
        UP_EXIT_CODES,
    );
