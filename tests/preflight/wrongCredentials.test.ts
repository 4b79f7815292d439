/**
 * Preflight under wrong credentials and no network (issue 20, item 9), through the real SDK clients
 * (Azure Resource Manager, the Graph client, Octokit as clients.ts builds it) with nock failing
 * the connections the way Node does (ENOTFOUND, ECONNREFUSED) or the service refusing the token.
 * What must hold: the report says what really happened (could not reach / refused / answered),
 * says one cause once, stops asking a service after that, and the whole run of a 40-team roster
 * takes well under 30 s of (fake) time.
 */
import nock from "nock";
import { githubClient, graphClient } from "../../event/cloud/clients";
import { causeOf } from "../../event/preflight/cause";
import type { PreflightNeeds } from "../../event/preflight/needs";
import { runPreflight, type PreflightServices } from "../../event/preflight/runner";
import { serviceRemedies } from "../../event/preflight/remedies";
import type { TeamConfig } from "../../stacks/schema";
import { validateTeamStack } from "../../stacks/validate";
import { NOW, sampleEvent, sampleTeam } from "../helpers/fixtures";
import { ARM, FakeCredential, GITHUB, GRAPH, SUB, useNock, VirtualClock } from "./helpers";

useNock();

const event = validateTeamStack(sampleEvent(), sampleTeam(3), { now: NOW }).event;
const teams: TeamConfig[] = Array.from({ length: 40 }, (_, i) => ({
    name: `team${String(i).padStart(2, "0")}`,
    subscriptionId: SUB,
    members: [
        { github: `user${i}a`, userPrincipalName: `user${i}a@contoso.onmicrosoft.com` },
        { github: `user${i}b`, userPrincipalName: `user${i}b@contoso.onmicrosoft.com` },
        { github: `user${i}c`, userPrincipalName: `user${i}c@contoso.onmicrosoft.com` },
    ],
}));
const needs: PreflightNeeds = {
    file: "stacks/forty.yaml",
    event,
    teams,
    namespaces: ["Microsoft.MachineLearningServices", "Microsoft.Web", "Microsoft.Logic"],
    subscriptions: [
        {
            id: SUB,
            teams: teams.map((t) => t.name),
            regions: [],
            quota: [],
            regional: [],
            sizes: [],
        },
    ],
};

/**
 * Node's errors for a connection that never happens (fetch wraps them in `cause`). nock needs an
 * Error instance for fetch: a plain object never settles the request.
 */
const networkError = (code: string, message: string): Error =>
    Object.assign(new Error(message), { code });
const dnsFailure = (host: string): Error =>
    networkError("ENOTFOUND", `getaddrinfo ENOTFOUND ${host}`);

function services(): PreflightServices {
    const credential = new FakeCredential();
    return {
        azure: { client: credential },
        graph: { client: graphClient(credential) },
        github: {
            client: githubClient({ token: "ghp_fake", retryUnreachable: false }),
        },
        remedies: serviceRemedies({
            AZURE_CLIENT_ID: "x",
            AZURE_TENANT_ID: "y",
            AZURE_CLIENT_SECRET: "z",
            GITHUB_TOKEN: "ghp_fake",
        }),
    };
}

/** Runs preflight under fake timers; returns the report and how much fake time it took. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    try {
        const start = Date.now();
        let settled = false;
        const running = run().finally(() => (settled = true));
        while (!settled && Date.now() - start < 600_000) await jest.advanceTimersByTimeAsync(250);
        const value = await running;
        return { value, ms: Date.now() - start };
    } finally {
        jest.useRealTimers();
    }
}

const options = {
    ask: { timeoutMs: 30_000, deadline: (ms: number) => AbortSignal.timeout(ms) },
    clock: new VirtualClock(),
    fix: false,
};

test("no network (ENOTFOUND, ECONNREFUSED) for a 40-team roster: one 'could not reach' line per service, few requests, done well within 30 s", async () => {
    let arm = 0;
    let graph = 0;
    let github = 0;
    nock(ARM)
        .persist()
        .get(/.*/)
        .query(true)
        .replyWithError(networkError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:443"))
        .on("request", () => arm++);
    nock(GRAPH)
        .persist()
        .get(/.*/)
        .query(true)
        .replyWithError(dnsFailure("graph.microsoft.com"))
        .on("request", () => graph++);
    nock(GITHUB)
        .persist()
        .get(/.*/)
        .query(true)
        .replyWithError(dnsFailure("api.github.com"))
        .on("request", () => github++);

    const { value: report, ms } = await timed(() => runPreflight(needs, services(), options));

    expect(ms).toBeLessThan(30_000);
    const lines = report.checks.map((c) => `${c.status} ${c.id} ${c.subject}: ${c.value}`);
    // What happened, said once per service; nothing claims a service answered.
    expect(lines.filter((l) => l.includes("could not reach"))).toHaveLength(3);
    expect(lines.join("\n")).not.toMatch(/answered 500/);
    const github1 = report.checks.find((c) => c.id === "github.access");
    expect(github1).toMatchObject({
        status: "unknown",
        subject: "connection",
        value: expect.stringMatching(
            /^could not reach the service \(getaddrinfo ENOTFOUND api\.github\.com\); so \d+ check\(s\) could not be made \(github\.token, github\.owner, github\.login, github\.repository, github\.actions, github\.actions\.minutes\)$/,
        ),
        remedy: expect.stringContaining("api.github.com"),
    });
    // Beside it only the OAuth-app line, a manual check that asks GitHub nothing.
    expect(report.checks.filter((c) => c.service === "github").map((c) => c.id)).toEqual([
        "github.access",
        "github.oauthApps",
    ]);
    expect(report.checks.filter((c) => c.id === "github.login")).toEqual([]);
    // The services stopped being asked: a handful of requests, not one per login or repository
    // (120 logins, 40 repositories, 120 members).
    expect(github).toBe(1);
    expect(graph).toBeLessThanOrEqual(2);
    expect(arm).toBeLessThanOrEqual(8);
    expect(report.summary.exitCode).toBe(3);
});

test("credentials refused (401 from GitHub and Graph): one FAIL per service naming the refusal, the remedy for a credential that is set", async () => {
    let graph = 0;
    let github = 0;
    nock(ARM)
        .persist()
        .get(/.*/)
        .query(true)
        .reply(401, {
            error: {
                code: "InvalidAuthenticationToken",
                message: "The access token is invalid.",
            },
        });
    nock(GRAPH)
        .persist()
        .get(/.*/)
        .query(true)
        .reply(() => {
            graph++;
            return [
                401,
                {
                    error: {
                        code: "InvalidAuthenticationToken",
                        message: "Access token validation failure. Invalid audience.",
                    },
                },
            ];
        });
    nock(GITHUB)
        .persist()
        .get(/.*/)
        .query(true)
        .reply(() => {
            github++;
            return [
                401,
                {
                    message: "Bad credentials",
                    documentation_url: "https://docs.github.com/rest",
                    status: "401",
                },
            ];
        });

    const { value: report, ms } = await timed(() => runPreflight(needs, services(), options));

    expect(ms).toBeLessThan(30_000);
    const github1 = report.checks.filter((c) => c.service === "github");
    expect(github1).toEqual([
        expect.objectContaining({
            id: "github.access",
            status: "fail",
            value: expect.stringMatching(/^the credential was refused \(401: Bad credentials/),
            remedy: expect.stringContaining("make a new one"),
        }),
        // A manual check (GitHub's API does not show it): said whatever the credential.
        expect.objectContaining({ id: "github.oauthApps", status: "warn" }),
    ]);
    // GITHUB_TOKEN is set: the remedy replaces it, it does not ask to export it.
    expect(github1[0].remedy).not.toMatch(/^export GITHUB_TOKEN/);
    const entra = report.checks.filter((c) => c.service === "entra");
    expect(entra).toEqual([expect.objectContaining({ id: "entra.access", status: "fail" })]);
    expect(entra[0].remedy).toContain("are set and were refused");
    expect(github).toBe(1);
    expect(graph).toBe(1);
    expect(report.summary.exitCode).toBe(1);
});

describe("what happened, from the errors the SDKs really throw", () => {
    test("Octokit's failed fetch (status 500, no response) is 'could not reach', not 'answered 500'", async () => {
        nock(GITHUB).get("/user").replyWithError(dnsFailure("api.github.com"));
        const octokit = githubClient({ token: "ghp_fake", retryUnreachable: false });
        const error: unknown = await octokit.rest.users.getAuthenticated().catch((e: unknown) => e);
        expect((error as { status?: number }).status).toBe(500);
        expect(causeOf(error, 30_000, false)).toEqual({
            kind: "unreachable",
            reason: "could not reach the service (getaddrinfo ENOTFOUND api.github.com)",
        });
    });

    test("a real 500 from GitHub is an answer", async () => {
        nock(GITHUB).get("/user").times(4).reply(500, { message: "Server Error" });
        const octokit = githubClient({ token: "ghp_fake", retryUnreachable: false });
        const error: unknown = await timed(() =>
            octokit.rest.users.getAuthenticated().catch((e: unknown) => e),
        ).then((t) => t.value);
        expect(causeOf(error, 30_000, false)).toMatchObject({
            kind: "other",
            status: 500,
            reason: "the service answered 500: Server Error",
        });
    });

    test("@azure/identity's network_error (an AuthenticationError with status 400) is 'could not reach Entra ID'", () => {
        // The shape @azure/identity 4 gives MSAL's network_error (seen under `unshare -n`).
        const error = Object.assign(
            new Error(
                "EnvironmentCredential authentication failed. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot. Status code: 400\nMore details:\nnetwork_error: See https://aka.ms/msal.js.errors#network_error for details,",
            ),
            {
                name: "AuthenticationError",
                statusCode: 400,
                errorResponse: {
                    error: "EnvironmentCredential authentication failed.",
                    errorDescription:
                        "network_error: See https://aka.ms/msal.js.errors#network_error for details",
                },
            },
        );
        expect(causeOf(error, 30_000, false)).toMatchObject({
            kind: "unreachable",
            reason: expect.stringMatching(/^could not reach Entra ID to sign in \(/),
        });
    });
});
