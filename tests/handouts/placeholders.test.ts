/**
 * The placeholders the handout and docs/hack-contract.md name are the materials' own, each in the
 * file that uses it: checked against the recorded list of the notebooks' placeholders
 * (tests/fixtures/materials/placeholders.json, which names its repository, path and commit).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { LANGS } from "../../event/handouts/model";
import { PLACEHOLDERS, teamMarkdown } from "../../event/handouts/page";
import { MATERIALS_ACTIONS } from "../../stacks/materialsGitHub";
import { exampleHandout, GENERATED, ROOT } from "./helpers";

interface Recorded {
    readonly source: { readonly repository: string; readonly commit: string };
    readonly placeholders: readonly { readonly placeholder: string; readonly file: string }[];
    readonly actions: readonly { readonly uses: string; readonly file: string }[];
}

const recorded = JSON.parse(
    readFileSync(path.join(ROOT, "tests/fixtures/materials/placeholders.json"), "utf8"),
) as Recorded;
const fileOf = new Map(recorded.placeholders.map((p) => [p.placeholder, p.file]));
/** Upper-case names in braces, as the notebooks write their placeholders. */
const PLACEHOLDER = /\{[A-Z][A-Z0-9_-]*\}/g;

test("the recorded list names its source and holds the notebooks' placeholders", () => {
    expect(recorded.source.repository).toBe("nohanaga/openhack-for-mlops-v2-students");
    expect(recorded.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fileOf.get("{AZURE_SUBSCRIPTION_ID}")).toBe("Notebooks/exercise00_1_login_azure.ipynb");
    expect(fileOf.has("{SUBSCRIPTION-ID}")).toBe(false);
});

test("every placeholder the handout maps is one the materials use", () => {
    expect(PLACEHOLDERS.filter((p) => !fileOf.has(p))).toEqual([]);
});

test.each(LANGS)("the %s handout names no placeholder the materials do not use", (lang) => {
    const page = teamMarkdown(exampleHandout("aurora"), lang, GENERATED);
    const named = [...new Set(page.match(PLACEHOLDER) ?? [])];
    expect(named.length).toBeGreaterThanOrEqual(PLACEHOLDERS.length);
    expect(named.filter((p) => !fileOf.has(p))).toEqual([]);
});

test("docs/hack-contract.md names only the materials' placeholders, each on a line with the file that uses it", () => {
    const doc = readFileSync(path.join(ROOT, "docs/hack-contract.md"), "utf8");
    const lines = doc.split("\n").filter((l) => new RegExp(PLACEHOLDER.source).test(l));
    expect(lines.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const line of lines)
        for (const p of line.match(PLACEHOLDER) ?? []) {
            const file = fileOf.get(p);
            if (file === undefined) wrong.push(`${p}: not in the materials`);
            else if (!line.includes(path.basename(file)))
                wrong.push(`${p}: line does not name ${file}`);
        }
    expect(wrong).toEqual([]);
    // Every recorded placeholder is in the contract.
    expect(recorded.placeholders.filter((p) => !doc.includes(p.placeholder))).toEqual([]);
});

test("the actions preflight checks are the recorded ones of the materials' workflows", () => {
    expect(MATERIALS_ACTIONS).toEqual(recorded.actions);
});
