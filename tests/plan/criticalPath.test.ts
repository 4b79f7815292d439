import { criticalPath, reversed, type TimedNode } from "../../offline/plan/criticalPath";
import { formatSeconds } from "../../offline/plan/timing";

const node = (id: string, seconds: number, ...after: string[]): TimedNode => ({
    id,
    seconds,
    after,
});

describe("critical path on hand-made graphs", () => {
    test("a chain: the sum, every node on the path", () => {
        const s = criticalPath([node("a", 3), node("b", 5, "a"), node("c", 2, "b")]);
        expect(s.total).toBe(10);
        expect(s.path).toEqual(["a", "b", "c"]);
        expect(Object.fromEntries(s.start)).toEqual({ a: 0, b: 3, c: 8 });
    });

    test("a diamond: the longer branch sets the time", () => {
        // a(1) -> b(10) -> d(2); a(1) -> c(4) -> d(2): 1 + 10 + 2 = 13 via b
        const s = criticalPath([
            node("a", 1),
            node("b", 10, "a"),
            node("c", 4, "a"),
            node("d", 2, "b", "c"),
        ]);
        expect(s.total).toBe(13);
        expect(s.path).toEqual(["a", "b", "d"]);
        expect(s.start.get("d")).toBe(11);
    });

    test("independent nodes run side by side: the longest one alone", () => {
        const s = criticalPath([node("x", 7), node("y", 9), node("z", 2)]);
        expect(s.total).toBe(9);
        expect(s.path).toEqual(["y"]);
    });

    test("a secret waiting on a slow workspace is on the path; without the edge it is not", () => {
        const withEdge = criticalPath([
            node("rg", 3),
            node("ws", 338, "rg"),
            node("repo", 3),
            node("secret", 1, "repo", "ws"),
        ]);
        expect(withEdge.start.get("secret")).toBe(341);
        expect(withEdge.path).toEqual(["rg", "ws", "secret"]);
        const without = criticalPath([
            node("rg", 3),
            node("ws", 338, "rg"),
            node("repo", 3),
            node("secret", 1, "repo"),
        ]);
        expect(without.start.get("secret")).toBe(3);
        expect(without.total).toBe(341);
        expect(without.path).toEqual(["rg", "ws"]);
    });

    test("dependencies outside the graph (providers, components) are ignored", () => {
        expect(criticalPath([node("a", 4, "provider"), node("b", 1, "a")]).total).toBe(5);
    });

    test("a cycle is an error", () => {
        expect(() => criticalPath([node("a", 1, "b"), node("b", 1, "a")])).toThrow(
            "dependency cycle",
        );
    });

    test("destroy runs the graph backwards with delete times: dependents go first", () => {
        // up: rg -> ws -> ci ; delete times rg 60, ws 120, ci 180: ci, then ws, then rg = 360
        const nodes = [node("rg", 3), node("ws", 338, "rg"), node("ci", 300, "ws")];
        const del: Record<string, number> = { rg: 60, ws: 120, ci: 180 };
        const s = criticalPath(reversed(nodes, (id) => del[id]));
        expect(s.total).toBe(360);
        expect(s.path).toEqual(["ci", "ws", "rg"]);
    });
});

test.each([
    [0, "0s"],
    [59, "59s"],
    [666, "11m 06s"],
    [3600 + 120, "1h 02m"],
])("formatSeconds(%i) = %s", (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
});
