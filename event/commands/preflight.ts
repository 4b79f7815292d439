/**
 * `preflight <stacks/<event>.yaml | Pulumi.<stack>.yaml>`: checks, against the real services, that
 * the subscription(s), the tenant and the GitHub owner can give what the event needs. The checks
 * themselves: event/preflight/.
 */
import { Option } from "commander";
import { CliCommand, runCommandLine, wholeNumber } from "../commandLine";
import { DEFAULT_TIMEOUT_MS } from "../cloud/timeouts";
import type { PreflightArgs, PreflightIo } from "../preflight/cli";

export const PREFLIGHT_HELP = `
Credentials: Azure CLI sign-in (az login), or AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET,
or workload identity (azure/login); GITHUB_TOKEN for GitHub. Teams without subscriptionId use
ARM_SUBSCRIPTION_ID (the azure-native provider's default).

Exit codes: 0 ready (pass or warn only), 1 at least one FAIL, 2 bad arguments or config,
3 no FAIL but at least one UNKNOWN (a fact could not be read: not known to be ready).`;

interface PreflightFlags {
    readonly fix?: boolean;
    readonly json?: boolean;
    readonly timeout: number;
    readonly managedIdentity?: boolean;
}

/** The preflight command; `io()` is only called when it runs. */
export function preflightCommand(
    io: () => PreflightIo | Promise<PreflightIo>,
    name = "preflight",
    withinUp = false,
): CliCommand {
    return new CliCommand(name)
        .description(
            "check the subscription, tenant and GitHub owner before the event (the needs come from the offline plan of the same file)",
        )
        .argument("<file>", "stacks/<event>.yaml or Pulumi.<stack>.yaml")
        .option(
            "--fix",
            "register missing Azure resource providers and wait until Registered; allow the materials' GitHub actions in the owner's Actions policy (one write for the owner)",
        )
        .option("--json", "the report as JSON (same content as the text)")
        .addOption(
            new Option("--timeout <s>", "give up on any one call after this many seconds")
                .argParser(wholeNumber(1, 600))
                .default(DEFAULT_TIMEOUT_MS / 1000),
        )
        .option(
            "--managed-identity",
            "also try the Azure VM's managed identity (off: it probes 169.254.169.254)",
        )
        .addHelpText("after", PREFLIGHT_HELP)
        .runs(async (file: string, flags: PreflightFlags) => {
            const args: PreflightArgs = {
                file,
                fix: flags.fix === true,
                json: flags.json === true,
                managedIdentity: flags.managedIdentity === true,
                timeoutMs: flags.timeout * 1000,
            };
            // Loaded on use: --help should not load the Azure SDK.
            return (await import("../preflight/cli")).runPreflightCheck(args, await io(), withinUp);
        });
}

/** `preflight` on its own (tests, and `up` before it starts any team). */
export function preflightMain(
    argv: readonly string[],
    io: PreflightIo,
    withinUp = false,
): Promise<number> {
    const command = preflightCommand(() => io, "npm run event -- preflight", withinUp);
    return runCommandLine(command, argv, { out: { write: io.out }, err: { write: io.err } });
}
