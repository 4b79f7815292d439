/**
 * `npm run event -- preflight <stacks/<event>.yaml | Pulumi.<stack>.yaml> [--fix] [--json]`: checks
 * the subscription(s), the tenant and the GitHub owner against what the event needs, days before
 * it. The needs come from the offline plan of the same file (the same simulation `npm run plan`
 * runs); the facts come from the services through their official SDKs.
 */
import * as path from "node:path";
import type { TokenCredential } from "@azure/identity";
import { runPlan } from "../../offline/plan/plan";
import { BUILT_IN_PRICES } from "../../offline/plan/prices";
import type { RunOptions } from "../../offline/plan/runner";
import { loadSource } from "../../offline/plan/sources";
import { realClock, type Clock } from "../clock";
import { azureCredential, DEFAULT_TIMEOUT_MS, githubClient, graphClient } from "../cloud/clients";
import { ask, realDeadline, type AskOptions, type Deadline } from "./guard";
import { PREFLIGHT_EXIT } from "./model";
import { needsOf } from "./needs";
import { renderJson, renderText } from "./render";
import { runPreflight, type PreflightServices } from "./runner";

export const PREFLIGHT_USAGE = `Usage: npm run event -- preflight <stacks/<event>.yaml | Pulumi.<stack>.yaml> [options]

Checks, against the real services, that the Azure subscription(s), the Entra ID tenant and the
GitHub owner can give what the event needs (the needs come from the offline plan of the same file).

Options:
  --fix               register missing Azure resource providers and wait until Registered;
                      allow the materials' GitHub actions in the owner's Actions policy
  --json              the report as JSON (same content as the text)
  --timeout <s>       give up on any one call after this many seconds (default 30)
  --managed-identity  also try the Azure VM's managed identity (off: it probes 169.254.169.254)
  -h, --help          this text

Credentials: Azure CLI sign-in (az login), or AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET,
or workload identity (azure/login); GITHUB_TOKEN for GitHub. Teams without subscriptionId use
ARM_SUBSCRIPTION_ID (the azure-native provider's default).

Exit codes: 0 ready (pass or warn only), 1 at least one FAIL, 2 bad arguments or config,
3 no FAIL but at least one UNKNOWN (a fact could not be read: not known to be ready).`;

export interface PreflightArgs {
    readonly file: string;
    readonly fix: boolean;
    readonly json: boolean;
    readonly managedIdentity: boolean;
    readonly timeoutMs: number;
}

export class PreflightUsageError extends Error {}

export function parsePreflightArgs(argv: readonly string[]): PreflightArgs | "help" {
    if (argv.includes("-h") || argv.includes("--help")) return "help";
    const files: string[] = [];
    let fix = false;
    let json = false;
    let managedIdentity = false;
    let timeoutMs = DEFAULT_TIMEOUT_MS;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--fix") fix = true;
        else if (arg === "--json") json = true;
        else if (arg === "--managed-identity") managedIdentity = true;
        else if (arg === "--timeout") {
            const value = argv[++i];
            const seconds = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
            if (!(seconds >= 1 && seconds <= 600))
                throw new PreflightUsageError(
                    `--timeout needs whole seconds from 1 to 600 (got ${value ?? "nothing"})`,
                );
            timeoutMs = seconds * 1000;
        } else if (arg.startsWith("-")) throw new PreflightUsageError(`unknown option ${arg}`);
        else files.push(arg);
    }
    if (files.length !== 1)
        throw new PreflightUsageError(
            files.length === 0
                ? "preflight needs the roster or stack file, e.g. stacks/example.yaml"
                : `preflight takes one file (got ${files.join(" ")})`,
        );
    return { file: files[0], fix, json, managedIdentity, timeoutMs };
}

export interface PreflightIo {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
    readonly env: NodeJS.ProcessEnv;
    readonly cwd: string;
    readonly clock: Clock;
    /** "Today" for the config's date rule. */
    readonly now: () => Date;
    readonly deadline: Deadline;
    /** How the plan simulates the teams (tests: inline). */
    readonly planRun?: RunOptions;
    /** Builds the service clients; the default uses clients.ts and the environment. */
    readonly services?: (args: PreflightArgs, ask: AskOptions) => Promise<PreflightServices>;
}

const SIGN_IN_REMEDY =
    "az login (or export AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET; on an Azure VM add --managed-identity)";

/**
 * The real clients. The Azure credential is tried once up front (a token for Azure Resource
 * Manager): without a sign-in every Azure and Graph check would fail the same way.
 */
export function realServices(
    env: NodeJS.ProcessEnv,
    notice: (text: string) => void,
): (args: PreflightArgs, options: AskOptions) => Promise<PreflightServices> {
    return async (args, options) => {
        const credential: TokenCredential = azureCredential({
            managedIdentity: args.managedIdentity,
        });
        const token = await ask(options, (abortSignal) =>
            credential.getToken("https://management.azure.com/.default", { abortSignal }),
        );
        const noSignIn = {
            missing: `no Azure sign-in: ${token.ok ? "" : token.reason}`,
            remedy: SIGN_IN_REMEDY,
        };
        const githubToken = env.GITHUB_TOKEN ?? "";
        return {
            azure: token.ok ? { client: credential } : noSignIn,
            graph: token.ok ? { client: graphClient(credential) } : noSignIn,
            github:
                githubToken === ""
                    ? {
                          missing: "GITHUB_TOKEN is not set",
                          remedy: "export GITHUB_TOKEN=<a token with scope repo> (or GITHUB_TOKEN=$(gh auth token))",
                      }
                    : {
                          client: githubClient({
                              token: githubToken,
                              onNotice: (text) => notice(`${text}\n`),
                              timeoutMs: options.timeoutMs,
                          }),
                      },
        };
    };
}

export async function preflightMain(argv: readonly string[], io: PreflightIo): Promise<number> {
    let args: PreflightArgs | "help";
    try {
        args = parsePreflightArgs(argv);
    } catch (error) {
        if (!(error instanceof PreflightUsageError)) throw error;
        io.err(`preflight: ${error.message}\n\n${PREFLIGHT_USAGE}\n`);
        return PREFLIGHT_EXIT.usage;
    }
    if (args === "help") {
        io.out(`${PREFLIGHT_USAGE}\n`);
        return PREFLIGHT_EXIT.ready;
    }
    const now = io.now();
    const file = path.resolve(io.cwd, args.file);
    const source = loadSource(file, now, path.relative(io.cwd, file) || file);
    const { report: plan } = await runPlan([source], {
        now,
        prices: BUILT_IN_PRICES,
        run: io.planRun,
    });
    const errors = plan.problems.filter((p) => p.severity === "error");
    if (errors.length > 0 || source.event === undefined) {
        io.err(
            `preflight: ${args.file} has errors, so what the event needs is not known (npm run plan -- ${args.file} shows them):\n${errors.map((e) => `  ${e.message}`).join("\n")}\n`,
        );
        return PREFLIGHT_EXIT.usage;
    }
    const askOptions: AskOptions = { timeoutMs: args.timeoutMs, deadline: io.deadline };
    const services = await (io.services ?? realServices(io.env, io.err))(args, askOptions);
    const report = await runPreflight(needsOf(source, plan), services, {
        ask: askOptions,
        clock: io.clock,
        fix: args.fix,
        defaultSubscription: io.env.ARM_SUBSCRIPTION_ID ?? io.env.AZURE_SUBSCRIPTION_ID,
        now,
    });
    io.out(args.json ? renderJson(report) : renderText(report));
    return report.summary.exitCode;
}

/** The real terminal, environment and clock. */
export function processIo(): PreflightIo {
    return {
        out: (text) => void process.stdout.write(text),
        err: (text) => void process.stderr.write(text),
        env: process.env,
        cwd: process.cwd(),
        clock: realClock,
        now: () => new Date(),
        deadline: realDeadline,
    };
}
