/**
 * The longest path through a dependency graph whose nodes take time: how long a Pulumi `up` of the
 * graph takes when the engine starts every resource as soon as what it waits for is done (its
 * default; no limit on parallel steps is modelled), and, on the reversed graph, how long a
 * `destroy` takes (a resource is deleted once everything that waits for it is gone).
 */

export interface TimedNode {
    readonly id: string;
    readonly seconds: number;
    /** Ids this node waits for. Ids not in the graph are ignored (providers, components). */
    readonly after: readonly string[];
}

export interface Schedule {
    /** Seconds from the start until the last node finishes. */
    readonly total: number;
    /** The nodes of the longest path, first to last. */
    readonly path: readonly string[];
    /** When each node starts, in seconds from the start. */
    readonly start: ReadonlyMap<string, number>;
}

/** Earliest start of every node and the longest path. Throws on a cycle (Pulumi would too). */
export function criticalPath(nodes: readonly TimedNode[]): Schedule {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const finish = new Map<string, number>();
    const start = new Map<string, number>();
    const via = new Map<string, string | undefined>();
    const visiting = new Set<string>();

    const finishOf = (id: string): number => {
        const known = finish.get(id);
        if (known !== undefined) return known;
        if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
        visiting.add(id);
        const node = byId.get(id) as TimedNode;
        let begin = 0;
        let previous: string | undefined;
        for (const dep of node.after) {
            if (!byId.has(dep) || dep === id) continue;
            const f = finishOf(dep);
            // Ties go to the first listed dependency, so the named path is stable.
            if (f > begin) [begin, previous] = [f, dep];
        }
        visiting.delete(id);
        start.set(id, begin);
        via.set(id, previous);
        finish.set(id, begin + node.seconds);
        return begin + node.seconds;
    };

    let total = 0;
    let last: string | undefined;
    for (const node of nodes) {
        const f = finishOf(node.id);
        // The first node to finish last ends the path.
        if (last === undefined || f > total) [total, last] = [f, node.id];
    }
    const path: string[] = [];
    for (let id = last; id !== undefined; id = via.get(id)) path.unshift(id);
    return { total, path, start };
}

/** The same graph with every edge reversed: what a destroy waits for. */
export function reversed(
    nodes: readonly TimedNode[],
    seconds: (id: string) => number,
): TimedNode[] {
    const dependents = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
    for (const node of nodes) for (const dep of node.after) dependents.get(dep)?.push(node.id);
    return nodes.map((n) => ({
        id: n.id,
        seconds: seconds(n.id),
        after: dependents.get(n.id) ?? [],
    }));
}
