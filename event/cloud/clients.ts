/**
 * The official SDK clients that the organizer commands outside `pulumi up` use (preflight,
 * teardown purge and verification, event status): one place builds them, so every caller gets the
 * same credential chain, timeouts and GitHub pacing. Nothing here talks to a service by itself.
 *
 * Why not DefaultAzureCredential: its managed-identity step probes the instance metadata address
 * (169.254.169.254) on any machine, which on a laptop costs seconds and in a sandbox can hang. The
 * chain here is the Azure CLI sign-in (an organizer's laptop), environment credentials (a service
 * principal in CI) and workload identity (GitHub OIDC through azure/login); managed identity only
 * when the caller asks for it (`--managed-identity`, for a run on an Azure VM).
 */
import {
    AzureCliCredential,
    ChainedTokenCredential,
    EnvironmentCredential,
    ManagedIdentityCredential,
    WorkloadIdentityCredential,
    type TokenCredential,
} from "@azure/identity";
import { Client as GraphClient } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

import { DEFAULT_TIMEOUT_MS } from "./timeouts";
export { DEFAULT_TIMEOUT_MS };

export interface AzureCredentialOptions {
    /** Add managed identity at the end of the chain. Off by default: it probes 169.254.169.254. */
    readonly managedIdentity?: boolean;
}

/** The Azure credential chain described above. Creating it makes no network call. */
export function azureCredential(options: AzureCredentialOptions = {}): TokenCredential {
    const chain: TokenCredential[] = [
        new AzureCliCredential(),
        new EnvironmentCredential(),
        // Only when azure/login (or the organizer) set the federated token file: otherwise the
        // credential warns at construction about missing settings.
        ...(process.env.AZURE_FEDERATED_TOKEN_FILE ? [new WorkloadIdentityCredential()] : []),
        ...(options.managedIdentity ? [new ManagedIdentityCredential()] : []),
    ];
    return new ChainedTokenCredential(...chain);
}

/** Microsoft Graph (v1.0) through the same credential. */
export function graphClient(credential: TokenCredential): GraphClient {
    return GraphClient.initWithMiddleware({
        authProvider: new TokenCredentialAuthenticationProvider(credential, {
            scopes: ["https://graph.microsoft.com/.default"],
        }),
    });
}

/** GitHub's wait when a 429 names none: "wait at least one minute" (its rate-limit page). */
const DEFAULT_429_WAIT_SECONDS = 60;

/** The delay GitHub asks for in a 429: `retry-after`, else until `x-ratelimit-reset`, else a minute. */
export function waitOf429(headers: Record<string, unknown>, nowMs: number): number {
    const retryAfter = Number(headers["retry-after"]);
    if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0)
        return retryAfter;
    const reset = Number(headers["x-ratelimit-reset"]);
    if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset))
        return Math.max(Math.ceil(reset - nowMs / 1000) + 1, 0);
    return DEFAULT_429_WAIT_SECONDS;
}

/** What retryAfterOn429 is given through the Octokit constructor's options (`retry429`). */
interface Retry429Options {
    readonly notice: (text: string) => void;
    readonly retries: number;
}

/**
 * GitHub may answer a secondary rate limit with 429 and `Retry-After`. plugin-throttling 8 only
 * handles 403s, and plugin-retry 6 retries a 429 after 1 s, 4 s, 9 s whatever the header says. This
 * plugin runs inside the retry plugin's scheduler (it is applied before it, and the retry plugin is
 * told not to retry 429 itself) and hands it GitHub's own delay in the fields the retry plugin's
 * `retryRequest` sets, so the retry plugin still does the waiting and the counting.
 */
function retryAfterOn429(
    octokit: Pick<Octokit, "hook">,
    octokitOptions: { readonly retry429?: Retry429Options; readonly [option: string]: unknown },
): void {
    const state = octokitOptions.retry429;
    octokit.hook.error("request", (error, options) => {
        const status = (error as { status?: number }).status;
        const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
        const request = (error as { request?: { request?: Record<string, unknown> } }).request;
        if (status !== 429 || !request || !state) throw error;
        const seconds = waitOf429(response?.headers ?? {}, Date.now());
        const attempt = Number(options.request?.retryCount ?? 0);
        if (attempt < state.retries)
            state.notice(
                `GitHub 429 on ${options.method} ${options.url}: waiting ${seconds}s as GitHub asks (retry ${attempt + 1} of ${state.retries})`,
            );
        request.request = { ...request.request, retries: state.retries, retryAfter: seconds };
        throw error;
    });
}

const PacedOctokit = Octokit.plugin(throttling, retryAfterOn429, retry);
export type GitHubClient = InstanceType<typeof PacedOctokit>;

export interface GitHubClientOptions {
    readonly token: string;
    /** Where throttling notices go (the progress reporter's note in the CLI). */
    readonly onNotice?: (text: string) => void;
    /** Retries after a primary or secondary rate limit before giving up. Defaults to 2. */
    readonly rateLimitRetries?: number;
    /** Per-request timeout in ms. Defaults to DEFAULT_TIMEOUT_MS. */
    readonly timeoutMs?: number;
}

/**
 * Octokit with GitHub's own pacing: the throttling plugin waits as long as `retry-after` or the
 * rate-limit reset headers say (at most `rateLimitRetries` times), the retry plugin retries server
 * errors. Both are GitHub's recommended plugins; no hand-written backoff.
 */
export function githubClient(options: GitHubClientOptions): GitHubClient {
    const retries = options.rateLimitRetries ?? 2;
    const notice = options.onNotice ?? (() => undefined);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new PacedOctokit({
        auth: options.token,
        // A 429 is retried after GitHub's delay (retryAfterOn429); the rest as the retry plugin decides.
        retry: { doNotRetry: [400, 401, 403, 404, 422, 429, 451] },
        retry429: { notice, retries },
        userAgent: "openhack-mlops",
        // A fresh timeout per request (one signal made here would expire for every later call).
        request: {
            fetch: (url: string | URL, init?: RequestInit) =>
                fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) }),
        },
        throttle: {
            onRateLimit: (retryAfter, req, _octokit, retryCount) => {
                notice(
                    `GitHub rate limit on ${req.method} ${req.url}: waiting ${retryAfter}s (retry ${retryCount + 1} of ${retries})`,
                );
                return retryCount < retries;
            },
            onSecondaryRateLimit: (retryAfter, req, _octokit, retryCount) => {
                notice(
                    `GitHub secondary rate limit on ${req.method} ${req.url}: waiting ${retryAfter}s (retry ${retryCount + 1} of ${retries})`,
                );
                return retryCount < retries;
            },
        },
    });
}
