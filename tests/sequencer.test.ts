/**
 * tests/sequencer.js: the longest files first, also without Jest's timing cache (a fresh clone).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS module Jest loads
const Sequencer = require("./sequencer") as {
    new (options: unknown): { sort<T>(tests: T[]): T[] };
    MEASURED_SECONDS: Record<string, number>;
};

const ROOT = path.resolve(__dirname, "..");
/** A test as Jest hands it over, in a context with the cache switched off (no timing known). */
const testOf = (file: string) => ({
    path: path.join(ROOT, file),
    context: { config: { rootDir: ROOT, cache: false } },
});

test("every file it names exists (a renamed file would silently lose its place)", () => {
    const missing = Object.keys(Sequencer.MEASURED_SECONDS).filter(
        (file) => !existsSync(path.join(ROOT, file)),
    );
    expect(missing).toEqual([]);
});

test("without a timing cache, the measured files come first, longest first, then the others by path", () => {
    const files = [
        "tests/names.test.ts",
        "tests/team/inventory.test.ts",
        "tests/config.test.ts",
        "tests/cli/documented.test.ts",
        "tests/requests/cliTeardown.test.ts",
    ];
    const sorted = new Sequencer({})
        .sort(files.map(testOf))
        .map((t) => path.relative(ROOT, t.path));
    expect(sorted).toEqual([
        "tests/cli/documented.test.ts",
        "tests/requests/cliTeardown.test.ts",
        "tests/team/inventory.test.ts",
        "tests/config.test.ts",
        "tests/names.test.ts",
    ]);
});
