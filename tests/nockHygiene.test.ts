/**
 * nock patches `http` and `fetch`, which every test file of a Jest worker shares: a file that loads
 * nock without `useNock()` leaves them patched for the next file (its mocks then never match, or
 * a real request slips through). This keeps every nock user on the shared helper.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

function testFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(full);
        return entry.name.endsWith(".test.ts") ? [full] : [];
    });
}

test("every test file that imports nock calls useNock()", () => {
    const files = testFiles(__dirname).filter((f) =>
        /from "nock"|from "\.\/devStack"/.test(readFileSync(f, "utf8")),
    );
    expect(files.length).toBeGreaterThan(3);
    const without = files.filter((f) => !/\buseNock\(/.test(readFileSync(f, "utf8")));
    expect(without.map((f) => path.relative(__dirname, f))).toEqual([]);
});
