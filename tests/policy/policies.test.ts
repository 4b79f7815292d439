/**
 * The CrossGuard side: policy/policies.ts wraps every rule (policy/index.ts only hands them to
 * `new PolicyPack`, which starts the analyzer server and so is exercised in pack.test.ts, in a child
 * process like the Pulumi CLI runs it). Here the wrappers are called the way @pulumi/policy calls them.
 */
import {
    Secret,
    type PolicyResource as CrossGuardResource,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationArgs,
    type StackValidationPolicy,
} from "@pulumi/policy";
import { secretsPreservingProxy } from "@pulumi/policy/secret";
import { readFileSync } from "fs";
import { join } from "path";
import { RULES } from "../../policy/evaluate";
import { markCredentialsSecret, policies } from "../../policy/policies";
import { RG_ID, SUB, TYPES, compliantStack, urnOf } from "./helpers";

class NotApplicable extends Error {}

function resourceArgs(
    type: string,
    name: string,
    props: Record<string, unknown>,
    config: object = {},
): ResourceValidationArgs {
    return {
        type,
        name,
        urn: urnOf(type, name),
        props,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>(): T => JSON.parse(JSON.stringify(config)) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

function stackResource(r: {
    type: string;
    name: string;
    urn: string;
    props: Readonly<Record<string, unknown>>;
}): CrossGuardResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: { ...r.props },
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    };
}

function stackArgs(resources: CrossGuardResource[], config: object = {}): StackValidationArgs {
    return {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>(): T => JSON.parse(JSON.stringify(config)) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

const byName = (name: string) => {
    const policy = policies.find((p) => p.name === name);
    if (policy === undefined) throw new Error(`no policy ${name}`);
    return policy;
};
const resourcePolicy = (name: string): ResourceValidationPolicy => {
    const policy = byName(name);
    if (!("validateResource" in policy)) throw new Error(`${name} is not a resource policy`);
    return policy;
};
const stackPolicy = (name: string): StackValidationPolicy => {
    const policy = byName(name);
    if (!("validateStack" in policy)) throw new Error(`${name} is not a stack policy`);
    return policy;
};

async function validate(
    policy: ResourceValidationPolicy,
    args: ResourceValidationArgs,
): Promise<string[]> {
    const messages: string[] = [];
    const validations =
        policy.validateResource === undefined
            ? []
            : Array.isArray(policy.validateResource)
              ? policy.validateResource
              : [policy.validateResource];
    for (const v of validations) await v(args, (message) => messages.push(message));
    return messages;
}

test("one CrossGuard policy per rule, in the same order, with the scanner ids in the description", () => {
    expect(policies.map((p) => p.name)).toEqual(RULES.map((r) => r.name));
    expect(byName("storage-https-only").description).toBe(
        "Storage accounts accept HTTPS traffic only. (CKV_AZURE_3, AVD-AZU-0008, Azure.Storage.SecureTransfer)",
    );
    expect(byName("storage-https-only").tags).toEqual([
        "CKV_AZURE_3",
        "AVD-AZU-0008",
        "Azure.Storage.SecureTransfer",
    ]);
    expect(byName("keyvault-no-purge-protection").description).toBe(
        "Key vaults never enable purge protection, which would block teardown and name reuse. (waives CKV_AZURE_110, waives CKV_AZURE_42, waives AVD-AZU-0016, waives Azure.KeyVault.PurgeProtect)",
    );
});

test("policy/README.md lists every policy with exactly its scanner ids", () => {
    const rows = readFileSync(join(__dirname, "..", "..", "policy", "README.md"), "utf8").split(
        "\n",
    );
    for (const rule of RULES) {
        const row = rows.find((line) => line.startsWith(`| ${rule.name} |`));
        expect(row).toBeDefined();
        const listed =
            (row?.split("|")[5] ?? "")
                .replace(/waives /g, "")
                .match(/\b(?:CKV2?_[A-Z]+_\d+|AVD-[A-Z]+-\d+|Azure\.[A-Za-z.]+)/g) ?? [];
        expect({ policy: rule.name, ids: listed }).toEqual({
            policy: rule.name,
            ids: [...rule.rules, ...(rule.waives ?? [])],
        });
    }
});

test("rules that need the team's context run as stack policies; the rest per resource", () => {
    const stackPolicies = policies.filter((p) => "validateStack" in p).map((p) => p.name);
    expect(stackPolicies).toEqual([
        "role-assignment-team-scope",
        "client-secret-expiry",
        "team-resource-group",
        "budget-per-resource-group",
        "storage-blob-soft-delete-present",
        "github-vulnerability-alerts",
        "fair-share-own-computes",
    ]);
    expect(
        policies
            .filter((p) => p.enforcementLevel !== "mandatory")
            .map((p) => [p.name, p.enforcementLevel]),
    ).toEqual([["credentials-secret", "remediate"]]);
    expect(resourcePolicy("credentials-secret").remediateResource).toBe(markCredentialsSecret);
});

describe("resource policies", () => {
    test("report the rule's messages for a resource of their type", async () => {
        const args = resourceArgs(TYPES.storage, "sa", { enableHttpsTrafficOnly: false });
        expect(await validate(resourcePolicy("storage-https-only"), args)).toEqual([
            "enableHttpsTrafficOnly must be true (is false)",
        ]);
    });
    test("say they do not apply to other types", async () => {
        await expect(
            validate(resourcePolicy("storage-https-only"), resourceArgs(TYPES.vault, "kv", {})),
        ).rejects.toThrow(NotApplicable);
    });
    test("read their context from the policy config", async () => {
        const props = { visibility: "public", vulnerabilityAlerts: true };
        const policy = resourcePolicy("github-repository-private");
        expect(policy.configSchema?.properties.githubVisibility).toEqual({
            type: "string",
            enum: ["private", "public", "internal"],
            description: "Repository visibility the event config asks for",
        });
        expect(await validate(policy, resourceArgs(TYPES.repository, "repo", props))).toEqual([
            'visibility must be "private" (is "public")',
        ]);
        expect(
            await validate(
                policy,
                resourceArgs(TYPES.repository, "repo", props, { githubVisibility: "public" }),
            ),
        ).toEqual([]);
    });
});

describe("stack policies", () => {
    test("derive the team from the resource group and report against the resource's URN", async () => {
        const other = `/subscriptions/${SUB}/resourceGroups/rg-oh2026-beta`;
        const resources = compliantStack().map((r) =>
            r.type === TYPES.role ? { ...r, props: { ...r.props, scope: other } } : r,
        );
        const reports: [string, string | undefined][] = [];
        await stackPolicy("role-assignment-team-scope").validateStack(
            stackArgs(resources.map(stackResource)),
            (message, urn) => reports.push([message, urn]),
        );
        expect(reports).toEqual([
            [
                `scope must be inside the team's resource group rg-oh2026-alpha (is "${other}")`,
                urnOf(TYPES.role, "alpha-access-alice-contributor"),
            ],
        ]);
    });
    test("let the policy config override the derived context", async () => {
        const reports: string[] = [];
        await stackPolicy("role-assignment-team-scope").validateStack(
            stackArgs(compliantStack().map(stackResource), { event: "oh2026", team: "beta" }),
            (message) => reports.push(message),
        );
        expect(reports).toEqual([
            `scope must be inside the team's resource group rg-oh2026-beta (is "${RG_ID}")`,
        ]);
    });
});

describe("credentials-secret remediation", () => {
    // In a remediation @pulumi/policy passes props through secretsPreservingProxy: reading a property
    // unwraps its Secret, but the underlying object still holds the Secret instance.
    const remediate = (type: string, raw: Record<string, unknown>) =>
        markCredentialsSecret(
            resourceArgs(type, "s", secretsPreservingProxy(raw) as Record<string, unknown>),
        );

    test("marks a plain Actions secret value secret and keeps the other inputs as they are", () => {
        const fixed = remediate(TYPES.actionsSecret, {
            repository: "r",
            secretName: "AZURE_CREDENTIALS",
            value: "plain",
        });
        expect(fixed).toEqual({
            repository: "r",
            secretName: "AZURE_CREDENTIALS",
            value: new Secret("plain"),
        });
        expect(fixed?.value).toBeInstanceOf(Secret);
    });
    test("leaves an already secret value alone", () => {
        expect(
            remediate(TYPES.actionsSecret, {
                repository: "r",
                secretName: "AZURE_CREDENTIALS",
                value: new Secret("s"),
            }),
        ).toBeUndefined();
    });
    test("wraps only the plain credential inside a datastore, keeping other secrets wrapped", () => {
        const raw = {
            name: "ds",
            other: new Secret("kept"),
            properties: {
                datastoreType: "AzureBlob",
                credentials: {
                    credentialsType: "AccountKey",
                    secrets: { secretsType: "AccountKey", key: "k" },
                },
            },
        };
        expect(remediate(TYPES.datastore, raw)).toEqual({
            name: "ds",
            other: new Secret("kept"),
            properties: {
                datastoreType: "AzureBlob",
                credentials: {
                    credentialsType: "AccountKey",
                    secrets: { secretsType: "AccountKey", key: new Secret("k") },
                },
            },
        });
        expect(raw.properties.credentials.secrets.key).toBe("k");
    });
    test("does not apply to types without credential inputs", () => {
        expect(() => remediate(TYPES.storage, { accountName: "x" })).toThrow(NotApplicable);
    });
});
