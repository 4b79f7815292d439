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

/** Every call to a cloud service gives up after this long and is reported as unknown, not passed. */
export const DEFAULT_TIMEOUT_MS = 30_000;

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

const PacedOctokit = Octokit.plugin(throttling, retry);
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
