/**
 * A small evaluator of an Azure Policy rule's `if` over a resource as ARM receives it (the PUT body:
 * `name`, `type`, `sku`, `properties`...). Enough of the language for the fair-share rule
 * (components/fairShare.ts): `allOf`, `anyOf`, `not`, and `field` conditions with `equals`,
 * `notEquals`, `in`, `notIn`, `greater`, `exists`, whose values may be `[parameters('x')]`.
 *
 * Semantics follow "Azure Policy definition structure: policy rule"
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule):
 * string comparisons are case-insensitive; `field: "name"` is the resource's own name (the last
 * segment; `fullName` would carry the parents); a condition on a property the request does not have
 * is false, except `exists: false`, `notEquals` and `notIn`, which hold for a missing value.
 * Anything else in a rule is an error here, never a silent "no match".
 */

/** An alias and the path of the property it reads in the ARM request body. */
export interface PolicyAlias {
    readonly alias: string;
    readonly path: string;
    /** Where the alias is published (a definition that uses it, or Azure's alias list). */
    readonly source: string;
}

export interface ArmResource {
    /** ARM type, e.g. `Microsoft.MachineLearningServices/workspaces/computes`. */
    readonly type: string;
    /** The resource's own name (not its parents'). */
    readonly name: string;
    /** The request body: `properties`, `sku`, `location`... */
    readonly body: Readonly<Record<string, unknown>>;
}

export type ParameterValues = Readonly<Record<string, { readonly value?: unknown }>>;

const PARAMETER = /^\[parameters\('([A-Za-z0-9_]+)'\)\]$/;

function resolve(value: unknown, parameters: ParameterValues): unknown {
    if (typeof value !== "string") return value;
    const m = PARAMETER.exec(value);
    if (!m) return value;
    const p = parameters[m[1]];
    if (p === undefined || !("value" in p))
        throw new Error(`policy rule: parameter ${JSON.stringify(m[1])} has no value`);
    return p.value;
}

function at(body: Readonly<Record<string, unknown>>, path: string): unknown {
    let node: unknown = body;
    for (const key of path.split(".")) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string, unknown>)[key];
    }
    return node;
}

const same = (a: unknown, b: unknown): boolean =>
    typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b;

function fieldValue(
    field: string,
    resource: ArmResource,
    aliases: ReadonlyMap<string, PolicyAlias>,
): unknown {
    if (field === "type") return resource.type;
    if (field === "name") return resource.name;
    const alias = aliases.get(field.toLowerCase());
    if (alias === undefined)
        throw new Error(`policy rule: field ${JSON.stringify(field)} is not a known alias`);
    return at(resource.body, alias.path);
}

const OPERATORS = ["equals", "notEquals", "in", "notIn", "greater", "exists"] as const;

/** Whether `condition` holds for `resource`: for an `if`, true means the effect applies. */
export function evaluateCondition(
    condition: unknown,
    resource: ArmResource,
    parameters: ParameterValues,
    aliases: readonly PolicyAlias[],
): boolean {
    const byName = new Map(aliases.map((a) => [a.alias.toLowerCase(), a]));
    const evaluate = (c: unknown): boolean => {
        if (c === null || typeof c !== "object" || Array.isArray(c))
            throw new Error(`policy rule: a condition must be an object, got ${JSON.stringify(c)}`);
        const node = c as Record<string, unknown>;
        if (Array.isArray(node.allOf)) return node.allOf.every(evaluate);
        if (Array.isArray(node.anyOf)) return node.anyOf.some(evaluate);
        if ("not" in node) return !evaluate(node.not);
        if (typeof node.field !== "string")
            throw new Error(`policy rule: unsupported condition ${JSON.stringify(node)}`);
        const actual = fieldValue(node.field, resource, byName);
        const op = OPERATORS.find((o) => o in node);
        if (op === undefined)
            throw new Error(`policy rule: no supported operator in ${JSON.stringify(node)}`);
        const expected = resolve(node[op], parameters);
        const missing = actual === undefined || actual === null;
        switch (op) {
            case "exists":
                return missing !== (expected === true || expected === "true");
            case "equals":
                return !missing && same(actual, expected);
            case "notEquals":
                return missing || !same(actual, expected);
            case "in":
            case "notIn": {
                if (!Array.isArray(expected))
                    throw new Error(
                        `policy rule: ${op} needs a list, got ${JSON.stringify(expected)}`,
                    );
                const found = !missing && expected.some((e) => same(actual, e));
                return op === "in" ? found : !found;
            }
            case "greater":
                return !missing && Number(actual) > Number(expected);
        }
    };
    return evaluate(condition);
}
