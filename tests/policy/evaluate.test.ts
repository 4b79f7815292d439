/**
 * The harness API over what Pulumi mocks really receive: secrets arrive as RPC envelopes, and
 * fromMockResource must turn them into secretProps, or credentials-secret would judge blind.
 */
import * as pulumi from "@pulumi/pulumi";
import * as machinelearningservices from "@pulumi/azure-native/machinelearningservices";
import * as github from "@pulumi/github";
import {
    RULES,
    evaluate,
    fromMockResource,
    packConfigFor,
    type PolicyResource,
} from "../../policy/evaluate";

const registered: pulumi.runtime.MockResourceArgs[] = [];

const urnOf = (resource: pulumi.Resource): Promise<string> =>
    new Promise((resolve) => resource.urn.apply(resolve));

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                registered.push(args);
                return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
            },
            call: (args) => {
                throw new Error(`unexpected invoke ${args.token}`);
            },
        },
        "openhack-mlops",
        "test",
        false,
    );
    const provider = new github.Provider("gh", { owner: "contoso-hack" });
    const resources = [
        new github.ActionsSecret(
            "plain-in-code",
            { repository: "r", secretName: "AZURE_CREDENTIALS", value: '{"clientSecret":"x"}' },
            { provider },
        ),
        new github.ActionsVariable(
            "variable",
            { repository: "r", variableName: "AML_DATASTORE", value: "diabetes_oh4ml" },
            { provider },
        ),
        new machinelearningservices.Datastore("keyed", {
            resourceGroupName: "rg-oh2026-alpha",
            workspaceName: "ws",
            name: "diabetes_oh4ml",
            properties: {
                datastoreType: "AzureBlob",
                accountName: "acct",
                containerName: "diabetes",
                credentials: {
                    credentialsType: "AccountKey",
                    secrets: { secretsType: "AccountKey", key: pulumi.secret("a2V5") },
                },
            },
        }),
        new machinelearningservices.Datastore("leaky", {
            resourceGroupName: "rg-oh2026-alpha",
            workspaceName: "ws",
            name: "leaky",
            properties: {
                datastoreType: "AzureBlob",
                accountName: "acct",
                containerName: "diabetes",
                credentials: {
                    credentialsType: "AccountKey",
                    secrets: { secretsType: "AccountKey", key: "a2V5" },
                },
            },
        }),
    ];
    await Promise.all(resources.map(urnOf));
});

function converted(name: string): PolicyResource {
    const args = registered.find((r) => r.name === name);
    if (args === undefined) throw new Error(`${name} was not registered`);
    return fromMockResource({
        type: args.type,
        name: args.name,
        inputs: args.inputs as Record<string, unknown>,
        ...(args.id !== undefined ? { id: args.id } : {}),
    });
}

test("the GitHub SDK makes an Actions secret value secret even when the program passes plain text", () => {
    const secret = converted("plain-in-code");
    expect(secret.secretProps).toEqual(["value"]);
    expect(secret.props.value).toBe('{"clientSecret":"x"}');
    expect(secret.urn).toBe(
        "urn:pulumi:test::openhack-mlops::github:index/actionsSecret:ActionsSecret::plain-in-code",
    );
});

test("a nested pulumi.secret is lifted to its top-level property by the SDK, and unwrapped", () => {
    const datastore = converted("keyed");
    expect(datastore.secretProps).toEqual(["properties"]);
    expect(datastore.props).toMatchObject({
        properties: { credentials: { secrets: { key: "a2V5" } } },
    });
});

test("evaluate reports exactly the datastore whose key is plain", () => {
    const resources = ["plain-in-code", "variable", "keyed", "leaky"].map(converted);
    expect(evaluate(resources).filter((v) => v.policy === "credentials-secret")).toEqual([
        {
            policy: "credentials-secret",
            urn: "urn:pulumi:test::openhack-mlops::azure-native:machinelearningservices:Datastore::leaky",
            message:
                "properties.credentials.secrets.key must be a Pulumi secret: wrap it in pulumi.secret()",
        },
    ]);
});

test("every policy has a unique name, a one-line description and an enforcement level", () => {
    const names = RULES.map((r) => r.name);
    expect(names).toEqual([
        "storage-https-only",
        "storage-min-tls-1-2",
        "storage-no-anonymous-blob-access",
        "storage-container-private",
        "storage-blob-soft-delete",
        "keyvault-rbac-authorization",
        "keyvault-soft-delete",
        "keyvault-no-purge-protection",
        "registry-admin-user-disabled",
        "registry-anonymous-pull-disabled",
        "workspace-managed-identity",
        "appinsights-workspace-based",
        "compute-cluster-scale-to-zero",
        "compute-no-public-ssh",
        "compute-local-auth-disabled",
        "compute-instance-assigned-user",
        "compute-instance-idle-shutdown",
        "endpoint-auth-required",
        "role-assignment-safe",
        "role-assignment-team-scope",
        "client-secret-expiry",
        "guest-invitation-guest-only",
        "github-repository-private",
        "credentials-secret",
        "resource-tags",
        "team-resource-group",
        "budget-per-resource-group",
        "storage-blob-soft-delete-present",
        "github-vulnerability-alerts",
        "fair-share-own-computes",
    ]);
    for (const rule of RULES) {
        expect(rule.description).toMatch(/^[A-Z][^\n]+\.$/);
        expect(["mandatory", "remediate"]).toContain(rule.enforcementLevel);
    }
    expect(RULES.filter((r) => r.enforcementLevel === "remediate").map((r) => r.name)).toEqual([
        "credentials-secret",
    ]);
});

test("packConfigFor gives each policy that reads context exactly the fields it reads", () => {
    expect(
        packConfigFor({
            event: "oh2026",
            team: "alpha",
            endsOn: "2026-12-05",
            githubVisibility: "public",
        }),
    ).toEqual({
        "role-assignment-team-scope": { event: "oh2026", team: "alpha" },
        "client-secret-expiry": { endsOn: "2026-12-05" },
        "github-repository-private": { githubVisibility: "public" },
        "resource-tags": { event: "oh2026", team: "alpha" },
        "team-resource-group": { event: "oh2026", team: "alpha", endsOn: "2026-12-05" },
    });
    expect(packConfigFor({})).toEqual({});
});
