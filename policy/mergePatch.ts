/**
 * A resource as it would be after a PATCH: the request body merged onto the resource's current body
 * the way JSON Merge Patch does it (RFC 7396: objects merge key by key, anything else replaces, a
 * `null` removes). Used to evaluate the fair-share rule against the cluster stop-compute and
 * `--restore` PATCH (only `scaleSettings`, no `computeType`). ASSUMPTION, not verified: that Azure
 * Policy judges a PATCH by the resource it produces; if it judges the request body alone, the
 * compute branch matches (a missing computeType is `notIn` the allowed types) and Deny refuses
 * the PATCH (docs/fair-share.md, "Emergency stop").
 */
import type { ArmResource } from "./azurePolicyRule";

const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
    if (!isObject(patch)) return patch;
    const merged: Record<string, unknown> = isObject(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else merged[key] = mergePatch(merged[key], value);
    }
    return merged;
}

/** `resource` with the PATCH `body` (as sent on the wire) merged onto its body. */
export function patchedResource(
    resource: ArmResource,
    body: Readonly<Record<string, unknown>>,
): ArmResource {
    return { ...resource, body: mergePatch(resource.body, body) as Record<string, unknown> };
}
