/**
 * No credential in clear in any input the program registers (issue 22): the real entry point runs
 * under mocks with every credential variable a deployer's shell or the event workflow may hold set
 * to a recognizable value, and each registered resource, providers included, is searched for them.
 * A credential may appear only under an input the SDK marked secret (encrypted in the state).
 */
import type { RecordedResource } from "../../offline/mockCloud";
import { runProgram } from "../helpers/program";
import { sampleEvent } from "../helpers/fixtures";

/** Variables that hold credentials where the program runs (README, .github/workflows/event.yml). */
const CREDENTIALS = {
    GITHUB_TOKEN: "ghp_i22SentinelGithubToken0123456789abcd",
    ARM_CLIENT_SECRET: "i22-sentinel-arm-client-secret",
    AZURE_CLIENT_SECRET: "i22-sentinel-azure-client-secret",
    ARM_OIDC_TOKEN: "i22-sentinel-arm-oidc-token",
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: "i22-sentinel-actions-request-token",
    AZURE_STORAGE_KEY: "i22-sentinel-storage-key",
    PULUMI_CONFIG_PASSPHRASE: "i22-sentinel-passphrase",
    PULUMI_ACCESS_TOKEN: "pul-i22sentinelaccesstoken",
} as const;

/** Dotted paths of `value` (recursively) that contain `needle`. */
function pathsContaining(value: unknown, needle: string, at = ""): string[] {
    if (typeof value === "string") return value.includes(needle) ? [at] : [];
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        pathsContaining(v, needle, at === "" ? k : `${at}.${k}`),
    );
}
const underSecret = (path: string, secrets: readonly string[]): boolean =>
    secrets.some((s) => s === path || s === "" || path.startsWith(`${s}.`));

/** Resource type:name -> input paths holding a credential in clear. */
function clearCredentials(resources: readonly RecordedResource[]): string[] {
    return resources.flatMap((r) =>
        Object.entries(CREDENTIALS).flatMap(([variable, value]) =>
            pathsContaining(r.inputs, value)
                .filter((p) => !underSecret(p, r.secretInputs))
                .map((p) => `${r.type} ${r.name}: ${p} holds ${variable}`),
        ),
    );
}

const saved = new Map<string, string | undefined>();
beforeAll(() => {
    for (const [k, v] of Object.entries(CREDENTIALS)) {
        saved.set(k, process.env[k]);
        process.env[k] = v;
    }
});
afterAll(() => {
    for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
});

/** A team in its own subscription (explicit azure-native provider) with an e-mail member (invitations). */
function config(): Record<string, unknown> {
    return {
        "openhack-mlops:event": sampleEvent({ endsOn: "2026-12-18" }),
        "openhack-mlops:team": {
            name: "team01",
            subscriptionId: "11111111-2222-4333-8444-555555555555",
            members: [
                { github: "member0", userPrincipalName: "member0@contoso.onmicrosoft.com" },
                { github: "member1", email: "member1@fabrikam.example" },
            ],
        },
        "azure-native:location": "japaneast",
    };
}

async function settle(): Promise<void> {
    // Registrations resolve asynchronously; wait until the mock has seen them all.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

test("every provider and resource the program registers keeps credentials out of its plain inputs", async () => {
    const run = runProgram(config());
    expect(run.error).toBeUndefined();
    expect((await run.result).error).toBeUndefined();
    await settle();
    const types = new Set(run.cloud.resources.map((r) => r.type));
    // The check covers the explicit providers and the resources that could carry a credential.
    expect([...types]).toEqual(
        expect.arrayContaining([
            "pulumi:providers:github",
            "pulumi:providers:azure-native",
            "azuread:index/invitation:Invitation",
            "github:index/actionsSecret:ActionsSecret",
        ]),
    );
    expect(clearCredentials(run.cloud.resources)).toEqual([]);
});

test("the github provider receives the token, as a secret input", async () => {
    const run = runProgram(config());
    await run.result;
    await settle();
    const providers = run.cloud.resources.filter((r) => r.type === "pulumi:providers:github");
    expect(providers.length).toBeGreaterThan(0);
    for (const p of providers) {
        expect(p.inputs.token).toBe(CREDENTIALS.GITHUB_TOKEN);
        expect(p.secretInputs).toContain("token");
    }
});

test("the search finds a credential in a plain input (so the check above can fail)", () => {
    const leaky: RecordedResource = {
        type: "pulumi:providers:github",
        name: "leaky",
        inputs: { owner: "o", token: CREDENTIALS.GITHUB_TOKEN },
        secretInputs: [],
        state: {},
        id: "x",
    };
    expect(clearCredentials([leaky])).toEqual([
        "pulumi:providers:github leaky: token holds GITHUB_TOKEN",
    ]);
    expect(clearCredentials([{ ...leaky, secretInputs: ["token"] }])).toEqual([]);
});
