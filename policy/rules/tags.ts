/**
 * Every taggable Azure resource carries the `event` and `team` tags: cost reports per team, the
 * organizers' clean-up queries, and the context of the other policies (policy/context.ts) rely on them.
 */
import { isRecord, show } from "../props";
import { TAG_MODULES, TAGGABLE_TYPES } from "../taggable";
import type { PolicyContext, PolicyResource, ResourceRule } from "../types";

export const REQUIRED_TAGS = ["event", "team"] as const;

export function checkTags(r: PolicyResource, ctx: PolicyContext): string[] {
    const [pkg, module] = r.type.split(":");
    if (pkg !== "azure-native" || module === undefined) return [];
    if (!TAG_MODULES.includes(module)) {
        // Fail closed: a new module must be classified, not silently left untagged.
        return [
            `azure-native module "${module}" is not classified for tags: add it to TAG_MODULES in policy/taggable.ts (tests/policy/taggable.test.ts prints the new list)`,
        ];
    }
    if (!TAGGABLE_TYPES.has(r.type)) return [];
    const tags = r.props.tags;
    const problems: string[] = [];
    for (const key of REQUIRED_TAGS) {
        const value = isRecord(tags) ? tags[key] : undefined;
        const expected = ctx[key];
        if (typeof value !== "string" || value === "") {
            problems.push(
                `tags.${key} must be ${expected === undefined ? "set" : show(expected)} (is ${show(value)})`,
            );
        } else if (expected !== undefined && value !== expected) {
            problems.push(`tags.${key} must be ${show(expected)} (is ${show(value)})`);
        }
    }
    return problems;
}

export const tagRules: readonly ResourceRule[] = [
    {
        kind: "resource",
        name: "resource-tags",
        description:
            "Every Azure resource that supports tags carries the event and team tags of its team.",
        rules: ["Azure.Resource.UseTags"],
        enforcementLevel: "mandatory",
        severity: "low",
        types: "all",
        usesContext: ["event", "team"],
        check: checkTags,
    },
];
