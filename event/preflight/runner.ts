/**
 * Runs every preflight check of one event against the services it was given and assembles the
 * report. A service without a usable credential gets one `unknown` line naming what is missing,
 * instead of one failed call per check.
 */
import type { TokenCredential } from "@azure/identity";
import type { Client as GraphClient } from "@microsoft/microsoft-graph-client";
import type { Clock } from "../clock";
import type { GitHubClient } from "../cloud/clients";
import { actionsChecks } from "./actions";
import { azureChecks } from "./azure";
import { githubBudget } from "./budget";
import { entraChecks } from "./entra";
import { githubChecks } from "./github";
import type { AskOptions } from "./guard";
import { summarize, type Check, type PreflightReport, type Service } from "./model";
import type { PreflightNeeds } from "./needs";

/** A service's client, or why there is none (no sign-in, no token). */
export type Available<T> =
    { readonly client: T } | { readonly missing: string; readonly remedy: string };

export interface PreflightServices {
    readonly azure: Available<TokenCredential>;
    readonly graph: Available<GraphClient>;
    readonly github: Available<GitHubClient>;
}

export interface PreflightOptions {
    readonly ask: AskOptions;
    readonly clock: Clock;
    readonly fix: boolean;
    /** Defaults to 5 minutes: registrations usually finish in 1-3. */
    readonly fixTimeoutMs?: number;
    /** Defaults to 10 s. */
    readonly pollMs?: number;
    readonly defaultSubscription?: string;
    /** Today, for the Actions billing month and the event days left; defaults to the clock's now. */
    readonly now?: Date;
}

const missingCheck = (service: Service, what: { missing: string; remedy: string }): Check => ({
    service,
    id: `${service}.credential`,
    subject: "credential",
    status: "unknown",
    value: what.missing,
    remedy: what.remedy,
});

export async function runPreflight(
    needs: PreflightNeeds,
    services: PreflightServices,
    options: PreflightOptions,
): Promise<PreflightReport> {
    const checks: Check[] = [];
    const azure = services.azure;
    if ("client" in azure) {
        for (const sub of needs.subscriptions)
            checks.push(
                ...(await azureChecks(sub, needs.namespaces, {
                    credential: azure.client,
                    ask: options.ask,
                    clock: options.clock,
                    fix: options.fix,
                    fixTimeoutMs: options.fixTimeoutMs ?? 300_000,
                    pollMs: options.pollMs ?? 10_000,
                    defaultSubscription: options.defaultSubscription,
                })),
            );
    } else checks.push(missingCheck("azure", azure));
    const graph = services.graph;
    checks.push(
        ...("client" in graph
            ? await entraChecks(needs.event, needs.teams, { graph: graph.client, ask: options.ask })
            : [missingCheck("entra", graph)]),
    );
    const github = services.github;
    checks.push(
        ...("client" in github
            ? await githubChecks(needs.event, needs.teams, {
                  octokit: github.client,
                  ask: options.ask,
              })
            : [missingCheck("github", github)]),
    );
    if ("client" in github)
        checks.push(
            ...(await actionsChecks(needs.event, needs.teams, {
                octokit: github.client,
                ask: options.ask,
                fix: options.fix,
                now: options.now ?? new Date(options.clock.now()),
            })),
        );
    return {
        file: needs.file,
        event: needs.event.name,
        fixed: options.fix,
        checks,
        githubBudget: await githubBudget(needs.event, needs.teams),
        summary: summarize(checks),
    };
}
