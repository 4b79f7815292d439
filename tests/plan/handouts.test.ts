/** `npm run plan -- ... --handouts <dir>`: sample handouts from the simulated outputs, marked as samples on every page. */
import { mkdtempSync, readdirSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../offline/plan/cli";

const ROOT = path.join(__dirname, "..", "..");

test("the plan writes sample handouts for every team, each page marked as a sample", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "plan-handouts-")), "samples");
    let stdout = "";
    let stderr = "";
    const code = await main(
        [
            "stacks/example.yaml",
            "--json",
            "--now",
            "2026-12-01",
            "--workers",
            "0",
            "--handouts",
            dir,
        ],
        {
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
            clock: () => {
                throw new Error("the test passes --now");
            },
            cwd: ROOT,
        },
    );
    expect(code).toBe(0);
    // stdout stays the plan's JSON; the note about the samples goes to stderr.
    expect((JSON.parse(stdout) as { offline: boolean }).offline).toBe(true);
    expect(stderr).toBe(
        `SAMPLE handouts (simulated values): 14 files for 3 teams in ${dir}, index ${path.join(dir, "index.html")}\n`,
    );
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(14);
    for (const file of files) {
        const content = readFileSync(path.join(dir, file), "utf8");
        const marker = file.includes(".ja.") ? "サンプル" : "SAMPLE";
        // The banner at the top and the footer at the bottom.
        expect(content.slice(0, 1200)).toContain(marker);
        expect(content.slice(-400)).toContain(marker);
        if (file.endsWith(".html"))
            expect(content).toMatch(new RegExp(`<title>\\[(SAMPLE|サンプル)`));
    }
    const page = readFileSync(path.join(dir, "cirrus.en.md"), "utf8");
    expect(page).toContain("| `{AML-RESOURCE-GROUP-NAME}` | `rg-oh4mlex-cirrus` |");
    expect(page).toContain("| `lena-fischer` | `ci-lena-fischer-");
    expect(page).toContain(
        "SAMPLE generated on 2026-12-01 by the offline plan for stack `oh4mlex-cirrus`",
    );
});
