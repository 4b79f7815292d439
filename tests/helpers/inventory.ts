import type { RecordedResource } from "../../offline/mockCloud";

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

export function one(resources: readonly RecordedResource[], type: string): RecordedResource {
    const found = ofType(resources, type);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
    return found[0];
}

export function countByType(resources: readonly RecordedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}

/** Reads a nested input, e.g. `at(r.inputs, "properties.properties.scaleSettings.minNodeCount")`. */
export function at(value: unknown, path: string): unknown {
    return path
        .split(".")
        .reduce<unknown>(
            (v, key) =>
                v !== null && typeof v === "object"
                    ? (v as Record<string, unknown>)[key]
                    : undefined,
            value,
        );
}
