/**
 * Reading resource properties without trusting their shape: props arrive as plain JSON from a
 * provider schema we do not control, so every access checks the type instead of casting.
 */
import type { PolicyResource } from "./types";

export const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

/** `get(props, "properties.scaleSettings.minNodeCount")`, `get(x, "items.0")`; undefined when any step is missing. */
export function get(value: unknown, path: string): unknown {
    let current: unknown = value;
    for (const key of path.split(".")) {
        if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
        else if (isRecord(current)) current = current[key];
        else return undefined;
    }
    return current;
}

/** How a value appears in a message: `not set` for a missing one, JSON otherwise. */
export function show(value: unknown): string {
    return value === undefined || value === null ? "not set" : JSON.stringify(value);
}

export const isNonEmptyString = (value: unknown): value is string =>
    typeof value === "string" && value.trim() !== "";

/**
 * Whether the value at `path` is a Pulumi secret: true when the path or one of its ancestors is in
 * `secretProps`; undefined when secretness is not observable for this resource.
 */
export function isSecretPath(resource: PolicyResource, path: string): boolean | undefined {
    if (resource.secretProps === undefined) return undefined;
    return resource.secretProps.some((secret) => path === secret || path.startsWith(`${secret}.`));
}

/** Dotted paths of every non-object value under `value` (the value itself when it is a leaf). */
export function leafPaths(value: unknown, path: string): string[] {
    if (isRecord(value))
        return Object.keys(value).flatMap((key) => leafPaths(value[key], `${path}.${key}`));
    if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, `${path}.${i}`));
    return value === undefined || value === null ? [] : [path];
}

/**
 * ISO 8601 duration (`PT120S`, `PT60M`, `P1DT2H`) in seconds; undefined when it is not one. Azure ML
 * takes idle timeouts in this form and silently ignores a malformed one, so the policy parses it.
 */
export function durationSeconds(value: unknown): number | undefined {
    if (typeof value !== "string") return undefined;
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
    if (m === null || value === "P" || value.endsWith("T")) return undefined;
    const [days, hours, minutes, seconds] = m
        .slice(1)
        .map((part) => (part === undefined ? 0 : Number(part)));
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
}
