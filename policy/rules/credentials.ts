/**
 * Every credential-bearing value is a Pulumi secret, so it is encrypted in the state file and masked
 * in logs: GitHub secret values, AML datastore and connection credentials, and the generated Entra
 * client secrets. A credential must also never sit in a plain Actions variable (the AZURE_CREDENTIALS
 * JSON, a storage connection string, a token).
 *
 * Secretness is only observable where the caller can see it (the harness reads it from the mocks;
 * CrossGuard only in remediation): see PolicyResource.secretProps and policy/policies.ts.
 */
import { get, isSecretPath, leafPaths } from "../props";
import type { PolicyResource, ResourceRule } from "../types";

const GITHUB_SECRET_VALUES = ["value", "plaintextValue", "encryptedValue", "valueEncrypted"];

/** Input paths that carry a credential, by type. Every non-empty value under them must be secret. */
export const CREDENTIAL_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "github:index/actionsSecret:ActionsSecret": GITHUB_SECRET_VALUES,
    "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": GITHUB_SECRET_VALUES,
    "github:index/actionsOrganizationSecret:ActionsOrganizationSecret": GITHUB_SECRET_VALUES,
    "github:index/dependabotSecret:DependabotSecret": GITHUB_SECRET_VALUES,
    "github:index/codespacesSecret:CodespacesSecret": ["plaintextValue", "encryptedValue"],
    // Account keys, SAS tokens, client secrets and certificates of a datastore.
    "azure-native:machinelearningservices:Datastore": ["properties.credentials.secrets"],
    "azure-native:machinelearningservices:WorkspaceConnection": ["properties.credentials"],
};

/** Outputs that carry a generated credential, by type: they must be registered as secret outputs. */
export const CREDENTIAL_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
    "azuread:index/applicationPassword:ApplicationPassword": ["value"],
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword": ["value"],
};

/** Plain-text inputs, by type, that must not hold anything that looks like a credential. */
export const PLAIN_TEXT_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "github:index/actionsVariable:ActionsVariable": ["value"],
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable": ["value"],
};

/** Recognizable credential shapes; each is named in the violation so the author can find it. */
const CREDENTIAL_SHAPES: readonly { readonly label: string; readonly pattern: RegExp }[] = [
    { label: "a clientSecret field", pattern: /clientSecret/i },
    { label: "a storage account key", pattern: /AccountKey=/i },
    { label: "a SAS signature", pattern: /[?&]sig=[^&\s]+/ },
    { label: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
    {
        label: "a GitHub token",
        pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/,
    },
];

export const CREDENTIAL_TYPES: readonly string[] = [
    ...Object.keys(CREDENTIAL_INPUTS),
    ...Object.keys(CREDENTIAL_OUTPUTS),
    ...Object.keys(PLAIN_TEXT_INPUTS),
];

/** Discriminators of the credential unions (`credentialsType: "AccountKey"`): labels, not credentials. */
const DISCRIMINATORS = new Set(["credentialsType", "secretsType", "authType"]);

/** Leaf paths of credential inputs that hold a value but are not secret (empty when unobservable). */
export function nonSecretCredentialPaths(r: PolicyResource): string[] {
    // Not even read when unobservable: in a preview the value may be unknown, and reading it would
    // turn the whole policy advisory for nothing.
    if (r.secretProps === undefined) return [];
    return (CREDENTIAL_INPUTS[r.type] ?? [])
        .flatMap((path) => leafPaths(get(r.props, path), path))
        .filter((leaf) => {
            const value = get(r.props, leaf);
            const key = leaf.split(".").pop() ?? leaf;
            return value !== "" && !DISCRIMINATORS.has(key) && isSecretPath(r, leaf) === false;
        });
}

export function checkCredentialsSecret(r: PolicyResource): string[] {
    const problems = nonSecretCredentialPaths(r).map(
        (path) => `${path} must be a Pulumi secret: wrap it in pulumi.secret()`,
    );
    const declared = r.additionalSecretOutputs;
    if (declared !== undefined) {
        for (const output of CREDENTIAL_OUTPUTS[r.type] ?? []) {
            if (!declared.includes(output))
                problems.push(
                    `${output} (a generated credential) must be listed in additionalSecretOutputs`,
                );
        }
    }
    for (const path of PLAIN_TEXT_INPUTS[r.type] ?? []) {
        const value = get(r.props, path);
        if (typeof value !== "string") continue;
        const shape = CREDENTIAL_SHAPES.find((s) => s.pattern.test(value));
        if (shape !== undefined)
            problems.push(
                `${path} holds ${shape.label}, which is a credential: store it in an Actions secret, not a variable`,
            );
    }
    return problems;
}

export const credentialRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "credentials-secret",
        description:
            "Credential-bearing values are Pulumi secrets and never stored in plain Actions variables.",
        rules: [],
        // CrossGuard hands validations secrets already unwrapped; only a remediation sees them, and
        // can also fix them by marking the value secret (policy/policies.ts).
        enforcementLevel: "remediate",
        severity: "critical",
        types: CREDENTIAL_TYPES,
        check: checkCredentialsSecret,
    },
];
