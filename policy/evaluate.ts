/**
 * The pack as a pure function: run every rule over a list of resources, without the Pulumi engine.
 * The test harness feeds it what the real team program registers under Pulumi mocks
 * (`fromMockResource`), so every `npm test` enforces the guardrails on the real resource graph;
 * `pulumi preview --policy-pack policy` enforces the same rules through policy/policies.ts.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { deriveContext, withContext } from "./context";
import { isRecord } from "./props";
import { RESOURCE_RULES } from "./rules";
import { STACK_RULES } from "./stackRules";
import type {
    ContextKey,
    PolicyContext,
    PolicyResource,
    ResourceRule,
    Rule,
    Violation,
} from "./types";

export type { PolicyContext, PolicyResource, Violation } from "./types";

/** Every policy of the pack, resource rules first. Names are unique. */
export const RULES: readonly Rule[] = [...RESOURCE_RULES, ...STACK_RULES];

export function appliesTo(rule: ResourceRule, type: string): boolean {
    return rule.types === "all" || rule.types.includes(type);
}

/**
 * Every violation of every policy: each resource rule over each resource of its types, then each
 * stack rule once. The context is derived from the stack's resource group; fields given in `ctx`
 * win (pass `githubVisibility` when the event's repositories are not private). A resource without
 * `secretProps` is taken to have no secret property.
 */
export function evaluate(resources: readonly PolicyResource[], ctx?: PolicyContext): Violation[] {
    const context = withContext(deriveContext(resources), ctx);
    const observed = resources.map((r) => ({ ...r, secretProps: r.secretProps ?? [] }));
    const violations: Violation[] = [];
    for (const rule of RESOURCE_RULES) {
        for (const resource of observed) {
            if (!appliesTo(rule, resource.type)) continue;
            for (const message of rule.check(resource, context))
                violations.push({ policy: rule.name, urn: resource.urn, message });
        }
    }
    for (const rule of STACK_RULES) {
        for (const finding of rule.check(observed, context))
            violations.push({ policy: rule.name, urn: finding.urn, message: finding.message });
    }
    return violations;
}

/** What a Pulumi mock's `newResource` receives (`MockResourceArgs`), plus what the harness knows. */
export interface MockRegistration {
    readonly type: string;
    readonly name: string;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly id?: string;
    readonly urn?: string;
    readonly parent?: string;
}

/**
 * A mock registration as a PolicyResource. Mocks receive secrets as RPC secret envelopes
 * (`{ [specialSigKey]: specialSecretSig, value }`); they are unwrapped and their paths recorded in
 * `secretProps`. The SDK lifts secretness to the top-level property, so paths are usually top-level.
 * Without `urn`, one is built as `urn:pulumi:<stack>::<project>::<type>::<name>` (no parent types).
 */
export function fromMockResource(
    registration: MockRegistration,
    options: { project?: string; stack?: string } = {},
): PolicyResource {
    const secretProps: string[] = [];
    const unwrapped = unwrapSecrets(registration.inputs, "", secretProps);
    const urn =
        registration.urn ??
        `urn:pulumi:${options.stack ?? "test"}::${options.project ?? "openhack-mlops"}::${registration.type}::${registration.name}`;
    return {
        type: registration.type,
        name: registration.name,
        urn,
        props: isRecord(unwrapped) ? unwrapped : {},
        secretProps,
        ...(registration.id !== undefined ? { id: registration.id } : {}),
        ...(registration.parent !== undefined ? { parent: registration.parent } : {}),
    };
}

const isSecretEnvelope = (value: unknown): value is { value: unknown } =>
    isRecord(value) && value[specialSigKey] === specialSecretSig;

function unwrapSecrets(value: unknown, path: string, secrets: string[]): unknown {
    if (isSecretEnvelope(value)) {
        secrets.push(path);
        return unwrapSecrets(value.value, path, secrets);
    }
    const at = (key: string | number): string => (path === "" ? String(key) : `${path}.${key}`);
    if (Array.isArray(value))
        return value.map((item: unknown, i) => unwrapSecrets(item, at(i), secrets));
    if (isRecord(value))
        return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v, at(k), secrets)]),
        );
    return value;
}

/**
 * The `--policy-pack-config` document that gives CrossGuard the team context explicitly, for the
 * policies that read it (the others derive it from the resource group, or need none):
 * `pulumi preview --policy-pack policy --policy-pack-config <this as JSON>`.
 */
export function packConfigFor(ctx: PolicyContext): Record<string, Record<string, string>> {
    const config: Record<string, Record<string, string>> = {};
    for (const rule of RULES) {
        const keys: readonly ContextKey[] = [
            ...(rule.kind === "resource" ? (rule.needsContext ?? []) : []),
            ...(rule.usesContext ?? []),
        ];
        const entries = keys.flatMap((key) => {
            const value = ctx[key];
            return value === undefined ? [] : [[key, value] as const];
        });
        if (entries.length > 0) config[rule.name] = Object.fromEntries(entries);
    }
    return config;
}
