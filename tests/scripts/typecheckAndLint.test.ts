/**
 * scripts/typecheckAndLint.ts: tsc's diagnostics and ESLint's typed rules from one program. Run on
 * a two-file project (tests/fixtures/typecheckAndLint/) with one type error and one floating
 * promise: both must be reported, and the run must fail.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

test("a type error and a typed-lint error are both reported, and the run fails", () => {
    const r = spawnSync(
        path.join(ROOT, "node_modules", ".bin", "tsx"),
        [
            path.join(ROOT, "scripts", "typecheckAndLint.ts"),
            path.join(ROOT, "tests", "fixtures", "typecheckAndLint"),
        ],
        { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(
        /typeError\.ts\(1,14\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
    expect(r.stdout).toContain("tsc --noEmit: 1 error(s) in 2 files");
    expect(r.stdout).toMatch(/floating\.ts\n\s+3:5\s+error\s+Promises must be awaited/);
    expect(r.stdout).toContain("@typescript-eslint/no-floating-promises");
    expect(r.status).toBe(1);
});
