/** The plan output shown in README.md and docs/plan.md is what the command really prints. */
import { readFileSync } from "fs";
import * as path from "path";
import { main } from "../../offline/plan/cli";

const ROOT = path.join(__dirname, "..", "..");

async function planText(...argv: string[]): Promise<string> {
    let stdout = "";
    await main([...argv, "--workers", "0"], {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        clock: () => {
            throw new Error("the docs' commands pass --now; the clock must not be read");
        },
        cwd: ROOT,
    });
    return stdout;
}

/** The first ```text block after `marker` in `file`, without the lines that elide ("..."). */
function shownLines(file: string, marker: string): string[] {
    const doc = readFileSync(path.join(ROOT, file), "utf8");
    const from = doc.indexOf("```text\n", doc.indexOf(marker));
    const block = doc.slice(from + "```text\n".length, doc.indexOf("\n```", from + 8));
    return block.split("\n").filter((l) => l.trim() !== "..." && l.trim() !== "");
}

test("README's quick start shows real output of the example roster's plan", async () => {
    const shown = shownLines(
        "README.md",
        "Real output of\n`npm run -s plan -- stacks/example.yaml --brief --now 2026-11-27`",
    );
    expect(shown.length).toBeGreaterThan(20);
    const printed = new Set(
        (await planText("stacks/example.yaml", "--brief", "--now", "2026-11-27")).split("\n"),
    );
    expect(shown.filter((line) => !printed.has(line))).toEqual([]);
});

test("docs/plan.md shows real output of the dev stack's plan", async () => {
    const shown = shownLines(
        "docs/plan.md",
        "Real output of `npm run -s plan -- --now 2026-11-27`",
    );
    expect(shown.length).toBeGreaterThan(50);
    const printed = (await planText("--now", "2026-11-27"))
        .split("\n")
        .filter((l) => l.trim() !== "");
    expect(shown).toEqual(printed.slice(0, shown.length));
});

/** `value` with every list of two or more cut to its first element and a "... N more" marker. */
function cutLists(value: unknown): unknown {
    if (Array.isArray(value))
        return value.length <= 1
            ? value.map(cutLists)
            : [cutLists(value[0]), `... ${value.length - 1} more`];
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cutLists(v)]));
    return value;
}

test("docs/plan.md's JSON sample is the real --json output, lists cut", async () => {
    const doc = readFileSync(path.join(ROOT, "docs/plan.md"), "utf8");
    const from = doc.indexOf("```json\n", doc.indexOf("every list cut\nto its first element:"));
    const shown: unknown = JSON.parse(doc.slice(from + 8, doc.indexOf("\n```", from + 8)));
    const printed: unknown = JSON.parse(
        await planText(
            "tests/fixtures/plan/roster.yaml",
            "--json",
            "--now",
            "2026-11-27",
            "--days",
            "3",
        ),
    );
    expect(shown).toEqual(cutLists(printed));
});
