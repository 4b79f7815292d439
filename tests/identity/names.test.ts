/**
 * Class, file and type token of every component agree, so a reader finds `openhack:ml:Compute` in
 * `components/compute.ts` as `class Compute`. Tokens are part of live URNs and never change without
 * an alias (docs/changing-live-stacks.md); classes and files are free to rename.
 */
import * as fs from "fs";
import * as path from "path";

const REPO = path.join(__dirname, "..", "..");
const FILES = [
    ...fs
        .readdirSync(path.join(REPO, "components"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => `components/${f}`),
    "stacks/teamStack.ts",
];
/**
 * The one exception: the stack component reads "stack Team" in its token (`openhack:stack:Team`), and
 * its file is where every change to the program lands; renaming both would touch every open branch.
 */
const EXCEPTIONS: Record<string, string> = { "stacks/teamStack.ts": "TeamStack" };

interface Component {
    readonly file: string;
    readonly className: string;
    readonly token: string;
}

function componentsOf(file: string): Component[] {
    const text = fs.readFileSync(path.join(REPO, file), "utf8");
    const out: Component[] = [];
    const classes =
        /export class (\w+) extends pulumi\.ComponentResource \{[\s\S]*?super\("([^"]+)"/g;
    for (const m of text.matchAll(classes)) out.push({ file, className: m[1], token: m[2] });
    return out;
}

const components = FILES.flatMap(componentsOf);

test("every component file is read (a regex that matched nothing would prove nothing)", () => {
    const declaring = FILES.filter((f) =>
        fs.readFileSync(path.join(REPO, f), "utf8").includes("extends pulumi.ComponentResource"),
    );
    expect(declaring.length).toBeGreaterThanOrEqual(10);
    expect([...new Set(components.map((c) => c.file))].sort()).toEqual(declaring.sort());
});

test.each(components.map((c) => [c.className, c] as const))(
    "%s: class, file and type token agree",
    (_, c) => {
        const tokenName = c.token.split(":")[2];
        const expectedClass = EXCEPTIONS[c.file] ?? tokenName;
        const problems = [
            c.token.startsWith("openhack:")
                ? ""
                : `type token ${c.token} is not openhack:<module>:<Name>`,
            c.className === expectedClass
                ? ""
                : `class ${c.className} registers ${c.token}: rename the class to ${tokenName} (never the token: it is in live URNs)`,
            EXCEPTIONS[c.file] !== undefined ||
            path.basename(c.file, ".ts") === tokenName[0].toLowerCase() + tokenName.slice(1)
                ? ""
                : `${c.file} holds ${c.className}: git mv it to ${path.dirname(c.file)}/${tokenName[0].toLowerCase()}${tokenName.slice(1)}.ts`,
        ].filter((p) => p !== "");
        expect(problems).toEqual([]);
    },
);
