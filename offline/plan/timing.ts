/**
 * One team's expected `up` and `destroy` durations: the longest path through the dependency graph
 * the program registered (offline/dependencyGraph.ts), each resource weighted by the duration
 * table (durations.ts). The path is named, so a dependency the program adds without need shows up.
 */
import type { GraphNode } from "../dependencyGraph";
import { criticalPath, reversed, type TimedNode } from "./criticalPath";
import { PROVIDER_WRITE_DELAY_MS } from "../../stacks/githubPacing";
import { createWritesOf } from "../../stacks/githubFootprint";
import { DURATIONS, takesNoTime, type DurationEntry } from "./durations";

export interface PathStep {
    readonly name: string;
    readonly type: string;
    readonly seconds: number;
}

export interface TimedRun {
    readonly seconds: number;
    /** The resources on the longest path, first to last. */
    readonly path: readonly PathStep[];
}

export interface TeamTiming {
    readonly up: TimedRun;
    readonly destroy: TimedRun;
    /** Seconds after the start of `up` at which the graph lets each GitHub write go, ascending. */
    readonly githubWritesAt: readonly number[];
    /**
     * When the last GitHub write is done: the team's provider makes its writes one at a time,
     * `writeDelayMs` apart (stacks/githubPacing.ts). `up` takes at least this long.
     */
    readonly githubDoneSeconds: number;
    /** The delay those writes were paced with. */
    readonly githubWriteDelayMs: number;
    /** Azure Resource Manager writes of `up` (azure-native resources). */
    readonly armWrites: number;
    /** Resource types the table has no entry for (counted as taking no time). */
    readonly unknownTypes: readonly string[];
}

const isGithubObject = (type: string): boolean => type.startsWith("github:index/");

/** When the last of writes the graph allows at `writesAt` (ascending) is made, each `delaySeconds` after the one before. */
export function pacedWritesDone(writesAt: readonly number[], delaySeconds: number): number {
    return writesAt.reduce((last, at) => Math.max(at, last + delaySeconds), -Infinity);
}

export function teamTiming(
    graph: readonly GraphNode[],
    table: ReadonlyMap<string, DurationEntry> = DURATIONS,
    writeDelayMs: number = PROVIDER_WRITE_DELAY_MS,
): TeamTiming {
    const custom = graph.filter((n) => n.custom);
    const byUrn = new Map(custom.map((n) => [n.urn, n]));
    const unknown = new Set<string>();
    const entry = (type: string): DurationEntry | undefined => {
        if (takesNoTime(type)) return undefined;
        const found = table.get(type);
        if (!found) unknown.add(type);
        return found;
    };
    const createOf = (urn: string): number => entry(byUrn.get(urn)?.type ?? "")?.createSeconds ?? 0;
    const deleteOf = (urn: string): number => entry(byUrn.get(urn)?.type ?? "")?.deleteSeconds ?? 0;

    const nodes: TimedNode[] = custom.map((n) => ({
        id: n.urn,
        seconds: createOf(n.urn),
        after: n.dependencies.filter((d) => byUrn.has(d)),
    }));
    const up = criticalPath(nodes);
    const destroy = criticalPath(reversed(nodes, deleteOf));
    const steps = (path: readonly string[], seconds: (urn: string) => number): PathStep[] =>
        path.map((urn) => {
            const node = byUrn.get(urn) as GraphNode;
            return { name: node.name, type: node.type, seconds: seconds(urn) };
        });
    const github = custom.filter((n) => isGithubObject(n.type));
    const startsIn = (run: typeof up): number[] =>
        github.map((n) => run.start.get(n.urn) ?? 0).sort((a, b) => a - b);
    // Creating an object can take more than one write (a repository three, a default branch that is
    // already main none: stacks/githubFootprint.ts), all of them once the graph lets it start.
    const githubWritesAt = github
        .flatMap((n) => Array<number>(createWritesOf(n.type)).fill(up.start.get(n.urn) ?? 0))
        .sort((a, b) => a - b);
    const githubDoneSeconds =
        githubWritesAt.length > 0 ? pacedWritesDone(githubWritesAt, writeDelayMs / 1000) : 0;
    return {
        up: { seconds: Math.max(up.total, githubDoneSeconds), path: steps(up.path, createOf) },
        // Deleting (or archiving) the GitHub objects is paced the same way.
        destroy: {
            seconds: Math.max(
                destroy.total,
                github.length > 0 ? pacedWritesDone(startsIn(destroy), writeDelayMs / 1000) : 0,
            ),
            path: steps(destroy.path, deleteOf),
        },
        githubWritesAt,
        githubDoneSeconds,
        githubWriteDelayMs: writeDelayMs,
        armWrites: custom.filter((n) => n.type.startsWith("azure-native:")).length,
        unknownTypes: [...unknown].sort(),
    };
}

/** `666` -> `11m 06s`. */
export function formatSeconds(seconds: number): string {
    const s = Math.round(seconds);
    if (s < 60) return `${s}s`;
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, "0");
    return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m ${rest}s`;
}

/** A path as the plan prints it: `ResourceGroup team01-rg 3s -> ...`. */
export function formatPath(run: TimedRun): string {
    return run.path
        .filter((step) => step.seconds > 0)
        .map(
            (step) =>
                `${step.type.split(":").pop() ?? step.type} ${step.name} ${formatSeconds(step.seconds)}`,
        )
        .join(" -> ");
}
