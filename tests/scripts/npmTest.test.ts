/**
 * scripts/test.ts (`npm test`): the static checks and jest at the same time, a failing check stops
 * jest and fails the run, arguments go to jest. Run as a child process with stand-ins for tsx (which
 * runs scripts/typecheckAndLint.ts, tsc and eslint in one), prettier and jest first on PATH: each
 * records its arguments and exits as the test says.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import { getPriority } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "test.ts");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

let bin: string;
beforeEach(() => {
    bin = mkdtempSync(path.join(os.tmpdir(), "npm-test-"));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

/**
 * A stand-in command: appends `<name> <args>` to calls.txt, prints a line, waits `ms` (jest's
 * stand-in notes when it was stopped by a signal), then exits with `code`.
 */
function standIn(name: string, code: number, ms = 0): void {
    const file = path.join(bin, name);
    writeFileSync(
        file,
        `#!/usr/bin/env node
const fs = require("node:fs");
fs.appendFileSync(${JSON.stringify(path.join(bin, "calls.txt"))}, ${JSON.stringify(name)} + " " + process.argv.slice(2).join(" ") + "\\n");
fs.appendFileSync(${JSON.stringify(path.join(bin, "calls.txt"))}, ${JSON.stringify(name)} + " niceness " + require("node:os").getPriority() + "\\n");
process.on("SIGTERM", () => { fs.appendFileSync(${JSON.stringify(path.join(bin, "calls.txt"))}, ${JSON.stringify(name)} + " stopped\\n"); process.exit(143); });
console.log(${JSON.stringify(`${name} says hello`)});
setTimeout(() => process.exit(${code}), ${ms});
`,
    );
    chmodSync(file, 0o755);
}

function npmTest(...args: string[]) {
    const r = spawnSync(TSX, [SCRIPT, ...args], {
        cwd: ROOT,
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
        encoding: "utf8",
        timeout: 60_000,
    });
    const calls = readFileSync(path.join(bin, "calls.txt"), "utf8").trim().split("\n").sort();
    return { code: r.status, stdout: r.stdout, calls };
}

test("every check and jest run, arguments go to jest, and the run passes when all pass", () => {
    for (const name of ["tsx", "prettier"]) standIn(name, 0);
    standIn("jest", 0, 300);
    const r = npmTest("tests/plan", "--verbose");
    expect(r.code).toBe(0);
    // The checks run below jest's priority (niceness 10), jest at the priority it was started with.
    const own = getPriority();
    expect(r.calls).toEqual(
        [
            `jest niceness ${own}`,
            "jest tests/plan --verbose",
            `prettier niceness ${Math.max(own, 10)}`,
            "prettier --check .",
            `tsx niceness ${Math.max(own, 10)}`,
            "tsx scripts/typecheckAndLint.ts",
        ].sort(),
    );
    // Each check's output under its name.
    expect(r.stdout).toMatch(/--- tsc --noEmit \+ eslint \.: passed in [\d.]+ s\ntsx says hello/);
    expect(r.stdout).toMatch(/--- prettier --check \.: passed in [\d.]+ s\nprettier says hello/);
});

test("a failing check stops jest and fails the run with the check's exit code", () => {
    standIn("tsx", 2);
    standIn("prettier", 0);
    standIn("jest", 0, 20_000);
    const r = npmTest();
    expect(r.code).toBe(2);
    expect(r.calls).toContain("jest stopped");
    expect(r.stdout).toContain("--- tsc --noEmit + eslint .: FAILED (exit 2)");
    expect(r.stdout).toContain("npm test: tsc --noEmit + eslint . failed (above).");
});

test("jest failing alone fails the run with jest's exit code", () => {
    for (const name of ["tsx", "prettier"]) standIn(name, 0);
    standIn("jest", 1);
    const r = npmTest();
    expect(r.code).toBe(1);
    expect(r.calls).not.toContain("jest stopped");
});
