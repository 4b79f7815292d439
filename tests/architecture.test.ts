/**
 * The dependency rules of docs/architecture.md, checked on the real import graph (madge, type
 * imports included): no import cycle anywhere, and each folder imports only the folders it may.
 */
import madge from "madge";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

/** Which top-level folders (or root files) a folder's modules may import, besides its own. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
    // The configuration, names and the team program (teamStack.ts composes components/).
    stacks: ["components"],
    // Pulumi components of the team program; typed resource properties shared with the policy pack.
    components: ["stacks", "policy"],
    // The command lines and the fleet driver; preflight plans the roster with offline/plan, and
    // every Pulumi run is given the policy pack.
    event: ["stacks", "components", "offline", "policy"],
    // The offline plan and event simulation, which reuse the driver's pieces and the program.
    offline: ["stacks", "components", "event", "policy", "index.ts"],
    // The policy pack is its own package: it imports nothing of the program.
    policy: [],
};

let graph: Record<string, string[]>;
let cycles: string[][];
beforeAll(async () => {
    const result = await madge(ROOT, {
        fileExtensions: ["ts"],
        tsConfig: path.join(ROOT, "tsconfig.json"),
        excludeRegExp: [/node_modules/, /^tests\//, /\.d\.ts$/],
    });
    graph = result.obj();
    cycles = result.circular();
}, 120_000);

const folderOf = (file: string): string => file.split("/")[0];

test("the graph covers the program (it would prove nothing otherwise)", () => {
    for (const file of [
        "event/cli.ts",
        "event/driver.ts",
        "stacks/schema.ts",
        "offline/plan/cli.ts",
    ])
        expect(Object.keys(graph)).toContain(file);
    expect(graph["event/cli.ts"]).toContain("event/commands/index.ts");
});

test("no import cycle anywhere", () => {
    expect(cycles).toEqual([]);
});

test("each folder imports only what docs/architecture.md allows", () => {
    const broken = Object.entries(graph).flatMap(([file, imports]) => {
        const allowed = MAY_IMPORT[folderOf(file)];
        if (allowed === undefined) return [];
        return imports
            .filter((target) => folderOf(target) !== folderOf(file))
            .filter((target) => !allowed.includes(folderOf(target)))
            .map((target) => `${file} -> ${target}`);
    });
    expect(broken).toEqual([]);
});

/** Every module `file` imports, directly or through others. */
function reachableFrom(file: string): Set<string> {
    const seen = new Set<string>();
    const next = [...(graph[file] ?? [])];
    while (next.length > 0) {
        const f = next.pop() as string;
        if (seen.has(f)) continue;
        seen.add(f);
        next.push(...(graph[f] ?? []));
    }
    return seen;
}

// The modules of the commands that run no Pulumi operation on stacks (docs/architecture.md).
const READ_ONLY_COMMANDS = [
    "event/status/command.ts",
    "event/outputs/command.ts",
    "event/teardown/verifyCommand.ts",
];

test("the driver runs fleets of stacks only: the read-only commands live beside it", () => {
    for (const file of [...READ_ONLY_COMMANDS, "event/runEvent.ts"])
        expect(Object.keys(graph)).toContain(file);
    const driver = reachableFrom("event/driver.ts");
    expect(READ_ONLY_COMMANDS.filter((file) => driver.has(file))).toEqual([]);
    expect(READ_ONLY_COMMANDS.filter((file) => reachableFrom(file).has("event/driver.ts"))).toEqual(
        [],
    );
});

test("the command-line framework knows no command", () => {
    expect(graph["event/commandLine.ts"]).toEqual([]);
});
