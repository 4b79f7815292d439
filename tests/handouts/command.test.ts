/** `npm run event -- handouts`: from the stacks (fake engine) or `--from`, `--lang`, `--team`, and its errors. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { helpText, main } from "../../event/cli";
import { FakeClock, FakeEngine, MemoryStream } from "../event/fakes";
import { GENERATED, OUTPUTS_FILE, recordedOutputs, ROSTER_FILE } from "./helpers";

interface Run {
    code: number;
    out: string;
    err: string;
    dir: string;
    engine: FakeEngine;
}

async function handouts(args: string[], stacks: readonly string[] = []): Promise<Run> {
    const engine = new FakeEngine(new FakeClock());
    for (const team of stacks)
        engine.addStack(`oh4mlex-${team}`, { outputs: recordedOutputs().get(team) ?? {} });
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "handouts-cmd-")), "out");
    const out = new MemoryStream();
    const err = new MemoryStream();
    const code = await main(["handouts", ROSTER_FILE, "--out", dir, ...args], {
        createEngine: async () => engine,
        clock: { now: () => Date.parse(`${GENERATED}T09:00:00Z`), sleep: async () => undefined },
        out,
        err,
    });
    return { code, out: out.text, err: err.text, dir, engine };
}

const listing = (dir: string): string[] => readdirSync(dir).sort();

test("--from reads a saved outputs file and never asks Pulumi", async () => {
    const run = await handouts(["--from", OUTPUTS_FILE]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.engine.calls).toEqual([]);
    expect(listing(run.dir)).toHaveLength(14);
    expect(run.out).toBe(
        `wrote 14 files for 3 of 3 teams to ${run.dir}\ncoaches' index: ${path.join(run.dir, "index.html")}\n`,
    );
});

test("--from and the stacks give the same pages", async () => {
    const fromFile = await handouts(["--from", OUTPUTS_FILE]);
    const fromStacks = await handouts([], ["aurora", "borealis", "cirrus"]);
    expect(fromStacks.code).toBe(0);
    for (const f of listing(fromFile.dir))
        expect(readFileSync(path.join(fromStacks.dir, f), "utf8")).toBe(
            readFileSync(path.join(fromFile.dir, f), "utf8"),
        );
});

test.each([
    ["ja", ["aurora.ja.html", "aurora.ja.md"]],
    ["en", ["aurora.en.html", "aurora.en.md"]],
    ["both", ["aurora.en.html", "aurora.en.md", "aurora.ja.html", "aurora.ja.md"]],
])("--lang %s writes those pages only (and the index)", async (lang, pages) => {
    const run = await handouts(["--from", OUTPUTS_FILE, "--lang", lang, "--team", "aurora"]);
    expect(run.code).toBe(0);
    expect(listing(run.dir)).toEqual([...pages, "index.html", "index.md"].sort());
});

test("a team without a stack gets no page, is named in the index and on stderr, exit 1", async () => {
    const run = await handouts([], ["aurora", "cirrus"]);
    expect(run.code).toBe(1);
    expect(run.err).toBe("borealis: no handout: no stack oh4mlex-borealis (run up first)\n");
    expect(existsSync(path.join(run.dir, "borealis.en.md"))).toBe(false);
    expect(readFileSync(path.join(run.dir, "index.md"), "utf8")).toContain(
        "## No handout / 配布資料なし\n\n- `borealis`: no stack oh4mlex-borealis (run up first)",
    );
});

test.each([
    [
        ["--lang", "fr"],
        "error: option '--lang <lang>' argument 'fr' is invalid. It must be ja, en, both.",
    ],
    [["--team", "nobody"], "--team: not in the roster: nobody"],
    [["--from", "no/such/file.json"], "no/such/file.json: cannot read the outputs file"],
    [["--out"], "error: option '--out <dir>' argument missing"],
    [["--from", "--lang", "ja"], "error: option '--from <file>' argument '--lang' is invalid"],
    [["--bogus"], "error: unknown option '--bogus'"],
])("%j is refused before anything is read from Pulumi (exit 2)", async (args, message) => {
    const run = await handouts(args);
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
    expect(run.engine.calls).toEqual([]);
});

test("a saved file that is not the outputs shape is refused", async () => {
    const run = await handouts(["--from", ROSTER_FILE]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${ROSTER_FILE}: not JSON`);
});

test("help names every option and the default languages", async () => {
    const help = await helpText(["handouts"]);
    expect(help).toContain("Usage: npm run event -- handouts [options] <roster>");
    for (const option of ["--out <dir>", "--lang <lang>", "--from <file>", "--team <name>"])
        expect(help).toContain(option);
    expect(help).toMatch(/--lang <lang> +languages of the team pages \(default: "both"\)/);
});
