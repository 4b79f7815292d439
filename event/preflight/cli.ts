/**
 * What `npm run event -- preflight <stacks/<event>.yaml | Pulumi.<stack>.yaml>` runs (its options:
 * event/commands/preflight.ts): checks the subscription(s), the tenant and the GitHub owner against what the event needs, days before
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
import { azureCredential, githubClient, graphClient } from "../cloud/clients";
import { ServiceBreaker, type Cause } from "./cause";
import { ask, realDeadline, type AskOptions, type Deadline } from "./guard";
import { PREFLIGHT_EXIT } from "./model";
import { needsOf } from "./needs";
import { azureSignInFailure, SAME_SIGN_IN, serviceRemedies } from "./remedies";
import { renderJson, renderText } from "./render";
import { runPreflight, type PreflightServices } from "./runner";

export interface PreflightArgs {
    readonly file: string;
    readonly fix: boolean;
    readonly json: boolean;
    readonly managedIdentity: boolean;
    readonly timeoutMs: number;
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

/** A failure the breaker did not record (no credential to try): said as it is, not as refused. */
const causeOfReason = (reason: string): Cause => ({ kind: "other", reason });

/**
 * The real clients. The Azure credential is tried once up front (a token for Azure Resource
 * Manager): without a sign-in every Azure and Graph check would fail the same way, so the cause is
 * said once, under Azure, with the remedy that fits the variables set (remedies.ts).
 */
export function realServices(
    env: NodeJS.ProcessEnv,
    notice: (text: string) => void,
): (args: PreflightArgs, options: AskOptions) => Promise<PreflightServices> {
    return async (args, options) => {
        const credential: TokenCredential = azureCredential({
            managedIdentity: args.managedIdentity,
        });
        const breaker = new ServiceBreaker();
        const token = await ask({ ...options, breaker }, (abortSignal) =>
            credential.getToken("https://management.azure.com/.default", { abortSignal }),
        );
        const signIn = breaker.cause ?? (token.ok ? undefined : causeOfReason(token.reason));
        const githubToken = env.GITHUB_TOKEN ?? "";
        return {
            azure:
                token.ok || signIn === undefined
                    ? { client: credential }
                    : azureSignInFailure(env, signIn),
            graph: token.ok ? { client: graphClient(credential) } : SAME_SIGN_IN,
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
                              // A wrong network is said at once, not after 1 + 4 + 9 s of retries.
                              retryUnreachable: false,
                          }),
                      },
            remedies: serviceRemedies(env),
        };
    };
}

/**
 * The preflight checks on parsed arguments (event/commands/preflight.ts parses them); resolves to
 * preflight's exit code. `withinUp`: the report is part of `up`'s output, so it does not print an
 * exit code that is not the process's.
 */
export async function runPreflightCheck(
    args: PreflightArgs,
    io: PreflightIo,
    withinUp = false,
): Promise<number> {
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
    io.out(args.json ? renderJson(report) : renderText(report, { exitCode: !withinUp }));
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
