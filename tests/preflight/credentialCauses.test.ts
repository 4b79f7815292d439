/**
 * What happened, from errors the real clients throw when the failure is not an HTTP answer
 * (issue 20, item 9; review findings D2, D3, R4):
 * - the Graph client (3.0.7) wraps a credential's failure in a GraphError with statusCode -1 and
 *   the credential's error name as `code` (GraphErrorHandler.constructError);
 * - @octokit/request 8.4.1 (fetch-wrapper) turns every fetch failure into RequestError(message,
 *   500) without `response`, the message being undici's cause ("Connect Timeout Error", a TLS
 *   failure, "other side closed");
 * - AzureCliCredential passes the Azure CLI's stderr (Python urllib3 words) on in a
 *   CredentialUnavailableError.
 */
import childProcess from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { AuthenticationError, AzureCliCredential, type TokenCredential } from "@azure/identity";
import { githubClient, graphClient } from "../../event/cloud/clients";
import { causeOf } from "../../event/preflight/cause";
import { ResourceManagementClient } from "@azure/arm-resources";
import { FakeCredential, GITHUB, useNock } from "./helpers";

useNock();

describe("a credential's failure seen through the Graph client (statusCode -1)", () => {
    // The shape @azure/identity 4 gives Entra ID's refusal (invalid_client) of a client secret.
    const refusal = new AuthenticationError(400, {
        error: "EnvironmentCredential authentication failed. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
        error_description:
            "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID",
    });

    async function graphErrorFor(thrown: Error): Promise<unknown> {
        const credential: TokenCredential = { getToken: () => Promise.reject(thrown) };
        return graphClient(credential)
            .api("/organization")
            .get()
            .catch((e: unknown) => e);
    }

    test("Entra ID refusing the secret is 'refused', not 'could not reach'", async () => {
        const error = await graphErrorFor(refusal);
        // What the Graph client really gives: no HTTP status, the credential's name as code.
        expect(error).toMatchObject({ statusCode: -1, code: "AuthenticationError" });
        expect(causeOf(error, 30_000, false)).toEqual({
            kind: "refused",
            reason: expect.stringMatching(
                /^Entra ID refused the sign-in \(AADSTS7000215: Invalid client secret provided/,
            ),
        });
    });

    test("MSAL's network_error through Graph is 'could not reach Entra ID'", async () => {
        const error = await graphErrorFor(
            new AuthenticationError(400, {
                error: "EnvironmentCredential authentication failed.",
                error_description:
                    "network_error: See https://aka.ms/msal.js.errors#network_error for details",
            }),
        );
        expect(causeOf(error, 30_000, false)).toMatchObject({
            kind: "unreachable",
            reason: expect.stringMatching(/^could not reach Entra ID to sign in \(/),
        });
    });

    test("a fetch to Graph that got no response stays 'could not reach the service'", async () => {
        nock("https://graph.microsoft.com")
            .get(/.*/)
            .replyWithError(
                Object.assign(new Error("getaddrinfo ENOTFOUND graph.microsoft.com"), {
                    code: "ENOTFOUND",
                }),
            );
        const credential: TokenCredential = {
            getToken: () => Promise.resolve({ token: "t", expiresOnTimestamp: 4e12 }),
        };
        const error = await graphClient(credential)
            .api("/organization")
            .get()
            .catch((e: unknown) => e);
        expect(causeOf(error, 30_000, false)).toMatchObject({ kind: "unreachable" });
    });
});

describe("Octokit's failed fetch (status 500, no response) is 'could not reach' whatever its text", () => {
    test.each([
        "Connect Timeout Error (attempted address: api.github.com:443, timeout: 10000ms)",
        "self-signed certificate in certificate chain",
        "other side closed",
    ])("%s", async (message) => {
        // fetch rejects with TypeError("fetch failed") whose cause is undici's error; nock gives
        // the error as the request's failure, and fetch wraps it the same way.
        nock(GITHUB).get("/user").replyWithError(new Error(message));
        const octokit = githubClient({ token: "ghp_fake", retryUnreachable: false });
        const error: unknown = await octokit.rest.users.getAuthenticated().catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "HttpError", status: 500 });
        expect((error as { response?: unknown }).response).toBeUndefined();
        expect(causeOf(error, 30_000, false)).toEqual({
            kind: "unreachable",
            reason: `could not reach the service (${message})`,
        });
    });
});

describe("AzureCliCredential under no network (the CLI's Python words)", () => {
    let bin: string;
    beforeEach(() => {
        bin = mkdtempSync(join(tmpdir(), "fake-az-"));
        // The credential runs `az` through child_process.exec with the process's environment,
        // which jest's sandboxed process.env does not reach: hand the child a PATH with the fake
        // `az` first; the command, the shell and the credential's handling stay real.
        const exec = childProcess.exec;
        jest.spyOn(childProcess, "exec").mockImplementation(((
            command: string,
            options: childProcess.ExecOptions,
            callback: Parameters<typeof childProcess.exec>[2],
        ) =>
            exec(
                command,
                { ...options, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` } },
                callback,
            )) as unknown as typeof childProcess.exec);
    });
    afterEach(() => {
        jest.restoreAllMocks();
        rmSync(bin, { recursive: true, force: true });
    });

    /** An `az` on PATH that fails the way the Azure CLI does, with `stderr` and exit code 1. */
    function fakeAz(stderr: string): void {
        const script = join(bin, "az");
        writeFileSync(script, `#!/bin/sh\ncat >&2 <<'END'\n${stderr}\nEND\nexit 1\n`);
        chmodSync(script, 0o755);
    }

    test.each([
        // requests/urllib3 as the Azure CLI (MSAL Python) prints them without DNS or route.
        "ERROR: HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded with url: /organizations/oauth2/v2.0/token (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'login.microsoftonline.com' ([Errno -3] Temporary failure in name resolution)\"))",
        "ERROR: HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Read timed out. (read timeout=30)",
        "ERROR: ('Connection aborted.', ConnectionRefusedError(111, 'Connection refused'))",
    ])("%s", async (stderr) => {
        fakeAz(stderr);
        const error: unknown = await new AzureCliCredential()
            .getToken("https://management.azure.com/.default")
            .catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "CredentialUnavailableError" });
        expect(causeOf(error, 30_000, false)).toMatchObject({
            kind: "unreachable",
            reason: expect.stringMatching(/^could not reach Entra ID to sign in \(/),
        });
    });

    test("not signed in stays 'no usable sign-in'", async () => {
        fakeAz("ERROR: Please run 'az login' to setup account.");
        const error: unknown = await new AzureCliCredential()
            .getToken("https://management.azure.com/.default")
            .catch((e: unknown) => e);
        expect(causeOf(error, 30_000, false)).toMatchObject({
            kind: "other",
            reason: expect.stringMatching(/^no usable sign-in \(/),
        });
    });
});

/**
 * What the real ARM client throws when its socket fails with Node's `code` (nock raises the same
 * error on the request as Node's tls socket would, and the SDK wraps it as it would a live one).
 */
async function armErrorFor(code: string, message: string): Promise<unknown> {
    nock("https://management.azure.com")
        .get(/.*/)
        .replyWithError(Object.assign(new Error(message), { code }));
    const client = new ResourceManagementClient(
        new FakeCredential(),
        "00000000-0000-0000-0000-000000000000",
    );
    return client.resourceGroups.get("rg").catch((e: unknown) => e);
}

const ROOT = "; a proxy that inspects HTTPS needs its root certificate in NODE_EXTRA_CA_CERTS";
const CLOCK = "; check this machine's clock, and whether a proxy presents an outdated certificate";
const NAME =
    "; the certificate is for another name: a proxy or a DNS entry answers for the service";

describe("an ARM call whose HTTPS certificate is not accepted: 'could not make a trusted HTTPS connection', with the advice that fits", () => {
    test.each([
        ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain", ROOT],
        ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate", ROOT],
        ["INVALID_CA", "invalid CA certificate", ROOT],
        ["CERT_HAS_EXPIRED", "certificate has expired", CLOCK],
        ["HOSTNAME_MISMATCH", "Hostname mismatch", NAME],
        ["ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames", NAME],
        ["CERT_REVOKED", "certificate revoked", ""],
        // Node's catch-all for OpenSSL verification errors outside its list (CA_MD_TOO_WEAK, ...).
        ["UNSPECIFIED", "unspecified certificate verification error", ""],
    ])("%s", async (code, message, advice) => {
        const error = await armErrorFor(code, message);
        expect(error).toMatchObject({ name: "RestError", code });
        expect(causeOf(error, 30_000, false)).toEqual({
            kind: "unreachable",
            reason: `could not make a trusted HTTPS connection (${code}: ${message})${advice}`,
        });
    });
});

describe("an ARM call whose TLS handshake fails (not a certificate: no root certificate helps)", () => {
    test.each([
        [
            "EPROTO",
            "write EPROTO 40E7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number",
        ],
        ["ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number"],
    ])("%s: the proxy written https:// is the likely cause", async (code, message) => {
        const error = await armErrorFor(code, message);
        const cause = causeOf(error, 30_000, false);
        expect(cause).toEqual({
            kind: "unreachable",
            reason: `the HTTPS handshake failed (${code}: ${message}); if HTTPS_PROXY starts with https://, the proxy probably speaks plain HTTP: write it as http://host:port`,
        });
        expect(cause.reason).not.toContain("NODE_EXTRA_CA_CERTS");
    });

    test("another handshake failure is said as it is, without advice", async () => {
        const error = await armErrorFor(
            "ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED",
            "unsafe legacy renegotiation disabled",
        );
        expect(causeOf(error, 30_000, false)).toEqual({
            kind: "unreachable",
            reason: "the HTTPS handshake failed (ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED: unsafe legacy renegotiation disabled)",
        });
    });
});
