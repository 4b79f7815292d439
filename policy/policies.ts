/**
 * The rules of policy/rules and policy/stackRules.ts as CrossGuard policies. This is the only file
 * that knows how @pulumi/policy hands resources over; policy/index.ts only constructs the pack,
 * because `new PolicyPack(...)` starts the analyzer's gRPC server (it is meant to run under the
 * Pulumi CLI only), so tests import this module instead.
 *
 * How each rule is wrapped:
 * - a resource rule becomes a ResourceValidationPolicy: it runs before each resource is created or
 *   updated. Context it can use (`usesContext`) comes from the policy's config, when given.
 * - a resource rule that cannot work without context (`needsContext`) becomes a StackValidationPolicy:
 *   a resource policy sees one resource at a time and cannot read the team's resource group, a stack
 *   policy sees them all. Config, when given, overrides the derived context. Stack policies run at the
 *   end of a preview, and after the changes of an update: run `pulumi preview` before `pulumi up`.
 * - credentials-secret (enforcement `remediate`): CrossGuard's validation hooks receive secrets
 *   already unwrapped, so they cannot tell a secret from plain text. A remediation receives them
 *   wrapped in `Secret`; it marks any plain credential secret, which the engine then encrypts.
 */
import {
    Secret,
    type Policies,
    type PolicyConfigSchema,
    type PolicyResource as CrossGuardResource,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationPolicy,
} from "@pulumi/policy";
import { contextFromConfig, deriveContext, ISO_DATE, withContext } from "./context";
import { appliesTo } from "./evaluate";
import { get, isRecord } from "./props";
import { RESOURCE_RULES } from "./rules";
import { CREDENTIAL_INPUTS, nonSecretCredentialPaths } from "./rules/credentials";
import { STACK_RULES } from "./stackRules";
import {
    GITHUB_VISIBILITIES,
    type ContextKey,
    type PolicyMeta,
    type PolicyResource,
    type ResourceRule,
    type StackRule,
} from "./types";

const CONTEXT_SCHEMA: Readonly<Record<ContextKey, PolicyConfigSchema["properties"][string]>> = {
    event: { type: "string", description: "Event name (tag event of the team's resources)" },
    team: { type: "string", description: "Team name (tag team of the team's resources)" },
    endsOn: {
        type: "string",
        pattern: ISO_DATE.source,
        description: "Last day of the event, YYYY-MM-DD",
    },
    githubVisibility: {
        type: "string",
        enum: [...GITHUB_VISIBILITIES],
        description: "Repository visibility the event config asks for",
    },
};

function configSchema(keys: readonly ContextKey[]): PolicyConfigSchema | undefined {
    if (keys.length === 0) return undefined;
    return { properties: Object.fromEntries(keys.map((key) => [key, CONTEXT_SCHEMA[key]])) };
}

/** What CrossGuard shows for a policy: the scanner ids ride along in the description and tags. */
function describe(
    meta: PolicyMeta,
): Pick<
    ResourceValidationPolicy,
    "name" | "description" | "enforcementLevel" | "severity" | "tags"
> {
    const ids = [...meta.rules, ...(meta.waives ?? []).map((id) => `waives ${id}`)];
    return {
        name: meta.name,
        description: ids.length > 0 ? `${meta.description} (${ids.join(", ")})` : meta.description,
        enforcementLevel: meta.enforcementLevel,
        severity: meta.severity,
        tags: [...meta.rules],
    };
}

/** A resource under validation: secrets arrive unwrapped, so their secretness is unobservable here. */
function fromValidationArgs(args: ResourceValidationArgs): PolicyResource {
    return {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: args.props,
        ...(args.opts.parent !== undefined ? { parent: args.opts.parent } : {}),
        additionalSecretOutputs: args.opts.additionalSecretOutputs,
    };
}

function fromStackResource(r: CrossGuardResource): PolicyResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.props,
        ...(r.parent !== undefined ? { parent: r.parent.urn } : {}),
        additionalSecretOutputs: r.opts.additionalSecretOutputs,
        propertyDependencies: Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([key, deps]) => [
                key,
                deps.map((d) => d.urn),
            ]),
        ),
    };
}

function resourcePolicy(rule: ResourceRule): ResourceValidationPolicy {
    const policy: ResourceValidationPolicy = {
        ...describe(rule),
        validateResource: (args, reportViolation) => {
            if (!appliesTo(rule, args.type))
                args.notApplicable(
                    `applies to ${rule.types === "all" ? "every type" : rule.types.join(", ")}`,
                );
            const ctx = contextFromConfig(args.getConfig());
            for (const message of rule.check(fromValidationArgs(args), ctx))
                reportViolation(message);
        },
    };
    const schema = configSchema(rule.usesContext ?? []);
    if (schema !== undefined) policy.configSchema = schema;
    if (rule.enforcementLevel === "remediate") policy.remediateResource = markCredentialsSecret;
    return policy;
}

function contextualResourcePolicy(rule: ResourceRule): StackValidationPolicy {
    const policy: StackValidationPolicy = {
        ...describe(rule),
        validateStack: (args, reportViolation) => {
            const resources = args.resources.map(fromStackResource);
            const ctx = withContext(deriveContext(resources), contextFromConfig(args.getConfig()));
            for (const resource of resources) {
                if (!appliesTo(rule, resource.type)) continue;
                for (const message of rule.check(resource, ctx))
                    reportViolation(message, resource.urn);
            }
        },
    };
    const schema = configSchema([...(rule.needsContext ?? []), ...(rule.usesContext ?? [])]);
    if (schema !== undefined) policy.configSchema = schema;
    return policy;
}

function stackPolicy(rule: StackRule): StackValidationPolicy {
    const policy: StackValidationPolicy = {
        ...describe(rule),
        validateStack: (args, reportViolation) => {
            const resources = args.resources.map(fromStackResource);
            const ctx = withContext(deriveContext(resources), contextFromConfig(args.getConfig()));
            for (const finding of rule.check(resources, ctx))
                reportViolation(finding.message, finding.urn === "" ? undefined : finding.urn);
        },
    };
    const schema = configSchema(rule.usesContext ?? []);
    if (schema !== undefined) policy.configSchema = schema;
    return policy;
}

// --- credentials-secret remediation -------------------------------------------------------------

/**
 * The resource's inputs exactly as the engine sent them, `Secret` wrappers included. In a remediation
 * `args.props` is a chain of proxies whose `get` unwraps secrets; they define no other trap, so
 * property descriptors come from the underlying object, where secrets are still `Secret` instances.
 */
export function rawProps(props: object): Record<string, unknown> {
    return Object.fromEntries(
        Object.keys(props).map((key) => [key, Object.getOwnPropertyDescriptor(props, key)?.value]),
    );
}

/** `value` without `Secret` wrappers, and the dotted paths that were wrapped. */
export function unwrapPolicySecrets(
    value: unknown,
    path = "",
    secrets: string[] = [],
): { value: unknown; secrets: string[] } {
    const at = (key: string | number): string => (path === "" ? String(key) : `${path}.${key}`);
    if (value instanceof Secret) {
        secrets.push(path);
        return { value: unwrapPolicySecrets(value.value, path, secrets).value, secrets };
    }
    if (Array.isArray(value))
        return {
            value: value.map((item: unknown, i) => unwrapPolicySecrets(item, at(i), secrets).value),
            secrets,
        };
    if (isRecord(value)) {
        return {
            value: Object.fromEntries(
                Object.entries(value).map(([k, v]) => [
                    k,
                    unwrapPolicySecrets(v, at(k), secrets).value,
                ]),
            ),
            secrets,
        };
    }
    return { value, secrets };
}

/** A copy of `target` with the value at the dotted `path` replaced. */
function setPath(target: unknown, path: readonly string[], value: unknown): unknown {
    const [head, ...rest] = path;
    if (head === undefined) return value;
    if (Array.isArray(target)) {
        // Array.isArray narrows `unknown` to `any[]`; the elements are still unknown.
        const items: readonly unknown[] = target;
        const copy = [...items];
        copy[Number(head)] = setPath(copy[Number(head)], rest, value);
        return copy;
    }
    const base = isRecord(target) ? target : {};
    return { ...base, [head]: setPath(base[head], rest, value) };
}

/** Remediation of credentials-secret: wraps every plain credential in `Secret`; nothing to do otherwise. */
export function markCredentialsSecret(
    args: ResourceValidationArgs,
): Record<string, unknown> | undefined {
    if (CREDENTIAL_INPUTS[args.type] === undefined) args.notApplicable("no credential inputs");
    const raw = rawProps(args.props);
    const { value: plain, secrets } = unwrapPolicySecrets(raw);
    const resource: PolicyResource = {
        type: args.type,
        name: args.name,
        urn: args.urn,
        props: isRecord(plain) ? plain : {},
        secretProps: secrets,
    };
    const paths = nonSecretCredentialPaths(resource);
    if (paths.length === 0) return undefined;
    let fixed: unknown = raw;
    for (const path of paths) fixed = setPath(fixed, path.split("."), new Secret(get(plain, path)));
    return isRecord(fixed) ? fixed : undefined;
}

// -------------------------------------------------------------------------------------------------

/** Every policy of the pack, in RULES order (policy/evaluate.ts). */
export const policies: Policies = [
    ...RESOURCE_RULES.map((rule) =>
        (rule.needsContext ?? []).length > 0
            ? contextualResourcePolicy(rule)
            : resourcePolicy(rule),
    ),
    ...STACK_RULES.map(stackPolicy),
];
