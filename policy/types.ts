/**
 * The vocabulary of the guardrails, free of @pulumi/policy so that the rules are plain functions:
 * tests and the evaluation harness (policy/evaluate.ts) call them directly, and policy/policies.ts
 * is the only place that knows how CrossGuard hands resources over.
 */

/** A resource as the rules see it: what the program registered, as plain JSON. */
export interface PolicyResource {
    /** Pulumi type token, e.g. `azure-native:storage:StorageAccount`. */
    readonly type: string;
    /** Logical (Pulumi) name. */
    readonly name: string;
    readonly urn: string;
    /** Inputs (resource policies, the harness) or outputs (CrossGuard stack policies), secrets unwrapped. */
    readonly props: Readonly<Record<string, unknown>>;
    /**
     * Dotted paths of `props` that are Pulumi secrets (`"value"`, `"properties.credentials"`); a path
     * is secret when it or one of its ancestors is listed. `undefined` means "secretness cannot be
     * observed here" (CrossGuard's validate hooks, which receive secrets already unwrapped), and the
     * rules that need it skip; `evaluate()` turns a missing list into `[]`, i.e. "nothing is secret".
     */
    readonly secretProps?: readonly string[];
    /** URN of the parent resource, when known. */
    readonly parent?: string;
    /** Provider-assigned id, when known (mocks return one; links a budget's `scope` to its group). */
    readonly id?: string;
    /** Outputs registered with `additionalSecretOutputs`, when known (CrossGuard passes them). */
    readonly additionalSecretOutputs?: readonly string[];
    /** URNs each property depends on, when known (CrossGuard stack policies pass them). */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export const GITHUB_VISIBILITIES = ["private", "public", "internal"] as const;
export type GithubVisibility = (typeof GITHUB_VISIBILITIES)[number];

/**
 * What the rules need to know about the team that is not in the resource under check. Every field is
 * optional: it comes from the caller (the harness, or a policy's config in CrossGuard) or is derived
 * from the team's resource group (tags `event`, `team`, `endsOn`; name `rg-<event>-<team>`).
 */
export interface PolicyContext {
    readonly event?: string;
    readonly team?: string;
    /** Last day of the event, `YYYY-MM-DD`. */
    readonly endsOn?: string;
    /** Repository visibility the event config asks for; `private` when absent. */
    readonly githubVisibility?: GithubVisibility;
}
export type ContextKey = keyof PolicyContext;

export type Severity = "low" | "medium" | "high" | "critical";

export interface PolicyMeta {
    /** Unique within the pack; CrossGuard's policy name and the `policy` of a Violation. */
    readonly name: string;
    /** One line: what a compliant stack looks like. */
    readonly description: string;
    /** Scanner rules this policy enforces (Checkov `CKV_*`, Trivy `AVD-*`, PSRule `Azure.*`). */
    readonly rules: readonly string[];
    /**
     * Scanner rules this policy deliberately contradicts, so a scanner run over this program knows
     * which findings are accepted by design (policy/README.md gives the reason).
     */
    readonly waives?: readonly string[];
    /**
     * `mandatory` blocks the deployment. `remediate` is used where CrossGuard can fix the resource but
     * cannot see the problem in a validation hook (see credentials-secret).
     */
    readonly enforcementLevel: "mandatory" | "remediate";
    readonly severity: Severity;
}

/** A check of one resource at a time: returns one message per problem, empty when compliant. */
export type ResourceCheck = (resource: PolicyResource, ctx: PolicyContext) => string[];

export interface ResourceRule extends PolicyMeta {
    readonly kind: "resource";
    /** Type tokens the rule applies to, or `all` when the check filters by itself. */
    readonly types: readonly string[] | "all";
    /**
     * Context without which the rule can check nothing useful. CrossGuard gives a resource policy no
     * view of other resources, so such a rule runs there as a stack policy that derives the context
     * from the team's resource group (policy/policies.ts).
     */
    readonly needsContext?: readonly ContextKey[];
    /** Context the rule uses when available; CrossGuard reads it from the policy's config. */
    readonly usesContext?: readonly ContextKey[];
    readonly check: ResourceCheck;
}

export interface StackFinding {
    /** The resource at fault; empty when the problem is the stack as a whole. */
    readonly urn: string;
    readonly message: string;
}

export interface StackRule extends PolicyMeta {
    readonly kind: "stack";
    /** Context the rule uses when available (otherwise derived from the resource group). */
    readonly usesContext?: readonly ContextKey[];
    readonly check: (resources: readonly PolicyResource[], ctx: PolicyContext) => StackFinding[];
}

export type Rule = ResourceRule | StackRule;

export interface Violation {
    /** Name of the policy that failed. */
    readonly policy: string;
    /** The resource at fault; empty when the problem is the stack as a whole. */
    readonly urn: string;
    readonly message: string;
}
