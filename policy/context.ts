/**
 * Where the rules learn which team a stack belongs to, without a cloud and without the program's
 * config: the team's resource group carries it (name `rg-<event>-<team>`, tags `event`, `team`,
 * `endsOn`, set by stacks/teamStack.ts). An explicit context (the harness, a policy's config) wins.
 */
import { get, isNonEmptyString, isRecord } from "./props";
import {
    GITHUB_VISIBILITIES,
    type GithubVisibility,
    type PolicyContext,
    type PolicyResource,
} from "./types";

export const RESOURCE_GROUP_TYPE = "azure-native:resources:ResourceGroup";
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `rg-<event>-<team>`: the event name has no hyphen (stacks/schema.ts EVENT_NAME), so the first one after `rg-` splits. */
const RESOURCE_GROUP_NAME = /^rg-([a-z][a-z0-9]*)-([a-z][a-z0-9-]*)$/;

/** The group's Azure name: the input `resourceGroupName`, or the output `name` in stack policies. */
export function resourceGroupName(group: PolicyResource): string | undefined {
    const name = group.props.resourceGroupName ?? group.props.name;
    return typeof name === "string" ? name : undefined;
}

export function teamResourceGroupName(event: string, team: string): string {
    return `rg-${event}-${team}`;
}

const VISIBILITIES: readonly string[] = GITHUB_VISIBILITIES;
export const isGithubVisibility = (value: unknown): value is GithubVisibility =>
    typeof value === "string" && VISIBILITIES.includes(value);

/** Context read from the first resource group of the stack; empty when there is none. */
export function deriveContext(resources: readonly PolicyResource[]): PolicyContext {
    const group = resources.find((r) => r.type === RESOURCE_GROUP_TYPE);
    if (group === undefined) return {};
    const tags = isRecord(group.props.tags) ? group.props.tags : {};
    // The name is read only when a tag is missing: in a preview's stack analysis it may be unknown,
    // and reading an unknown value turns the whole policy advisory.
    const parsed =
        isNonEmptyString(tags.event) && isNonEmptyString(tags.team)
            ? undefined
            : RESOURCE_GROUP_NAME.exec(resourceGroupName(group) ?? "");
    const event = isNonEmptyString(tags.event) ? tags.event : parsed?.[1];
    const team = isNonEmptyString(tags.team) ? tags.team : parsed?.[2];
    const endsOn =
        typeof tags.endsOn === "string" && ISO_DATE.test(tags.endsOn) ? tags.endsOn : undefined;
    return compact({ event, team, endsOn });
}

/** `base` with every field that `override` defines replaced. */
export function withContext(
    base: PolicyContext,
    override: PolicyContext | undefined,
): PolicyContext {
    return compact({ ...base, ...compact(override ?? {}) });
}

/** A context from untyped config (CrossGuard `getConfig()`), keeping only well-formed fields. */
export function contextFromConfig(config: unknown): PolicyContext {
    if (!isRecord(config)) return {};
    const text = (key: string): string | undefined => {
        const value = get(config, key);
        return isNonEmptyString(value) ? value : undefined;
    };
    const endsOn = text("endsOn");
    const visibility = config.githubVisibility;
    return compact({
        event: text("event"),
        team: text("team"),
        endsOn: endsOn !== undefined && ISO_DATE.test(endsOn) ? endsOn : undefined,
        githubVisibility: isGithubVisibility(visibility) ? visibility : undefined,
    });
}

function compact(ctx: PolicyContext): PolicyContext {
    const out: { -readonly [K in keyof PolicyContext]: PolicyContext[K] } = {};
    if (ctx.event !== undefined) out.event = ctx.event;
    if (ctx.team !== undefined) out.team = ctx.team;
    if (ctx.endsOn !== undefined) out.endsOn = ctx.endsOn;
    if (ctx.githubVisibility !== undefined) out.githubVisibility = ctx.githubVisibility;
    return out;
}
