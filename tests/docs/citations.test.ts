/**
 * Every document a file cites is in the repository, and every cited section exists: the facts the
 * code relies on live in docs/ (azure-facts.md, hack-contract.md), not in a folder of one machine.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const REPO = path.join(__dirname, "..", "..");
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
})
    .split("\n")
    .filter((f) => f !== "" && fs.existsSync(path.join(REPO, f)));
const sources = tracked.filter(
    (f) => /\.(ts|js|mjs|md|ya?ml)$/.test(f) && !f.startsWith("tests/fixtures/"),
);
const markdown = new Set(tracked.filter((f) => f.endsWith(".md")));
const basenames = new Set([...markdown].map((f) => path.basename(f)));

/** `docs/azure-facts.md, "Naming rules"` or a bare `hack-contract.md`. */
const CITATION =
    /(?<![\w./:-])((?:\.{1,2}\/|[\w-]+\/)*[\w.-]+\.md)(?:#[\w-]+)?(?:\)?,? "([^"]+)")?/g;

interface Citation {
    readonly from: string;
    readonly doc: string;
    readonly section?: string;
}

/**
 * Files the handouts command writes (`<team>.ja.md`, `<team>.en.md`, `index.md`, or a language suffix
 * on its own): names of generated output, not citations of a document.
 */
const GENERATED_HANDOUT = /^(?:[\w-]*\.(?:ja|en)\.md|index\.md)$/;

const citations: Citation[] = sources.flatMap((from) =>
    [...fs.readFileSync(path.join(REPO, from), "utf8").matchAll(CITATION)]
        .filter((m) => !GENERATED_HANDOUT.test(m[1]))
        .map((m) => ({
            from,
            doc: m[1],
            // A section name may wrap onto the next line of a comment.
            section: m[2]?.replace(/\s*\n\s*(?:\*\s*|\/\/\s*)?/g, " "),
        })),
);

/**
 * The student materials' Markdown files (nohanaga/openhack-for-mlops-v2-students), which
 * docs/hack-contract.md cites by name: citations of the materials, not of this repository.
 */
const MATERIALS_MARKDOWN = new Set(
    (
        JSON.parse(
            fs.readFileSync(path.join(REPO, "tests/fixtures/materials/placeholders.json"), "utf8"),
        ) as { markdown: string[] }
    ).markdown.flatMap((f) => [f, path.basename(f)]),
);

function resolve(c: Citation): string | undefined {
    for (const candidate of [c.doc, path.join(path.dirname(c.from), c.doc)]) {
        const normal = path.normalize(candidate);
        if (markdown.has(normal)) return normal;
    }
    return undefined;
}

test("the scan finds the citations of the facts documents (it would prove nothing otherwise)", () => {
    const docs = citations.map((c) => resolve(c));
    expect(docs.filter((d) => d === "docs/azure-facts.md").length).toBeGreaterThanOrEqual(10);
    expect(docs.filter((d) => d === "docs/hack-contract.md").length).toBeGreaterThanOrEqual(4);
});

test("every cited document is a file of the repository", () => {
    const missing = citations
        .filter(
            (c) =>
                resolve(c) === undefined && !basenames.has(c.doc) && !MATERIALS_MARKDOWN.has(c.doc),
        )
        .map((c) => `${c.from}: cites ${c.doc}, which is not in the repository`);
    expect(missing).toEqual([]);
});

test('every cited section ("Naming rules") is a heading of the cited document', () => {
    const missing = citations
        .filter((c) => c.section !== undefined && resolve(c) !== undefined)
        .filter((c) => {
            const text = fs.readFileSync(path.join(REPO, resolve(c) ?? ""), "utf8");
            return !new RegExp(
                `^#+ ${c.section?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`,
                "m",
            ).test(text);
        })
        .map(
            (c) => `${c.from}: cites section "${c.section}" of ${c.doc}, which has no such heading`,
        );
    expect(missing).toEqual([]);
});
