/**
 * The CLI path builds the Azure credential chain from clients.ts: managed identity (which probes
 * 169.254.169.254) only with --managed-identity. The identity classes are replaced by recorders
 * that never sign in, so nothing here can reach a network or a real credential.
 */
import * as path from "node:path";

const built: string[] = [];

// Recorders only, not the real package: no credential here can sign in or reach a network.
jest.mock("@azure/identity", () => {
    class CredentialUnavailableError extends Error {
        override name = "CredentialUnavailableError";
    }
    class AggregateAuthenticationError extends Error {
        override name = "AggregateAuthenticationError";
        constructor(readonly errors: unknown[]) {
            super("ChainedTokenCredential authentication failed.");
        }
    }
    const recorder = (name: string) =>
        class {
            constructor() {
                built.push(name);
            }
            getToken(): Promise<never> {
                return Promise.reject(
                    new CredentialUnavailableError(`${name}: not signed in (test)`),
                );
            }
        };
    /** Tries each source in order, as the real chain does; fails with every source's reason. */
    class ChainedTokenCredential {
        private readonly sources: { getToken(): Promise<unknown> }[];
        constructor(...sources: { getToken(): Promise<unknown> }[]) {
            this.sources = sources;
        }
        async getToken(): Promise<unknown> {
            const errors: unknown[] = [];
            for (const source of this.sources) {
                try {
                    return await source.getToken();
                } catch (error) {
                    errors.push(error);
                }
            }
            throw new AggregateAuthenticationError(errors);
        }
    }
    return {
        ChainedTokenCredential,
        AzureCliCredential: recorder("AzureCliCredential"),
        EnvironmentCredential: recorder("EnvironmentCredential"),
        WorkloadIdentityCredential: recorder("WorkloadIdentityCredential"),
        ManagedIdentityCredential: recorder("ManagedIdentityCredential"),
    };
});

import { preflightMain } from "../../event/commands/preflight";
import type { PreflightIo } from "../../event/preflight/cli";
import { PREFLIGHT_EXIT } from "../../event/preflight/model";
import { useNock, VirtualClock } from "./helpers";

async function run(...extra: string[]): Promise<{ code: number; out: string }> {
    let out = "";
    const io: PreflightIo = {
        out: (t) => (out += t),
        err: () => undefined,
        env: {},
        cwd: path.join(__dirname, "..", ".."),
        clock: new VirtualClock(),
        now: () => new Date("2026-11-27T00:00:00Z"),
        deadline: () => new AbortController().signal,
        planRun: { mode: "inline" },
    };
    return { code: await preflightMain(["Pulumi.dev.yaml", ...extra], io), out };
}

// No request may leave (nock refuses every connection), and nock is removed after this file.
useNock();
beforeEach(() => (built.length = 0));

test("without credentials: one UNKNOWN line per service naming what is missing, exit 3, no managed identity", async () => {
    const { code, out } = await run();
    expect(code).toBe(PREFLIGHT_EXIT.unknown);
    expect(built).not.toContain("ManagedIdentityCredential");
    expect(built).toEqual(expect.arrayContaining(["AzureCliCredential", "EnvironmentCredential"]));
    expect(out).toContain(
        "UNKNOWN azure.credential  credential: no Azure sign-in: no usable sign-in (AzureCliCredential: not signed in (test); EnvironmentCredential: not signed in (test))",
    );
    expect(out).toContain("-> az login");
    expect(out).toContain("UNKNOWN github.credential  credential: GITHUB_TOKEN is not set");
    expect(out).toContain("0 pass, 0 warn, 0 fail, 3 unknown");
});

test("--managed-identity adds managed identity to the chain", async () => {
    await run("--managed-identity");
    expect(built.filter((b) => b === "ManagedIdentityCredential")).toHaveLength(1);
});
