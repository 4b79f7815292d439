/**
 * Runs every preflight check of one event against the services it was given and assembles the
 * report. A service without a usable credential gets one line naming what is missing, instead of
 * one failed call per check. The three services are asked at the same time, each through its own
 * breaker (cause.ts): once a service is found unreachable or refuses the credential, it is asked
 * nothing more, and the checks that could not be made for that one cause become one line saying
 * what happened and what fixes it (not one line per login or repository).
 */
import type { TokenCredential } from "@azure/identity";
import type { Client as GraphClient } from "@microsoft/microsoft-graph-client";
import type { Clock } from "../clock";
import type { GitHubClient } from "../cloud/clients";
import { actionsChecks } from "./actions";
import { azureChecks } from "./azure";
import { ServiceBreaker, type Cause } from "./cause";
import { githubBudget } from "./budget";
import { entraChecks } from "./entra";
import { githubChecks } from "./github";
import type { AskOptions } from "./guard";
import {
    summarize,
    type Check,
    type CheckStatus,
    type PreflightReport,
    type Service,
} from "./model";
import type { PreflightNeeds } from "./needs";

/**
 * A service's client, or why there is none (no sign-in, no token). `status` defaults to unknown;
 * a credential the service refused is a fail.
 */
export type Available<T> =
    | { readonly client: T }
    | { readonly missing: string; readonly remedy: string; readonly status?: CheckStatus };

/** What fixes each way a service can stop answering, fitted to what is set (cli.ts). */
export interface Remedies {
    readonly unreachable: string;
    readonly refused: string;
}

export interface PreflightServices {
    readonly azure: Available<TokenCredential>;
    readonly graph: Available<GraphClient>;
    readonly github: Available<GitHubClient>;
    /** Defaults: check the network; check the credential. */
    readonly remedies?: Partial<Record<Service, Remedies>>;
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

const missingCheck = (
    service: Service,
    what: { missing: string; remedy: string; status?: CheckStatus },
): Check => ({
    service,
    id: `${service}.credential`,
    subject: "credential",
    status: what.status ?? "unknown",
    value: what.missing,
    remedy: what.remedy,
});

const DEFAULT_REMEDIES: Remedies = {
    unreachable: "check this machine's network and proxy settings (HTTPS_PROXY), then re-run",
    refused: "check the credential (it may be wrong, expired or revoked), then re-run",
};

/**
 * The checks of one service after its breaker tripped: every check whose value carries the cause
 * becomes one line at the place of the first, saying what happened, how many checks it kept from
 * being made, and the remedy. Other checks (made before, or failing for their own reason) stay.
 */
export function collapseCause(
    service: Service,
    checks: readonly Check[],
    cause: Cause | undefined,
    remedies: Remedies = DEFAULT_REMEDIES,
): Check[] {
    if (cause === undefined) return [...checks];
    const hit = (c: Check): boolean => c.value.includes(cause.reason);
    const affected = checks.filter(hit);
    if (affected.length === 0) return [...checks];
    const ids = [...new Set(affected.map((c) => c.id))].join(", ");
    const line: Check = {
        service,
        id: `${service}.access`,
        subject: cause.kind === "refused" ? "credential" : "connection",
        // A refused credential is wrong for sure; an unreachable service proves nothing either way.
        status: cause.kind === "refused" ? "fail" : "unknown",
        value: `${cause.reason}; so ${affected.length} check(s) could not be made (${ids})`,
        remedy: cause.kind === "refused" ? remedies.refused : remedies.unreachable,
    };
    const first = checks.findIndex(hit);
    return [...checks.slice(0, first), line, ...checks.slice(first).filter((c) => !hit(c))];
}
export async function runPreflight(
    needs: PreflightNeeds,
    services: PreflightServices,
    options: PreflightOptions,
): Promise<PreflightReport> {
    const breakers: Record<Service, ServiceBreaker> = {
        azure: new ServiceBreaker(),
        entra: new ServiceBreaker(),
        github: new ServiceBreaker(),
    };
    const askOf = (service: Service) => ({ ...options.ask, breaker: breakers[service] });
    const azure = services.azure;
    const graph = services.graph;
    const github = services.github;
    const runAzure = async (): Promise<Check[]> => {
        if (!("client" in azure)) return [missingCheck("azure", azure)];
        const checks: Check[] = [];
        for (const sub of needs.subscriptions)
            checks.push(
                ...(await azureChecks(sub, needs.namespaces, {
                    credential: azure.client,
                    ask: askOf("azure"),
                    clock: options.clock,
                    fix: options.fix,
                    fixTimeoutMs: options.fixTimeoutMs ?? 300_000,
                    pollMs: options.pollMs ?? 10_000,
                    defaultSubscription: options.defaultSubscription,
                })),
            );
        return checks;
    };
    const runEntra = async (): Promise<Check[]> =>
        "client" in graph
            ? entraChecks(needs.event, needs.teams, { graph: graph.client, ask: askOf("entra") })
            : [missingCheck("entra", graph)];
    const runGitHub = async (): Promise<Check[]> =>
        "client" in github
            ? [
                  ...(await githubChecks(needs.event, needs.teams, {
                      octokit: github.client,
                      ask: askOf("github"),
                  })),
                  // The owner's Actions policy and minutes (challenges 6 and 8), after the token check.
                  ...(await actionsChecks(needs.event, needs.teams, {
                      octokit: github.client,
                      ask: askOf("github"),
                      fix: options.fix,
                      now: options.now ?? new Date(options.clock.now()),
                  })),
              ]
            : [missingCheck("github", github)];
    // The services are independent: asked at once, reported in a fixed order.
    const [azureLines, entraLines, githubLines] = await Promise.all([
        runAzure(),
        runEntra(),
        runGitHub(),
    ]);
    const checks = [
        ...collapseCause("azure", azureLines, breakers.azure.cause, services.remedies?.azure),
        ...collapseCause("entra", entraLines, breakers.entra.cause, services.remedies?.entra),
        ...collapseCause("github", githubLines, breakers.github.cause, services.remedies?.github),
    ];
    return {
        file: needs.file,
        event: needs.event.name,
        fixed: options.fix,
        checks,
        githubBudget: await githubBudget(needs.event, needs.teams),
        summary: summarize(checks),
    };
}
